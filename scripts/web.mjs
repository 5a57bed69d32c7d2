#!/usr/bin/env node
// `npm run web [-- --data-dir DIR --port N]`: builds what is stale, then runs
// the web host, which prints the URL (with its one-time token) to open.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode, buildRenderer } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { isStale } = createRequire(import.meta.url)('./freshness.cjs');
const sources = ['electron', 'shared', 'renderer', 'scripts'].map((d) => join(root, d));

if (['server.cjs', 'engineWorker.cjs'].some((file) => isStale(join(root, 'out', 'web', file), sources)))
  await buildNode();
if (isStale(join(root, 'out', 'renderer', 'index.html'), sources)) await buildRenderer();

const child = spawn(process.execPath, [join(root, 'out', 'web', 'server.cjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
