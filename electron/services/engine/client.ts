import { PressdeskError, isErrorCode } from '../../../shared/errors';
import { toWireError, type EngineMessage, type EngineRequest, type HostHookName, type WireError } from './protocol';

/** A request as the host writes it: the connection numbers it. */
export type EngineCall = EngineRequest extends infer R
  ? R extends { id: number }
    ? R extends { op: 'hookResult' }
      ? never
      : Omit<R, 'id'>
    : never
  : never;

/**
 * The host's side of the link to a running engine, whatever carries it: a
 * worker thread (web mode) or Electron's utility process (the app).
 */
export interface EngineLink {
  /** Posts a request; `transfer` carries ports along (the app's `connect`). */
  send(request: EngineRequest, transfer?: readonly unknown[]): void;
  onMessage(listener: (message: EngineMessage) => void): void;
  /** The engine ended or failed; `error` says how. */
  onEnd(listener: (error: Error) => void): void;
  /** Stops the engine at once. */
  terminate(): Promise<void> | void;
}

export interface EngineConnectionHooks {
  onEvent(name: string, payload: unknown): void;
  onBackupFailed(error: Error): void;
  /** The engine ended on its own while it was serving. */
  onCrash(error: Error): void;
  /** What the engine asks of the host (the app's dialogs and menus); web mode has none. */
  onHook?(name: HostHookName, args: readonly unknown[]): unknown;
}

export function rebuildCause(cause: NonNullable<WireError['cause']>): Error {
  const error = new Error(cause.message);
  error.name = cause.name;
  if (cause.stack !== undefined) error.stack = cause.stack;
  return error;
}

/** The engine's failure as the error it was: a PressdeskError with its code, details and, for bugs, the cause to log. */
export function rebuildError(wire: WireError): PressdeskError {
  const error = isErrorCode(wire.code)
    ? new PressdeskError(wire.code, wire.message, wire.details)
    : new PressdeskError('INTERNAL', 'An unexpected error occurred.');
  if (wire.cause) error.cause = rebuildCause(wire.cause);
  return error;
}

function internal(cause: unknown): PressdeskError {
  return Object.assign(new PressdeskError('INTERNAL', 'An unexpected error occurred.'), { cause });
}

/**
 * One running engine and the calls waiting for its answers. Requests are
 * numbered here; an answer settles its call; the engine's own questions
 * (`hook`) are put to the host and answered. When the engine ends, every
 * waiting call fails as INTERNAL with the reason as its cause.
 */
export class EngineConnection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private closing = false;
  private gone: Error | null = null;
  readonly ready: Promise<void>;

  constructor(
    private readonly link: EngineLink,
    private readonly name: string,
    hooks: EngineConnectionHooks,
  ) {
    let started = false;
    this.ready = new Promise((resolve, reject) => {
      link.onMessage((message) => {
        switch (message.type) {
          case 'ready':
            started = true;
            resolve();
            break;
          case 'failed':
            // Opening failed: its reason is what the host prints (codes as our errors, the rest as they were).
            reject(message.error.code === 'INTERNAL' ? new Error(message.error.message) : rebuildError(message.error));
            break;
          case 'result': {
            const call = this.pending.get(message.id);
            if (!call) break;
            this.pending.delete(message.id);
            if (message.ok) call.resolve(message.value);
            else call.reject(rebuildError(message.error));
            break;
          }
          case 'event':
            hooks.onEvent(message.name, message.payload);
            break;
          case 'backupFailed':
            // The log gets what really failed: a bug's own error, else ours with its code.
            hooks.onBackupFailed(message.error.cause ? rebuildCause(message.error.cause) : rebuildError(message.error));
            break;
          case 'hook':
            this.answerHook(message, hooks);
            break;
        }
      });
      link.onEnd((error) => {
        if (this.gone) return;
        this.gone = error;
        for (const call of this.pending.values()) call.reject(internal(error));
        this.pending.clear();
        if (!started) reject(error);
        else if (!this.closing) hooks.onCrash(error);
      });
    });
  }

  private answerHook(message: Extract<EngineMessage, { type: 'hook' }>, hooks: EngineConnectionHooks): void {
    const reply = (answer: { ok: true; value: unknown } | { ok: false; error: WireError }): void => {
      if (this.gone) return;
      try {
        this.link.send({ id: message.id, op: 'hookResult', ...answer });
      } catch (error) {
        this.link.send({ id: message.id, op: 'hookResult', ok: false, error: toWireError(error) });
      }
    };
    const run = (): Promise<unknown> =>
      hooks.onHook
        ? Promise.resolve().then(() => hooks.onHook!(message.name, message.args))
        : Promise.reject(new PressdeskError('INTERNAL', 'This host answers no hooks.'));
    run().then(
      (value) => reply({ ok: true, value }),
      (error: unknown) => reply({ ok: false, error: toWireError(error) }),
    );
  }

  request(request: EngineCall, transfer?: readonly unknown[]): Promise<unknown> {
    if (this.gone || this.closing)
      return Promise.reject(internal(this.gone ?? new Error(`The engine's ${this.name} is closing.`)));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.link.send({ ...request, id }, transfer);
      } catch (error) {
        // Something structured clone cannot carry: a defect of the caller, answered as INTERNAL.
        this.pending.delete(id);
        reject(internal(error));
      }
    });
  }

  /** Whether the engine has ended (crashed or closed). */
  get ended(): boolean {
    return this.gone !== null;
  }

  /** Lets the engine close its database, then stops it (at once after `timeoutMs`). */
  async close(timeoutMs: number): Promise<void> {
    if (this.gone) return;
    const closed = this.request({ op: 'close' }).catch(() => undefined);
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    await this.link.terminate();
  }
}
