import type { IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, IPC_PREFIX, type Envelope, type Handlers } from '../../shared/contract';
import { parseEvent, type ContractEvent } from '../../shared/contract/engineEvents';
import { EVENT_CHANNEL } from '../../shared/contract/ipc';
import { dispatch } from '../../shared/contract/dispatch';
import { isAppUrl } from './security';

/** Only the app's own top-level page may call the engine. */
export function isTrustedSender(event: SenderEvent): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** The part of Electron's ipcMain that the binding uses. */
export interface IpcRegistry {
  handle(channel: string, listener: (event: SenderEvent, input: unknown) => Promise<Envelope<unknown>>): void;
  removeHandler(channel: string): void;
}

/**
 * Binds every channel of the contract to its handler. Each call is checked
 * for its sender frame and its payload before the handler runs.
 */
export function bindContract(ipcMain: IpcRegistry, handlers: Handlers): () => void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(IPC_PREFIX + name, async (event, input) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This frame may not call Pressdesk.' } };
      }
      return dispatch(handlers, name, input, (error) => console.error(`pressdesk: ${name} failed:`, error));
    });
  }
  return () => {
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(IPC_PREFIX + name);
  };
}

/** The part of a window the event forwarding needs. */
export interface EventTarget {
  isDestroyed(): boolean;
  readonly webContents: { getURL(): string; send(channel: string, ...args: unknown[]): void };
}

/**
 * Forwards the engine's events to the app's windows on one IPC channel:
 * each event is checked against the contract first, and only windows showing
 * the app's own page get it. Returns the function that stops forwarding.
 */
export function forwardEvents(
  onEvent: (listener: (event: ContractEvent) => void) => () => void,
  windows: () => readonly EventTarget[],
): () => void {
  return onEvent((event) => {
    const checked = parseEvent(event.name, event.payload);
    if (!checked) {
      console.error(`pressdesk: the engine sent an invalid ${event.name} event; it was not forwarded.`);
      return;
    }
    for (const win of windows()) {
      if (win.isDestroyed() || !isAppUrl(win.webContents.getURL())) continue;
      win.webContents.send(EVENT_CHANNEL, checked.name, checked.payload);
    }
  });
}
