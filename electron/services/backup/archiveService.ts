import { createHash, randomUUID } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Readable, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { z } from 'zod';
import { PressdeskError } from '../../../shared/errors';
import { extensionOf, type AssetMime } from '../assets/sniff';
import { PRESSDESK_VERSION } from '../version';
import { mapSqliteError } from '../db/connection';
import { migrate } from '../db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../db/migrations';
import { BACKUP_DIR, backupDatabase, checkDatabaseFile, fsError, keepCurrentDatabase, stamp } from './backupService';

/** The format name written into every archive's manifest; the number after the slash is its version. */
export const ARCHIVE_FORMAT = 'pressdesk.archive';
export const ARCHIVE_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const DATABASE_ENTRY = 'database/pressdesk.db';

const ASSET_ENTRY = /^assets\/originals\/([0-9a-f]{2})\/([0-9a-f]{64})\.(jpg|png|webp|gif|avif|tif)$/;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/** The largest archive fflate's ZIP writer (no ZIP64) can address, with room for the table of contents. */
export const MAX_ARCHIVE_BYTES = 0xffffffff - 64 * 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

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

export type ArchiveManifest = z.infer<typeof ManifestSchema>;
export type ArchiveEntry = z.infer<typeof EntrySchema>;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

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
    /^[A-Za-z]:/.test(path) ||
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

interface CentralEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/**
 * The ZIP's central directory, read from the end of the file without
 * unpacking anything: every name must be an allowed path, none may repeat, no
 * entry may be a symbolic link, and every entry's data must lie inside the
 * file. Entries are then read by their offsets (never by scanning the data for
 * signatures, which image bytes can contain by chance).
 */
async function readCentralDirectory(file: string): Promise<CentralEntry[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailSize = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw invalid('The archive is damaged: its table of contents is missing.', { reason: 'eocd' });
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff)
      throw new PressdeskError('ARCHIVE_UNSUPPORTED', 'The archive uses ZIP64, which Pressdesk does not read.', {
        reason: 'zip64',
      });
    if (cdOffset + cdSize > size) throw invalid('The archive is damaged (table of contents).', { reason: 'cd' });
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const seen = new Set<string>();
    const entries: CentralEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50)
        throw invalid('The archive is damaged (table of contents).', { reason: 'cd' });
      const madeBy = cd.readUInt16LE(at + 4) >> 8;
      const method = cd.readUInt16LE(at + 10);
      const compressedSize = cd.readUInt32LE(at + 20);
      const uncompressed = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      const attrs = cd.readUInt32LE(at + 38);
      const localOffset = cd.readUInt32LE(at + 42);
      const name = cd.toString('utf8', at + 46, at + 46 + nameLength);
      checkEntryPath(name);
      if (madeBy === 3 && ((attrs >>> 16) & S_IFMT) === S_IFLNK)
        throw invalid(`The archive holds a symbolic link: ${name}.`, { entry: name, reason: 'symlink' });
      if (seen.has(name)) throw invalid(`The archive holds ${name} twice.`, { entry: name, reason: 'duplicate' });
      if (method !== 0 && method !== 8)
        throw invalid(`${name} uses a compression Pressdesk does not read.`, { entry: name, reason: 'method' });
      if (localOffset + 30 + compressedSize > cdOffset)
        throw invalid(`${name} lies outside the archive.`, { entry: name, reason: 'cd' });
      seen.add(name);
      entries.push({ name, method, compressedSize, size: uncompressed, localOffset });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Checks a parsed manifest: our format, a version this Pressdesk reads, a schema it knows. */
