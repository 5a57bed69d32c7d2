import { cpSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { engineInternals } from '../testing/internals';
import { startPgCluster, type PgCluster } from '../testing/pgCluster';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { SERVER_SCHEMA_VERSION } from './server/migrations';
import { addTeamUser, initServer } from './server/server';

const PASSWORDS = { anna: 'anna-geheim-1', bernd: 'bernd-geheim-2', chef: 'chefin-geheim-3' } as const;
const fixture = (name: string) => join(__dirname, '..', 'assets', 'fixtures', name);

let cluster: PgCluster;
let database = 0;
let url: string;
let tmp: ReturnType<typeof makeTempDir>;
const open: Workstation[] = [];

async function errorOf(fn: () => Promise<unknown>): Promise<PressdeskError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof PressdeskError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

function workstation(
  name: string,
  user: keyof typeof PASSWORDS,
  profile: string,
  host: 'cli' | 'web' = 'cli',
): Workstation {
  const ws = openWorkstation({
    dataDir: join(tmp.dir, name),
    host,
    teamPassword: () => PASSWORDS[user],
  });
  engineInternals(ws).settings.setProfile({ name: profile, function: 'Pressereferent' });
  open.push(ws);
  return ws;
}

const team = (ws: Workstation) => engineInternals(ws).team;
const releases = (ws: Workstation) => engineInternals(ws).releases;

beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);
afterAll(() => cluster?.remove());

beforeEach(async () => {
  tmp = makeTempDir('pressdesk-team-');
  // A database of its own per test: the team roles are the cluster's, the schema is the database's.
  database += 1;
  cluster.psql(`CREATE DATABASE team${database}`);
  url = cluster.url(`team${database}`);
  await initServer({ url });
  const bare = `postgresql://127.0.0.1:${cluster.port}/team${database}`;
  await addTeamUser({ url }, { login: 'anna', role: 'author', password: PASSWORDS.anna, displayName: 'Anna Weber' });
  await addTeamUser({ url }, { login: 'bernd', role: 'author', password: PASSWORDS.bernd });
  await addTeamUser({ url }, { login: 'chef', role: 'approver', password: PASSWORDS.chef });
  url = bare;
});
afterEach(() => {
  for (const ws of open.splice(0)) ws.close();
  tmp.cleanup();
});

