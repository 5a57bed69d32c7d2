import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temporary folder,
 * `pg_ctl` on a free port of 127.0.0.1 with password authentication, removed
 * by `remove()`. initdb refuses to run as root, so as root every server
 * command runs as the `postgres` user on a folder that user owns.
 */
export interface PgCluster {
  readonly port: number;
  /** The superuser and its password (scram-sha-256 over TCP). */
  readonly superuser: string;
  readonly password: string;
  /** postgresql://superuser:password@127.0.0.1:port/database */
  url(database?: string, user?: string, password?: string): string;
  /** Runs SQL as the superuser through psql (for set-up in tests). */
  psql(sql: string, database?: string): string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  remove(): void;
}

/** The bin folder of the newest installed PostgreSQL (Debian's layout), or null. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .map(Number)
    .filter((v) => Number.isInteger(v) && v >= 15)
    .sort((a, b) => b - a);
  for (const v of versions) {
    const bin = join(root, String(v), 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL 15 or newer is not installed (Debian: apt-get install postgresql)');
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'pressdesk-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const superuser = 'pressdesk_test_admin';
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  if (asRoot) {
    const pw = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(pw), Number(gid));
    chownSync(pwfile, Number(pw), Number(gid));
  }
  chmodSync(dir, 0o700);
  const run = (tool: string, args: string[]): string => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      throw new Error(`${tool} failed: ${result.stderr || result.stdout}`.slice(0, 2000));
    }
    return result.stdout;
  };
  run('initdb', [
    '-D',
    data,
    '-U',
    superuser,
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = (): void => {
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  };
  start();
  let running = true;
  const cluster: PgCluster = {
    port,
    superuser,
    password,
    url: (database = 'postgres', user = superuser, pass = password) =>
      `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}/${database}`,
    psql: (sql, database = 'postgres') =>
      run('psql', ['-h', dir, '-p', String(port), '-U', superuser, '-d', database, '-X', '-q', '-At', '-c', sql]),
    stop: (mode = 'fast') => {
      if (!running) return;
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    start: () => {
      if (running) return;
      start();
      running = true;
    },
    remove: () => {
      try {
        cluster.stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
