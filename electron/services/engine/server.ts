import { join } from 'node:path';
import type { ChannelName, Handlers } from '../../../shared/contract';
import { dispatch } from '../../../shared/contract/dispatch';
import { parseEvent } from '../../../shared/contract/engineEvents';
import { fromWireJson, toWireJson } from '../../../shared/contract/wire';
import { PressdeskError } from '../../../shared/errors';
import { archiveHandlers } from '../archive/handlers';
import { ImportJobs } from '../archive/importJobs';
import { MatchCounter } from '../archive/matchCounter';
import { SearchService } from '../archive/searchService';
import { AssetStore } from '../assets/assetStore';
import { assetHandlers } from '../assets/handlers';
import { mapSqliteError, openDatabase } from '../db/connection';
import type { ExportHostHooks } from '../export/exportJobs';
import { releaseHandlers } from '../releases/handlers';
import { ReleaseRepository } from '../releases/releaseRepository';
import { DATABASE_FILE, openWorkstation, type HostHooks } from '../workstation';
import {
  READ_CHANNELS,
  type EngineMessage,
  type EngineRequest,
  type EngineWorkerData,
  type HostHookName,
  type PortMessage,
  type PortRequest,
  type WireAnswer,
} from './protocol';
import { toWireError } from './protocol';
import { recordThreadNextTo } from '../archive/recordWorkerFile';

export { toWireError };

/** A window's end of a port, whatever runtime made it (Electron's MessagePortMain, Node's MessagePort). */
export interface WindowPort {
  postMessage(message: PortMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

/** The engine's end of its link to the host: a worker's `parentPort`, the utility process's `process.parentPort`. */
export interface EnginePort {
  postMessage(message: EngineMessage): void;
  /** Every request of the host, with the window ports that came along (only `connect` brings one). */
  onMessage(listener: (request: EngineRequest, ports: readonly WindowPort[]) => void): void;
  close(): void;
}

type Answer = (request: EngineRequest) => Promise<unknown>;

interface Opened {
  readonly answer: Answer;
  readonly handlers: Handlers | null;
  onEvent(listener: (name: string, payload: unknown) => void): void;
  close(): void;
}

/** Asks the host over the port and waits for its `hookResult`. */
class HookCalls {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(private readonly send: (message: EngineMessage) => void) {}

  call(name: HostHookName, args: readonly unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'hook', id, name, args });
    });
  }

  settle(request: Extract<EngineRequest, { op: 'hookResult' }>): void {
    const waiting = this.pending.get(request.id);
    if (!waiting) return;
    this.pending.delete(request.id);
    if (request.ok) waiting.resolve(request.value);
    else waiting.reject(new PressdeskError('INTERNAL', request.error.message));
  }

  /** The engine closes: nobody will answer any more (a dialog left open counts as cancelled by its caller). */
  failAll(): void {
    for (const waiting of this.pending.values()) waiting.reject(new PressdeskError('INTERNAL', 'The engine closed.'));
    this.pending.clear();
  }
}

/**
 * The desktop's hooks as the engine sees them when it runs apart from the
 * app's main process: each one is a message to the host and, where it
 * answers something, the host's answer.
 */
