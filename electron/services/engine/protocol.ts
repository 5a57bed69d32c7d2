import type { ChannelName, Envelope } from '../../../shared/contract';
import { PressdeskError } from '../../../shared/errors';

/**
 * The messages between a host and the engine where the engine runs apart
 * from it: web mode's worker threads, the app's utility process
 * (structured clone: `Uint8Array`s and plain data cross as they are).
 */

/** The two files of a stored image a host serves. */
export type AssetFileKind = 'thumb' | 'original';

/** Marks the `workerData` of an engine thread. */
export const ENGINE_WORKER = 'pressdesk-engine/1';

/** What an engine is started with (a worker's `workerData`, the utility process's environment). */
export interface EngineWorkerData {
  readonly engine: typeof ENGINE_WORKER;
  /**
   * Whether the host answers the desktop's hooks (save and open dialogs,
   * the file manager, menus and spell checker): the app does, over `hook`
   * messages; web mode does not, and exports by download instead.
   */
  readonly hostHooks?: boolean;
  /** Where the host serves a stored image's original (`<prefix><id>`), for the in-app preview. */
  readonly assetUrlPrefix?: string;
  /** Where a full backup waits to be downloaded (web mode's folder; the app has a save dialog). */
  readonly downloadDir?: string;
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
  'mail.progress',
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
  /**
   * A call as web mode received it: the request's wire JSON, parsed, checked
   * and answered in the engine's thread, whose answer is the envelope's wire
   * JSON (`WireAnswer`). Strings cross a thread as one copy; a release's
   * document as an object graph would be cloned field by field, both ways.
   */
  | { readonly id: number; readonly op: 'callWire'; readonly channel: string; readonly body: string }
  /** A window's port comes with this message (the app): the engine answers the contract on it. */
  | { readonly id: number; readonly op: 'connect' }
  /** The host's answer to the engine's `hook` message of the same id. */
  | { readonly id: number; readonly op: 'hookResult'; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly op: 'hookResult'; readonly ok: false; readonly error: WireError }
  | { readonly id: number; readonly op: 'close' };

/** What the engine asks of a desktop host (see `HostHooks` and `ExportHostHooks`). */
export const HOST_HOOKS = [
  'onUiLanguage',
  'onSpellcheckLanguage',
  'chooseFullBackupTarget',
  'chooseFullBackupSource',
  'showInFolder',
  'chooseExportTarget',
  'revealPath',
  'smtpPassword',
  'storeSmtpPassword',
  'hasSmtpPassword',
  'teamPassword',
  'storeTeamPassword',
] as const;
export type HostHookName = (typeof HOST_HOOKS)[number];

/** The answer to `callWire`: the envelope as wire JSON and its error code, or the news that the body was no JSON. */
export type WireAnswer = { readonly text: string; readonly errorCode: string | null } | { readonly invalidJson: true };

/** An error as it crosses the thread boundary. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  /** What a failure that is no Pressdesk error really was: for the host's log only, never for a client. */
  readonly cause?: { readonly name: string; readonly message: string; readonly stack?: string };
}

export type EngineMessage =
  | { readonly type: 'ready' }
  /** Opening the data directory failed; the worker ends. */
  | { readonly type: 'failed'; readonly error: WireError }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown }
  | { readonly type: 'backupFailed'; readonly error: WireError }
  /** The engine asks the host (a dialog, the menus); the host answers with `hookResult`. */
  | { readonly type: 'hook'; readonly id: number; readonly name: HostHookName; readonly args: readonly unknown[] };

/** A window's call on its port: one channel of the contract, checked by the engine. */
export interface PortRequest {
  readonly id: number;
  readonly channel: string;
  readonly input: unknown;
}

/** What the engine sends on a window's port: a call's envelope, or an event of the contract. */
export type PortMessage =
  | { readonly type: 'result'; readonly id: number; readonly envelope: Envelope<unknown> }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown };

/** A failure as it crosses to the host: ours as they are, anything else as INTERNAL with its cause for the log. */
export function toWireError(error: unknown): WireError {
  if (error instanceof PressdeskError) return error.toPayload();
  const cause =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { name: 'Error', message: String(error) };
  return { code: 'INTERNAL', message: 'An unexpected error occurred.', cause };
}

/** The environment variable that carries the app's engine process its start data (JSON). */
export const ENGINE_DATA_ENV = 'PRESSDESK_ENGINE';
