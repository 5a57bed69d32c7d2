import { ENGINE_DATA_ENV, ENGINE_WORKER, type EngineRequest, type EngineWorkerData } from '../services/engine/protocol';
import { serveEngine, type EnginePort, type WindowPort } from '../services/engine/server';

/**
 * The app's engine process: Electron's utility process runs this file. The
 * main process forks it with the engine's start data in `ENGINE_DATA_ENV`,
 * talks to it over `process.parentPort` (requests, the engine's events and
 * its questions to the desktop) and hands it one `MessagePort` per window,
 * on which the engine answers the window's contract calls directly — the
 * main process and its menus never wait for the database.
 */

/** Electron's `MessagePortMain`, as far as the engine uses it. */
export interface MainPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

/** Electron's `process.parentPort`, as far as the engine uses it. */
export interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: readonly MainPort[] }) => void): unknown;
}

/** A window's port for the engine. */
export function windowPort(port: MainPort): WindowPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage(listener) {
      port.on('message', (event) => listener(event.data));
      port.start();
    },
    onClose: (listener) => void port.on('close', listener),
    close: () => port.close(),
  };
}

/** The link to the main process for the engine. Only `connect` may bring ports; others' ports are closed unused. */
export function parentEnginePort(parent: ParentPort, exit: (code: number) => void): EnginePort {
  return {
    postMessage: (message) => parent.postMessage(message),
    onMessage: (listener) =>
      void parent.on('message', (event) => {
        const request = event.data as EngineRequest;
        if (request.op !== 'connect') for (const port of event.ports) port.close();
        listener(request, request.op === 'connect' ? event.ports.map(windowPort) : []);
      }),
    // Opening failed and was reported: the main process decides what follows, this process ends.
    close: () => setTimeout(() => exit(1), 100),
  };
}

/** Reads the start data; anything else than what the main process writes is refused. */
export function engineDataFromEnv(env: NodeJS.ProcessEnv): EngineWorkerData | null {
  const raw = env[ENGINE_DATA_ENV];
  if (!raw) return null;
  try {
    const data = JSON.parse(raw) as Partial<EngineWorkerData>;
    return data.engine === ENGINE_WORKER && typeof data.dataDir === 'string' && data.role === 'writer'
      ? (data as EngineWorkerData)
      : null;
  } catch {
    return null;
  }
}

const parent = (process as { parentPort?: ParentPort }).parentPort;
const data = engineDataFromEnv(process.env);
if (parent && data)
  serveEngine(
    parentEnginePort(parent, (code) => process.exit(code)),
    data,
  );
