import type { Envelope } from '../contract';

/**
 * What the renderer's tests get from the test process: a real engine on a
 * fresh data directory. The renderer may not import the engine (it runs in a
 * browser page), so a setup file of the test run opens it and leaves the
 * opener on `globalThis` under `ENGINE_HARNESS_KEY`; only this type is shared.
 */
export interface EngineHarness {
  /** The data directory, removed by `close`. */
  readonly dataDir: string;
  /**
   * One call as web mode carries it: the input and the answer go through the
   * wire encoding, the call through the contract's `dispatch` (input and
   * output checked). After `close` every call fails like an engine that is gone.
   */
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  /** The engine's events as the host pushes them (name and wire-decoded payload); returns the unsubscription. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** The engine's clock: it stands still until a test moves it. */
  readonly clock: {
    now(): Date;
    advance(ms: number): void;
  };
  /** Web mode's `GET /full-backup/download/<id>`: the waiting archive's bytes, fetched once (then it is gone). */
  downloadFullBackup(id: string): Promise<Uint8Array>;
  /** Web mode's `POST /full-backup/import`: applies the uploaded bytes and answers with the route's envelope. */
  uploadFullBackup(bytes: Uint8Array): Promise<Envelope<unknown>>;
  /**
   * The app's save and open dialogs for the full backup (only with
   * `appDialogs`): `accept` saves into a folder of the test's own and opens the
   * archive saved last; `cancel` closes the dialog.
   */
  answerDialogs(answer: 'accept' | 'cancel'): void;
  /** A small PNG; different numbers give different images. */
  image(variant: number): Promise<Uint8Array>;
  /** Closes the engine and removes its data directory; returns the failures that were no Pressdesk errors (bugs). */
  close(): readonly unknown[];
}

export interface EngineHarnessOptions {
  /** Where the engine's clock starts (ISO instant). */
  readonly start?: string;
  /** Serve as the app does, whose full-archive flows go through its own dialogs (else as web mode). */
  readonly appDialogs?: boolean;
}

export type OpenEngineHarness = (options?: EngineHarnessOptions) => EngineHarness;

export const ENGINE_HARNESS_KEY = '__pressdeskEngineHarness';
