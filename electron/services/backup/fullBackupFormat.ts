import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { ASSET_MAX_BYTES } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { extensionOf, type AssetMime } from '../assets/sniff';
import { SCHEMA_VERSION } from '../db/migrations';
import { ZipFormatError, ZipReader, type ZipEntry } from '../zip';

// The full backup's format (`pressdesk.archive/1`): a ZIP whose first entry is a
// manifest listing every other entry with its size and SHA-256. What may be in
// one, and how one is read and proven whole; writing one is fullBackupWriter.ts,
// restoring one fullBackupRestore.ts.

/** The format name written into every archive's manifest; the number after the slash is its version. */
export const ARCHIVE_FORMAT = 'pressdesk.archive';
export const ARCHIVE_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const DATABASE_ENTRY = 'database/pressdesk.db';

/** An image original's entry: its folder, content address and extension. */
export const ASSET_ENTRY = /^assets\/originals\/([0-9a-f]{2})\/([0-9a-f]{64})\.(jpg|png|webp|gif|avif|tif)$/;
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
export function originalEntry(sha256: string, mime: AssetMime): string {
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

export interface UnpackOptions {
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
export async function unpackArchive(
  file: string,
  staging: string,
  options: UnpackOptions,
): Promise<FullBackupManifest> {
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

/** What a restore or a check accepts of an archive (the limits it may declare). */
export interface ArchiveRestoreOptions {
  readonly limits?: Partial<ArchiveLimits>;
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
