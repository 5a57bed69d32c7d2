import { Worker } from 'node:worker_threads';
import { CHANNEL_NAMES, type ChannelName, type Handlers } from '../../shared/contract';
import { loadSharp } from '../services/assets/sharp';
import { EngineConnection, type EngineCall, type EngineLink } from '../services/engine/client';
import {
  ENGINE_WORKER,
  POLL_CHANNELS,
  READ_CHANNELS,
  type AssetFileKind,
  type EngineMessage,
  type EngineWorkerData,
  type WireAnswer,
} from '../services/engine/protocol';
import { clearWebFolders, webFolders } from './folders';
import { WEB_ASSET_URL_PREFIX, type WebArchiveRoutes, type WebEventListener } from './server';

export { rebuildError } from '../services/engine/client';

/** A worker thread as the link to its engine. */
function workerLink(worker: Worker, role: string): EngineLink {
  return {
    send: (request) => worker.postMessage(request),
    onMessage: (listener) => worker.on('message', (message: EngineMessage) => listener(message)),
    onEnd(listener) {
      worker.on('error', (error) =>
        listener(Object.assign(new Error(`The engine's ${role} thread failed: ${error.message}`), { cause: error })),
      );
      worker.on('exit', (code) => listener(new Error(`The engine's ${role} thread ended (exit code ${code}).`)));
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}

function thread(
  worker: Worker,
  role: string,
  hooks: ConstructorParameters<typeof EngineConnection>[2],
): EngineConnection {
  return new EngineConnection(workerLink(worker, role), `${role} thread`, hooks);
}

/** What web mode's HTTP host needs of the engine, wherever the engine runs. */
export interface WebEngine {
  /** Every channel of the contract (the host's `dispatch` checks input and output around them). */
  readonly handlers: Handlers;
  /**
   * A call as it came over HTTP (its wire JSON), parsed, checked and answered
   * by the engine; absent where the engine runs in the HTTP thread, which then
   * runs `dispatch` itself.
   */
  callWire?(channel: string, body: string): Promise<WireAnswer>;
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
    assetUrlPrefix: WEB_ASSET_URL_PREFIX,
    downloadDir: webFolders(options.dataDir).downloadDir,
  });

  clearWebFolders(options.dataDir);
  const writer = thread(create(data('writer')), 'writer', hooks);
  try {
    await writer.ready;
  } catch (error) {
    await writer.close(0);
    throw error;
  }
  let reader: EngineConnection | null = null;
  if (options.readConnection ?? true) {
    // After the writer: it has brought the schema up to date, which a read-only connection cannot.
    reader = thread(create(data('reader')), 'reader', hooks);
    try {
      await reader.ready;
    } catch (error) {
      await reader.close(0);
      await writer.close(options.closeTimeoutMs ?? 5000);
      throw error;
    }
  }

  let writesInFlight = 0;
  const write = async (request: EngineCall): Promise<unknown> => {
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
  const callWire = (channel: string, body: string): Promise<WireAnswer> => {
    const request = { op: 'callWire', channel, body } as const;
    const name = channel as ChannelName;
    if (READ_CHANNELS.has(name))
      return (reader && writesInFlight === 0 ? reader : writer).request(request) as Promise<WireAnswer>;
    if (POLL_CHANNELS.has(name)) return writer.request(request) as Promise<WireAnswer>;
    return write(request) as Promise<WireAnswer>;
  };
  const handlers: Partial<Record<ChannelName, (input: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNEL_NAMES) handlers[channel] = (input) => call(channel, input);

  return {
    handlers: handlers as unknown as Handlers,
    callWire,
    assetFile: (kind, assetId) =>
      (reader && writesInFlight === 0 ? reader : writer).request({ op: 'assetFile', kind, assetId }) as Promise<{
        path: string;
        mime: string;
      } | null>,
    archive: {
      uploadDir: webFolders(options.dataDir).uploadDir,
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
