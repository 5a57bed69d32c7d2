import { accessSync, constants, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { PressdeskError } from '../../../shared/errors';
import { PRODUCT_NAME } from '../version';

/**
 * Where Pressdesk keeps its data when nothing else is said: the same folder
 * Electron calls userData (`<appData>/Pressdesk`), so that the app, web mode
 * and the CLI share one archive by default.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** `--data-dir DIR` / `--data-dir=DIR` wins over PRESSDESK_DATA_DIR, which wins over the default. */
export function resolveDataDir(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  fallback?: string,
): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir' && argv[i + 1]) return resolve(argv[i + 1]!);
    if (arg.startsWith('--data-dir=')) return resolve(arg.slice('--data-dir='.length));
  }
  if (env.PRESSDESK_DATA_DIR) return resolve(env.PRESSDESK_DATA_DIR);
  return resolve(fallback ?? defaultDataDir(env));
}

/** Creates the data directory if needed and proves it can be written, or throws DATA_DIR_NOT_WRITABLE. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.R_OK | constants.W_OK);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOSPC') throw new PressdeskError('DISK_FULL', `The disk holding ${dir} is full.`, { dir });
    throw new PressdeskError('DATA_DIR_NOT_WRITABLE', `The data directory cannot be used: ${dir} (${code}).`, {
      dir,
      reason: code,
    });
  }
}
