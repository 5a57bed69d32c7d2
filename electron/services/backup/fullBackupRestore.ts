import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { ASSET_MAX_BYTES, ASSET_MAX_PIXELS } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { loadSharp } from '../assets/sharp';
import { extensionOf, looksLikeMarkup, sniffImageType } from '../assets/sniff';
import { mapSqliteError } from '../db/connection';
import {
  adoptDatabase,
  readLocalSettings,
  readLocalSettingsFile,
  readLocalSuppressions,
  readLocalSuppressionsFile,
  type AdoptedAsset,
  type AdoptResult,
  type LocalSetting,
  type LocalSuppression,
} from './adoptDatabase';
import {
  BACKUP_DIR,
  backupDatabase,
  copyIntoOpenDatabase,
  fsError,
  keepCurrentDatabase,
  originalInDataDir,
  stamp,
  type DroppedReport,
} from './backupService';
import {
  ASSET_ENTRY,
  DATABASE_ENTRY,
  DEFAULT_ARCHIVE_LIMITS,
  detectBackupKind,
  originalEntry,
  unpackArchive,
  type ArchiveRestoreOptions,
  type FullBackupManifest,
} from './fullBackupFormat';

// Restoring a full backup (the format is fullBackupFormat.ts): into a data
// directory nothing has open, or applied to the database the app has open.

/** An unpacked image original: null if it passes the checks of an image import, else the error code. */
async function checkOriginal(file: string, extension: string, size: number): Promise<string | null> {
  if (size === 0) return 'ASSET_EMPTY';
  if (size > ASSET_MAX_BYTES) return 'ASSET_TOO_LARGE';
  const head = Buffer.alloc(4096);
  const handle = await open(file, 'r');
  let read: number;
  try {
    read = (await handle.read(head, 0, head.length, 0)).bytesRead;
  } finally {
    await handle.close();
  }
  const bytes = head.subarray(0, read);
  const mime = sniffImageType(bytes);
  // SVG and other markup never counts as an image, whatever its name says.
  if (!mime || looksLikeMarkup(bytes) || extensionOf(mime) !== extension) return 'ASSET_UNSUPPORTED';
  // The header alone says how big the image is: nothing is decoded here.
  try {
    const sharp = await loadSharp();
    const info = await sharp(file, { limitInputPixels: false, pages: 1 }).metadata();
    if (!info.width || !info.height) return 'ASSET_CORRUPT';
    if (info.width * info.height > ASSET_MAX_PIXELS) return 'ASSET_TOO_MANY_PIXELS';
  } catch {
    return 'ASSET_CORRUPT';
  }
  return null;
}

interface CheckedOriginal {
  readonly size: number;
  /** null: sound; else why it is not taken. */
  readonly problem: string | null;
}

/** Every unpacked image original of an archive, checked like an image import. */
async function checkOriginals(staging: string, manifest: FullBackupManifest): Promise<Map<string, CheckedOriginal>> {
  const out = new Map<string, CheckedOriginal>();
  for (const entry of manifest.entries) {
    const match = ASSET_ENTRY.exec(entry.path);
    if (!match) continue;
    const problem = await checkOriginal(join(staging, ...entry.path.split('/')), match[3]!, entry.size);
    out.set(entry.path, { size: entry.size, problem });
  }
  return out;
}

/** Whether an asset row of an archive has its original: a sound one in the archive, or the same file here. */
function originalInArchive(
  originals: ReadonlyMap<string, CheckedOriginal>,
  dataDir: string,
): (asset: AdoptedAsset) => string | null {
  const onDisk = originalInDataDir(dataDir);
  return (asset) => {
    const found = originals.get(originalEntry(asset.sha256, asset.mime));
    if (!found) return onDisk(asset);
    if (found.problem) return found.problem;
    return found.size === asset.byteSize ? null : 'size';
  };
}

/**
 * Moves the originals of the carried-over assets from the staging folder into
 * the data directory's content-addressed store (an existing file is already
 * the same image). Returns the files it added.
 */
