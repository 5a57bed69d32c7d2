import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation } from '../workstation';
import { exportRelease, installedThemePath, STYLESHEET } from './bundle';
import { engineInternals } from '../testing/internals';

const ROOT = resolve(__dirname, '..', '..', '..');
const INSTALLED = readFileSync(join(ROOT, 'resources', 'export-theme.css'), 'utf8');
const HOSTILE = '/* hostile */ body { background: url(https://tracker.example/pixel) }';

let tmp: ReturnType<typeof makeTempDir>;
const startDir = process.cwd();
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  process.chdir(startDir);
  tmp.cleanup();
});

/** A folder to start commands in, holding its own `resources/export-theme.css`. */
function hostileDir(name = 'work'): string {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'resources', 'export-theme.css'), HOSTILE);
  return dir;
}

const release = JSON.stringify({
  format: 'pressdesk.release/1',
  language: 'de',
  id: 'theme-1',
  headline: 'Neue Radwege',
  topic: 'Verkehr',
});

describe('the export theme', () => {
  it('is looked up in the installation only: next to the built bundles or the source tree', () => {
    const install = join(tmp.dir, 'pressdesk');
    expect(installedThemePath(join(install, 'out', 'cli'))).toBe(join(install, 'resources', 'export-theme.css'));
    expect(installedThemePath(join(install, 'out', 'main'))).toBe(join(install, 'resources', 'export-theme.css'));
    expect(installedThemePath(join(install, 'electron', 'services', 'export'))).toBe(
      join(install, 'resources', 'export-theme.css'),
    );
    expect(installedThemePath(__dirname)).toBe(join(ROOT, 'resources', 'export-theme.css'));
    expect(installedThemePath(join(tmp.dir, 'somewhere', 'else'))).toBeNull();
  });

  it('comes from the installation when the export runs in a folder holding a theme of its own', async () => {
    const data = join(tmp.dir, 'data');
    const ws = openWorkstation({ dataDir: data, host: 'cli' });
    try {
      writeFileSync(join(tmp.dir, 'r.json'), release);
      await ws.importFiles([join(tmp.dir, 'r.json')]);
      process.chdir(hostileDir());
      const out = join(tmp.dir, 'bundle');
      await exportRelease(engineInternals(ws), 'theme-1', {
        out,
        settings: { office: { name: 'Stadt', url: 'https://stadt.example/' } },
      });
      expect(readFileSync(join(out, STYLESHEET), 'utf8')).toBe(INSTALLED);
    } finally {
      ws.close();
    }
  });

  it('is found the same way when the sources run as ES modules, from a folder holding another', () => {
    const cwd = hostileDir();
    const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const module = pathToFileURL(join(__dirname, 'bundle.ts')).href;
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        loader,
        '--input-type=module',
        '-e',
        `process.stdout.write((await import('${module}')).exportTheme())`,
      ],
      { cwd, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(INSTALLED);
  }, 60_000);

  describe('of the built command line tool', () => {
    /** An installation of the built CLI: out/cli/pressdesk.cjs and, if given, its theme. */
    function install(dir: string, theme: string | null): string {
      const bin = join(ROOT, 'bin', 'pressdesk.cjs');
      // Builds the bundle when it is missing or older than the sources.
      execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
      mkdirSync(join(dir, 'out', 'cli'), { recursive: true });
      copyFileSync(join(ROOT, 'out', 'cli', 'pressdesk.cjs'), join(dir, 'out', 'cli', 'pressdesk.cjs'));
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      if (theme !== null) {
        mkdirSync(join(dir, 'resources'));
        writeFileSync(join(dir, 'resources', 'export-theme.css'), theme);
      }
      return join(dir, 'out', 'cli', 'pressdesk.cjs');
    }

    function run(cli: string, cwd: string, ...args: string[]) {
      return spawnSync(process.execPath, [cli, ...args, '--data-dir', join(tmp.dir, 'data')], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, PRESSDESK_DATA_DIR: '' },
      });
    }

    it('uses the installed theme from a working directory holding another', () => {
      const cli = install(join(tmp.dir, 'pressdesk'), '/* installed */ body { color: #222 }');
      const cwd = hostileDir();
      writeFileSync(join(cwd, 'r.json'), release);
      expect(run(cli, cwd, 'import', 'r.json').status).toBe(0);
      const out = join(tmp.dir, 'bundle');
      const exported = run(cli, cwd, 'export', 'theme-1', '--out', out);
      expect(exported.status).toBe(0);
      expect(readFileSync(join(out, STYLESHEET), 'utf8')).toBe('/* installed */ body { color: #222 }');
    }, 60_000);

    it('refuses to export when the installation lacks its theme, whatever the working directory or the folders above hold', () => {
      // The folder above the installation holds a theme too: it is not the installation's either.
      const above = hostileDir('apps');
      const cli = install(join(above, 'pressdesk'), null);
      const cwd = hostileDir();
      writeFileSync(join(cwd, 'r.json'), release);
      expect(run(cli, cwd, 'import', 'r.json').status).toBe(0);
      const out = join(tmp.dir, 'bundle');
      const exported = run(cli, cwd, 'export', 'theme-1', '--out', out);
      expect(exported.status).not.toBe(0);
      expect(exported.stderr).toContain('[INTERNAL]');
      expect(existsSync(out)).toBe(false);
    }, 60_000);
  });
});
