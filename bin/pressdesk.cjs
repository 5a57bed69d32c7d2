#!/usr/bin/env node
'use strict';
// The `pressdesk` command. In a source checkout it (re)builds the CLI bundle
// first when it is missing or older than the sources.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const bundle = join(root, 'out', 'cli', 'pressdesk.cjs');
const buildScript = join(root, 'scripts', 'build.mjs');

if (existsSync(buildScript)) {
  const { isStale } = require('../scripts/freshness.cjs');
  if (isStale(bundle, [join(root, 'electron'), join(root, 'shared'), join(root, 'scripts')])) {
    const result = spawnSync(process.execPath, [buildScript, '--node-only'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (result.status !== 0) {
      process.stderr.write('pressdesk: building the command line tool failed\n');
      process.exit(1);
    }
  }
}
require(bundle);
