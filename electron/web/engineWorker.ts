import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ENGINE_WORKER, type EngineRequest, type EngineWorkerData } from '../services/engine/protocol';
import { serveEngine, type EnginePort } from '../services/engine/server';

/** A worker thread's port as the engine's link to web mode's HTTP thread (web mode hands over no window ports). */
export function workerEnginePort(port: MessagePort): EnginePort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (request: EngineRequest) => listener(request, [])),
    close: () => port.close(),
  };
}

// Only a thread started as the engine serves: another host of worker threads (a test runner) is left alone.
const data = workerData as Partial<EngineWorkerData> | null;
if (!isMainThread && parentPort && data?.engine === ENGINE_WORKER)
  serveEngine(workerEnginePort(parentPort), data as EngineWorkerData);
