import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PressdeskError } from '../../../shared/errors';
import { extensionOf } from '../assets/sniff';
import { mapSqliteError } from '../db/connection';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import {
  adoptDatabase,
  checkDatabaseFile,
  readLocalSettings,
  readLocalSettingsFile,
  readLocalSuppressions,
  readLocalSuppressionsFile,
  type AdoptedAsset,
} from './adoptDatabase';

export const BACKUP_DIR = 'backups';

/** A file-name-safe UTC time stamp. */
export function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** A file-system failure while writing a backup, as one of our codes. */
export function fsError(error: unknown, file: string): PressdeskError {
  if (error instanceof PressdeskError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOSPC') return new PressdeskError('DISK_FULL', 'The disk is full; no backup was written.');
  if (code === 'EEXIST')
    return new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(file)} exists already.`, { file });
  return new PressdeskError('DATA_DIR_NOT_WRITABLE', `The backup cannot be written: ${file} (${code}).`, {
    file,
    reason: code,
  });
}

export { checkDatabaseFile };

/**
 * A consistent copy of the open database (SQLite's online backup, so the app
 * may keep writing), written under a temporary name, checked, and renamed
 * into place. The target must not exist.
 */
export async function backupDatabase(db: Database.Database, out: string): Promise<{ file: string; bytes: number }> {
  const target = resolve(out);
  const tmp = join(dirname(target), `.${basename(target)}.${randomUUID()}.partial`);
  try {
    await mkdir(dirname(target), { recursive: true });
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    )
      throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(target)} exists already.`, { file: target });
    await db.backup(tmp);
    // A backup is one self-contained file: no write-ahead log beside it.
    const copy = new Database(tmp);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    checkDatabaseFile(tmp);
    await rename(tmp, target);
    return { file: target, bytes: (await stat(target)).size };
  } catch (error) {
    await rm(tmp, { force: true });
    throw mapSqliteError(error, target) ?? fsError(error, target);
  }
}

