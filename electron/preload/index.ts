import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_CHANNEL, isAppCommand, type AppCommand } from '../../shared/commands';
import { EVENT_CHANNEL, IPC_PREFIX } from '../../shared/contract/ipc';

/**
 * The renderer's only door to the system: one frozen object with three
 * methods. `invoke` calls the engine; channel names are checked again in
 * main, together with the sender frame and the payload. `onCommand` hears the
 * application menu: it passes on only the names of the fixed command list,
 * never the IPC event or anything else main might send. `onEvent` hears the
 * engine's pushed events (job progress): it passes on an event's name (of the
 * contract's form) and its payload, never the IPC event; the page checks the
 * payload against the contract.
 */
const bridge = Object.freeze({
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !/^[a-z]+\.[A-Za-z]+$/.test(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel.' } });
    }
    return ipcRenderer.invoke(IPC_PREFIX + channel, input) as Promise<unknown>;
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
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string' && /^[a-z]+\.onDid[A-Za-z]+$/.test(name)) listener(name, payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
});

contextBridge.exposeInMainWorld('pressdesk', bridge);
