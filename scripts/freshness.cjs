'use strict';
// Whether a build output is older than the sources it comes from.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const SOURCE = /\.(?:ts|tsx|css|json|html|mjs|cjs)$/;

function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (SOURCE.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `output` is missing or older than any source file under `sourceDirs`. */
function isStale(output, sourceDirs) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  return sourceDirs.some((dir) => newestSource(dir) > built);
}

module.exports = { isStale };
