import { ENGINE_PORT_CHANNEL } from '../../shared/contract/ipc';
import { EngineConnection, type EngineLink } from '../services/engine/client';
import {
  ENGINE_WORKER,
  type AssetFileKind,
  type EngineMessage,
  type EngineWorkerData,
  type HostHookName,
} from '../services/engine/protocol';

/** Electron's `UtilityProcess`, as far as the host uses it. */
export interface EngineChild {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** A window's web contents, as far as handing it a port goes. */
export interface PortTarget {
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void;
}

/** What the desktop does when the engine asks (dialogs, the file manager, menus, the spell checker). */
export interface DesktopHooks {
  onUiLanguage(language: 'de' | 'en'): void;
  onSpellcheckLanguage(language: string): readonly string[];
  chooseFullBackupTarget(suggestedName: string): Promise<string | null>;
  chooseFullBackupSource(): Promise<string | null>;
  showInFolder(file: string): void;
  chooseExportTarget(kind: 'folder' | 'zip', suggestedName: string): Promise<string | undefined>;
  revealPath(path: string): Promise<void> | void;
  /** The SMTP password from the keychain (see smtpPassword.ts), or null. */
  smtpPassword(): Promise<string | null>;
  storeSmtpPassword(password: string): Promise<void>;
  hasSmtpPassword(): Promise<boolean>;
  /** The team server's password from the keychain, or null. */
  teamPassword(): Promise<string | null>;
  storeTeamPassword(password: string): Promise<void>;
}

export interface EngineProcessOptions {
  readonly dataDir: string;
  readonly nativeBinding?: string;
  readonly check?: boolean;
  readonly automaticBackups?: boolean;
  /** Where the app serves a stored image's original (its asset protocol). */
  readonly assetUrlPrefix: string;
  /** Starts the utility process with the start data (Electron's `utilityProcess.fork`). */
  fork(data: EngineWorkerData): EngineChild;
  /** A new pair of connected ports (Electron's `MessageChannelMain`). */
  createChannel(): { port1: unknown; port2: unknown };
  readonly hooks: DesktopHooks;
  readonly onBackupError?: (error: Error) => void;
  /** The engine process ended on its own: it is gone until started again. */
  readonly onCrash?: (error: Error) => void;
}

export interface AppEngine {
  /** The file of a stored image for the asset protocol, or null. */
  assetFile(kind: AssetFileKind, id: string): Promise<{ path: string; mime: string } | null>;
  /** Hands a window its own port to the engine (on every load of the app's page). */
  connectWindow(target: PortTarget): Promise<void>;
  /** Whether the process has ended. */
  readonly ended: boolean;
  /** Lets the engine close its database, then ends the process (at once after `timeoutMs`). */
  close(timeoutMs?: number): Promise<void>;
}

function childLink(child: EngineChild): EngineLink {
  return {
    send: (request, transfer) => child.postMessage(request, transfer ? [...transfer] : undefined),
    onMessage: (listener) => void child.on('message', (message) => listener(message as EngineMessage)),
    onEnd: (listener) =>
      void child.on('exit', (code) => listener(new Error(`The engine process ended (exit code ${code}).`))),
    terminate: () => void child.kill(),
  };
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('A text was expected.');
  return value;
}

/** Runs the hook the engine asked for with the arguments it sent, each checked for its type. */
export function runHook(hooks: DesktopHooks, name: HostHookName, args: readonly unknown[]): unknown {
  switch (name) {
    case 'onUiLanguage': {
      const language = args[0];
      if (language !== 'de' && language !== 'en') throw new TypeError('Unknown interface language.');
      return hooks.onUiLanguage(language);
    }
    case 'onSpellcheckLanguage':
      return hooks.onSpellcheckLanguage(text(args[0]));
    case 'chooseFullBackupTarget':
      return hooks.chooseFullBackupTarget(text(args[0]));
    case 'chooseFullBackupSource':
      return hooks.chooseFullBackupSource();
    case 'showInFolder':
      return hooks.showInFolder(text(args[0]));
    case 'chooseExportTarget': {
      const kind = args[0];
      if (kind !== 'folder' && kind !== 'zip') throw new TypeError('Unknown export target.');
      return hooks.chooseExportTarget(kind, text(args[1]));
    }
    case 'revealPath':
      return hooks.revealPath(text(args[0]));
    case 'smtpPassword':
      return hooks.smtpPassword();
    case 'storeSmtpPassword':
      return hooks.storeSmtpPassword(text(args[0]));
    case 'hasSmtpPassword':
      return hooks.hasSmtpPassword();
    case 'teamPassword':
      return hooks.teamPassword();
    case 'storeTeamPassword':
      return hooks.storeTeamPassword(text(args[0]));
  }
}

/**
 * Starts the engine in its own process (the shape of VS Code's shared
 * process): the main process keeps the windows, menus and dialogs, and
 * answers the engine's questions about them; each window talks to the
 * engine over its own `MessagePort`. Resolves once the engine has opened the
 * data directory, or rejects with the reason it could not (a damaged
 * database arrives as DB_CORRUPT).
 */
export async function startEngineProcess(options: EngineProcessOptions): Promise<AppEngine> {
  const child = options.fork({
    engine: ENGINE_WORKER,
    role: 'writer',
    dataDir: options.dataDir,
    check: options.check,
    automaticBackups: options.automaticBackups,
    nativeBinding: options.nativeBinding,
    hostHooks: true,
    assetUrlPrefix: options.assetUrlPrefix,
  });
  const connection = new EngineConnection(childLink(child), 'process', {
    // The windows hear the engine's events on their own ports.
    onEvent: () => undefined,
    onBackupFailed: (error) => options.onBackupError?.(error),
    onCrash: (error) => options.onCrash?.(error),
    onHook: (name, args) => runHook(options.hooks, name, args),
  });
  try {
    await connection.ready;
  } catch (error) {
    await connection.close(0);
    throw error;
  }
  return {
    assetFile: (kind, assetId) =>
      connection.request({ op: 'assetFile', kind, assetId }) as Promise<{ path: string; mime: string } | null>,
    async connectWindow(target) {
      const { port1, port2 } = options.createChannel();
      await connection.request({ op: 'connect' }, [port1]);
      target.postMessage(ENGINE_PORT_CHANNEL, null, [port2]);
    },
    get ended() {
      return connection.ended;
    },
    close: (timeoutMs = 5000) => connection.close(timeoutMs),
  };
}
