import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '../../../shared/contract';
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

export function createApi(bridge: PressdeskBridge): Api {
  return {
    async call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
      const envelope = await bridge.invoke(channel, input);
      if (envelope.ok) return envelope.value as ChannelOutput<K>;
      const { code, message, details } = envelope.error;
      throw new ApiError(isErrorCode(code) ? code : code === 'NETWORK' ? 'NETWORK' : 'INTERNAL', message, details);
    },
  };
}

/** The api of this window: Electron's bridge when present, else web mode. */
export const api: Api = createApi(window.pressdesk ?? httpBridge(''));

/** Where the UI loads a stored image from: the app's asset protocol, or web mode's authenticated route. */
export function assetUrl(id: string, kind: 'thumb' | 'original' = 'thumb'): string {
  const safe = encodeURIComponent(id);
  return window.pressdesk ? `pressdesk-asset://${kind}/${safe}` : `/asset/${kind}/${safe}`;
}
