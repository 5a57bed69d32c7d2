#!/usr/bin/env node
// Builds Pressdesk into out/: the Node bundles (Electron main and its engine
// process, preload, CLI, web host and its engine worker) with esbuild and the renderer with Vite.
//   node scripts/build.mjs             everything
//   node scripts/build.mjs --node-only main, preload, CLI and web host
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeOnly = process.argv.includes('--node-only');

/** Native or runtime-provided modules stay outside the bundles. */
const external = ['electron', 'better-sqlite3', 'sharp'];

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  external,
  // Lazily loaded modules (sharp) become require() calls, which also work from inside an asar archive.
  supported: { 'dynamic-import': false },
  legalComments: 'none',
};

/**
 * The Node bundles answer `import.meta.url` with their own file, as the
 * sources do when run as ES modules (esbuild leaves it empty in CommonJS).
 * Not the preload: it may require nothing but 'electron'.
 */
export const nodeBundle = {
  ...common,
  banner: { js: 'var __pressdeskModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__pressdeskModuleUrl' },
};

export async function buildNode() {
  await Promise.all([
    esbuild({ ...nodeBundle, entryPoints: ['./electron/main/index.ts'], outfile: 'out/main/index.cjs' }),
    // The app's engine runs in Electron's utility process; main finds this file next to its own.
    esbuild({
      ...nodeBundle,
      entryPoints: ['./electron/main/engineProcess.ts'],
      outfile: 'out/main/engineProcess.cjs',
    }),
    // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
    esbuild({
      ...common,
      entryPoints: ['./electron/preload/index.ts'],
      outfile: 'out/preload/index.cjs',
      sourcemap: false,
    }),
    esbuild({
      ...nodeBundle,
      entryPoints: ['./electron/cli/index.ts'],
      outfile: 'out/cli/pressdesk.cjs',
    }),
    esbuild({ ...nodeBundle, entryPoints: ['./electron/web/main.ts'], outfile: 'out/web/server.cjs' }),
    // Web mode's engine runs in worker threads; the host finds this file next to its own.
    esbuild({ ...nodeBundle, entryPoints: ['./electron/web/engineWorker.ts'], outfile: 'out/web/engineWorker.cjs' }),
    // The import's record thread, next to each bundle that runs an engine (archive/recordWorkerFile.ts).
    ...['main', 'cli', 'web'].map((dir) => buildRecordWorker(`out/${dir}`)),
  ]);
}

/** The import's record thread as `recordThreadNextTo` finds it next to a bundle in `dir`. */
export function buildRecordWorker(dir) {
  return esbuild({
    ...nodeBundle,
    entryPoints: ['./electron/services/archive/recordWorker.ts'],
    outfile: `${dir}/recordWorker.cjs`,
  });
}

export async function buildRenderer() {
  const { build } = await import('vite');
  rmSync(join(root, 'out/renderer'), { recursive: true, force: true });
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildNode();
  if (!nodeOnly) await buildRenderer();
  console.error(
    `Pressdesk built in ${((Date.now() - started) / 1000).toFixed(1)} s${nodeOnly ? ' (node parts)' : ''}.`,
  );
}
