import Database from 'better-sqlite3';
import { PressdeskError } from '../../../shared/errors';
import { MIGRATIONS } from './migrations';
import { FLUSH_PENDING_SEARCH } from './searchIndex';
import { migrate } from './migrate';

export interface OpenDatabaseOptions {
  /** Path to a better-sqlite3 binary built for another runtime (Electron). */
  readonly nativeBinding?: string;
  readonly readonly?: boolean;
  /** Run SQLite's quick_check before anything else (the app and web mode do, at start). */
  readonly check?: boolean;
  /** How long one statement waits for another process's lock (default 5 s). */
  readonly busyTimeoutMs?: number;
  /** How long opening keeps trying while other processes hold the database (default 30 s). */
  readonly openDeadlineMs?: number;
}

const BUSY_TIMEOUT_MS = 5000;
/** The page cache of the temporary schema, in KiB (see `openOnce`). */
export const TEMP_CACHE_KIB = 2000;
const OPEN_DEADLINE_MS = 30_000;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Blocks this thread; opening is synchronous, like the driver. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Maps SQLite's error codes to ours so callers never see raw driver errors. */
export function mapSqliteError(error: unknown, file: string): PressdeskError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new PressdeskError('DB_CORRUPT', `The database file is damaged or is not a Pressdesk database: ${file}`, {
      file,
    });
  }
  if (code === 'SQLITE_FULL') return new PressdeskError('DISK_FULL', 'The disk is full; nothing was saved.');
  // A failing drive or a lost network share: SQLite rolls the transaction back, so nothing half-written stays.
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    return new PressdeskError('DISK_IO_ERROR', `The disk reported an error reading or writing the database: ${file}`, {
      file,
      reason: code,
    });
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new PressdeskError('DB_BUSY', 'The database is in use by another program; please try again.');
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'SQLITE_PERM'
  ) {
    return new PressdeskError('DATA_DIR_NOT_WRITABLE', `The database cannot be written: ${file}`, { file });
  }
  return null;
}

/**
 * A bulk import indexes its releases before it commits, so a committed
 * deferral cannot happen; should one ever be found (a foreign writer), the
 * releases it noted are indexed now and single writes index at once again.
 */
function finishDeferredIndexing(db: Database.Database): void {
  if (!db.prepare('SELECT 1 FROM search_defer').get()) return;
  db.transaction(() => {
    for (const sql of FLUSH_PENDING_SEARCH) db.prepare(sql).run();
  }).immediate();
}

/**
 * Opens (creating if needed) the database at `file`, configures it for safe
 * concurrent use and applies pending migrations.
 *
 * SQLite's wait for a lock is not fair: a process saving in a tight loop can
 * keep another from its first write (the migrations) for longer than one
 * statement's timeout, and some lock conflicts answer BUSY without waiting.
 * Every step of opening can be repeated, so a busy database is tried again
 * with a short random pause until the deadline.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  const deadline = Date.now() + (options.openDeadlineMs ?? OPEN_DEADLINE_MS);
  for (;;) {
    try {
      return openOnce(file, options);
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw mapSqliteError(error, file) ?? error;
      pause(20 + Math.floor(Math.random() * 180));
    }
  }
}

function openOnce(file: string, options: OpenDatabaseOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
      timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS,
    });
    // A foreign or damaged file fails here, before any write.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged save survives power loss, not only a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The temporary schema holds only scratch (a bulk import's batch of folded texts, the list of words'
    // step index): a small cache, the rest in a temporary file, instead of up to 16 MB more memory.
    db.pragma(`temp.cache_size = -${TEMP_CACHE_KIB}`);
    if (options.check) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') {
        throw new PressdeskError('DB_CORRUPT', `The database file is damaged: ${file}`, {
          file,
          check: String(result).slice(0, 200),
        });
      }
    }
    migrate(db, MIGRATIONS);
    if (!options.readonly) finishDeferredIndexing(db);
    return db;
  } catch (error) {
    db?.close();
    // Busy is decided by the caller (try again); everything else is mapped here.
    if (isBusy(error)) throw error;
    throw mapSqliteError(error, file) ?? error;
  }
}