async function moveOriginals(
  staging: string,
  dataDir: string,
  assets: readonly AdoptedAsset[],
  originals: ReadonlyMap<string, CheckedOriginal>,
  added: string[] = [],
): Promise<string[]> {
  for (const asset of assets) {
    const path = originalEntry(asset.sha256, asset.mime);
    if (!originals.has(path)) continue;
    const target = join(dataDir, ...path.split('/'));
    const present = await stat(target).then(
      (s) => s.isFile() && s.size === asset.byteSize,
      () => false,
    );
    if (present) continue;
    await mkdir(dirname(target), { recursive: true });
    await rename(join(staging, ...path.split('/')), target);
    added.push(target);
  }
  return added;
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

/** A full backup taken apart in a staging folder inside the data directory, ready to replace its data. */
interface StagedArchive {
  readonly manifest: FullBackupManifest;
  /** The unpacked image originals, each with what its check found. */
  readonly originals: ReadonlyMap<string, CheckedOriginal>;
  /** The archive's database, copied through every check into `fresh`. */
  readonly adopted: AdoptResult;
  readonly fresh: string;
}

/** The archive behind a restore: refused by its first bytes unless it is a ZIP. */
async function archiveSource(archive: string, reported: (source: string) => string): Promise<string> {
  const source = resolve(archive);
  if ((await detectBackupKind(source)) !== 'archive')
    throw new PressdeskError('ARCHIVE_UNSUPPORTED', `${basename(source)} is not a Pressdesk archive.`, {
      file: reported(source),
    });
  return source;
}

/**
 * What both restores do before they change anything: unpack the archive
 * into `staging` and prove it whole (manifest, every checksum, no path
 * leaving it, room on the disk for it and `extraBytes` besides), check its
 * image originals like an image import, and copy its database row by row
 * through every check into a fresh one (see `adoptDatabase`), leaving out an
 * asset whose original fails together with the releases that show it.
 */
async function stageArchive(
  source: string,
  staging: string,
  dataDir: string,
  options: ArchiveRestoreOptions & {
    readonly extraBytes: number;
    /** The settings of this computer that no backup may change (read only once the archive is proven). */
    readonly localSettings: () => LocalSetting[];
    /** The addresses this computer suppresses (its opt-outs), which no restored backup may forget. */
    readonly localSuppressions: () => LocalSuppression[];
    readonly now: Date;
  },
): Promise<StagedArchive> {
  await mkdir(staging);
  const manifest = await unpackArchive(source, staging, {
    limits: { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits },
    diskDir: dataDir,
    extraBytes: options.extraBytes,
  });
  const originals = await checkOriginals(staging, manifest);
  const fresh = join(staging, 'pressdesk.db');
  const adopted = adoptDatabase(join(staging, ...DATABASE_ENTRY.split('/')), fresh, {
    checkOriginal: originalInArchive(originals, dataDir),
    localSettings: options.localSettings(),
    localSuppressions: options.localSuppressions(),
    now: options.now,
  });
  return { manifest, originals, adopted, fresh };
}

/** What a restore carried over, in the form both restores report it. */
function carriedOver(staged: StagedArchive): Omit<FullBackupRestoreResult, 'previous'> {
  return {
    format: staged.manifest.format,
    releases: staged.adopted.releases,
    assets: staged.adopted.assets.length,
    dropped: staged.adopted.dropped,
    droppedCount: staged.adopted.droppedCount,
  };
}

export interface FullBackupRestoreResult extends DroppedReport {
  readonly previous: string | null;
  readonly format: string;
  /** Releases and assets carried over. */
  readonly releases: number;
  readonly assets: number;
}

/**
 * Replaces the data of a data directory with a full backup. The archive is
 * staged first (see `stageArchive`: proven whole, originals checked, database
 * adopted). Then the current database is backed up (assets are
 * content-addressed and only ever added, so the previous state stays
 * complete), the originals of the carried-over assets are moved in and the
 * fresh database is renamed into place last. No workstation may have the
 * data directory open.
 */
export async function restoreFullBackup(
  dataDir: string,
  archive: string,
  now = new Date(),
  options: ArchiveRestoreOptions = {},
): Promise<FullBackupRestoreResult> {
  const source = await archiveSource(archive, (file) => file);
  await mkdir(dataDir, { recursive: true });
  const staging = join(dataDir, `.restore-${randomUUID()}.partial`);
  const live = join(dataDir, 'pressdesk.db');
  try {
    const staged = await stageArchive(source, staging, dataDir, {
      ...options,
      extraBytes: await sizeOf(live),
      localSettings: () => readLocalSettingsFile(live),
      localSuppressions: () => readLocalSuppressionsFile(live),
      now,
    });
    const previous = await keepCurrentDatabase(dataDir, now);
    await moveOriginals(staging, dataDir, staged.adopted.assets, staged.originals);
    for (const side of ['-wal', '-shm']) await rm(`${live}${side}`, { force: true });
    await rename(staged.fresh, live);
    return { previous, ...carriedOver(staged) };
  } catch (error) {
    throw fsError(error, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export interface FullBackupApplyResult extends DroppedReport {
  /** The backup of the state the archive replaced. */
  readonly previous: string;
  readonly format: string;
  /** Releases and assets carried over. */
  readonly releases: number;
  readonly assets: number;
  /** Image originals that were not in the data directory yet. */
  readonly addedImages: number;
}

/**
 * Replaces the data of a data directory whose database is open (the app
 * runs) with a full backup. The archive is staged in the data directory
 * first, as `restoreFullBackup` does; only then is the current state backed
 * up, the missing originals moved into the content-addressed store, and the
 * fresh database copied page by page INTO the live database file with
 * SQLite's backup API (so every open connection reads the new data without
 * reopening). A failure before the database copy takes the added images
 * away again.
 */
export async function applyFullBackupToOpenDatabase(
  db: Database.Database,
  dataDir: string,
  archive: string,
  now = new Date(),
  options: ArchiveRestoreOptions = {},
): Promise<FullBackupApplyResult> {
  // The open data directory's import names the file only (a dialog's choice or web mode's upload).
  const source = await archiveSource(archive, (file) => basename(file));
  const staging = join(dataDir, `.restore-${randomUUID()}.partial`);
  const added: string[] = [];
  let copying = false;
  try {
    const staged = await stageArchive(source, staging, dataDir, {
      ...options,
      extraBytes: await sizeOf(db.name),
      localSettings: () => readLocalSettings(db),
      localSuppressions: () => readLocalSuppressions(db),
      now,
    });
    const previous = (await backupDatabase(db, join(dataDir, BACKUP_DIR, `pressdesk-before-restore-${stamp(now)}.db`)))
      .file;
    await moveOriginals(staging, dataDir, staged.adopted.assets, staged.originals, added);
    copying = true;
    await copyIntoOpenDatabase(staged.fresh, db);
    return { previous, ...carriedOver(staged), addedImages: added.length };
  } catch (error) {
    // Until the database copy starts, the added originals are the only change: take them away.
    if (!copying) for (const file of added) await rm(file, { force: true });
    throw mapSqliteError(error, db.name) ?? fsError(error, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