function parseManifest(text: string): ArchiveManifest {
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

/** A ZIP written to a file as it is produced, so no entry is ever held whole in memory. */
class ZipFileWriter {
  private readonly fd: number;
  private readonly zip: Zip;
  private failure: Error | null = null;
  private finished = false;

  constructor(file: string) {
    this.fd = openSync(file, 'wx');
    this.zip = new Zip((error, chunk, final) => {
      if (this.failure) return;
      if (error) {
        this.failure = error;
        return;
      }
      try {
        let at = 0;
        while (at < chunk.length) at += writeSync(this.fd, chunk, at, chunk.length - at);
      } catch (writeError) {
        this.failure = asError(writeError);
      }
      if (final) this.finished = true;
    });
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  addBytes(path: string, data: Uint8Array): void {
    const entry = new ZipPassThrough(path);
    this.zip.add(entry);
    entry.push(data, true);
    this.check();
  }

  /** Streams a file into the archive; returns its SHA-256 and size as read. */
  async addFile(path: string, file: string, deflate: boolean): Promise<{ sha256: string; size: number }> {
    const entry = deflate ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    this.zip.add(entry);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
      entry.push(bytes);
      this.check();
    }
    entry.push(new Uint8Array(0), true);
    this.check();
    return { sha256: hash.digest('hex'), size };
  }

  finish(): void {
    this.zip.end();
    this.check();
    if (!this.finished) throw new Error('The archive was not completed.');
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  abort(): void {
    this.zip.terminate();
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
  }
}

export interface ArchiveResult {
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
export async function exportArchive(
  db: Database.Database,
  dataDir: string,
  out: string,
  now = new Date(),
  options: { replace?: boolean } = {},
): Promise<ArchiveResult> {
  const target = resolve(out);
  const dir = dirname(target);
  const tmpDb = join(dir, `.${basename(target)}.${randomUUID()}.db.partial`);
  const tmpZip = join(dir, `.${basename(target)}.${randomUUID()}.partial`);
  let writer: ZipFileWriter | undefined;
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
    const database = await sha256File(tmpDb);
    const assetEntries = assets.map((a) => ({
      path: `assets/originals/${a.sha256.slice(0, 2)}/${a.sha256}.${extensionOf(a.mime)}`,
      size: a.byte_size,
      sha256: a.sha256,
    }));
    const manifest: ArchiveManifest = {
      format: `${ARCHIVE_FORMAT}/${ARCHIVE_FORMAT_VERSION}`,
      pressdeskVersion: PRESSDESK_VERSION,
      schemaVersion: SCHEMA_VERSION,
      createdAt: now.toISOString(),
      counts: { releases, assets: assets.length },
      entries: [{ path: DATABASE_ENTRY, ...database }, ...assetEntries],
    };
    // fflate writes no ZIP64: every offset in the archive must fit in 32 bits.
    const estimate = manifest.entries.reduce((sum, e) => sum + e.size + 2 * (e.path.length + 100), 1 << 20);
    if (estimate >= MAX_ARCHIVE_BYTES) {
      throw new PressdeskError(
        'ARCHIVE_TOO_LARGE',
        `The archive would hold ${Math.round(estimate / 2 ** 30)} GB; one archive holds up to 4 GB.`,
        { bytes: estimate, limit: MAX_ARCHIVE_BYTES },
      );
    }
    writer = new ZipFileWriter(tmpZip);
    writer.addBytes(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'));
    await writer.addFile(DATABASE_ENTRY, tmpDb, true);
    for (const entry of assetEntries) {
      let read: { sha256: string; size: number };
      try {
        read = await writer.addFile(entry.path, join(dataDir, entry.path), false);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new PressdeskError('FILE_UNREADABLE', `The stored image ${entry.path} is missing.`, {
            entry: entry.path,
          });
        throw error;
      }
      if (read.sha256 !== entry.sha256 || read.size !== entry.size)
        throw new PressdeskError('ASSET_CORRUPT', `The stored image ${entry.path} is damaged.`, { entry: entry.path });
    }
    writer.finish();
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
    writer?.abort();
    await rm(tmpZip, { force: true });
    throw fsError(error, target);
  } finally {
    await rm(tmpDb, { force: true });
  }
}

/** Where an entry's data starts: after its local header, whose name must match the directory's. */
async function dataStart(file: string, entry: CentralEntry): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, entry.localOffset);
    if (header.readUInt32LE(0) !== 0x04034b50)
      throw invalid(`${entry.name} is damaged (local header).`, { entry: entry.name, reason: 'header' });
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const name = Buffer.alloc(nameLength);
    await handle.read(name, 0, nameLength, entry.localOffset + 30);
    if (name.toString('utf8') !== entry.name)
      throw invalid(`${entry.name} is damaged (local header).`, { entry: entry.name, reason: 'header' });
    return entry.localOffset + 30 + nameLength + extraLength;
  } finally {
    await handle.close();
  }
}

