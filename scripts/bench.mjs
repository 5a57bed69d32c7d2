#!/usr/bin/env node
// `npm run bench [-- SUITE...]`: runs bench/<suite>.bench.ts (all when none is
// named). Each suite prints one JSON object per line and figure.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((s) => !available.includes(s));
if (unknown.length > 0) {
  console.error(`pressdesk bench: unknown suite ${unknown.join(', ')} (available: ${available.join(', ')})`);
  process.exit(2);
}
/*
 * Suites that measure the engine's own memory run as the hosts ship it: one
 * bundle (the build's settings, in out/bench/) with the import's record
 * thread next to it, run by plain Node. Run from source, TypeScript's loader
 * (a thread of its own, and a hook in every worker) would be part of the
 * measured process: ~30 MB that no host carries.
 */
const BUNDLED = new Set(['archive']);

async function bundled(suite) {
  const { build } = await import('esbuild');
  const { buildRecordWorker, nodeBundle } = await import('./build.mjs');
  const dir = join(root, 'out', 'bench');
  await build({
    ...nodeBundle,
    sourcemap: false,
    entryPoints: [`./bench/${suite}.bench.ts`],
    outfile: join(dir, `${suite}.bench.cjs`),
  });
  await buildRecordWorker(dir);
  return [join(dir, `${suite}.bench.cjs`)];
}

let failed = false;
for (const suite of wanted.length > 0 ? wanted : available) {
  const args = BUNDLED.has(suite)
    ? await bundled(suite)
    : ['--import', 'tsx', join(root, 'bench', `${suite}.bench.ts`)];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
