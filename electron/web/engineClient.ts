import { Worker } from 'node:worker_threads';
import { CHANNEL_NAMES, type ChannelName, type Handlers } from '../../shared/contract';
import { PressdeskError, isErrorCode } from '../../shared/errors';
import { loadSharp } from '../services/assets/sharp';
import {
  ENGINE_WORKER,
  POLL_CHANNELS,
  READ_CHANNELS,
  type EngineMessage,
  type EngineRequest,
  type EngineWorkerData,
  type WireError,
} from './engineProtocol';
import type { AssetFileKind, WebArchiveRoutes, WebEventListener } from './server';

/** What web mode's HTTP host needs of the engine, wherever the engine runs. */
export interface WebEngine {
  /** Every channel of the contract (the host's `dispatch` checks input and output around them). */
  readonly handlers: Handlers;
  assetFile(kind: AssetFileKind, id: string): Promise<{ path: string; mime: string } | null>;
  readonly archive: WebArchiveRoutes;
  /** Hears the engine's events; returns the function that stops it. */
  events(listener: WebEventListener): () => void;
  close(): Promise<void>;
}

export interface EngineWorkerOptions {
  readonly dataDir: string;
  /** The worker's entry: the built `engineWorker.cjs`. */
  readonly workerFile?: string;
  /** Starts a worker another way (tests run the TypeScript entry); the default runs `workerFile`. */
  readonly createWorker?: (workerData: EngineWorkerData) => Worker;
  /** Check the database's integrity when opening it (slower on large archives). */
  readonly check?: boolean;
  /** Back the database up in the worker now and every few hours. */
  readonly automaticBackups?: boolean;
  /**
   * Answer the read channels (`READ_CHANNELS`) and find the files of stored
   * images from a second, read-only connection in a thread of its own, so
   * that a list, a search or a thumbnail does not wait behind a long write (a
   * bulk import holds the writer for one transaction per file). Default true.
   */
  readonly readConnection?: boolean;
  readonly nativeBinding?: string;
  readonly onBackupError?: (error: Error) => void;
  /** A worker failed or ended on its own: the engine is gone and the host should stop. */
  readonly onCrash?: (error: Error) => void;
  /** How long `close` waits for a worker to close its database before it is stopped (default 5 s). */
  readonly closeTimeoutMs?: number;
}

type Request = EngineRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function rebuildCause(cause: NonNullable<WireError['cause']>): Error {
  const error = new Error(cause.message);
  error.name = cause.name;
  if (cause.stack !== undefined) error.stack = cause.stack;
  return error;
}

/** The engine's failure as the error it was: a PressdeskError with its code, details and, for bugs, the cause to log. */
export function rebuildError(wire: WireError): PressdeskError {
  const error = isErrorCode(wire.code)
    ? new PressdeskError(wire.code, wire.message, wire.details)
    : new PressdeskError('INTERNAL', 'An unexpected error occurred.');
  if (wire.cause) error.cause = rebuildCause(wire.cause);
  return error;
}

/** One worker thread and the calls waiting for its answers. */
class EngineThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private closing = false;
  private gone: Error | null = null;
  readonly ready: Promise<{ uploadDir: string }>;

  constructor(
    private readonly worker: Worker,
    private readonly role: string,
    hooks: {
      onEvent(name: string, payload: unknown): void;
      onBackupFailed(error: Error): void;
      onCrash(error: Error): void;
    },
  ) {
    let started = false;
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (message: EngineMessage) => {
        switch (message.type) {
          case 'ready':
            started = true;
            resolve({ uploadDir: message.uploadDir });
            break;
          case 'failed':
            // Opening failed: its reason is what the host prints (codes as our errors, the rest as they were).
            reject(message.error.code === 'INTERNAL' ? new Error(message.error.message) : rebuildError(message.error));
            break;
          case 'result': {
            const call = this.pending.get(message.id);
            if (!call) break;
            this.pending.delete(message.id);
            if (message.ok) call.resolve(message.value);
            else call.reject(rebuildError(message.error));
            break;
          }
          case 'event':
            hooks.onEvent(message.name, message.payload);
            break;
          case 'backupFailed':
            // The log gets what really failed: a bug's own error, else ours with its code.
            hooks.onBackupFailed(message.error.cause ? rebuildCause(message.error.cause) : rebuildError(message.error));
            break;
        }
      });
      const end = (error: Error): void => {
        if (this.gone) return;
        this.gone = error;
        for (const call of this.pending.values())
          call.reject(Object.assign(new PressdeskError('INTERNAL', 'An unexpected error occurred.'), { cause: error }));
        this.pending.clear();
        if (!started) reject(error);
        else if (!this.closing) hooks.onCrash(error);
      };
      worker.on('error', (error) =>
        end(Object.assign(new Error(`The engine's ${role} thread failed: ${error.message}`), { cause: error })),
      );
      worker.on('exit', (code) => end(new Error(`The engine's ${role} thread ended (exit code ${code}).`)));
    });
  }

  request(request: Request): Promise<unknown> {
    if (this.gone || this.closing)
      return Promise.reject(
        Object.assign(new PressdeskError('INTERNAL', 'An unexpected error occurred.'), {
          cause: this.gone ?? new Error(`The engine's ${this.role} thread is closing.`),
        }),
      );
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ ...request, id });
      } catch (error) {
        // Something structured clone cannot carry: a defect of the caller, answered as INTERNAL.
        this.pending.delete(id);
        reject(Object.assign(new PressdeskError('INTERNAL', 'An unexpected error occurred.'), { cause: error }));
      }
    });
  }

  /** Lets the worker close its database, then stops it (at once after `timeoutMs`). */
  async close(timeoutMs: number): Promise<void> {
    if (this.gone) return;
    const closed = this.request({ op: 'close' }).catch(() => undefined);
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}

