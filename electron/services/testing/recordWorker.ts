import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { RECORD_WORKER_LIMITS } from '../archive/recordThread';

const TSX = createRequire(import.meta.url).resolve('tsx/cjs/api');
const ENTRY = fileURLToPath(new URL('../archive/recordWorker.ts', import.meta.url));

/**
 * Starts the import's record thread from its TypeScript source, through
 * tsx's require hook inside the worker (the built hosts start the bundled
 * `recordWorker.cjs` with the same code).
 */
export function sourceRecordThread(limits: ResourceLimits = RECORD_WORKER_LIMITS): Worker {
  return new Worker(`require(${JSON.stringify(TSX)}).register(); require(${JSON.stringify(ENTRY)});`, {
    eval: true,
    resourceLimits: limits,
  });
}
