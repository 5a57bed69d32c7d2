import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../services/testing/pgCluster';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation } from '../services/workstation';
import { cli } from './main';

let cluster: PgCluster;
let tmp: ReturnType<typeof makeTempDir>;
beforeAll(async () => {
  cluster = await startPgCluster();
  cluster.psql('CREATE DATABASE pressdesk');
  tmp = makeTempDir();
}, 120_000);
afterAll(() => {
  cluster?.remove();
  tmp?.cleanup();
});

async function run(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pressdesk team', () => {
  it('sets up a server, adds users, joins two data directories and syncs them', async () => {
    const server = `postgresql://127.0.0.1:${cluster.port}/pressdesk`;
    const admin = { PRESSDESK_TEAM_PASSWORD: cluster.password };
    const init = await run(admin, 'team', 'init', server, '--user', cluster.superuser, '--json');
    expect(init).toMatchObject({ code: 0 });
    expect(JSON.parse(init.out)).toEqual({ from: 0, to: 1 });
    // A second init changes nothing.
    expect(JSON.parse((await run(admin, 'team', 'init', server, '--user', cluster.superuser, '--json')).out)).toEqual({
      from: 1,
      to: 1,
    });

    const adminUrl = cluster.url('pressdesk');
    const added = await run(
      { PRESSDESK_TEAM_USER_PASSWORD: 'anna-passwort-1' },
      'team',
      'user',
      'add',
      'anna',
      '--role',
      'author',
      '--name',
      'Anna Weber',
      '--url',
      adminUrl,
      '--json',
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toEqual({ login: 'anna', role: 'author', created: true });
    // Without a password given, one is made and shown once.
    const made = await run({}, 'team', 'user', 'add', 'bernd', '--role', 'approver', '--url', adminUrl, '--json');
    const bernd = JSON.parse(made.out) as { password: string; role: string };
    expect(bernd.role).toBe('approver');
    expect(bernd.password.length).toBeGreaterThanOrEqual(12);
    expect((await run({}, 'team', 'user', 'add', 'x', '--role', 'chef', '--url', adminUrl)).code).toBe(2);

    const rules = await run({}, 'team', 'set', 'privateDrafts', 'on', '--url', adminUrl, '--json');
    expect(JSON.parse(rules.out)).toEqual({ fourEyes: true, privateDrafts: true });
    await run({}, 'team', 'set', 'privateDrafts', 'off', '--url', adminUrl);
    expect((await run({}, 'team', 'set', 'everything', 'on', '--url', adminUrl)).code).toBe(2);

    const a = join(tmp.dir, 'a');
    const b = join(tmp.dir, 'b');
    const anna = { PRESSDESK_TEAM_PASSWORD: 'anna-passwort-1' };
    const joined = await run(anna, '--data-dir', a, 'team', 'connect', server, '--user', 'anna', '--json');
    expect(joined.code).toBe(0);
    expect(JSON.parse(joined.out)).toMatchObject({ connected: true, user: 'anna', role: 'author', pending: 0 });
    expect(joined.out).not.toContain('anna-passwort-1');
    const beforeSync = await run(anna, '--data-dir', b, 'team', 'status', '--json');
    expect(JSON.parse(beforeSync.out)).toMatchObject({
      connected: false,
      user: null,
      role: null,
      pending: 0,
      lastSync: null,
    });
    await run(
      { PRESSDESK_TEAM_PASSWORD: bernd.password },
      '--data-dir',
      b,
      'team',
      'connect',
      server,
      '--user',
      'bernd',
    );

    const ws = openWorkstation({ dataDir: a, host: 'cli' });
    const created = await ws.handlers['releases.create']({ headline: 'Team-Meldung aus A' });
    ws.close();
    const status = JSON.parse((await run(anna, '--data-dir', a, 'team', 'status', '--json')).out) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({ connected: true, user: 'anna', role: 'author', pending: 1, lastSync: null });
    const pushed = await run(anna, '--data-dir', a, 'team', 'sync', '--json');
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.out)).toMatchObject({ pushed: 1, pulled: 0, conflicts: [], assetsUp: 0, assetsDown: 0 });
    const pulled = await run({ PRESSDESK_TEAM_PASSWORD: bernd.password }, '--data-dir', b, 'team', 'sync', '--json');
    expect(JSON.parse(pulled.out)).toMatchObject({ pushed: 0, pulled: 1, conflicts: [] });
    const shown = await run({}, '--data-dir', b, 'show', created.id, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ headline: 'Team-Meldung aus A' });

    // No password: a clear error, not a hang.
    const none = await run({}, '--data-dir', a, 'team', 'sync');
    expect(none.code).toBe(1);
    expect(none.err).toContain('[TEAM_PASSWORD_MISSING]');
    const wrong = await run({ PRESSDESK_TEAM_PASSWORD: 'falsch-falsch' }, '--data-dir', a, 'team', 'sync');
    expect(wrong.err).toContain('[TEAM_AUTH_FAILED]');

    const left = await run({}, '--data-dir', a, 'team', 'disconnect', '--json');
    expect(JSON.parse(left.out)).toMatchObject({ connected: false });
  }, 90_000);
});
