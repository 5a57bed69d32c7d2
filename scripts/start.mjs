#!/usr/bin/env node
// `npm start [-- --data-dir DIR]`: builds Pressdesk and launches the Electron app.
// better-sqlite3 in node_modules is built for Node (tests, CLI, web mode); the
// app gets its own copy built for Electron's ABI, cached under .cache/ and
// handed over through PRESSDESK_NATIVE_BINDING, so both work on one checkout.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode, buildRenderer } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(line) {
  console.error(`pressdesk: ${line}`);
  process.exit(1);
}

/** The Electron binary, downloading it once if npm ci skipped that; undefined if impossible. */
function electronBinary() {
  const dir = dirname(require.resolve('electron/package.json'));
  const find = () => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  };
  if (find()) return find();
  console.error('Downloading Electron (once)…');
  spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'pipe', timeout: 15 * 60_000 });
  return find();
}

const electron = electronBinary();
if (!electron) {
  fail('the Electron binary is not installed and cannot be downloaded here. Use "npm run web" for the same app in a browser.');
}

await buildNode();
await buildRenderer();

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function electronSqlite() {
  const dir = join(root, '.cache', 'electron-native', `electron-${electronVersion}-${process.platform}-${process.arch}`);
  const binding = join(dir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  console.error(`Preparing better-sqlite3 for Electron ${electronVersion} (once)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  cpSync(source, join(dir, 'better-sqlite3'), { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
  const opts = { cwd: join(dir, 'better-sqlite3'), stdio: 'inherit', shell: process.platform === 'win32' };
  const prebuilt = spawnSync(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], opts);
  if (prebuilt.status !== 0 || !existsSync(binding)) {
    const built = spawnSync(
      bin('node-gyp'),
      ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
      opts,
    );
    if (built.status !== 0 || !existsSync(binding)) fail('could not build better-sqlite3 for Electron (see the messages above).');
  }
  return binding;
}

const child = spawn(electron, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PRESSDESK_NATIVE_BINDING: electronSqlite() },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
