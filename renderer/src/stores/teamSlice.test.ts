import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../../shared/document';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { joinedApi, type JoinedTeam } from '../testing/teamServer';
import { createAppStore, type AppStore } from './index';

const body = (text: string): DocumentNode => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
});

const team = () => store.getState().team;
const compose = () => store.getState().compose;

describe('team slice on a workstation that is not joined (the real engine)', () => {
  beforeEach(() => {
    store = createAppStore({ api: engine.api });
  });

  it('shows the status and asks the team for nothing else', async () => {
    await store.getState().loadTeam();
    expect(team().status).toMatchObject({ connected: false, url: null, user: null, pending: 0, conflicts: 0 });
    expect(team().loadState).toBe('ready');

    const release = await engine.seed({ headline: 'Hochwasserschutz am Rhein' });
    store.getState().navigate({ screen: 'compose', releaseId: release.id });
    await waitFor(() => compose().loadStatus === 'ready');
    await store.getState().teamReleaseOpened(release.id);
    await store.getState().loadTeamEditors();
    expect(engine.callsOf('team.setEditing')).toEqual([]);
    expect(engine.callsOf('team.editors')).toEqual([]);
    expect(engine.callsOf('team.conflict')).toEqual([]);
  });

  it('refuses an address that is no postgresql:// address, and keeps no password', async () => {
    await store.getState().loadTeam();
    const ok = await store
      .getState()
      .connectTeam({ url: 'http://server/presse', user: 'anna', password: 'geheim-123' });
    expect(ok).toBe(false);
    expect(team().error).toBe('TEAM_URL_INVALID');
    expect(team().busy).toBeNull();
    expect(team().status?.connected).toBe(false);
    expect(JSON.stringify(store.getState())).not.toContain('geheim-123');
    expect((await engine.elsewhere.call('team.status', {})).connected).toBe(false);
  });

  it('says the server does not answer when nothing listens at the address', async () => {
    const ok = await store
      .getState()
      .connectTeam({ url: 'postgresql://127.0.0.1:1/presse', user: 'anna', password: 'x' });
    expect(ok).toBe(false);
    expect(team().error).toBe('TEAM_UNREACHABLE');
    expect((await engine.elsewhere.call('team.status', {})).connected).toBe(false);
    // The address is sent as typed (trimmed); the user name goes along.
    expect(engine.callsOf('team.connect').map((c) => c.input)).toEqual([
      { url: 'postgresql://127.0.0.1:1/presse', user: 'anna', password: 'x' },
    ]);
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('team slice while joined', () => {
  let joined: JoinedTeam;
  beforeEach(async () => {
    joined = joinedApi(engine);
    store = createAppStore({ api: joined.api });
    await store.getState().loadTeam();
  });

  async function open(headline: string) {
    const release = await engine.seed({ headline, body: body('Erster Absatz.') });
    store.getState().navigate({ screen: 'compose', releaseId: release.id });
    await waitFor(() => compose().loadStatus === 'ready');
    await store.getState().teamReleaseOpened(release.id);
    return release;
  }

  it('tells the team which release is open and shows the colleagues who have it open', async () => {
    const other = await engine.seed({ headline: 'Andere Meldung' });
    const release = await engine.seed({ headline: 'Neue Kita in Ehrenfeld' });
    joined.server.editors = [
      { releaseId: release.id, user: 'anna', name: 'Anna Weber', since: '2025-03-01T09:00:00.000Z' },
      { releaseId: other.id, user: 'carl', name: 'Carl Kühn', since: '2025-03-01T09:00:00.000Z' },
    ];
    store.getState().navigate({ screen: 'compose', releaseId: release.id });
    await waitFor(() => compose().loadStatus === 'ready');
    await store.getState().teamReleaseOpened(release.id);

    expect(joined.callsOf('team.setEditing').map((c) => c.input)).toEqual([{ id: release.id }]);
    expect(team().openEditors.map((e) => e.name)).toEqual(['Anna Weber']);
    // Whether the server answers and who is there comes from team.online; the editors of the open release after.
    expect(joined.callsOf('team.online')).toHaveLength(1);
    expect(joined.callsOf('team.editors').map((c) => c.input)).toEqual([{ ids: [release.id] }]);
    expect(team().online).toBe(true);
    expect(team().conflict).toBeNull();

    // The archive asks once for all releases.
    store.getState().navigate({ screen: 'archive' });
    await store.getState().teamReleaseOpened(null);
    await store.getState().loadTeamEditors();
    expect(joined.callsOf('team.setEditing').map((c) => c.input)).toEqual([{ id: release.id }, { id: null }]);
    expect(joined.callsOf('team.editors').at(-1)?.input).toEqual({});
    expect(team().editors.map((e) => e.name)).toEqual(['Anna Weber', 'Carl Kühn']);
  });

  it('takes a colleague’s newer version into an editor without unsaved text', async () => {
    const release = await open('Sperrung der Zoobrücke');
    await engine.editElsewhere(release.id, { headline: 'Sperrung der Zoobrücke verlängert' });
    const session = compose().session;
    joined.push(1);
    await waitFor(() => compose().draft.headline === 'Sperrung der Zoobrücke verlängert');
    expect(compose().session).toBeGreaterThan(session);
    expect(compose().dirty).toBe(false);
    expect(compose().baseVersion).toBe((await engine.stored(release.id)).version);
    expect(team().serverNewer).toBeNull();
  });

  it('leaves text typed here alone and offers the newer version instead', async () => {
    const release = await open('Baustelle Domplatte');
    store.getState().setField('headline', 'Baustelle Domplatte: neue Termine');
    await engine.editElsewhere(release.id, { headline: 'Baustelle Domplatte beendet' });
    joined.push(1);
    await waitFor(() => team().serverNewer === release.id);
    expect(compose().draft.headline).toBe('Baustelle Domplatte: neue Termine');

    // Reloading saves against the newer version: the comparison shows both, nothing is lost.
    await store.getState().reloadFromTeam();
    await waitFor(() => compose().conflict !== null);
    expect(compose().conflict?.theirs.headline).toBe('Baustelle Domplatte beendet');
    expect(compose().draft.headline).toBe('Baustelle Domplatte: neue Termine');
    expect(team().serverNewer).toBeNull();
  });

  it('refreshes the archive after colleagues’ changes were pulled', async () => {
    await store.getState().loadArchive();
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual([]);
    await engine.seed({ headline: 'Vom Kollegen: Stadtfest' });
    joined.push(1);
    await waitFor(() => store.getState().archive.items.some((r) => r.headline === 'Vom Kollegen: Stadtfest'));
  });

  it('shows a team conflict on opening and takes the server’s version on request', async () => {
    const release = await engine.seed({ headline: 'Haushalt 2026', body: body('Entwurf hier.') });
    const local = await engine.stored(release.id);
    joined.server.conflicts.set(release.id, {
      id: release.id,
      local,
      server: {
        version: 4,
        updatedBy: 'anna',
        record: { format: 'pressdesk.release/1', headline: 'Haushalt 2026 beschlossen', body: body('Vom Server.') },
      },
    });
    joined.server.status = { ...joined.server.status, conflicts: 1 };
    store.getState().navigate({ screen: 'compose', releaseId: release.id });
    await waitFor(() => compose().loadStatus === 'ready');
    await store.getState().teamReleaseOpened(release.id);
    expect(team().conflict?.server.updatedBy).toBe('anna');

    // Text typed meanwhile is stored first (it stays a revision), then the server's version shows.
    store.getState().setField('headline', 'Haushalt 2026: Entwurf überarbeitet');
    expect(await store.getState().resolveTeamConflict('theirs')).toBe(true);
    expect(engine.callsOf('releases.save').map((c) => c.input.fields.headline)).toEqual([
      'Haushalt 2026: Entwurf überarbeitet',
    ]);
    expect(joined.callsOf('team.resolve').map((c) => c.input)).toEqual([{ id: release.id, choice: 'theirs' }]);
    expect(team().conflict).toBeNull();
    expect(team().status?.conflicts).toBe(0);
    expect(compose().draft.headline).toBe('Haushalt 2026 beschlossen');
  });

  it('finds a conflict that arrives with a live event, and keeps the own text with “mine”', async () => {
    const release = await open('Radweg Aachener Straße');
    expect(team().conflict).toBeNull();
    joined.server.conflicts.set(release.id, {
      id: release.id,
      local: await engine.stored(release.id),
      server: { version: 2, updatedBy: 'anna', record: { headline: 'Radweg fertig' } },
    });
    joined.server.status = { ...joined.server.status, conflicts: 1 };
    joined.push(0);
    await waitFor(() => team().conflict !== null);
    expect(team().status?.conflicts).toBe(1);

    expect(await store.getState().resolveTeamConflict('mine')).toBe(true);
    expect(joined.callsOf('team.resolve').at(-1)?.input).toEqual({ id: release.id, choice: 'mine' });
    expect(compose().draft.headline).toBe('Radweg Aachener Straße');
    expect(team().conflict).toBeNull();
  });

  it('syncs on request, shows the result, and disconnects', async () => {
    expect(await store.getState().syncTeam()).toBe(true);
    expect(team().lastResult).toMatchObject({ pushed: 1, pulled: 0 });
    expect(await store.getState().disconnectTeam()).toBe(true);
    expect(team().status?.connected).toBe(false);
    expect(team().lastResult).toBeNull();
  });
});
