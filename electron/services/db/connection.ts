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
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
    });
    // A foreign or damaged file fails here, before any write.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged save survives power loss, not only a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
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
    throw mapSqliteError(error, file) ?? error;
  }
}
