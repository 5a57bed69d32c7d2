#!/usr/bin/env node
'use strict';
// The `pressdesk` command. In a source checkout it (re)builds the CLI bundle
// first when it is missing or older than the sources.
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const bundle = join(root, 'out', 'cli', 'pressdesk.cjs');

function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const buildScript = join(root, 'scripts', 'build.mjs');
if (existsSync(buildScript)) {
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const sources = Math.max(newestSource(join(root, 'electron')), newestSource(join(root, 'shared')));
  if (built < sources) {
    const result = spawnSync(process.execPath, [buildScript, '--node-only'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) {
      process.stderr.write('pressdesk: building the command line tool failed\n');
      process.exit(1);
    }
  }
}
require(bundle);
