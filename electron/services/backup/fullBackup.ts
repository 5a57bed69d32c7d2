import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { ASSET_MAX_BYTES, ASSET_MAX_PIXELS, ASSET_MIME_TYPES } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { loadSharp } from '../assets/sharp';
import { extensionOf, looksLikeMarkup, sniffImageType, type AssetMime } from '../assets/sniff';
import { PRESSDESK_VERSION } from '../version';
import { mapSqliteError } from '../db/connection';
import { SCHEMA_VERSION } from '../db/migrations';
import { ZipFormatError, ZipReader, ZipWriter, type ZipEntry } from '../zip';
import { adoptDatabase, readLocalSettings, readLocalSettingsFile, type AdoptedAsset } from './adoptDatabase';
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

/** The format name written into every archive's manifest; the number after the slash is its version. */
export const ARCHIVE_FORMAT = 'pressdesk.archive';
export const ARCHIVE_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const DATABASE_ENTRY = 'database/pressdesk.db';

const ASSET_ENTRY = /^assets\/originals\/([0-9a-f]{2})\/([0-9a-f]{64})\.(jpg|png|webp|gif|avif|tif)$/;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** What an archive may declare before anything of it is unpacked. */
export interface ArchiveLimits {
  /** The database entry, unpacked. */
  readonly maxDatabaseBytes: number;
  /** Each image original (as large as an image import accepts). */
  readonly maxImageBytes: number;
  /** All entries together, unpacked. */
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxDatabaseBytes: 4 * 1024 ** 3,
  maxImageBytes: ASSET_MAX_BYTES,
  maxTotalBytes: 256 * 1024 ** 3,
  maxEntries: 1_000_000,
};

/** Room left free on the disk beyond what a restore writes. */
const DISK_HEADROOM_BYTES = 64 * 1024 * 1024;

/** Where an asset's original lives in an archive (and, the same, in a data directory). */
function originalEntry(sha256: string, mime: AssetMime): string {
  return `assets/originals/${sha256.slice(0, 2)}/${sha256}.${extensionOf(mime)}`;
}

const EntrySchema = z
  .object({
    path: z.string().min(1).max(512),
    size: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

const ManifestSchema = z.object({
  format: z.string(),
  pressdeskVersion: z.string(),
  schemaVersion: z.number().int().positive(),
  createdAt: z.string(),
  counts: z.object({ releases: z.number().int().min(0), assets: z.number().int().min(0) }).strict(),
  entries: z.array(EntrySchema).min(1),
});

export type FullBackupManifest = z.infer<typeof ManifestSchema>;
export type FullBackupEntry = z.infer<typeof EntrySchema>;

function invalid(message: string, details: Record<string, unknown> = {}): PressdeskError {
  return new PressdeskError('ARCHIVE_INVALID', message, details);
}

/** What a backup file holds, decided by its first bytes (never by its name). */
export async function detectBackupKind(file: string): Promise<'archive' | 'database' | 'unknown'> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new PressdeskError('FILE_UNREADABLE', `${basename(file)} cannot be read (${code}).`, { file, reason: code });
  }
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'archive';
    if (bytesRead === 16 && head.toString('latin1') === 'SQLite format 3\0') return 'database';
    return 'unknown';
  } finally {
    await handle.close();
  }
}

/** A path inside an archive is one of the forms Pressdesk writes, never one that could leave the target. */
export function checkEntryPath(path: string): void {
  if (
    path.includes('\\') ||
    path.includes('\0') ||
    path.startsWith('/') ||
    /^[a-z]:/i.test(path) ||
    path.split('/').some((part) => part === '..' || part === '.' || part === '')
  ) {
    throw invalid(`The archive holds a path that is not allowed: ${JSON.stringify(path.slice(0, 200))}.`, {
      entry: path.slice(0, 200),
      reason: 'path',
    });
  }
  if (path !== MANIFEST_ENTRY && path !== DATABASE_ENTRY && !ASSET_ENTRY.test(path)) {
    throw invalid(`The archive holds an entry Pressdesk does not write: ${JSON.stringify(path.slice(0, 200))}.`, {
      entry: path.slice(0, 200),
      reason: 'unknown-entry',
    });
  }
}

