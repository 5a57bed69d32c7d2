import type { ChannelName } from '../../shared/contract';
import type { AssetFileKind } from './server';

/**
 * The messages between web mode's HTTP thread and the engine's worker
 * threads (structured clone: `Uint8Array`s and plain data cross as they are).
 */

/** Marks the `workerData` of an engine thread. */
export const ENGINE_WORKER = 'pressdesk-engine/1';

/** What a worker is started with (`workerData`). */
export interface EngineWorkerData {
  readonly engine: typeof ENGINE_WORKER;
  /**
   * `writer`: the engine itself (every channel, jobs, events, backups).
   * `reader`: a read-only connection to the same database that answers
   * `READ_CHANNELS` while the writer is busy; started after the writer has
   * brought the schema up to date.
   */
  readonly role: 'writer' | 'reader';
  readonly dataDir: string;
  /** Check the database's integrity when opening it (writer only). */
  readonly check?: boolean;
  /** Back the database up now and every few hours (writer only). */
  readonly automaticBackups?: boolean;
  /** better-sqlite3 binary built for the running runtime, if not the default one. */
  readonly nativeBinding?: string;
}

/**
 * Channels that only read the database through SQL (no job state, no files,
 * no side effects), so a second, read-only connection answers them exactly as
 * the engine would: the list, one release, topics, the archive's search and
 * the media library. The files of stored images (`assetFile`) are found
 * there too.
 */
export const READ_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'releases.list',
  'releases.get',
  'releases.topics',
  'archive.search',
  'archive.similar',
  'assets.list',
  'assets.get',
  'assets.usage',
]);

/**
 * Channels that change nothing and read only the writer's memory (the polls
 * of running jobs): a read may overtake them without seeing an older state.
 */
export const POLL_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'archive.importProgress',
  'export.progress',
]);

export type EngineRequest =
  | { readonly id: number; readonly op: 'call'; readonly channel: ChannelName; readonly input: unknown }
  | { readonly id: number; readonly op: 'assetFile'; readonly kind: AssetFileKind; readonly assetId: string }
  | {
      readonly id: number;
      readonly op: 'archive.download' | 'archive.finishDownload';
      readonly downloadId: string;
    }
  | { readonly id: number; readonly op: 'archive.importFile'; readonly file: string }
  | { readonly id: number; readonly op: 'close' };

/** An error as it crosses the thread boundary. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  /** What a failure that is no Pressdesk error really was: for the host's log only, never for a client. */
  readonly cause?: { readonly name: string; readonly message: string; readonly stack?: string };
}

export type EngineMessage =
  | { readonly type: 'ready'; readonly uploadDir: string }
  /** Opening the data directory failed; the worker ends. */
  | { readonly type: 'failed'; readonly error: WireError }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown }
  | { readonly type: 'backupFailed'; readonly error: WireError };
