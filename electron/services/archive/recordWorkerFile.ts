import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RECORD_WORKER_LIMITS, type RecordWorkerData } from './recordThread';

/** The record thread's entry as the build writes it, next to each host's bundle (`scripts/build.mjs`). */
export const RECORD_WORKER_FILE = 'recordWorker.cjs';

/**
 * How a host built into `out/` starts the import's record thread: from the
 * `recordWorker.cjs` next to its own bundle (`moduleUrl`, the bundle's
 * `import.meta.url`), with the SQLite driver the engine loads. Undefined when that file is not there (the sources run
 * through a loader): the import then checks records on the engine's thread.
 */
export function recordThreadNextTo(moduleUrl: string, nativeBinding?: string): (() => Worker) | undefined {
  if (!moduleUrl.startsWith('file:')) return undefined;
  const file = join(dirname(fileURLToPath(moduleUrl)), RECORD_WORKER_FILE);
  const workerData: RecordWorkerData = { nativeBinding };
  return existsSync(file) ? () => new Worker(file, { workerData, resourceLimits: RECORD_WORKER_LIMITS }) : undefined;
}