/**
 * Starts the engine in a worker thread (and, by default, a second one with a
 * read-only connection) and returns what web mode's host needs of it. Calls
 * are posted as `{id, op: 'call', channel, input}` and resolve with the
 * engine's value or reject with the PressdeskError it threw (anything else
 * arrives as INTERNAL, with the worker's error as its `cause`). A read goes
 * to the read-only connection only while no write is on its way to the
 * writer, so every answer still reflects the writes answered before it.
 */
export async function startEngineWorker(options: EngineWorkerOptions): Promise<WebEngine> {
  const create =
    options.createWorker ??
    ((workerData: EngineWorkerData) => {
      if (!options.workerFile) throw new Error('startEngineWorker needs workerFile or createWorker.');
      return new Worker(options.workerFile, { workerData });
    });
  // sharp's documentation: on glibc Linux the main thread must load it before worker threads
  // use it, or its native libraries are unloaded when a worker ends, under the other's feet.
  await loadSharp();
  const listeners = new Set<WebEventListener>();
  let crashed = false;
  const hooks = {
    onEvent(name: string, payload: unknown) {
      for (const listener of listeners) listener({ name, payload });
    },
    onBackupFailed: (error: Error) => options.onBackupError?.(error),
    onCrash(error: Error) {
      if (crashed) return;
      crashed = true;
      options.onCrash?.(error);
    },
  };
  const data = (role: EngineWorkerData['role']): EngineWorkerData => ({
    engine: ENGINE_WORKER,
    role,
    dataDir: options.dataDir,
    check: role === 'writer' ? options.check : false,
    automaticBackups: role === 'writer' ? options.automaticBackups : false,
    nativeBinding: options.nativeBinding,
  });

  const writer = new EngineThread(create(data('writer')), 'writer', hooks);
  let uploadDir: string;
  try {
    ({ uploadDir } = await writer.ready);
  } catch (error) {
    await writer.close(0);
    throw error;
  }
  let reader: EngineThread | null = null;
  if (options.readConnection ?? true) {
    // After the writer: it has brought the schema up to date, which a read-only connection cannot.
    reader = new EngineThread(create(data('reader')), 'reader', hooks);
    try {
      await reader.ready;
    } catch (error) {
      await reader.close(0);
      await writer.close(options.closeTimeoutMs ?? 5000);
      throw error;
    }
  }

  let writesInFlight = 0;
  const write = async (request: Request): Promise<unknown> => {
    writesInFlight += 1;
    try {
      return await writer.request(request);
    } finally {
      writesInFlight -= 1;
    }
  };
  const call = (channel: ChannelName, input: unknown): Promise<unknown> => {
    if (READ_CHANNELS.has(channel)) {
      const thread = reader && writesInFlight === 0 ? reader : writer;
      return thread.request({ op: 'call', channel, input });
    }
    if (POLL_CHANNELS.has(channel)) return writer.request({ op: 'call', channel, input });
    return write({ op: 'call', channel, input });
  };
  const handlers: Partial<Record<ChannelName, (input: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNEL_NAMES) handlers[channel] = (input) => call(channel, input);

  return {
    handlers: handlers as unknown as Handlers,
    assetFile: (kind, assetId) =>
      (reader && writesInFlight === 0 ? reader : writer).request({ op: 'assetFile', kind, assetId }) as Promise<{
        path: string;
        mime: string;
      } | null>,
    archive: {
      uploadDir,
      download: (downloadId) =>
        writer.request({ op: 'archive.download', downloadId }) as Promise<{ path: string; fileName: string } | null>,
      finishDownload: async (downloadId) => {
        await write({ op: 'archive.finishDownload', downloadId });
      },
      importFile: (file) => write({ op: 'archive.importFile', file }),
    },
    events(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      listeners.clear();
      const timeout = options.closeTimeoutMs ?? 5000;
      await reader?.close(timeout);
      await writer.close(timeout);
    },
  };
}
