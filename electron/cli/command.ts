import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';
import type { Workstation } from '../services/workstation';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Writes to stderr as it is, without a newline (a progress line rewriting itself). */
  errWrite?: (chunk: string) => void;
  /** Whether stderr is a terminal (progress lines are shown only there, unless --progress asks for them). */
  errIsTTY?: boolean;
  /**
   * While a long command runs, Ctrl+C (SIGINT) calls `onInterrupt` instead of
   * ending the process, so that the command can stop cleanly. Returns the
   * function that hands Ctrl+C back.
   */
  catchInterrupt?: (onInterrupt: () => void) => () => void;
  /** Asks for a secret on the terminal without echoing it; absent when stdin is no terminal. */
  readSecret?: (question: string) => Promise<string>;
}

/** Thrown for wrong usage: the CLI prints it with a pointer to --help and exits 2. */
export class UsageError extends Error {}

export type OptionSpec = { type: 'string'; short?: string; multiple?: boolean } | { type: 'boolean'; short?: string };

export interface CommandContext {
  /** Positional arguments after the command name. */
  readonly args: readonly string[];
  /** Parsed options (global and the command's own). */
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly json: boolean;
  readonly io: Io;
  /** The data directory chosen by --data-dir / PRESSDESK_DATA_DIR (of the environment handed to the CLI). */
  readonly dataDir: () => string;
  /** The environment handed to the CLI. */
  readonly env: NodeJS.ProcessEnv;
  /** Opens the workstation on that data directory. */
  readonly workstation: () => Workstation;
  /**
   * Calls one channel of the contract, as the app and web mode do: the input
   * and the answer are checked against its schemas and every failure arrives
   * as a PressdeskError with its code. Opens the workstation on first use.
   */
  readonly call: <K extends ChannelName>(channel: K, input: ChannelInput<K>) => Promise<ChannelOutput<K>>;
}

/** One `pressdesk` command. Commands live in commands/ and are listed in commands/index.ts. */
export interface Command {
  readonly name: string;
  /** `name ARGS`, shown in --help. */
  readonly synopsis: string;
  readonly summary: string;
  /** Options of this command besides the global ones (--data-dir, --json, --help, --version). */
  readonly options?: Readonly<Record<string, OptionSpec & { description: string }>>;
  run(ctx: CommandContext): Promise<number>;
}

/** Reads a positive whole-number option, or undefined when absent. */
export function positiveInt(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${option} needs a positive whole number`);
  return n;
}