/** A ZIP that cannot be read, as our error with the reason. */
function zipError(error: unknown): unknown {
  if (!(error instanceof ZipFormatError)) return error;
  if (error.reason === 'entries')
    return new PressdeskError('ARCHIVE_TOO_LARGE', 'The archive holds more entries than Pressdesk reads.', {
      reason: 'entries',
    });
  const where = error.entry ? { entry: error.entry.slice(0, 200) } : {};
  if (error.reason === 'eocd')
    return invalid('The archive is damaged: its table of contents is missing.', { ...where, reason: 'eocd' });
  if (error.reason === 'size')
    return invalid(`${error.entry ?? 'An entry'} is larger than its manifest says.`, { ...where, reason: 'size' });
  return invalid(`The archive is damaged (${error.entry ?? 'table of contents'}).`, { ...where, reason: error.reason });
}

/**
 * The ZIP's central directory, read without unpacking anything: every name
 * must be an allowed path, none may repeat, no entry may be a symbolic link
 * or use a compression other than stored or deflated, and every entry's data
 * must lie inside the file. Entries are then read by their offsets.
 */
async function openArchive(file: string, limits: ArchiveLimits): Promise<ZipReader> {
  let reader: ZipReader;
  try {
    reader = await ZipReader.open(file, { maxEntries: limits.maxEntries, strictNames: true });
  } catch (error) {
    throw zipError(error);
  }
  try {
    const seen = new Set<string>();
    for (const entry of reader.entries) {
      checkEntryPath(entry.name);
      if (entry.isSymlink)
        throw invalid(`The archive holds a symbolic link: ${entry.name}.`, { entry: entry.name, reason: 'symlink' });
      if (seen.has(entry.name))
        throw invalid(`The archive holds ${entry.name} twice.`, { entry: entry.name, reason: 'duplicate' });
      if (entry.isEncrypted || (entry.method !== 0 && entry.method !== 8))
        throw invalid(`${entry.name} uses a compression Pressdesk does not read.`, {
          entry: entry.name,
          reason: 'method',
        });
      seen.add(entry.name);
    }
    return reader;
  } catch (error) {
    reader.close();
    throw error;
  }
}

/** Checks a parsed manifest: our format, a version this Pressdesk reads, a schema it knows. */
function parseManifest(text: string): FullBackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('The archive manifest is not valid JSON.', { reason: 'manifest' });
  }
  const format = (raw as { format?: unknown } | null)?.format;
  const match = typeof format === 'string' ? /^pressdesk\.archive\/(\d+)$/.exec(format) : null;
  if (!match) {
    throw new PressdeskError('ARCHIVE_UNSUPPORTED', 'The file is not a Pressdesk archive.', {
      format: typeof format === 'string' ? format.slice(0, 100) : null,
    });
  }
  if (Number(match[1]) > ARCHIVE_FORMAT_VERSION) {
    throw new PressdeskError(
      'ARCHIVE_UNSUPPORTED',
      `The archive has format ${format as string}, written by a newer Pressdesk; this version reads ${ARCHIVE_FORMAT}/${ARCHIVE_FORMAT_VERSION}.`,
      { format },
    );
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) throw invalid('The archive manifest is incomplete.', { reason: 'manifest' });
  const manifest = parsed.data;
  if (manifest.schemaVersion > SCHEMA_VERSION) {
    throw new PressdeskError(
      'DB_TOO_NEW',
      `The archive was written by a newer Pressdesk (schema ${manifest.schemaVersion}).`,
      {
        schemaVersion: manifest.schemaVersion,
      },
    );
  }
  const paths = new Set<string>();
  for (const entry of manifest.entries) {
    checkEntryPath(entry.path);
    if (entry.path === MANIFEST_ENTRY || paths.has(entry.path))
      throw invalid(`The manifest lists ${entry.path} twice.`, { entry: entry.path, reason: 'duplicate' });
    const asset = ASSET_ENTRY.exec(entry.path);
    if (asset && (asset[1] !== asset[2]!.slice(0, 2) || asset[2] !== entry.sha256))
      throw invalid(`The manifest names ${entry.path} with another checksum.`, { entry: entry.path, reason: 'sha256' });
    paths.add(entry.path);
  }
  if (!paths.has(DATABASE_ENTRY)) throw invalid('The archive holds no database.', { reason: 'manifest' });
  return manifest;
}

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
 * finished archive.
 */
