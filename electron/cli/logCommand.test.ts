import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation } from '../services/workstation';
import { cli } from './main';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const data = () => join(tmp.dir, 'data');

describe('pressdesk profile and log', () => {
  it('sets and shows the profile; the log names it, oldest first', async () => {
    expect(JSON.parse((await run('profile', 'show', '--json', '--data-dir', data())).out)).toBeNull();
    expect((await run('profile', 'set', '--function', 'Sprecher', '--data-dir', data())).code).toBe(2);
    const set = await run(
      'profile',
      'set',
      '--name',
      'Anna Beispiel',
      '--function',
      'Pressesprecherin',
      '--email',
      'anna@example.org',
      '--data-dir',
      data(),
    );
    expect(set.code).toBe(0);
    // Only what is given changes.
    expect((await run('profile', 'set', '--initials', 'AnB', '--data-dir', data())).code).toBe(0);
    expect(JSON.parse((await run('profile', 'show', '--json', '--data-dir', data())).out)).toEqual({
      name: 'Anna Beispiel',
      function: 'Pressesprecherin',
      email: 'anna@example.org',
      initials: 'AnB',
    });
    const bad = await run('profile', 'set', '--email', 'nope', '--data-dir', data());
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/PROFILE_INVALID/);

    const ws = openWorkstation({ dataDir: data(), host: 'cli' });
    const created = await ws.handlers['releases.create']({ headline: 'Protokolliert' });
    await ws.handlers['releases.save']({
      id: created.id,
      baseVersion: created.version,
      fields: { status: 'review' },
    });
    ws.close();

    const log = await run('log', created.id, '--json', '--data-dir', data());
    expect(log.code).toBe(0);
    const entries = JSON.parse(log.out) as {
      at: string;
      actor: string;
      kind: string;
      version: number;
      detail: object;
    }[];
    expect(entries.map(({ actor, kind, version, detail }) => ({ actor, kind, version, detail }))).toEqual([
      { actor: 'Anna Beispiel', kind: 'created', version: 1, detail: {} },
      { actor: 'Anna Beispiel', kind: 'status', version: 2, detail: { from: 'draft', to: 'review' } },
    ]);
    expect(Date.parse(entries[0]!.at)).not.toBeNaN();
    const text = await run('log', created.id, '--kind', 'status', '--data-dir', data());
    expect(text.out.split('\n')).toHaveLength(1);
    expect(text.out).toMatch(/Anna Beispiel\tstatus\tv2\tfrom=draft to=review$/);
    expect((await run('log', created.id, '--kind', 'nonsense', '--data-dir', data())).code).toBe(2);
    const unknown = await run('log', '00000000-0000-4000-8000-000000000000', '--data-dir', data());
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/NOT_FOUND/);
  });
});