/** The bytes of one entry as a stream: read by offset, inflated if compressed. */
async function entryStream(file: string, entry: CentralEntry): Promise<AsyncIterable<Buffer> & { destroy(): void }> {
  const start = await dataStart(file, entry);
  // An empty entry has no byte range to read: an empty, already ended stream.
  const raw =
    entry.compressedSize === 0
      ? Readable.from([] as Buffer[])
      : createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  if (entry.method === 0) return raw;
  const inflate = createInflateRaw();
  pipeline(raw, inflate, () => undefined);
  return inflate;
}

/** Reads the manifest entry (small) and checks it. */
async function readManifest(file: string, entry: CentralEntry): Promise<ArchiveManifest> {
  if (entry.size > MAX_MANIFEST_BYTES || entry.compressedSize > MAX_MANIFEST_BYTES)
    throw invalid('The archive manifest is too large.', { reason: 'size' });
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of await entryStream(file, entry)) {
      size += chunk.length;
      if (size > MAX_MANIFEST_BYTES) throw invalid('The archive manifest is too large.', { reason: 'size' });
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof PressdeskError) throw error;
    throw invalid('The archive manifest cannot be unpacked.', { reason: 'inflate' });
  }
  return parseManifest(Buffer.concat(parts).toString('utf8'));
}

/**
 * Unpacks an archive into `staging`, proving it on the way: the manifest is
 * the first entry and is checked; the archive holds exactly the entries it
 * lists; every entry is streamed to disk, may not grow past its listed size
 * and must match its SHA-256.
 */
async function unpackArchive(file: string, staging: string): Promise<ArchiveManifest> {
  const central = await readCentralDirectory(file);
  const first = central[0];
  if (!first || first.name !== MANIFEST_ENTRY) {
    const reason = central.some((e) => e.name === MANIFEST_ENTRY) ? 'not its first entry' : 'missing';
    throw invalid(`The archive manifest is ${reason}.`, { reason: 'manifest' });
  }
  const manifest = await readManifest(file, first);
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

  for (const entry of central.slice(1)) {
    const expected = listed.get(entry.name)!;
    const path = join(staging, ...entry.name.split('/'));
    await mkdir(dirname(path), { recursive: true });
    const out = await open(path, 'wx');
    const hash = createHash('sha256');
    let size = 0;
    const source = await entryStream(file, entry);
    try {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > expected.size)
          throw invalid(`${entry.name} is larger than its manifest says.`, { entry: entry.name, reason: 'size' });
        hash.update(chunk);
        await out.write(chunk);
      }
      await out.sync();
    } catch (error) {
      source.destroy();
      if (error instanceof PressdeskError || typeof (error as NodeJS.ErrnoException).syscall === 'string') throw error;
      throw invalid(`${entry.name} cannot be unpacked.`, { entry: entry.name, reason: 'inflate' });
    } finally {
      await out.close();
    }
    if (size !== expected.size || hash.digest('hex') !== expected.sha256)
      throw invalid(`${entry.name} does not match its checksum.`, { entry: entry.name, reason: 'sha256' });
  }
  return manifest;
}

export interface ArchiveRestoreResult {
  readonly previous: string | null;
  readonly format: string;
  readonly releases: number;
  readonly assets: number;
}

/**
 * Replaces the data of a data directory with a full archive. The archive is
 * unpacked aside and proven whole first; then the current database is backed
 * up (assets are content-addressed and only ever added, so the previous state
 * stays complete), the asset originals are moved in and the database is
 * renamed into place last. No workstation may have the data directory open.
 */
