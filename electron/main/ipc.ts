import type { IpcMainEvent } from 'electron';
import { isAppUrl } from './security';

/**
 * Only the app's own top-level page may reach the engine: main hands a port
 * to the engine only to a sender this accepts.
 */
export function isTrustedSender(event: Pick<IpcMainEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
