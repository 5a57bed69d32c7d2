import { contextBridge, ipcRenderer } from 'electron';
import { IPC_PREFIX } from '../../shared/contract/ipc';

/**
 * The renderer's only door to the system: one frozen object with one method.
 * Channel names are checked again in main, together with the sender frame and
 * the payload.
 */
const bridge = Object.freeze({
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !/^[a-z]+\.[A-Za-z]+$/.test(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel.' } });
    }
    return ipcRenderer.invoke(IPC_PREFIX + channel, input) as Promise<unknown>;
  },
});

contextBridge.exposeInMainWorld('pressdesk', bridge);
