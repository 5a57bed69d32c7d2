import { join } from 'node:path';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ChannelName, Handlers } from '../../shared/contract';
import { PressdeskError } from '../../shared/errors';
import { archiveHandlers } from '../services/archive/handlers';
import { ImportJobs } from '../services/archive/importJobs';
import { SearchService } from '../services/archive/searchService';
import { AssetStore } from '../services/assets/assetStore';
import { assetHandlers } from '../services/assets/handlers';
import { mapSqliteError, openDatabase } from '../services/db/connection';
import { releaseHandlers } from '../services/releases/handlers';
import { ReleaseRepository } from '../services/releases/releaseRepository';
import { DATABASE_FILE, openWorkstation } from '../services/workstation';
import {
  ENGINE_WORKER,
  READ_CHANNELS,
  type EngineMessage,
  type EngineRequest,
  type EngineWorkerData,
  type WireError,
} from './engineProtocol';

/** A failure as it crosses to the HTTP thread: ours as they are, anything else as INTERNAL with its cause for the log. */
export function toWireError(error: unknown): WireError {
  if (error instanceof PressdeskError) return error.toPayload();
  const cause =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { name: 'Error', message: String(error) };
  return { code: 'INTERNAL', message: 'An unexpected error occurred.', cause };
}

type Answer = (request: EngineRequest) => Promise<unknown>;

interface Opened {
  readonly answer: Answer;
  readonly uploadDir: string;
  close(): void;
}

function openWriter(data: EngineWorkerData, send: (message: EngineMessage) => void): Opened {
  const ws = openWorkstation({
    dataDir: data.dataDir,
    host: 'web',
    check: data.check,
    nativeBinding: data.nativeBinding,
  });
  ws.onEvent((event) => send({ type: 'event', name: event.name, payload: event.payload }));
  if (data.automaticBackups)
    ws.startAutomaticBackups({ onError: (error) => send({ type: 'backupFailed', error: toWireError(error) }) });
  return {
    uploadDir: ws.archive.uploadDir,
    close: () => ws.close(),
    async answer(request) {
      switch (request.op) {
        case 'call':
          return (ws.handlers[request.channel] as (input: unknown) => unknown)(request.input);
        case 'assetFile':
          return ws.assetFile(request.kind, request.assetId);
        case 'archive.download':
          return ws.archive.download(request.downloadId);
        case 'archive.finishDownload':
          return ws.archive.finishDownload(request.downloadId);
        case 'archive.importFile':
          return ws.archive.importFile(request.file);
        case 'close':
          return undefined;
      }
    },
  };
}

/** The read channels over a read-only connection, built by the engine's own handler factories. */
function openReader(data: EngineWorkerData): Opened {
  const file = join(data.dataDir, DATABASE_FILE);
  const db = openDatabase(file, { readonly: true, nativeBinding: data.nativeBinding });
  const releases = new ReleaseRepository(db);
  const assets = new AssetStore(db, data.dataDir);
  const all: Partial<Handlers> = {
    ...releaseHandlers(releases),
    ...archiveHandlers(new SearchService(db), new ImportJobs(releases)),
    ...assetHandlers(assets),
  };
  const handlers = new Map<ChannelName, (input: unknown) => unknown>();
  for (const channel of READ_CHANNELS) handlers.set(channel, all[channel] as (input: unknown) => unknown);
  const answer = async (request: EngineRequest): Promise<unknown> => {
    if (request.op === 'assetFile') {
      // As the workstation finds them; a missing thumbnail is made again from the original, written atomically.
      if (!assets.find(request.assetId)) return null;
      return request.kind === 'thumb' ? assets.thumbnail(request.assetId) : assets.original(request.assetId);
    }
    const handler = request.op === 'call' ? handlers.get(request.channel) : undefined;
    if (request.op !== 'call' || !handler)
      throw new PressdeskError('INTERNAL', 'The read-only connection answers only the read channels.');
    return handler(request.input);
  };
  return {
    uploadDir: '',
    close: () => db.close(),
    async answer(request) {
      try {
        return await answer(request);
      } catch (error) {
        throw mapSqliteError(error, file) ?? error;
      }
    },
  };
}

/**
 * Web mode's engine thread: answers the requests on `port` until it is told
 * to close. The writer opens the workstation on the data directory and
 * answers every call, pushes the engine's events and runs the automatic
 * backups; the reader answers the read channels from a read-only connection.
 * Each call is answered as the engine answers it in-process; a failure
 * crosses as `{code, message, details}`.
 */
export function serveEngine(port: MessagePort, data: EngineWorkerData): void {
  const send = (message: EngineMessage): void => {
    try {
      port.postMessage(message);
    } catch (error) {
      // A value structured clone cannot carry is a defect of the engine: the call still gets its answer.
      if (message.type === 'result')
        port.postMessage({ type: 'result', id: message.id, ok: false, error: toWireError(error) });
      else if (message.type !== 'event') throw error;
    }
  };
  let opened: Opened;
  try {
    opened = data.role === 'reader' ? openReader(data) : openWriter(data, send);
  } catch (error) {
    const wire = toWireError(error);
    // The host prints why it could not start: a failure to open is no secret of the engine.
    send({ type: 'failed', error: wire.cause ? { ...wire, message: wire.cause.message } : wire });
    port.close();
    return;
  }
  let closed = false;
  port.on('message', (request: EngineRequest) => {
    if (request.op === 'close') {
      if (!closed) {
        closed = true;
        opened.close();
      }
      send({ type: 'result', id: request.id, ok: true, value: undefined });
      return;
    }
    if (closed) {
      send({ type: 'result', id: request.id, ok: false, error: toWireError(new Error('The engine is closed.')) });
      return;
    }
    opened.answer(request).then(
      (value) => send({ type: 'result', id: request.id, ok: true, value }),
      (error: unknown) => send({ type: 'result', id: request.id, ok: false, error: toWireError(error) }),
    );
  });
  send({ type: 'ready', uploadDir: opened.uploadDir });
}

// Only a thread started as the engine serves: another host of worker threads (a test runner) is left alone.
const data = workerData as Partial<EngineWorkerData> | null;
if (!isMainThread && parentPort && data?.engine === ENGINE_WORKER) serveEngine(parentPort, data as EngineWorkerData);
