import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { engineInternals } from '../testing/internals';
import { MODULE_URL_OPTIONS } from '../testing/nodeBundle';
import { startPgCluster, type PgCluster } from '../testing/pgCluster';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { SERVER_SCHEMA_VERSION } from './server/migrations';
import { addTeamUser, initServer, setTeamSetting } from './server/server';

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
    // Taken back in the team: taken back on the colleague's workstation too.
    await team(b).sync();
    expect(releases(b).get(r.id).status).toBe('draft');
    expect(engineInternals(b).approval.state(r.id).approval).toBeNull();
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
      Array.from({ length: 1100 }, (_, i) => releases(a).create({ headline: `Meldung ${i + 1}` }).id),
    );
    expect((await team(a).sync()).pushed).toBe(1100);
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
    const have = releases(b).list({ limit: 2000 }).total;
    expect(have).toBe(500);
    expect(team(b).status().pending).toBe(0);
    cluster.start();
    const resumed = await team(b).sync();
    expect(resumed.pulled).toBe(600);
    expect(releases(b).list({ limit: 2000 }).total).toBe(1100);
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

    // Who is online: B sees Anna's workstation (and not itself).
    await a.handlers['team.setEditing']({ id: null });
    expect(await b.handlers['team.online']({})).toEqual({
      online: true,
      items: [expect.objectContaining({ user: 'anna', name: 'Anna Weber' })],
    });
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

  it('an image both stored before joining keeps its own id on each side, and releases translate', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    const onA = await engineInternals(a).assets.importFile(fixture('de-iim-utf8.jpg'));
    const onB = await engineInternals(b).assets.importFile(fixture('de-iim-utf8.jpg'));
    expect(onA.id).not.toBe(onB.id);
    const figure = (assetId: string) => ({
      type: 'figure' as const,
      attrs: { assetId, caption: 'Platz', credit: 'Foto: © Stadt', creditRaw: '', alt: 'Platz', decorative: false },
    });
    await team(a).connect({ url, user: 'anna' });
    await team(b).connect({ url, user: 'bernd' });
    const r = releases(a).create({ headline: 'Mit Bild', body: { type: 'doc', content: [figure(onA.id)] } });
    await team(a).sync();
    const got = await team(b).sync();
    expect(got.refused).toEqual([]);
    const there = releases(b).get(r.id);
    expect(JSON.stringify(there.body)).toContain(onB.id);
    // B edits and sends it back: A reads its own id again.
    releases(b).save(r.id, there.version, { headline: 'Mit Bild, geändert' });
    await team(b).sync();
    await team(a).sync();
    const back = releases(a).get(r.id);
    expect(back.headline).toBe('Mit Bild, geändert');
    expect(JSON.stringify(back.body)).toContain(onA.id);
  }, 60_000);

  it('a record the workstation cannot take is listed, holds nothing up, and is tried again', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    await team(a).connect({ url, user: 'anna' });
    await team(b).connect({ url, user: 'bernd' });
    const good = releases(a).create({ headline: 'Gute Meldung' });
    const bad = releases(a).create({ headline: 'Bald kaputt' });
    await team(a).sync();
    // Someone writes a broken record straight to the server (its own write rules still hold).
    cluster.psql(
      `UPDATE pressdesk.releases SET version = version + 1, data = data || '{"body": {"type": "doc", "content": [{"type": "script"}]}}'::jsonb WHERE id = '${bad.id}'`,
      `team${database}`,
    );
    const first = await team(b).sync();
    expect(first.refused).toEqual([expect.objectContaining({ id: bad.id })]);
    expect(releases(b).get(good.id).headline).toBe('Gute Meldung');
    expect(releases(b).find(bad.id)).toBeNull();
    // Mended on the server: the next sync takes it.
    cluster.psql(
      `UPDATE pressdesk.releases SET version = version + 1, data = data || '{"body": {"type": "doc", "content": [{"type": "paragraph"}]}}'::jsonb WHERE id = '${bad.id}'`,
      `team${database}`,
    );
    const second = await team(b).sync();
    expect(second.refused).toEqual([]);
    expect(releases(b).get(bad.id).headline).toBe('Bald kaputt');
  }, 60_000);

  it('private drafts: with the setting on, a draft is seen by its author and reviewers only, enforced by the server', async () => {
    await setTeamSetting({ url: cluster.url(`team${database}`) }, 'privateDrafts', true);
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    const c = workstation('c', 'chef', 'Dr. Paula Prüferin');
    for (const [ws, user] of [
      [a, 'anna'],
      [b, 'bernd'],
      [c, 'chef'],
    ] as const)
      await team(ws).connect({ url, user });
    const draft = releases(a).create({ headline: 'Noch geheim' });
    await team(a).sync();
    await team(b).sync();
    await team(c).sync();
    expect(releases(b).find(draft.id)).toBeNull();
    expect(releases(c).get(draft.id).headline).toBe('Noch geheim');
    // Not even by asking the server directly.
    const direct = new pg.Client({ connectionString: cluster.url(`team${database}`, 'bernd', PASSWORDS.bernd) });
    await direct.connect();
    try {
      expect((await direct.query('SELECT id FROM pressdesk.releases WHERE id = $1', [draft.id])).rowCount).toBe(0);
      expect((await direct.query('SELECT id FROM pressdesk.release_history WHERE id = $1', [draft.id])).rowCount).toBe(
        0,
      );
      const forged = await direct
        .query(
          `INSERT INTO pressdesk.release_history (id, version, data, deleted, updated_by, updated_at)
                VALUES ('x', 1, '{}', false, 'x', now())`,
        )
        .catch((e: { code?: string }) => e);
      expect((forged as { code?: string }).code).toBe('42501');
    } finally {
      await direct.end();
    }
    // In review, the team sees it.
    engineInternals(a).approval.requestReview(draft.id, { reviewers: ['Dr. Paula Prüferin'] });
    await team(a).sync();
    await team(b).sync();
    expect(releases(b).get(draft.id).status).toBe('review');
    // The server keeps every version with who wrote it.
    const history = cluster.psql(
      `SELECT string_agg(version || ':' || updated_by, ',' ORDER BY version) FROM pressdesk.release_history WHERE id = '${draft.id}'`,
      `team${database}`,
    );
    expect(history.trim()).toBe('1:anna,2:anna');
  }, 60_000);

  it('templates, snippets and office settings are shared; office settings only by approvers; the last writer wins, nothing lost', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    const c = workstation('c', 'chef', 'Dr. Paula Prüferin');
    const snippet = engineInternals(a).snippets.save({ kind: 'boilerplate', title: 'Über uns', text: 'Die Stadt …' });
    engineInternals(a).templates.saveFrom(
      { ...releases(a).create({ headline: 'Vorlage' }), headline: 'Polizeibericht' },
      'Polizeibericht',
    );
    engineInternals(a).settings.setOffice('office.name', 'Stadt Anna');
    engineInternals(c).settings.setOffice('office.address', 'Rathausplatz 1, 50667 Köln');
    for (const [ws, user] of [
      [a, 'anna'],
      [b, 'bernd'],
      [c, 'chef'],
    ] as const)
      await team(ws).connect({ url, user });
    const fromA = await team(a).sync();
    expect(fromA).toMatchObject({ itemsPushed: 2 });
    expect(fromA.refused).toEqual([expect.objectContaining({ id: 'setting:office.name', code: 'TEAM_FORBIDDEN' })]);
    await team(c).sync();
    const toB = await team(b).sync();
    expect(toB.itemsPulled).toBe(3);
    expect(engineInternals(b).snippets.get(snippet.id).text).toBe('Die Stadt …');
    expect(
      engineInternals(b)
        .templates.list()
        .map((t) => t.name),
    ).toEqual(['Polizeibericht']);
    expect(engineInternals(b).settings.officeValue('office.address')).toBe('Rathausplatz 1, 50667 Köln');
    expect(engineInternals(b).settings.officeValue('office.name')).toBeUndefined();

    // Both change the snippet: the later sync wins, the other version stays in the server's history.
    engineInternals(a).snippets.save({ kind: 'boilerplate', title: 'Über uns', text: 'Fassung A' }, snippet.id);
    engineInternals(b).snippets.save({ kind: 'boilerplate', title: 'Über uns', text: 'Fassung B' }, snippet.id);
    await team(a).sync();
    expect((await team(b).sync()).itemsOverwritten).toBe(1);
    await team(a).sync();
    expect(engineInternals(a).snippets.get(snippet.id).text).toBe('Fassung B');
    const kept = cluster.psql(
      `SELECT string_agg(data->>'text', '|' ORDER BY version) FROM pressdesk.item_history WHERE kind = 'snippet'`,
      `team${database}`,
    );
    expect(kept.trim()).toBe('Die Stadt …|Fassung A|Fassung B');
    // A deleted snippet goes for everyone.
    engineInternals(b).snippets.delete(snippet.id);
    await team(b).sync();
    await team(a).sync();
    expect(engineInternals(a).snippets.list()).toEqual([]);
  }, 60_000);

  it('the press list is shared: the same address or list name made on two workstations is one, opt-outs hold everywhere', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    const b = workstation('b', 'bernd', 'Bernd Berger');
    const onA = engineInternals(a).contacts;
    const onB = engineInternals(b).contacts;
    const listA = onA.createList('Landespresse');
    const x = onA.create({ name: 'Xaver Schreiber', email: 'x@zeitung.example', outlet: 'Rundschau' }, [listA.id]);
    onA.create({ name: 'Yvonne Abbestellt', email: 'y@zeitung.example' });
    onA.optOut('y@zeitung.example');
    // B knew Xaver before joining, on a list of the same name.
    const listB = onB.createList('landespresse');
    const twin = onB.create({ name: 'X. Schreiber', email: 'X@Zeitung.example' }, [listB.id]);
    const extra = onB.create({ name: 'Zora Zweite', email: 'z@radio.example' }, [listB.id]);
    await team(a).connect({ url, user: 'anna' });
    await team(b).connect({ url, user: 'bernd' });
    await team(a).sync();
    const got = await team(b).sync();
    expect(got.refused).toEqual([]);
    // One list, one Xaver (the team's id), Zora kept on the list.
    expect(onB.lists().map((l) => [l.id, l.name])).toEqual([[listA.id, 'Landespresse']]);
    expect(onB.findByEmail('x@zeitung.example')?.id).toBe(x.id);
    expect(() => onB.get(twin.id)).toThrow();
    expect(
      onB
        .all(listA.id)
        .map((c) => c.email)
        .sort(),
    ).toEqual(['x@zeitung.example', 'z@radio.example']);
    expect(onB.findByEmail('y@zeitung.example')?.optOut).toBe(true);
    expect(onB.suppressedAt('y@zeitung.example')).not.toBeNull();
    // B's merge goes back to A: Zora is on the list there too.
    await team(b).sync();
    await team(a).sync();
    expect(
      onA
        .all(listA.id)
        .map((c) => c.email)
        .sort(),
    ).toEqual(['x@zeitung.example', 'z@radio.example']);
    expect(onA.findByEmail('z@radio.example')?.id).toBe(extra.id);
  }, 60_000);

  it('a workstation killed with SIGKILL in the middle of a push loses nothing and resumes without conflicts', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    await team(a).connect({ url, user: 'anna' });
    const ids = releases(a).transaction(() =>
      Array.from({ length: 300 }, (_, i) => releases(a).create({ headline: `Vor dem Kill ${i}` }).id),
    );
    a.close();
    open.splice(open.indexOf(a), 1);
    const script = join(tmp.dir, 'syncOnce.cjs');
    await build({
      entryPoints: [join(__dirname, 'syncOnce.ts')],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // As the app's own bundles: only the native modules stay outside (PostgreSQL's driver is bundled, loaded by the first connection).
      external: ['better-sqlite3', 'sharp'],
      ...MODULE_URL_OPTIONS,
      logLevel: 'silent',
      absWorkingDir: join(__dirname, '..', '..', '..'),
    });
    const root = join(__dirname, '..', '..', '..');
    const killedAt = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [script, join(tmp.dir, 'a')], {
        cwd: root,
        env: { ...process.env, NODE_PATH: join(root, 'node_modules'), PRESSDESK_TEAM_PASSWORD: PASSWORDS.anna },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let seen = 0;
      let errors = '';
      child.stderr.on('data', (c: Buffer) => (errors += c.toString()));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          const m = /^push (\d+)$/.exec(line);
          if (m) seen = Number(m[1]);
          if (seen >= 120 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
        }
      });
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`sync ended on its own: ${errors.slice(0, 400)}`)),
      );
    });
    expect(killedAt).toBeGreaterThanOrEqual(120);
    const onServer = Number(cluster.psql('SELECT count(*) FROM pressdesk.releases', `team${database}`).trim());
    expect(onServer).toBeGreaterThanOrEqual(120);
    expect(onServer).toBeLessThan(300);

    const again = workstation('a', 'anna', 'Anna Weber');
    const resumed = await team(again).sync();
    expect(resumed.conflicts).toEqual([]);
    expect(resumed.refused).toEqual([]);
    expect(team(again).status()).toMatchObject({ pending: 0, conflicts: 0 });
    // Every release once, at version 1: nothing written twice, nothing missing.
    expect(cluster.psql(`SELECT count(*), max(version) FROM pressdesk.releases`, `team${database}`).trim()).toBe(
      '300|1',
    );
    const b = workstation('b', 'bernd', 'Bernd Berger');
    await team(b).connect({ url, user: 'bernd' });
    expect((await team(b).sync()).pulled).toBe(300);
    for (const id of ids) expect(releases(b).get(id).headline).toBe(releases(again).get(id).headline);
  }, 90_000);

  it('keeps no password in the database', async () => {
    const a = workstation('a', 'anna', 'Anna Weber');
    await team(a).connect({ url, user: 'anna' });
    releases(a).create({ headline: 'Geheimnisfrei' });
    await team(a).sync();
    const { db } = engineInternals(a);
    const rows = db.prepare('SELECT key, value FROM team_state').all() as { key: string; value: string }[];
    expect(rows.map((r) => r.value).join(' ')).not.toContain(PASSWORDS.anna);
    // Nor when the address carries it, in its user part or its query.
    const b = openWorkstation({ dataDir: join(tmp.dir, 'b'), host: 'cli' });
    open.push(b);
    const withSecret = `postgresql://bernd:${PASSWORDS.bernd}@127.0.0.1:${cluster.port}/team${database}?password=${PASSWORDS.bernd}&application_name=x`;
    const joined = await team(b).connect({ url: withSecret });
    expect(joined.user).toBe('bernd');
    const kept = engineInternals(b)
      .db.prepare('SELECT value FROM team_state')
      .all()
      .map((r) => (r as { value: string }).value)
      .join(' ');
    expect(kept).not.toContain(PASSWORDS.bernd);
    expect(kept).toContain('application_name=x');
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
