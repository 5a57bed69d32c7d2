import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ASSET_MIME_TYPES } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { type AssetMime } from '../assets/sniff';
import { SCHEMA_VERSION } from '../db/migrations';
import { PRESSDESK_VERSION } from '../version';
import { ZipWriter } from '../zip';
import { backupDatabase, fsError } from './backupService';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  DATABASE_ENTRY,
  DEFAULT_ARCHIVE_LIMITS,
  MANIFEST_ENTRY,
  originalEntry,
  type FullBackupManifest,
} from './fullBackupFormat';

// Writing a full backup (the format is fullBackupFormat.ts): a consistent copy of
// the database and every image original, proven on the way.

async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export interface FullBackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly format: string;
  readonly releases: number;
  readonly assets: number;
  readonly entries: number;
}

/**
 * Writes one portable file holding a consistent copy of the database and
 * every asset original (thumbnails are made again on the new computer): a ZIP
 * whose first entry is the manifest with every entry's size and SHA-256. The
 * assets are streamed from disk and checked against their content address on
 * the way; the archive is written under a temporary name and renamed into
 * place. The target must not exist, unless `replace` says the user agreed to
 * replace it (the app's save dialog asked); it is then replaced only by the
 * finished archive. `signal` stops the writing (CANCELLED) and removes what
 * was written.
 */
export async function exportFullBackup(
  db: Database.Database,
  dataDir: string,
  out: string,
  now = new Date(),
  options: { replace?: boolean; signal?: AbortSignal } = {},
): Promise<FullBackupResult> {
  const { signal } = options;
  const checkCancelled = (): void => {
    if (signal?.aborted) throw new PressdeskError('CANCELLED', 'The full backup was cancelled; nothing was written.');
  };
  const target = resolve(out);
  const dir = dirname(target);
  const tmpDb = join(dir, `.${basename(target)}.${randomUUID()}.db.partial`);
  const tmpZip = join(dir, `.${basename(target)}.${randomUUID()}.partial`);
  let writer: ZipWriter | undefined;
  // A cancel while the images stream stops the writer at once (its file is removed below).
  const stop = (): void => void writer?.abort();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    checkCancelled();
    await mkdir(dir, { recursive: true });
    const existing = await stat(target).catch(() => null);
    if (existing && (!options.replace || !existing.isFile()))
      throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(target)} exists already.`, { file: target });
    // The copy decides what the archive holds: the assets it names, at the moment of the copy.
    await backupDatabase(db, tmpDb);
    checkCancelled();
    const copy = new Database(tmpDb, { readonly: true, fileMustExist: true });
    let assets: { sha256: string; mime: AssetMime; byte_size: number }[];
    let releases: number;
    try {
      assets = copy
        .prepare<[], { sha256: string; mime: AssetMime; byte_size: number }>(
          'SELECT sha256, mime, byte_size FROM assets ORDER BY sha256',
        )
        .all();
      releases = (copy.prepare('SELECT count(*) AS n FROM releases').get() as { n: number }).n;
    } finally {
      copy.close();
    }
    // An asset row names its file by its content address: nothing else may become a path.
    const unsound = assets.find(
      (a) => !/^[0-9a-f]{64}$/.test(a.sha256) || !(ASSET_MIME_TYPES as readonly string[]).includes(a.mime),
    );
    if (unsound)
      throw new PressdeskError('ASSET_CORRUPT', 'A stored image has a damaged record.', {
        sha256: String(unsound.sha256).slice(0, 100),
      });
    const database = await sha256File(tmpDb);
    const assetEntries = assets.map((a) => ({
      path: originalEntry(a.sha256, a.mime),
      size: a.byte_size,
      sha256: a.sha256,
    }));
    const manifest: FullBackupManifest = {
      format: `${ARCHIVE_FORMAT}/${ARCHIVE_FORMAT_VERSION}`,
      pressdeskVersion: PRESSDESK_VERSION,
      schemaVersion: SCHEMA_VERSION,
      createdAt: now.toISOString(),
      counts: { releases, assets: assets.length },
      entries: [{ path: DATABASE_ENTRY, ...database }, ...assetEntries],
    };
    // Never write an archive that a restore would refuse.
    const limits = DEFAULT_ARCHIVE_LIMITS;
    const total = manifest.entries.reduce((sum, e) => sum + e.size, 0);
    if (
      database.size > limits.maxDatabaseBytes ||
      total > limits.maxTotalBytes ||
      manifest.entries.length >= limits.maxEntries
    )
      throw new PressdeskError('ARCHIVE_TOO_LARGE', 'The data is larger than one archive may hold.', {
        database: database.size,
        total,
        limits,
      });
    writer = await ZipWriter.create(tmpZip);
    checkCancelled();
    writer.addBuffer(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'), { compress: false });
    writer.addFile(DATABASE_ENTRY, tmpDb, {
      compress: true,
      size: database.size,
      check: (read) => {
        if (read.sha256 !== database.sha256 || read.size !== database.size)
          throw new PressdeskError('INTERNAL', 'The database copy changed while it was written.');
      },
    });
    for (const entry of assetEntries) {
      writer.addFile(entry.path, join(dataDir, ...entry.path.split('/')), {
        compress: false,
        size: entry.size,
        check: (read) => {
          if (read.sha256 !== entry.sha256 || read.size !== entry.size)
            throw new PressdeskError('ASSET_CORRUPT', `The stored image ${entry.path} is damaged.`, {
              entry: entry.path,
            });
        },
      });
    }
    try {
      await writer.finish();
    } catch (error) {
      checkCancelled();
      const missing = error as NodeJS.ErrnoException;
      if (missing.code === 'ENOENT' && typeof missing.path === 'string' && missing.path !== tmpDb)
        throw new PressdeskError('FILE_UNREADABLE', `The stored image ${basename(missing.path)} is missing.`, {
          entry: basename(missing.path),
        });
      throw error;
    }
    writer = undefined;
    checkCancelled();
    await rename(tmpZip, target);
    return {
      file: target,
      bytes: (await stat(target)).size,
      format: manifest.format,
      releases,
      assets: assets.length,
      entries: manifest.entries.length + 1,
    };
  } catch (error) {
    await writer?.abort();
    await rm(tmpZip, { force: true });
    throw fsError(error, target);
  } finally {
    signal?.removeEventListener('abort', stop);
    await rm(tmpDb, { force: true });
  }
}
