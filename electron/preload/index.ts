import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_CHANNEL, isAppCommand, type AppCommand } from '../../shared/commands';
import { ENGINE_CONNECT_CHANNEL, ENGINE_PORT_CHANNEL } from '../../shared/contract/ipc';

/**
 * The renderer's only door to the system: one frozen object with three
 * methods. `invoke` calls the engine, which runs in a process of its own:
 * main hands this page a `MessagePort` to it (asked for on every load, and
 * again when the engine had to be started anew), and every call travels on
 * that port; the engine checks the payload against the contract. `onCommand`
 * hears the application menu: it passes on only the names of the fixed
 * command list, never the IPC event or anything else main might send.
 * `onEvent` hears the engine's pushed events (job progress) on the same
 * port: it passes on an event's name (of the contract's form) and its
 * payload; the page checks the payload against the contract.
 */

interface Envelope {
  readonly ok: boolean;
}

/** The page's port to the engine: a DOM `MessagePort`, as far as the preload uses it. */
interface EnginePort {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

let port: EnginePort | null = null;
let nextId = 1;
/** Calls made before the port arrived, sent as soon as it does. */
const waiting: { id: number; channel: string; input: unknown }[] = [];
const pending = new Map<number, (envelope: Envelope) => void>();
const eventListeners = new Set<(name: string, payload: unknown) => void>();

const ENGINE_GONE = {
  ok: false,
  error: { code: 'INTERNAL', message: 'The engine stopped before it answered; it has been started again.' },
} as const;

function receive(message: unknown): void {
  if (typeof message !== 'object' || message === null) return;
  const m = message as { type?: unknown; id?: unknown; envelope?: unknown; name?: unknown; payload?: unknown };
  if (m.type === 'result' && typeof m.id === 'number') {
    const settle = pending.get(m.id);
    pending.delete(m.id);
    if (settle && typeof m.envelope === 'object' && m.envelope !== null) settle(m.envelope as Envelope);
  } else if (m.type === 'event' && typeof m.name === 'string' && /^[a-z]+\.onDid[A-Za-z]+$/.test(m.name)) {
    for (const listener of eventListeners) listener(m.name, m.payload);
  }
}

ipcRenderer.on(ENGINE_PORT_CHANNEL, (event: IpcRendererEvent) => {
  const next = (event.ports as unknown as readonly EnginePort[])[0];
  if (!next) return;
  if (port) {
    // A new port means a new engine: what was asked of the old one will not be answered.
    port.close();
    for (const settle of pending.values()) settle(ENGINE_GONE);
    pending.clear();
  }
  port = next;
  port.onmessage = (message: { data: unknown }) => receive(message.data);
  port.start();
  for (const call of waiting.splice(0)) send(call);
});
ipcRenderer.send(ENGINE_CONNECT_CHANNEL);

function send(call: { id: number; channel: string; input: unknown }): void {
  if (!port) {
    waiting.push(call);
    return;
  }
  try {
    port.postMessage(call);
  } catch {
    // Something that cannot be copied to the engine (a function, a DOM node) is no valid input.
    pending.get(call.id)?.({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The input cannot be sent to the engine.' },
    } as Envelope);
    pending.delete(call.id);
  }
}

const bridge = Object.freeze({
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !/^[a-z]+\.[A-Za-z]+$/.test(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel.' } });
    }
    const id = nextId++;
    return new Promise<Envelope>((resolve) => {
      pending.set(id, resolve);
      send({ id, channel, input });
    });
  },
  onCommand(listener: (command: AppCommand) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onCommand expects a function.');
    const forward = (_event: IpcRendererEvent, command: unknown): void => {
      if (isAppCommand(command)) listener(command);
    };
    ipcRenderer.on(COMMAND_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(COMMAND_CHANNEL, forward);
    };
  },
  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onEvent expects a function.');
    // Each subscription is its own entry, so the same function subscribed twice is heard twice and unsubscribed once.
    const entry = (name: string, payload: unknown): void => listener(name, payload);
    eventListeners.add(entry);
    return () => {
      eventListeners.delete(entry);
    };
  },
});

contextBridge.exposeInMainWorld('pressdesk', bridge);