export async function restoreArchive(
  dataDir: string,
  archive: string,
  now = new Date(),
): Promise<ArchiveRestoreResult> {
  const source = resolve(archive);
  if ((await detectBackupKind(source)) !== 'archive')
    throw new PressdeskError('ARCHIVE_UNSUPPORTED', `${basename(source)} is not a Pressdesk archive.`, {
      file: source,
    });
  await mkdir(dataDir, { recursive: true });
  const staging = join(dataDir, `.restore-${randomUUID()}.partial`);
  try {
    await mkdir(staging);
    const manifest = await unpackArchive(source, staging);
    const stagedDb = join(staging, ...DATABASE_ENTRY.split('/'));
    checkDatabaseFile(stagedDb);
    const previous = await keepCurrentDatabase(dataDir, now);
    for (const entry of manifest.entries) {
      if (entry.path === DATABASE_ENTRY) continue;
      const target = join(dataDir, ...entry.path.split('/'));
      if (
        await stat(target).then(
          (s) => s.size === entry.size,
          () => false,
        )
      )
        continue;
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, ...entry.path.split('/')), target);
    }
    const live = join(dataDir, 'pressdesk.db');
    for (const side of ['-wal', '-shm']) await rm(`${live}${side}`, { force: true });
    await rename(stagedDb, live);
    return { previous, format: manifest.format, releases: manifest.counts.releases, assets: manifest.counts.assets };
  } catch (error) {
    throw fsError(error, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Checks a whole archive (manifest, every entry and checksum) without touching any data directory. */
export async function verifyArchive(file: string): Promise<ArchiveManifest> {
  const staging = await mkdtemp(join(tmpdir(), 'pressdesk-verify-'));
  try {
    return await unpackArchive(file, staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export interface ArchiveApplyResult {
  /** The backup of the state the archive replaced. */
  readonly previous: string;
  readonly format: string;
  readonly releases: number;
  readonly assets: number;
  /** Image originals that were not in the data directory yet. */
  readonly addedImages: number;
}

/**
 * Replaces the data of a data directory whose database is open (the app
 * runs) with a full archive. The archive is unpacked into the data directory
 * aside and proven whole first (manifest, every checksum, no path leaving
 * it), and its database is checked; only then is the current state backed up,
 * the missing image originals moved into the content-addressed store, and
 * the archive's database copied page by page INTO the live database file with
 * SQLite's backup API (so every open connection reads the new data without
 * reopening), followed by pending migrations. A failure before the database
 * copy takes the added images away again.
 */
export async function applyArchiveToOpenDatabase(
  db: Database.Database,
  dataDir: string,
  archive: string,
  now = new Date(),
): Promise<ArchiveApplyResult> {
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
    const manifest = await unpackArchive(source, staging);
    const stagedDb = join(staging, ...DATABASE_ENTRY.split('/'));
    checkDatabaseFile(stagedDb);
    const previous = (await backupDatabase(db, join(dataDir, BACKUP_DIR, `pressdesk-before-restore-${stamp(now)}.db`)))
      .file;
    for (const entry of manifest.entries) {
      if (entry.path === DATABASE_ENTRY) continue;
      const target = join(dataDir, ...entry.path.split('/'));
      const present = await stat(target).then(
        (s) => s.size === entry.size,
        () => false,
      );
      if (present) continue;
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, ...entry.path.split('/')), target);
      added.push(target);
    }
    copying = true;
    const src = new Database(stagedDb, { readonly: true, fileMustExist: true });
    try {
      await src.backup(db.name);
    } finally {
      src.close();
    }
    migrate(db, MIGRATIONS);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new PressdeskError('DB_CORRUPT', 'The imported database does not pass its check.', { file: db.name });
    return {
      previous,
      format: manifest.format,
      releases: manifest.counts.releases,
      assets: manifest.counts.assets,
      addedImages: added.length,
    };
  } catch (error) {
    // Until the database copy starts, the added originals are the only change: take them away.
    if (!copying) for (const file of added) await rm(file, { force: true });
    throw mapSqliteError(error, db.name) ?? fsError(error, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