export async function exportFullBackup(
  db: Database.Database,
  dataDir: string,
  out: string,
  now = new Date(),
  options: { replace?: boolean } = {},
): Promise<FullBackupResult> {
  const target = resolve(out);
  const dir = dirname(target);
  const tmpDb = join(dir, `.${basename(target)}.${randomUUID()}.db.partial`);
  const tmpZip = join(dir, `.${basename(target)}.${randomUUID()}.partial`);
  let writer: ZipWriter | undefined;
  try {
    await mkdir(dir, { recursive: true });
    const existing = await stat(target).catch(() => null);
    if (existing && (!options.replace || !existing.isFile()))
      throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(target)} exists already.`, { file: target });
    // The copy decides what the archive holds: the assets it names, at the moment of the copy.
    await backupDatabase(db, tmpDb);
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
      const missing = error as NodeJS.ErrnoException;
      if (missing.code === 'ENOENT' && typeof missing.path === 'string' && missing.path !== tmpDb)
        throw new PressdeskError('FILE_UNREADABLE', `The stored image ${basename(missing.path)} is missing.`, {
          entry: basename(missing.path),
        });
      throw error;
    }
    writer = undefined;
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
    await rm(tmpDb, { force: true });
  }
}

/** Reads the manifest entry (small) and checks it. */
async function readManifest(reader: ZipReader, entry: ZipEntry): Promise<FullBackupManifest> {
  if (entry.size > MAX_MANIFEST_BYTES || entry.compressedSize > MAX_MANIFEST_BYTES)
    throw invalid('The archive manifest is too large.', { reason: 'size' });
  let bytes: Buffer;
  try {
    bytes = await reader.read(entry);
  } catch (error) {
    if (error instanceof ZipFormatError && error.reason !== 'inflate') throw zipError(error);
    throw invalid('The archive manifest cannot be unpacked.', { reason: 'inflate' });
  }
  return parseManifest(bytes.toString('utf8'));
}

/**
 * Whether the disk holding `dir` has room for `needed` bytes and some to
 * spare (DISK_FULL before anything is written). A file system that cannot
 * tell is not refused: a full disk then fails the first write.
 */
async function checkDiskSpace(dir: string, needed: number): Promise<void> {
  let free: number;
  try {
    const info = await statfs(dir);
    free = info.bavail * info.bsize;
  } catch {
    return;
  }
  if (needed + DISK_HEADROOM_BYTES > free)
    throw new PressdeskError(
      'DISK_FULL',
      `The archive needs ${Math.ceil(needed / 2 ** 20)} MB; the disk has ${Math.floor(free / 2 ** 20)} MB free.`,
      { needed, free },
    );
}

interface UnpackOptions {
  readonly limits: ArchiveLimits;
  /** The folder whose disk must hold what the restore writes. */
  readonly diskDir: string;
  /** What the restore writes besides the unpacked entries (the backup of the current state). */
  readonly extraBytes: number;
}

/**
 * Unpacks an archive into `staging`, proving it on the way: the manifest is
 * the first entry and is checked; the archive holds exactly the entries it
 * lists; the declared sizes stay within the limits and the disk can hold
 * them (all before anything is unpacked); every entry is streamed to disk,
 * may not grow past its listed size and must match its SHA-256.
 */
async function unpackArchive(file: string, staging: string, options: UnpackOptions): Promise<FullBackupManifest> {
  const reader = await openArchive(file, options.limits);
  try {
    const central = reader.entries;
    const first = central[0];
    if (!first || first.name !== MANIFEST_ENTRY) {
      const reason = central.some((e) => e.name === MANIFEST_ENTRY) ? 'not its first entry' : 'missing';
      throw invalid(`The archive manifest is ${reason}.`, { reason: 'manifest' });
    }
    const manifest = await readManifest(reader, first);
    const listed = new Map(manifest.entries.map((e) => [e.path, e]));
    for (const entry of central.slice(1)) {
      const expected = listed.get(entry.name);
      if (!expected) throw invalid(`${entry.name} is not in the manifest.`, { entry: entry.name, reason: 'unlisted' });
      if (entry.size !== expected.size)
        throw invalid(`${entry.name} is larger than its manifest says.`, { entry: entry.name, reason: 'size' });
    }
    const present = new Set(central.map((e) => e.name));
    const missing = manifest.entries.filter((e) => !present.has(e.path));
    if (missing.length > 0)
      throw invalid(`The archive is incomplete: ${missing.length} entries are missing.`, {
        reason: 'missing',
        entries: missing.slice(0, 20).map((e) => e.path),
      });

    const { limits } = options;
    let total = 0;
    for (const entry of manifest.entries) {
      const limit = entry.path === DATABASE_ENTRY ? limits.maxDatabaseBytes : limits.maxImageBytes;
      if (entry.size > limit)
        throw new PressdeskError(
          'ARCHIVE_TOO_LARGE',
          `${entry.path} would unpack to ${Math.ceil(entry.size / 2 ** 20)} MB; Pressdesk accepts up to ${Math.floor(limit / 2 ** 20)} MB.`,
          { entry: entry.path, size: entry.size, limit, reason: 'entry' },
        );
      total += entry.size;
    }
    if (total > limits.maxTotalBytes)
      throw new PressdeskError(
        'ARCHIVE_TOO_LARGE',
        `The archive would unpack to ${Math.ceil(total / 2 ** 30)} GB; Pressdesk accepts up to ${Math.floor(limits.maxTotalBytes / 2 ** 30)} GB.`,
        { size: total, limit: limits.maxTotalBytes, reason: 'total' },
      );
    // The entries, the database copied out of the archive's, and the backup of the current state.
    const database = listed.get(DATABASE_ENTRY)?.size ?? 0;
    await checkDiskSpace(options.diskDir, total + database + options.extraBytes);

    for (const entry of central.slice(1)) {
      const expected = listed.get(entry.name)!;
      const path = join(staging, ...entry.name.split('/'));
      await mkdir(dirname(path), { recursive: true });
      const out = await open(path, 'wx');
      const hash = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of reader.chunks(entry)) {
          size += chunk.length;
          if (size > expected.size)
            throw invalid(`${entry.name} is larger than its manifest says.`, { entry: entry.name, reason: 'size' });
          hash.update(chunk);
          await out.write(chunk);
        }
        await out.sync();
      } catch (error) {
        if (error instanceof ZipFormatError) throw zipError(error);
        if (error instanceof PressdeskError || typeof (error as NodeJS.ErrnoException).syscall === 'string')
          throw error;
        throw invalid(`${entry.name} cannot be unpacked.`, { entry: entry.name, reason: 'inflate' });
      } finally {
        await out.close();
      }
      if (size !== expected.size || hash.digest('hex') !== expected.sha256)
        throw invalid(`${entry.name} does not match its checksum.`, { entry: entry.name, reason: 'sha256' });
    }
    return manifest;
  } finally {
    reader.close();
  }
}

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

export interface ArchiveRestoreOptions {
  readonly limits?: Partial<ArchiveLimits>;
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
 * unpacked aside and proven whole first, its image originals are checked
 * like an image import, and its database is copied row by row through every
 * check into a fresh database (see `adoptDatabase`): an asset whose original
 * fails is left out together with the releases that show it. Then the
 * current database is backed up (assets are content-addressed and only ever
 * added, so the previous state stays complete), the originals of the
 * carried-over assets are moved in and the fresh database is renamed into
 * place last. No workstation may have the data directory open.
 */
export async function restoreFullBackup(
  dataDir: string,
  archive: string,
  now = new Date(),
  options: ArchiveRestoreOptions = {},
): Promise<FullBackupRestoreResult> {
  const source = resolve(archive);
  if ((await detectBackupKind(source)) !== 'archive')
    throw new PressdeskError('ARCHIVE_UNSUPPORTED', `${basename(source)} is not a Pressdesk archive.`, {
      file: source,
    });
  await mkdir(dataDir, { recursive: true });
  const staging = join(dataDir, `.restore-${randomUUID()}.partial`);
  const live = join(dataDir, 'pressdesk.db');
  try {
    await mkdir(staging);
    const manifest = await unpackArchive(source, staging, {
      limits: { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits },
      diskDir: dataDir,
      extraBytes: await sizeOf(live),
    });
    const originals = await checkOriginals(staging, manifest);
    const fresh = join(staging, 'pressdesk.db');
    const adopted = adoptDatabase(join(staging, ...DATABASE_ENTRY.split('/')), fresh, {
      checkOriginal: originalInArchive(originals, dataDir),
      localSettings: readLocalSettingsFile(live),
      now,
    });
    const previous = await keepCurrentDatabase(dataDir, now);
    await moveOriginals(staging, dataDir, adopted.assets, originals);
    for (const side of ['-wal', '-shm']) await rm(`${live}${side}`, { force: true });
    await rename(fresh, live);
    return {
      previous,
      format: manifest.format,
      releases: adopted.releases,
      assets: adopted.assets.length,
      dropped: adopted.dropped,
      droppedCount: adopted.droppedCount,
    };
  } catch (error) {
    throw fsError(error, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Checks a whole archive (manifest, every entry and checksum) without touching any data directory. */
export async function verifyFullBackup(file: string, options: ArchiveRestoreOptions = {}): Promise<FullBackupManifest> {
  const staging = await mkdtemp(join(tmpdir(), 'pressdesk-verify-'));
  try {
    return await unpackArchive(file, staging, {
      limits: { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits },
      diskDir: staging,
      extraBytes: 0,
    });
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
 * runs) with a full backup. The archive is unpacked into the data directory
 * aside and proven whole first (manifest, every checksum, no path leaving
 * it), its originals are checked and its database is copied through every
 * check into a fresh one, as `restoreFullBackup` does; only then is the current
 * state backed up, the missing originals moved into the content-addressed
 * store, and the fresh database copied page by page INTO the live database
 * file with SQLite's backup API (so every open connection reads the new data
 * without reopening). A failure before the database copy takes the added
 * images away again.
 */
export async function applyFullBackupToOpenDatabase(
  db: Database.Database,
  dataDir: string,
  archive: string,
  now = new Date(),
  options: ArchiveRestoreOptions = {},
): Promise<FullBackupApplyResult> {
  const source = resolve(archive);
  if ((await detectBackupKind(source)) !== 'archive')
    throw new PressdeskError('ARCHIVE_UNSUPPORTED', `${basename(source)} is not a Pressdesk archive.`, {
      file: basename(source),
    });
  const staging = join(dataDir, `.restore-${randomUUID()}.partial`);
  const added: string[] = [];
  let copying = false;
  try {
    await mkdir(staging);
    const manifest = await unpackArchive(source, staging, {
      limits: { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits },
      diskDir: dataDir,
      extraBytes: await sizeOf(db.name),
    });
    const originals = await checkOriginals(staging, manifest);
    const fresh = join(staging, 'pressdesk.db');
    const adopted = adoptDatabase(join(staging, ...DATABASE_ENTRY.split('/')), fresh, {
      checkOriginal: originalInArchive(originals, dataDir),
      localSettings: readLocalSettings(db),
      now,
    });
    const previous = (await backupDatabase(db, join(dataDir, BACKUP_DIR, `pressdesk-before-restore-${stamp(now)}.db`)))
      .file;
    await moveOriginals(staging, dataDir, adopted.assets, originals, added);
    copying = true;
    await copyIntoOpenDatabase(fresh, db);
    return {
      previous,
      format: manifest.format,
      releases: adopted.releases,
      assets: adopted.assets.length,
      addedImages: added.length,
      dropped: adopted.dropped,
      droppedCount: adopted.droppedCount,
    };
  } catch (error) {
    // Until the database copy starts, the added originals are the only change: take them away.
    if (!copying) for (const file of added) await rm(file, { force: true });
    throw mapSqliteError(error, db.name) ?? fsError(error, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
