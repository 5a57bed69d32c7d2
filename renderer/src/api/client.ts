import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '../../../shared/contract';
import type { FullBackupImportResult } from '../../../shared/contract/backup';
import { EVENT_NAMES, parseEvent } from '../../../shared/contract/engineEvents';
import { fromWireJson, toWireJson } from '../../../shared/contract/wire';
import { isErrorCode, type ErrorCode } from '../../../shared/errors';
import type { Api, PressdeskBridge } from './types';

/** An error answered by the engine, with its stable code for translation. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Web mode: the same contract over loopback HTTP, authenticated by the session cookie. */
function httpBridge(base: string): PressdeskBridge {
  return {
    onEvent: eventStream(`${base}/events`),
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: toWireJson(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        return { ok: false, error: { code: 'NETWORK', message: 'The Pressdesk engine cannot be reached.' } };
      }
      try {
        return fromWireJson(await response.text()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { code: 'NETWORK', message: `Unexpected answer (HTTP ${response.status}).` } };
      }
    },
  };
}

/**
 * Web mode's events: one server-sent event stream (`GET /events`, the same
 * session cookie as every request), opened with the first listener and
 * closed with the last.
 */
function eventStream(url: string): NonNullable<PressdeskBridge['onEvent']> {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let source: EventSource | null = null;
  return (listener) => {
    listeners.add(listener);
    if (!source && typeof EventSource === 'function') {
      source = new EventSource(url);
      for (const name of EVENT_NAMES) {
        source.addEventListener(name, (message) => {
          let payload: unknown;
          try {
            payload = fromWireJson((message as MessageEvent<string>).data);
          } catch {
            return;
          }
          for (const l of listeners) l(name, payload);
        });
      }
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        source?.close();
        source = null;
      }
    };
  };
}

export function createApi(bridge: PressdeskBridge): Api {
  const onEvent = bridge.onEvent?.bind(bridge);
  return {
    // Events are checked against the contract here too: the page trusts no payload it did not check.
    ...(onEvent
      ? {
          subscribe: (listener) =>
            onEvent((name, payload) => {
              const event = parseEvent(name, payload);
              if (event) listener(event);
            }),
        }
      : {}),
    async call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
      const envelope = await bridge.invoke(channel, input);
      if (envelope.ok) return envelope.value as ChannelOutput<K>;
      const { code, message, details } = envelope.error;
      throw new ApiError(isErrorCode(code) ? code : code === 'NETWORK' ? 'NETWORK' : 'INTERNAL', message, details);
    },
  };
}

function errorOf(envelope: Envelope<unknown>): ApiError {
  if (envelope.ok) return new ApiError('INTERNAL', 'Unexpected answer.');
  const { code, message, details } = envelope.error;
  return new ApiError(isErrorCode(code) ? code : code === 'NETWORK' ? 'NETWORK' : 'INTERNAL', message, details);
}

/** Web mode: the archive goes as the raw request body (streamed by the browser, never read into a string). */
async function uploadFullBackup(file: Blob): Promise<FullBackupImportResult> {
  let response: Response;
  try {
    response = await fetch('/full-backup/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('NETWORK', 'The Pressdesk engine cannot be reached.');
  }
  let envelope: Envelope<unknown>;
  try {
    envelope = fromWireJson(await response.text()) as Envelope<unknown>;
  } catch {
    throw new ApiError('NETWORK', `Unexpected answer (HTTP ${response.status}).`);
  }
  if (!envelope.ok) throw errorOf(envelope);
  return envelope.value as FullBackupImportResult;
}

/** Web mode: an ordinary link download, so the browser streams the file to disk. */
function downloadFullBackup(download: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = `/full-backup/download/${encodeURIComponent(download)}`;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** The api of this window: Electron's bridge when present, else web mode. */
export const api: Api = window.pressdesk
  ? createApi(window.pressdesk)
  : { ...createApi(httpBridge('')), uploadFullBackup, downloadFullBackup };

/** Where the UI loads a stored image from: the app's asset protocol, or web mode's authenticated route. */
export function assetUrl(id: string, kind: 'thumb' | 'original' = 'thumb'): string {
  const safe = encodeURIComponent(id);
  return window.pressdesk ? `pressdesk-asset://${kind}/${safe}` : `/asset/${kind}/${safe}`;
}
