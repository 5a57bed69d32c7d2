'use strict';
// Electron and a better-sqlite3 binary built for Electron's ABI.
// node_modules/better-sqlite3 stays built for Node (tests, CLI, web mode); the
// app gets its own copy, built once and cached under .cache/.
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { dirname, join, sep } = require('node:path');

const root = join(__dirname, '..');

function electronDir() {
  return dirname(require.resolve('electron/package.json', { paths: [root] }));
}

/** The installed Electron binary, or undefined. */
function findElectron() {
  const dir = electronDir();
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'),
    readFileSync(pathFile, 'utf8').trim(),
  );
  return existsSync(binary) ? binary : undefined;
}

/** The Electron binary, downloading it once if npm ci skipped that; undefined where impossible. */
function ensureElectron() {
  const found = findElectron();
  if (found) return found;
  process.stderr.write('Downloading Electron (once)…\n');
  spawnSync(process.execPath, [join(electronDir(), 'install.js')], { stdio: 'pipe', timeout: 15 * 60_000 });
  return findElectron();
}

function electronVersion() {
  return JSON.parse(readFileSync(join(electronDir(), 'package.json'), 'utf8')).version;
}

/** Path of better_sqlite3.node built for the installed Electron; builds it on first use. */
function ensureElectronSqlite() {
  const version = electronVersion();
  const dir = join(root, '.cache', 'electron-native', `electron-${version}-${process.platform}-${process.arch}`);
  const pkg = join(dir, 'better-sqlite3');
  const binding = join(pkg, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  process.stderr.write(`Preparing better-sqlite3 for Electron ${version} (once)…\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const source = dirname(require.resolve('better-sqlite3/package.json', { paths: [root] }));
  cpSync(source, pkg, {
    recursive: true,
    filter: (p) => !p.startsWith(join(source, 'build') + sep) && p !== join(source, 'build'),
  });
  const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  const opts = { cwd: pkg, stdio: 'inherit', shell: process.platform === 'win32' };
  const prebuilt = spawnSync(
    bin('prebuild-install'),
    ['--runtime', 'electron', '--target', version, '--arch', process.arch],
    opts,
  );
  if (prebuilt.status !== 0 || !existsSync(binding)) {
    spawnSync(
      bin('node-gyp'),
      [
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${version}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      opts,
    );
  }
  if (!existsSync(binding)) throw new Error('could not build better-sqlite3 for Electron (see the messages above)');
  return binding;
}

module.exports = { root, findElectron, ensureElectron, ensureElectronSqlite };
