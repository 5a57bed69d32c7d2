// The built web host (`out/web/server.cjs`) as a browser meets it: started as
// `npm run web` starts it, signed in with its one-time token, called over
// keep-alive HTTP connections with the session cookie.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(root, 'out', 'web', 'server.cjs');

/** Builds the Node bundles when a source is newer than them (as `npm run web` does). */
export async function ensureBuilt(): Promise<void> {
  const { isStale } = createRequire(import.meta.url)(join(root, 'scripts', 'freshness.cjs')) as {
    isStale: (output: string, sources: string[]) => boolean;
  };
  const sources = ['electron', 'shared', 'scripts'].map((d) => join(root, d));
  if (['server.cjs', 'engineWorker.cjs'].some((f) => isStale(join(root, 'out', 'web', f), sources))) {
    const { buildNode } = (await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href)) as {
      buildNode: () => Promise<void>;
    };
    await buildNode();
  }
}

export interface BenchHost {
  readonly port: number;
  /** `POST /api/<channel>` with a prepared JSON body; resolves with the parsed envelope. */
  call(channel: string, body: string): Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
  /** What the host printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built host on `dataDir` with extra environment and signs in. */
export async function startBuiltWebHost(dataDir: string, env: Record<string, string> = {}): Promise<BenchHost> {
  const child = spawn(process.execPath, [SERVER, '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PRESSDESK_DATA_DIR: '', ...env },
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
  const { port, pathname, search } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 6 });
  const headers = { Host: `127.0.0.1:${port}` };
  const cookie = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname + search, headers, agent }, (res) => {
      res.resume();
      const value = res.headers['set-cookie']?.[0]?.split(';')[0];
      if (res.statusCode === 303 && value) resolve(value);
      else reject(new Error(`sign-in answered ${res.statusCode}`));
    });
    req.on('error', reject);
    req.end();
  });
  return {
    port: Number(port),
    call: function call(channel, body): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: `/api/${channel}`,
            method: 'POST',
            agent,
            headers: { ...headers, Cookie: cookie, 'Content-Type': 'application/json' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              try {
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean });
              } catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
              }
            });
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          // A kept-alive connection the host closed just as it was reused (the host's idle timer
          // fires late when its thread was busy): sent again once, as a browser does.
          if (req.reusedSocket && error.code === 'ECONNRESET') call(channel, body).then(resolve, reject);
          else reject(error);
        });
        req.end(body);
      });
    },
    output: () => output,
    async stop() {
      agent.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