describe('team mode on a real PostgreSQL server', () => {
  it('joins, and a release written on A appears on B with its image (same hash)', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    expect(await team(a).connect({ url, user: 'anna' })).toMatchObject({
      connected: true,
      user: 'anna',
      role: 'author',
      url: expect.not.stringContaining('anna') as unknown,
    });
    await team(b).connect({ url, user: 'bernd' });

    const image = await engineInternals(a).assets.importFile(fixture('de-xmp-long.jpg'));
    const figure = {
      assetId: image.id,
      caption: 'Rathaus',
      credit: 'Foto: © Stadt',
      creditRaw: '',
      alt: 'Rathaus',
      decorative: false,
    };
    const written = releases(a).create({
      headline: 'Neue Radwege für Köln',
      body: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Die Stadt baut 40 Kilometer Radwege.' }] },
          { type: 'figure', attrs: figure },
        ],
      },
    });
    expect(team(a).status().pending).toBe(1);
    const up = await team(a).sync();
    expect(up).toMatchObject({ pushed: 1, conflicts: [], assetsUp: 1 });
    expect(team(a).status().pending).toBe(0);

    const down = await team(b).sync();
    expect(down).toMatchObject({ pulled: 1, assetsDown: 1, conflicts: [] });
    const there = releases(b).get(written.id);
    expect(there.headline).toBe('Neue Radwege für Köln');
    const copy = engineInternals(b).assets.get(image.id);
    expect(copy.sha256).toBe(image.sha256);
    expect(copy.credit).toBe(image.credit);
    // Nothing goes back: what B pulled is not pending on B.
    expect(team(b).status().pending).toBe(0);
    expect((await team(b).sync()).pushed).toBe(0);
  }, 60_000);

  it('two offline edits of one release: the first push wins, the second is a conflict and keeps its text', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    await team(a).connect({ url, user: 'anna' });
    await team(b).connect({ url, user: 'bernd' });
    const r = releases(a).create({ headline: 'Haushalt 2027' });
    await team(a).sync();
    await team(b).sync();

    // Both edit offline.
    releases(a).save(r.id, releases(a).get(r.id).version, { headline: 'Haushalt 2027 beschlossen' });
    releases(b).save(r.id, releases(b).get(r.id).version, { headline: 'Haushalt 2027 vertagt' });

    expect((await team(a).sync()).pushed).toBe(1);
    const second = await team(b).sync();
    expect(second.pushed).toBe(0);
    expect(second.conflicts).toEqual([{ id: r.id, headline: 'Haushalt 2027 vertagt' }]);
    expect(releases(b).get(r.id).headline).toBe('Haushalt 2027 vertagt');
    const detail = team(b).conflictDetail(r.id);
    expect(detail.server.record.headline).toBe('Haushalt 2027 beschlossen');
    expect(detail.server.updatedBy).toBe('anna');

    // The officer keeps their own text on purpose: it goes over the server's on the next sync.
    await team(b).resolve(r.id, 'mine');
    expect((await team(b).sync()).pushed).toBe(1);
    await team(a).sync();
    expect(releases(a).get(r.id).headline).toBe('Haushalt 2027 vertagt');
    // A's text was not lost: it is a revision on A.
    const kept = releases(a)
      .revisions(r.id)
      .map((v) => v.headline);
    expect(kept).toContain('Haushalt 2027 beschlossen');
  }, 60_000);

  it('taking the server’s side keeps the own text as a revision', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    await team(a).connect({ url, user: 'anna' });
    await team(b).connect({ url, user: 'bernd' });
    const r = releases(a).create({ headline: 'Kita-Gebühren' });
    await team(a).sync();
    await team(b).sync();
    releases(a).save(r.id, releases(a).get(r.id).version, { headline: 'Kita-Gebühren sinken' });
    releases(b).save(r.id, releases(b).get(r.id).version, { headline: 'Kita-Gebühren steigen' });
    await team(a).sync();
    expect((await team(b).sync()).conflicts).toHaveLength(1);
    await team(b).resolve(r.id, 'theirs');
    expect(releases(b).get(r.id).headline).toBe('Kita-Gebühren sinken');
    expect(team(b).status()).toMatchObject({ conflicts: 0, pending: 0 });
    expect(
      releases(b)
        .revisions(r.id)
        .map((v) => v.headline),
    ).toContain('Kita-Gebühren steigen');
  }, 60_000);

  it('only an approver records an approval, also when writing to the server directly; four-eyes holds', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const c = workstation('c', 'chef', 'Dr. Paula Prüferin');
    await team(a).connect({ url, user: 'anna' });
    await team(c).connect({ url, user: 'chef' });
    const r = releases(a).create({ headline: 'Freigabe im Team' });
    await team(a).sync();

    // The author records an approval here (by phone): the server refuses it.
    engineInternals(a).approval.approve(r.id, { by: 'Minister', function: 'Minister', via: 'phone' });
    const refused = await team(a).sync();
    expect(refused.refused).toEqual([expect.objectContaining({ id: r.id, code: 'TEAM_FORBIDDEN' })]);
    expect(team(a).status().pending).toBe(1);

    // Not even with the author's own credentials straight to the server.
    const direct = new pg.Client({ connectionString: cluster.url(`team${database}`, 'anna', PASSWORDS.anna) });
    await direct.connect();
    try {
      const err = await direct
        .query(
          `UPDATE pressdesk.releases SET version = version + 1,
             data = jsonb_set(data, '{approval}', '{"approvedBy":"X","via":"phone","approvedAt":"2026-01-01T00:00:00Z","contentHash":"${'a'.repeat(64)}"}')
           WHERE id = $1`,
          [r.id],
        )
        .catch((e: { code?: string }) => e);
      expect((err as { code?: string }).code).toBe('PDAPP');
      const status = await direct
        .query(
          `UPDATE pressdesk.releases SET version = version + 1, data = jsonb_set(data, '{status}', '"published"') WHERE id = $1`,
          [r.id],
        )
        .catch((e: { code?: string }) => e);
      expect((status as { code?: string }).code).toBe('PDGAT');
      const remove = await direct.query('DELETE FROM pressdesk.releases').catch((e: { code?: string }) => e);
      expect((remove as { code?: string }).code).toBe('42501');
    } finally {
      await direct.end();
    }

    // The approver records it on their own workstation: accepted, and A gets it.
    await team(c).sync();
    engineInternals(c).approval.approve(r.id, { by: 'Dr. Paula Prüferin', function: 'Amtschefin', via: 'app' });
    const approved = await team(c).sync();
    expect(approved.refused).toEqual([]);
    expect(approved.pushed).toBe(1);
    // A colleague's workstation takes the approval over, bound to the same text.
    const b = workstation('b', 'bernd', 'Bernd Berger');
    await team(b).connect({ url, user: 'bernd' });
    await team(b).sync();
    expect(releases(b).get(r.id).status).toBe('approved');
    const there = engineInternals(b).approval.state(r.id);
    expect(there.state).toBe('current');
    expect(there.approval?.approvedBy).toBe('Dr. Paula Prüferin');

    // Four-eyes across the team: the approver changes the text and approves it again — refused by the server.
    const version = releases(c).get(r.id).version;
    engineInternals(c).approval.setStatus(r.id, 'draft');
    releases(c).save(r.id, releases(c).get(r.id).version, { headline: 'Freigabe im Team (neu)' });
    expect(version).toBeGreaterThan(0);
    await team(c).sync();
    engineInternals(c).settings.set('approval.fourEyes', 'off');
    engineInternals(c).approval.approve(r.id, { by: 'Dr. Paula Prüferin', function: 'Amtschefin', via: 'app' });
    const own = await team(c).sync();
    expect(own.refused).toEqual([expect.objectContaining({ id: r.id, code: 'FOUR_EYES' })]);
  }, 60_000);

  it('refuses a newer server schema, a wrong password and a missing server with clear codes', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    expect((await errorOf(() => team(a).connect({ url, user: 'anna', password: 'falsch-falsch' }))).code).toBe(
      'TEAM_AUTH_FAILED',
    );
    expect((await errorOf(() => team(a).sync())).code).toBe('TEAM_NOT_CONNECTED');
    await team(a).connect({ url, user: 'anna' });
    cluster.psql(
      `INSERT INTO pressdesk.schema_migrations (version, name) VALUES (${SERVER_SCHEMA_VERSION + 1}, 'future')`,
      `team${database}`,
    );
    const tooNew = await errorOf(() => team(a).sync());
    expect(tooNew.code).toBe('TEAM_SCHEMA_TOO_NEW');
    const gone = await errorOf(() =>
      team(a).connect({ url: `postgresql://127.0.0.1:1/team${database}`, user: 'anna' }),
    );
    expect(gone.code).toBe('TEAM_UNREACHABLE');
    expect(gone.message).not.toContain(PASSWORDS.anna);
    expect((await errorOf(() => team(a).connect({ url: 'http://example.org/x', user: 'anna' }))).code).toBe(
      'TEAM_URL_INVALID',
    );
  }, 60_000);

  it('a server stopped in the middle of a pull leaves nothing half-applied, and the next sync resumes', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    await team(a).connect({ url, user: 'anna' });
    await team(b).connect({ url, user: 'bernd' });
    const ids = releases(a).transaction(() =>
      Array.from({ length: 450 }, (_, i) => releases(a).create({ headline: `Meldung ${i + 1}` }).id),
    );
    expect((await team(a).sync()).pushed).toBe(450);
    let stopped = false;
    const broken = await errorOf(() =>
      team(b).sync({
        onProgress: ({ phase }) => {
          if (phase === 'pull' && !stopped) {
            stopped = true;
            cluster.stop('immediate');
          }
        },
      }),
    );
    expect(broken.code).toBe('TEAM_UNREACHABLE');
    // The first batch is in, whole; nothing of the next one.
    const have = releases(b).list({ limit: 1000 }).total;
    expect(have).toBe(200);
    expect(team(b).status().pending).toBe(0);
    cluster.start();
    const resumed = await team(b).sync();
    expect(resumed.pulled).toBe(250);
    expect(releases(b).list({ limit: 1000 }).total).toBe(450);
    for (const id of ids) expect(releases(b).get(id).headline).toBe(releases(a).get(id).headline);
  }, 90_000);

  it('a workstation that died after the server took its push but before it noted that pushes again without a conflict', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    await team(a).connect({ url, user: 'anna' });
    const created = [1, 2, 3].map((i) => releases(a).create({ headline: `Vor dem Absturz ${i}` }).id);
    a.close();
    open.splice(open.indexOf(a), 1);
    // The data directory as it was when the process died: before the push's answer was written down.
    cpSync(join(tmp.dir, 'a'), join(tmp.dir, 'a-died'), { recursive: true });
    const alive = workstation('a', 'anna', 'Anna Weber');
    expect((await team(alive).sync()).pushed).toBe(3);
    alive.close();
    open.splice(open.indexOf(alive), 1);

    const again = workstation('a-died', 'anna', 'Anna Weber');
    expect(team(again).status().pending).toBe(3);
    const result = await team(again).sync();
    expect(result.conflicts).toEqual([]);
    expect(team(again).status()).toMatchObject({ pending: 0, conflicts: 0 });
    const versions = cluster.psql(`SELECT string_agg(version::text, ',') FROM pressdesk.releases`, `team${database}`);
    expect(versions.trim()).toBe('1,1,1');
    expect(created).toHaveLength(3);
  }, 60_000);

  it('live: a colleague’s change arrives within a second, and presence shows who edits what', async () => {
    const a = workstation('a', 'anna', 'Anna Weber', 'web');
    const b = workstation('b', 'bernd', 'Bernd Berger', 'web');
    const events: { pulled: number; online: boolean }[] = [];
    b.onEvent((event) => {
      if (event.name === 'team.onDidChange') events.push(event.payload);
    });
    await a.handlers['team.connect']({ url, user: 'anna' });
    await b.handlers['team.connect']({ url, user: 'bernd' });
    await expect.poll(() => events.some((e) => e.online), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => team(a).online(), { timeout: 10_000 }).toBe(true);

    const written = await a.handlers['releases.create']({ headline: 'Live aus dem Rathaus' });
    const started = Date.now();
    await expect
      .poll(() => releases(b).find(written.id)?.headline, { timeout: 5000, interval: 20 })
      .toBe('Live aus dem Rathaus');
    // Not asserted as a time (tests never assert timings); the bench measures it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(0);
    await expect.poll(() => events.some((e) => e.pulled > 0), { timeout: 5000 }).toBe(true);

    await a.handlers['team.setEditing']({ id: written.id });
    const seen = await b.handlers['team.editors']({ ids: [written.id] });
    expect(seen).toEqual({
      online: true,
      items: [expect.objectContaining({ releaseId: written.id, user: 'anna', name: 'Anna Weber' })],
    });
    // Nobody sees themselves; closing the release ends it.
    expect((await a.handlers['team.editors']({})).items).toEqual([]);
    await a.handlers['team.setEditing']({ id: null });
    expect((await b.handlers['team.editors']({})).items).toEqual([]);
  }, 60_000);

  it('live: offline changes queue and go when the server answers again', async () => {
    const a = workstation('a', 'anna', 'Anna Weber', 'web');
    const b = workstation('b', 'bernd', 'Bernd Berger', 'cli');
    await a.handlers['team.connect']({ url, user: 'anna' });
    await team(b).connect({ url, user: 'bernd' });
    await expect.poll(() => team(a).online(), { timeout: 10_000 }).toBe(true);
    cluster.stop('fast');
    await expect.poll(() => team(a).online(), { timeout: 10_000 }).toBe(false);
    const offline = await a.handlers['releases.create']({ headline: 'Im Zug geschrieben' });
    expect(team(a).status().pending).toBe(1);
    cluster.start();
    await expect.poll(() => team(a).status().pending, { timeout: 20_000, interval: 100 }).toBe(0);
    await team(b).sync();
    expect(releases(b).get(offline.id).headline).toBe('Im Zug geschrieben');
  }, 60_000);

  it('keeps no password in the database', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    await team(a).connect({ url, user: 'anna' });
    releases(a).create({ headline: 'Geheimnisfrei' });
    await team(a).sync();
    const { db } = engineInternals(a);
    const rows = db.prepare('SELECT key, value FROM team_state').all() as { key: string; value: string }[];
    expect(rows.map((r) => r.value).join(' ')).not.toContain(PASSWORDS.anna);
  }, 60_000);
  it('keeps the password given when joining for the session (live mode, sync) and hands it to the keychain', async () => {
    const kept: string[] = [];
    const ws = openWorkstation({
      dataDir: join(tmp.dir, 'session'),
      host: 'web',
      hostHooks: {
        teamPassword: () => Promise.resolve(null),
        storeTeamPassword: (password) => {
          kept.push(password);
          return Promise.resolve();
        },
      },
    });
    open.push(ws);
    await ws.handlers['team.connect']({ url, user: 'anna', password: PASSWORDS.anna });
    expect(kept).toEqual([PASSWORDS.anna]);
    // No password from a keychain or the environment: the one given when joining serves.
    expect(await ws.handlers['team.sync']({})).toMatchObject({ pushed: 0, refused: [] });
    await ws.handlers['team.disconnect']({});
    expect(kept).toEqual([PASSWORDS.anna, '']);
  }, 60_000);
});
