import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { EngineWorkerData } from '../engine/protocol';

/**
 * Electron's utility process and `MessageChannelMain` where the Electron
 * binary is absent: the app's real engine entry (`electron/main/engineProcess.ts`)
 * runs in a worker thread, behind a parent port of Electron's shape (messages
 * arrive as `{data, ports}`, ports as `MessagePortMain`s). The main process's
 * wiring is then tested against the engine it really starts.
 */

const TSX = createRequire(import.meta.url).resolve('tsx/cjs/api');
const ENTRY = join(__dirname, '..', '..', 'main', 'engineProcess.ts');
const SERVER = join(__dirname, '..', 'engine', 'server.ts');

/** Runs in the worker: Node's ports dressed as Electron's, then the engine as the utility process serves it. */
const BOOTSTRAP = `
require(${JSON.stringify(TSX)}).register();
const { parentPort, workerData } = require('node:worker_threads');
const { parentEnginePort } = require(${JSON.stringify(ENTRY)});
const { serveEngine } = require(${JSON.stringify(SERVER)});
const mainPort = (port) => ({
  postMessage: (message) => port.postMessage(message),
  on: (event, listener) =>
    event === 'message' ? port.on('message', (data) => listener({ data })) : port.on('close', listener),
  start: () => undefined,
  close: () => port.close(),
});
const parent = {
  postMessage: (message) => parentPort.postMessage(message),
  on: (_event, listener) =>
    parentPort.on('message', ({ data, ports }) => listener({ data, ports: ports.map(mainPort) })),
};
serveEngine(parentEnginePort(parent, (code) => process.exit(code)), workerData);
`;

/** A utility process as far as the main process uses it (postMessage with ports, message, exit, kill). */
export class FakeUtilityProcess extends EventEmitter {
  readonly worker: Worker;
  readonly data: EngineWorkerData;

  constructor(data: EngineWorkerData) {
    super();
    this.data = data;
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
    this.worker.on('message', (message: unknown) => this.emit('message', message));
    this.worker.on('exit', (code) => this.emit('exit', code));
  }

  postMessage(message: unknown, transfer: unknown[] = []): void {
    const ports = transfer as MessagePort[];
    this.worker.postMessage({ data: message, ports }, ports);
  }

  kill(): boolean {
    void this.worker.terminate();
    return true;
  }
}

/** `new MessageChannelMain()` in a test: a pair of Node ports that can be handed to the engine's thread. */
export function fakeChannel(): { port1: MessagePort; port2: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  return { port1, port2 };
}
