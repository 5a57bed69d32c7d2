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
let failed = false;
for (const suite of wanted.length > 0 ? wanted : available) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', `${suite}.bench.ts`)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
