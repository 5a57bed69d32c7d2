import type Database from 'better-sqlite3';
import {
  ActorSchema,
  LogDetailSchema,
  LogKindSchema,
  UNKNOWN_ACTOR,
  type Actor,
  type LogDetail,
  type LogEntry,
  type LogKind,
} from '../../../shared/domain';

interface LogRow {
  seq: number;
  release_id: string;
  at: string;
  actor: string;
  kind: string;
  version: number | null;
  detail: string;
}

/** The most entries one listing answers with. */
export const LOG_LIST_LIMIT = 10_000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A stored row as an entry; a row this version cannot read (a newer kind) is left out, not guessed. */
function toEntry(row: LogRow): LogEntry | null {
  const kind = LogKindSchema.safeParse(row.kind);
  if (!kind.success) return null;
  const actor = ActorSchema.safeParse(parseJson(row.actor));
  const detail = LogDetailSchema.safeParse(parseJson(row.detail));
  return {
    seq: row.seq,
    releaseId: row.release_id,
    at: row.at,
    actor: actor.success ? actor.data : UNKNOWN_ACTOR,
    kind: kind.data,
    version: row.version,
    detail: detail.success ? detail.data : {},
  };
}

/**
 * The append-only log of the releases: one entry per action, written in the
 * transaction of the action itself, so an entry exists exactly when the
 * action happened. There is no way to change or remove an entry (the
 * database refuses it too).
 */
export class ReleaseLog {
  private insertStmt: Database.Statement | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly actor: () => Actor = () => UNKNOWN_ACTOR,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records an action; call inside the action's transaction. */
  append(releaseId: string, kind: LogKind, version: number | null, detail: LogDetail = {}): void {
    this.insertStmt ??= this.db.prepare(
      'INSERT INTO release_log (release_id, at, actor, kind, version, detail) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertStmt.run(
      releaseId,
      this.now().toISOString(),
      JSON.stringify(this.actor()),
      kind,
      version,
      JSON.stringify(detail),
    );
  }

  /** A release's entries, oldest first; only the given kinds when some are named. */
  list(releaseId: string, kinds?: readonly LogKind[]): LogEntry[] {
    const rows = this.db
      .prepare<[string, number], LogRow>('SELECT * FROM release_log WHERE release_id = ? ORDER BY seq LIMIT ?')
      .all(releaseId, LOG_LIST_LIMIT);
    const wanted = kinds && kinds.length > 0 ? new Set<string>(kinds) : null;
    return rows.map(toEntry).filter((e): e is LogEntry => e !== null && (wanted === null || wanted.has(e.kind)));
  }
}
