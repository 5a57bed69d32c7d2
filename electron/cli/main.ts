import { parseArgs } from 'node:util';
import { dispatch } from '../../shared/contract/dispatch';
import { SMTP_PASSWORD_ENV } from '../../shared/domain/mail';
import { isErrorCode, PressdeskError, toErrorPayload } from '../../shared/errors';
import {
  openWorkstation,
  recordThreadNextTo,
  resolveDataDir,
  TEAM_PASSWORD_ENV,
  type Workstation,
} from '../services/workstation';
import { PRESSDESK_VERSION } from '../services/version';
import { UsageError, type Command, type Io, type OptionSpec } from './command';
import { COMMANDS } from './commands';

export type { Io } from './command';

const GLOBAL_OPTIONS: Record<string, OptionSpec & { description: string }> = {
  'data-dir': { type: 'string', description: 'data directory (default: PRESSDESK_DATA_DIR, else the app folder)' },
  json: { type: 'boolean', description: 'machine-readable output' },
  help: { type: 'boolean', short: 'h', description: 'this help' },
  version: { type: 'boolean', short: 'v', description: 'print the version' },
};

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.synopsis.length)) + 2;
  const lines = ['Usage: pressdesk <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) {
    lines.push(`  ${c.synopsis.padEnd(width)}${c.summary}`);
    for (const [name, spec] of Object.entries(c.options ?? {})) {
      lines.push(`  ${''.padEnd(width)}  --${name}${spec.type === 'string' ? ' VALUE' : ''}: ${spec.description}`);
    }
  }
  lines.push('', 'Options:');
  for (const [name, spec] of Object.entries(GLOBAL_OPTIONS)) {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ' DIR' : ''}`;
    lines.push(`  ${flag.padEnd(width)}${spec.description}`);
  }
  return lines.join('\n');
}

function parse(argv: readonly string[]) {
  const options: Record<string, OptionSpec> = {};
  for (const c of COMMANDS) Object.assign(options, c.options ?? {});
  Object.assign(options, GLOBAL_OPTIONS);
  const specs = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      spec.type === 'boolean'
        ? { type: 'boolean' as const, ...(spec.short ? { short: spec.short } : {}) }
        : {
            type: 'string' as const,
            ...(spec.short ? { short: spec.short } : {}),
            multiple: 'multiple' in spec && spec.multiple === true,
          },
    ]),
  );
  try {
    return parseArgs({ args: [...argv], options: specs, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function run(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.version === true) {
    io.out(PRESSDESK_VERSION);
    return 0;
  }
  const [name, ...args] = positionals;
  if (values.help === true || !name) {
    io.out(usage());
    return name || values.help === true ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  for (const option of Object.keys(values)) {
    if (!(option in GLOBAL_OPTIONS) && !(option in (command.options ?? {}))) {
      throw new UsageError(`${name} does not take --${option}`);
    }
  }

  let ws: Workstation | undefined;
  const dataDirArg = values['data-dir'];
  const dataDir = (): string => resolveDataDir(typeof dataDirArg === 'string' ? ['--data-dir', dataDirArg] : [], env);
  const workstation = (): Workstation => {
    ws ??= openWorkstation({
      dataDir: dataDir(),
      host: 'cli',
      recordThread: recordThreadNextTo(import.meta.url),
      smtpPassword: () => env[SMTP_PASSWORD_ENV],
      teamPassword: () => env[TEAM_PASSWORD_ENV],
    });
    return ws;
  };
  try {
    return await command.run({
      args,
      options: values,
      json: values.json === true,
      io,
      env,
      dataDir,
      workstation,
      call: async (channel, input) => {
        const envelope = await dispatch(workstation().handlers, channel, input);
        if (envelope.ok) return envelope.value as never;
        const { code, message, details } = envelope.error;
        throw new PressdeskError(isErrorCode(code) ? code : 'INTERNAL', message, details);
      },
    });
  } finally {
    ws?.close();
  }
}

/** The exit code after Ctrl+C stopped a command cleanly (128 + SIGINT, as shells report it). */
export const EXIT_CANCELLED = 130;

/** Runs the CLI; returns the exit code. Never throws. */
export async function cli(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await run(argv, io, env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`pressdesk: ${error.message} (see pressdesk --help)`);
      return 2;
    }
    if (error instanceof PressdeskError && error.code === 'CANCELLED') {
      io.err(`pressdesk: ${error.message} [CANCELLED]`);
      return EXIT_CANCELLED;
    }
    const p = toErrorPayload(error);
    const message =
      error instanceof PressdeskError ? p.message : error instanceof Error ? error.message : String(error);
    io.err(`pressdesk: ${message.split('\n')[0]} [${p.code}]`);
    return 1;
  }
}
