import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_URL_OPTIONS } from '../testing/nodeBundle';
import { makeTempDir } from '../testing/tempDir';

const KILLS = Number(process.env.PRESSDESK_CRASH_KILLS ?? 50);

let tmp: ReturnType<typeof makeTempDir>;
let script: string;

beforeAll(async () => {
  tmp = makeTempDir('pressdesk-crash-');
  script = join(tmp.dir, 'saveLoop.cjs');
  // One small bundle, so that each of the many writer processes starts fast.
  await build({
    entryPoints: [join(__dirname, 'saveLoop.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3', 'sharp'],
    ...MODULE_URL_OPTIONS,
    logLevel: 'silent',
    absWorkingDir: join(__dirname, '..', '..', '..'),
  });
});
afterAll(() => tmp.cleanup());

/** Runs the writer until it has acknowledged some saves, then kills it with SIGKILL at a random moment. */
function runAndKill(
  dataDir: string,
  seed: number,
  delayMs: number,
  mode = 'all',
): Promise<Map<string, { version: number; headline: string }>> {
  return new Promise((resolve, reject) => {
    const root = join(__dirname, '..', '..', '..');
    const child = spawn(process.execPath, [script, dataDir, String(seed), mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: root,
      // The bundle lives in a temporary folder; its native module comes from the project.
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
    });
    const acked = new Map<string, { version: number; headline: string }>();
    let buffer = '';
    let errors = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'ready') timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
        const m = /^ack (\S+) (\d+) (.*)$/.exec(line);
        if (m) acked.set(m[1]!, { version: Number(m[2]), headline: m[3]! });
      }
    });
    child.stderr.on('data', (c: Buffer) => (errors += c.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended on its own: ${errors.slice(0, 500)}`));
      else resolve(acked);
    });
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged save through ${KILLS} kills with SIGKILL, and the database stays whole`, async () => {
    const dataDir = join(tmp.dir, 'data');
    const expected = new Map<string, { version: number; headline: string }>();
    let acknowledged = 0;
    for (let i = 0; i < KILLS; i++) {
      const acked = await runAndKill(dataDir, 1000 + i, 20 + ((i * 37) % 180));
      acknowledged += acked.size;
      for (const [id, v] of acked) expected.set(id, v);
      const db = new Database(join(dataDir, 'pressdesk.db'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true }), `after kill ${i + 1}`).toBe('ok');
        const rows = db.prepare('SELECT id, version, headline FROM releases').all() as {
          id: string;
          version: number;
          headline: string;
        }[];
        const stored = new Map(rows.map((r) => [r.id, r]));
        for (const [id, v] of expected) {
          const row = stored.get(id);
          expect(row, `release ${id} after kill ${i + 1}`).toBeDefined();
          // A later save may have landed after the last report; never an older one.
          expect(row!.version, `version of ${id}`).toBeGreaterThanOrEqual(v.version);
          if (row!.version === v.version) expect(row!.headline).toBe(v.headline);
        }
      } finally {
        db.close();
      }
    }
    expect(acknowledged).toBeGreaterThan(KILLS);
    console.log(
      `crash test: ${KILLS} kills survived, ${acknowledged} acknowledged saves, ${expected.size} releases, data lost: 0`,
    );
  }, 180_000);
});

describe('two writers', () => {
  it('two processes saving into one data directory at once never see a busy database and lose nothing', async () => {
    const dataDir = join(tmp.dir, 'shared');
    const [a, b] = await Promise.all([runAndKill(dataDir, 7, 2500, 'own'), runAndKill(dataDir, 8, 2500, 'own')]);
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
    const db = new Database(join(dataDir, 'pressdesk.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const [id, v] of [...a, ...b]) {
        const row = db.prepare('SELECT version FROM releases WHERE id = ?').get(id) as { version: number } | undefined;
        expect(row?.version ?? 0).toBeGreaterThanOrEqual(v.version);
      }
    } finally {
      db.close();
    }
  }, 60_000);
});
