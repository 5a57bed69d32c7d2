import type { AppCommand } from '../../../shared/commands';
import type { ChannelInput, ChannelName, ChannelOutput, Envelope } from '../../../shared/contract';
import type { FullBackupImportResult } from '../../../shared/contract/backup';
import type { ContractEvent } from '../../../shared/contract/engineEvents';

/** What the preload script exposes as `window.pressdesk` in the Electron app. */
export interface PressdeskBridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  /** The application menu's commands (Electron only); returns the function that stops listening. */
  onCommand?(listener: (command: AppCommand) => void): () => void;
  /** The engine's events (name and payload, `shared/contract/engineEvents.ts`); returns the function that stops listening. */
  onEvent?(listener: (name: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    readonly pressdesk?: PressdeskBridge;
  }
}

export type Api = {
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>>;
  /**
   * Hears the engine's events (job progress), pushed by the host: IPC events
   * in the app, a server-sent event stream in web mode. Returns the function
   * that stops listening. Without it (an api made for a test) nothing is pushed.
   */
  subscribe?: (listener: (event: ContractEvent) => void) => () => void;
  /**
   * Web mode only: sends a full backup chosen in the page as a raw upload
   * (the app chooses it in its own open dialog through `backup.importFullBackup`).
   */
  uploadFullBackup?: (file: Blob) => Promise<FullBackupImportResult>;
  /** Web mode only: the browser downloads an archive waiting in the engine. */
  downloadFullBackup?: (download: string, fileName: string) => void;
};