function remoteHooks(hooks: HookCalls): HostHooks & ExportHostHooks {
  return {
    onUiLanguage: async (language) => {
      await hooks.call('onUiLanguage', [language]);
    },
    onSpellcheckLanguage: async (language) => {
      const languages = await hooks.call('onSpellcheckLanguage', [language]);
      return Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string') : [];
    },
    chooseFullBackupTarget: async (suggestedName) =>
      stringOrNull(await hooks.call('chooseFullBackupTarget', [suggestedName])),
    chooseFullBackupSource: async () => stringOrNull(await hooks.call('chooseFullBackupSource', [])),
    showInFolder: async (file) => {
      await hooks.call('showInFolder', [file]);
    },
    chooseExportTarget: async (kind, suggestedName) =>
      stringOrNull(await hooks.call('chooseExportTarget', [kind, suggestedName])) ?? undefined,
    revealPath: async (path) => {
      await hooks.call('revealPath', [path]);
    },
    smtpPassword: async () => {
      const password = await hooks.call('smtpPassword', []);
      return typeof password === 'string' && password !== '' ? password : null;
    },
    storeSmtpPassword: async (password) => {
      await hooks.call('storeSmtpPassword', [password]);
    },
    hasSmtpPassword: async () => (await hooks.call('hasSmtpPassword', [])) === true,
    teamPassword: async () => stringOrNull(await hooks.call('teamPassword', [])),
    storeTeamPassword: async (password) => {
      await hooks.call('storeTeamPassword', [password]);
    },
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Web mode's call as it came over HTTP: parsed, checked against the contract, answered as wire JSON. */
async function answerWire(handlers: Partial<Handlers>, channel: string, body: string): Promise<WireAnswer> {
  let input: unknown;
  try {
    input = body.length === 0 ? {} : fromWireJson(body);
  } catch {
    return { invalidJson: true };
  }
  const envelope = await dispatch(handlers as Handlers, channel, input, (error, name) =>
    console.error(`pressdesk web: ${name} failed:`, error),
  );
  return { text: toWireJson(envelope), errorCode: envelope.ok ? null : envelope.error.code };
}

function openWriter(data: EngineWorkerData, send: (message: EngineMessage) => void, hooks: HookCalls): Opened {
  const remote = data.hostHooks ? remoteHooks(hooks) : undefined;
  const ws = openWorkstation({
    dataDir: data.dataDir,
    host: data.hostHooks ? 'electron' : 'web',
    check: data.check,
    nativeBinding: data.nativeBinding,
    assetUrlPrefix: data.assetUrlPrefix,
    fullBackupDownloadDir: data.downloadDir,
    hostHooks: remote,
    exportHooks: remote,
    recordThread: recordThreadNextTo(import.meta.url, data.nativeBinding),
  });
  if (data.automaticBackups)
    ws.startAutomaticBackups({ onError: (error) => send({ type: 'backupFailed', error: toWireError(error) }) });
  return {
    handlers: ws.handlers,
    onEvent: (listener) => void ws.onEvent((event) => listener(event.name, event.payload)),
    close: () => ws.close(),
    async answer(request) {
      switch (request.op) {
        case 'call':
          return (ws.handlers[request.channel] as (input: unknown) => unknown)(request.input);
        case 'callWire':
          return answerWire(ws.handlers, request.channel, request.body);
        case 'assetFile':
          return ws.assetFile(request.kind, request.assetId);
        case 'archive.download':
          return ws.archive.download(request.downloadId);
        case 'archive.finishDownload':
          return ws.archive.finishDownload(request.downloadId);
        case 'archive.importFile':
          return ws.archive.importFile(request.file);
        default:
          return undefined;
      }
    },
  };
}

/** The read channels over a read-only connection, built by the engine's own handler factories. */
function openReader(data: EngineWorkerData): Opened {
  const file = join(data.dataDir, DATABASE_FILE);
  const db = openDatabase(file, { readonly: true, nativeBinding: data.nativeBinding });
  const counter = new MatchCounter(file, data.nativeBinding);
  const releases = new ReleaseRepository(db);
  const assets = new AssetStore(db, data.dataDir);
  const all: Partial<Handlers> = {
    ...releaseHandlers(releases),
    ...archiveHandlers(new SearchService(db, counter), new ImportJobs(releases)),
    ...assetHandlers(assets),
  };
  const handlers = new Map<ChannelName, (input: unknown) => unknown>();
  for (const channel of READ_CHANNELS) handlers.set(channel, all[channel] as (input: unknown) => unknown);
  // Driver errors (a locked or damaged file) leave as our codes, as the workstation's handlers do.
  const readHandlers: Partial<Handlers> = Object.fromEntries(
    [...handlers].map(([channel, handler]) => [
      channel,
      async (input: unknown) => {
        try {
          return await handler(input);
        } catch (error) {
          throw mapSqliteError(error, file) ?? error;
        }
      },
    ]),
  );
  const answer = async (request: EngineRequest): Promise<unknown> => {
    if (request.op === 'callWire' && READ_CHANNELS.has(request.channel as ChannelName))
      return answerWire(readHandlers, request.channel, request.body);
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
    handlers: null,
    onEvent: () => undefined,
    close: () => {
      counter.close();
      db.close();
    },
    async answer(request) {
      try {
        return await answer(request);
      } catch (error) {
        throw mapSqliteError(error, file) ?? error;
      }
    },
  };
}

function isPortRequest(value: unknown): value is PortRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { id, channel } = value as Partial<PortRequest>;
  return typeof id === 'number' && Number.isSafeInteger(id) && typeof channel === 'string';
}

/**
 * Answers the contract on a window's port, as the IPC binding did in the
 * main process: each call is checked against the contract (`dispatch`)
 * before its handler runs, and every event goes out checked against its
 * schema. The host hands a port only to the app's own page.
 */
function serveWindow(port: WindowPort, handlers: Handlers, windows: Set<WindowPort>): void {
  windows.add(port);
  port.onClose(() => windows.delete(port));
  port.onMessage((message) => {
    // Anything else on the port is no call of the contract: ignored, as an unknown IPC channel would be.
    if (!isPortRequest(message)) return;
    void dispatch(handlers, message.channel, message.input, (error, channel) =>
      console.error(`pressdesk engine: ${channel} failed:`, error),
    ).then((envelope) => {
      try {
        port.postMessage({ type: 'result', id: message.id, envelope });
      } catch (error) {
        // A window that went away cannot be answered; nothing else depends on it.
        windows.delete(port);
        console.error('pressdesk engine: a window could not be answered:', error);
      }
    });
  });
}

/**
 * The engine apart from its host: answers the requests on `port` until it is
 * told to close. The writer opens the workstation on the data directory and
 * answers every call, pushes the engine's events (to the host, and to every
 * window port it was handed) and runs the automatic backups; the reader
 * answers the read channels from a read-only connection. Each call is
 * answered as the engine answers it in-process; a failure crosses as
 * `{code, message, details}`.
 */
export function serveEngine(port: EnginePort, data: EngineWorkerData): void {
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
  const hooks = new HookCalls(send);
  let opened: Opened;
  try {
    opened = data.role === 'reader' ? openReader(data) : openWriter(data, send, hooks);
  } catch (error) {
    const wire = toWireError(error);
    // The host prints why it could not start: a failure to open is no secret of the engine.
    send({ type: 'failed', error: wire.cause ? { ...wire, message: wire.cause.message } : wire });
    port.close();
    return;
  }
  const windows = new Set<WindowPort>();
  opened.onEvent((name, payload) => {
    send({ type: 'event', name, payload });
    if (windows.size === 0) return;
    const checked = parseEvent(name, payload);
    if (!checked) {
      console.error(`pressdesk engine: an invalid ${name} event was not sent to the windows.`);
      return;
    }
    for (const window of windows) {
      try {
        window.postMessage({ type: 'event', name: checked.name, payload: checked.payload });
      } catch {
        windows.delete(window);
      }
    }
  });
  let closed = false;
  port.onMessage((request, ports) => {
    if (request.op === 'hookResult') {
      hooks.settle(request);
      return;
    }
    if (request.op === 'connect') {
      for (const window of ports) {
        if (closed || !opened.handlers) window.close();
        else serveWindow(window, opened.handlers, windows);
      }
      send({ type: 'result', id: request.id, ok: true, value: undefined });
      return;
    }
    if (request.op === 'close') {
      if (!closed) {
        closed = true;
        for (const window of windows) window.close();
        windows.clear();
        hooks.failAll();
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
  send({ type: 'ready' });
}
