import { parseArgs } from 'node:util';
import { documentToPlainText } from '../../shared/document';
import { officeDate, releaseToInterchange } from '../../shared/domain';
import { PressdeskError, toErrorPayload } from '../../shared/errors';
import { openWorkstation, resolveDataDir, type Workstation } from '../services/workstation';
import { PRESSDESK_VERSION } from '../services/version';

const USAGE = `Usage: pressdesk <command> [options]

Commands:
  import FILE...        Import releases (pressdesk.release/1: JSON, JSON array or NDJSON)
  list                  List releases, newest first (--limit N)
  show ID               Show one release (--json: in the interchange format)

Options:
  --data-dir DIR        Data directory (default: PRESSDESK_DATA_DIR, else the app's folder)
  --json                Machine-readable output
  --limit N             At most N releases (list)
  -h, --help            This help
  -v, --version         Print the version
`;

class UsageError extends Error {}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function pad(text: string, width: number): string {
  const t = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return t.padEnd(width);
}

async function run(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.version) {
    io.out(PRESSDESK_VERSION);
    return 0;
  }
  const [command, ...args] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!['import', 'list', 'show'].includes(command)) throw new UsageError(`unknown command "${command}"`);

  const dataDir = resolveDataDir(values['data-dir'] !== undefined ? ['--data-dir', values['data-dir']] : [], env);
  const ws: Workstation = openWorkstation({ dataDir, host: 'cli' });
  try {
    switch (command) {
      case 'import': {
        if (args.length === 0) throw new UsageError('import needs at least one FILE');
        const summary = await ws.importFiles(args);
        if (values.json) io.out(JSON.stringify(summary));
        else {
          io.out(
            `Imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.skipped}, refused ${summary.errors.length}.`,
          );
          for (const e of summary.errors)
            io.err(`  ${e.file}${e.record ? `#${e.record}` : ''}: ${e.message} [${e.code}]`);
        }
        return summary.errors.length > 0 ? 1 : 0;
      }
      case 'list': {
        let limit: number | undefined;
        if (values.limit !== undefined) {
          limit = Number(values.limit);
          if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit needs a positive whole number');
        }
        const { items } = ws.releases.list({ limit });
        const rows = items.map((r) => ({
          id: r.id,
          headline: r.headline,
          topic: r.topic,
          status: r.status,
          publishedAt: r.publishedAt,
          updatedAt: r.updatedAt,
        }));
        if (values.json) io.out(JSON.stringify(rows));
        else {
          for (const r of rows) {
            io.out(
              `${pad(r.id, 36)}  ${pad(officeDate(r.publishedAt ?? r.updatedAt), 10)}  ${pad(r.status, 9)}  ${pad(r.topic, 16)}  ${r.headline}`,
            );
          }
          if (rows.length === 0) io.out('No releases.');
        }
        return 0;
      }
      case 'show': {
        const [id] = args;
        if (!id || args.length > 1) throw new UsageError('show needs exactly one ID');
        const release = ws.releases.get(id);
        if (values.json) io.out(JSON.stringify(releaseToInterchange(release), null, 2));
        else {
          const meta = [release.dateline, release.publishedAt ? officeDate(release.publishedAt) : '']
            .filter(Boolean)
            .join(', ');
          const parts = [
            release.topic,
            release.headline,
            release.subheadline,
            meta,
            release.teaser,
            documentToPlainText(release.body),
          ];
          io.out(parts.filter((p) => p.trim() !== '').join('\n\n'));
        }
        return 0;
      }
    }
    return 2;
  } finally {
    ws.close();
  }
}

/** Runs the CLI; returns the exit code. Never throws. */
export async function cli(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await run(argv, io, env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`pressdesk: ${error.message} (see pressdesk --help)`);
      return 2;
    }
    const p = toErrorPayload(error);
    const message =
      error instanceof PressdeskError ? p.message : error instanceof Error ? error.message : String(error);
    io.err(`pressdesk: ${message.split('\n')[0]} [${p.code}]`);
    return 1;
  }
}
