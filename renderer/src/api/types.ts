import type { AppCommand } from '../../../shared/commands';
import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '../../../shared/contract';

/** What the preload script exposes as `window.pressdesk` in the Electron app. */
export interface PressdeskBridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  /** The application menu's commands (Electron only); returns the function that stops listening. */
  onCommand?(listener: (command: AppCommand) => void): () => void;
}

declare global {
  interface Window {
    readonly pressdesk?: PressdeskBridge;
  }
}

export type Api = {
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>>;
};