/** The backups kept in a data directory, newest first. */
export async function listBackups(dataDir: string): Promise<{ file: string; bytes: number; createdAt: string }[]> {
  const dir = join(dataDir, BACKUP_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: { file: string; bytes: number; createdAt: string }[] = [];
  for (const name of names.filter((n) => n.endsWith('.db') && !n.startsWith('.'))) {
    const info = await stat(join(dir, name));
    out.push({ file: join(dir, name), bytes: info.size, createdAt: info.mtime.toISOString() });
  }
  return out.sort((a, b) => b.file.localeCompare(a.file));
}

/** A backup into the data directory's backup folder, keeping the newest `keep` of its kind. */
export async function rotateBackup(
  db: Database.Database,
  dataDir: string,
  keep: number,
  label = 'auto',
  now = new Date(),
): Promise<string> {
  const { file } = await backupDatabase(db, join(dataDir, BACKUP_DIR, `pressdesk-${label}-${stamp(now)}.db`));
  const mine = (await listBackups(dataDir)).filter((b) => basename(b.file).startsWith(`pressdesk-${label}-`));
  for (const old of mine.slice(Math.max(keep, 1))) await rm(old.file, { force: true });
  return file;
}

/**
 * Before anything replaces the database of a data directory: a backup of it
 * into the backup folder, or, if it is damaged, the file itself moved there
 * unchanged. Returns where the previous state is kept (null if there was none).
 */
export async function keepCurrentDatabase(dataDir: string, now = new Date()): Promise<string | null> {
  const live = join(dataDir, 'pressdesk.db');
  let previous: string | null = null;
  if (
    await stat(live).then(
      () => true,
      () => false,
    )
  ) {
    try {
      const current = new Database(live, { fileMustExist: true });
      try {
        previous = (
          await backupDatabase(current, join(dataDir, BACKUP_DIR, `pressdesk-before-restore-${stamp(now)}.db`))
        ).file;
      } finally {
        current.close();
      }
    } catch (error) {
      if (
        !(error instanceof PressdeskError && error.code === 'DB_CORRUPT') &&
        mapSqliteError(error, live)?.code !== 'DB_CORRUPT'
      )
        throw error;
      // A damaged database cannot be copied consistently: it is kept aside as it is, never overwritten.
      previous = join(dataDir, BACKUP_DIR, `pressdesk-damaged-${stamp(now)}.db`);
      await mkdir(dirname(previous), { recursive: true });
      await rename(live, previous);
      for (const side of ['-wal', '-shm']) await rename(`${live}${side}`, `${previous}${side}`).catch(() => undefined);
    }
  }
  return previous;
}

/** What a restore did not carry over (see `adoptDatabase`). */
export interface DroppedReport {
  /** Short names of what was left out (`trigger:x`, `release:<id>:INVALID_DOCUMENT` …), at most 200. */
  readonly dropped: readonly string[];
  /** How many were left out in all. */
  readonly droppedCount: number;
}

/** An asset's original in a data directory: there, a file, and of its size; else why not. */
export function originalInDataDir(dataDir: string): (asset: AdoptedAsset) => string | null {
  return (asset) => {
    const file = join(
      dataDir,
      'assets',
      'originals',
      asset.sha256.slice(0, 2),
      `${asset.sha256}.${extensionOf(asset.mime)}`,
    );
    try {
      const info = statSync(file);
      return info.isFile() && info.size === asset.byteSize ? null : 'missing';
    } catch {
      return 'missing';
    }
  };
}

/** A temporary database file in a data directory and the journal SQLite may write beside it. */
async function removeDatabaseFile(file: string): Promise<void> {
  for (const side of ['', '-journal', '-wal', '-shm']) await rm(`${file}${side}`, { force: true });
}

/**
 * Replaces the database of a data directory with a backup. The backup is not
 * taken over as it is: its rows are copied into a fresh database through
 * every check (see `adoptDatabase`), which is then renamed into place after
 * the current database was backed up. No workstation may have the data
 * directory open.
 */
export async function restoreDatabase(
  dataDir: string,
  backup: string,
  now = new Date(),
): Promise<{ previous: string | null } & DroppedReport> {
  const source = resolve(backup);
  const live = join(dataDir, 'pressdesk.db');
  const tmp = join(dataDir, `.pressdesk.db.${randomUUID()}.partial`);
  try {
    await mkdir(dataDir, { recursive: true });
    const adopted = adoptDatabase(source, tmp, {
      checkOriginal: originalInDataDir(dataDir),
      localSettings: readLocalSettingsFile(live),
      localSuppressions: readLocalSuppressionsFile(live),
      now,
    });
    const previous = await keepCurrentDatabase(dataDir, now);
    for (const side of ['-wal', '-shm']) await rm(`${live}${side}`, { force: true });
    await rename(tmp, live);
    return { previous, dropped: adopted.dropped, droppedCount: adopted.droppedCount };
  } catch (error) {
    await removeDatabaseFile(tmp);
    throw fsError(error, live);
  }
}

const BACKUP_NAME = /^pressdesk-([a-z]+(?:-[a-z]+)*)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.db$/;
const BACKUP_KINDS = ['auto', 'manual', 'before-restore', 'damaged'] as const;

export interface BackupInfo {
  readonly name: string;
  readonly kind: (typeof BACKUP_KINDS)[number];
  readonly bytes: number;
  readonly createdAt: string;
}

/** A backup file as the app lists it: its name, kind, size and the time in its name. */
export function describeBackup(file: string, bytes: number): BackupInfo | null {
  const match = BACKUP_NAME.exec(basename(file));
  if (!match) return null;
  const kind = BACKUP_KINDS.find((k) => k === match[1]);
  if (!kind) return null;
  const [, , y, mo, d, h, mi, s, ms] = match;
  return { name: basename(file), kind, bytes, createdAt: `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z` };
}

/** The backups of the data directory's backup folder that the app shows, newest first. */
export async function listBackupInfos(dataDir: string): Promise<BackupInfo[]> {
  return (await listBackups(dataDir))
    .map((b) => describeBackup(b.file, b.bytes))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

/**
 * Replaces the content of the open database with a backup while the app runs.
 * The backup's rows are copied through every check into a fresh database
 * first (see `adoptDatabase`; nothing of the backup's own schema is taken
 * over) and the current state is backed up; then SQLite's backup API copies
 * the fresh database page by page INTO the live database file through a
 * second connection (so every connection, including `db`, reads the restored
 * data afterwards without reopening).
 */
export async function restoreIntoOpenDatabase(
  db: Database.Database,
  dataDir: string,
  backup: string,
  now = new Date(),
): Promise<{ previous: string } & DroppedReport> {
  const source = resolve(backup);
  const tmp = join(dataDir, `.pressdesk.db.${randomUUID()}.partial`);
  try {
    const adopted = adoptDatabase(source, tmp, {
      checkOriginal: originalInDataDir(dataDir),
      localSettings: readLocalSettings(db),
      localSuppressions: readLocalSuppressions(db),
      now,
    });
    const previous = (await backupDatabase(db, join(dataDir, BACKUP_DIR, `pressdesk-before-restore-${stamp(now)}.db`)))
      .file;
    await copyIntoOpenDatabase(tmp, db);
    return { previous, dropped: adopted.dropped, droppedCount: adopted.droppedCount };
  } finally {
    await removeDatabaseFile(tmp);
  }
}

/** Copies a checked database file page by page into the open database, then proves the result. */
export async function copyIntoOpenDatabase(file: string, db: Database.Database): Promise<void> {
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await src.backup(db.name);
  } catch (error) {
    throw mapSqliteError(error, db.name) ?? fsError(error, db.name);
  } finally {
    src.close();
  }
  migrate(db, MIGRATIONS);
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok')
    throw new PressdeskError('DB_CORRUPT', 'The restored database does not pass its check.', { file: db.name });
}
