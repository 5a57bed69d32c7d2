import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Web mode's own folders inside the data directory: a full backup waits in
 * `downloads` until the browser has fetched it, an upload is written to
 * `uploads` before the engine checks it. The app has save and open dialogs
 * instead and the CLI takes paths, so only web mode has them.
 */
export function webFolders(dataDir: string): { readonly downloadDir: string; readonly uploadDir: string } {
  return { downloadDir: join(dataDir, '.archive-downloads'), uploadDir: join(dataDir, '.archive-uploads') };
}

/**
 * What an earlier run left there (a download never fetched, an upload cut
 * short) is of no use any more: removed when web mode starts.
 */
export function clearWebFolders(dataDir: string): void {
  const { downloadDir, uploadDir } = webFolders(dataDir);
  for (const dir of [downloadDir, uploadDir]) rmSync(dir, { recursive: true, force: true });
}
