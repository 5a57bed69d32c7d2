import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, posix } from 'node:path';
import { MAX_IMPORT_FILE_BYTES } from '../../../shared/contract/archive';
import { ASSET_MAX_BYTES } from '../../../shared/domain/asset';
import type { AssetStore } from '../assets/assetStore';
import { isSafeRelativePath, keepBundleReleases, resolveRecordImages } from './bundleImport';
import { PressdeskError, toErrorPayload } from '../../../shared/errors';
import { ZipFormatError, ZipReader, type ZipEntry } from '../zip';
import {
  emptySummary,
  importRecords,
  writeBatch,
  readInterchangeText,
  type ImportSummary,
  type ParsedRecord,
  type RawRecord,
} from '../releases/interchange';
import type { ReleaseRepository } from '../releases/releaseRepository';
import { decodeText } from './decodeText';
import { DOCX_LIMITS, docxRecord, readDocx } from '../docx/docxImport';
import { NotNdjsonError, openNdjsonFile } from './ndjsonFile';
import {
  RECORD_THREAD_MIN_BYTES,
  RecordThreadLost,
  type RecordJob,
  type RecordsRead,
  type RecordThread,
} from './recordThread';
import { readPageRelease, type PageRelease } from './htmlRelease';
import { SiteSuffixes } from './pageChrome';
import { notAFile, readRegularFile, specialKind, staysInside } from './regularFile';

/** One file to import: from disk, from inside a ZIP, or uploaded. */
export interface ImportSource {
  /** Shown in reports: a path, "archive.zip/inner/name.html" or an upload's name. */
  readonly name: string;
  /** Size in bytes if known before reading. */
  readonly size?: number;
  /** The file on disk, if it is one: interchange files are then read line by line. */
  readonly path?: string;
  /** Whether `path` may be reached through a symbolic link (the user named it); false for what a folder holds. */
  readonly followLinks?: boolean;
  read(): Promise<Uint8Array>;
  /** Reads a file next to this one (images named in interchange records); absent for uploads. */
  sibling?(relativePath: string): Promise<Uint8Array>;
}

export interface ImportLimits {
  /** Largest web page or other single file. */
  readonly maxFileBytes: number;
  /** Largest interchange file (.json, .ndjson, .jsonl): whole archives come as one NDJSON file. */
  readonly maxInterchangeBytes: number;
  /** Most bytes all entries of one ZIP may unpack to. */
  readonly maxZipBytes: number;
  readonly maxZipEntries: number;
  /** Largest Word file (.docx); DOCX_LIMITS.maxFileBytes when not given. */
  readonly maxDocxBytes?: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: MAX_IMPORT_FILE_BYTES,
  maxInterchangeBytes: 256 * 1024 * 1024,
  maxZipBytes: 1024 * 1024 * 1024,
  maxZipEntries: 50_000,
};

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
}

export interface BulkImportOptions {
  readonly limits?: ImportLimits;
  readonly signal?: { readonly aborted: boolean };
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Records written per transaction. */
  readonly batchSize?: number;
  /** Stores images that interchange records place by file (bundles, `leadImage.file`). */
  readonly assets?: AssetStore;
  /**
   * Stores the images of Word files only, where `assets` is not given (uploads,
   * whose interchange records have no folder to place images from).
   */
  readonly wordAssets?: AssetStore;
  /** Reads and checks the records of NDJSON files on disk on a thread of its own, ahead of the write. */
  readonly records?: RecordThread;
}

const INTERCHANGE = new Set(['.json', '.ndjson', '.jsonl']);
const HTML = new Set(['.html', '.htm', '.xhtml', '.shtml']);
const DOCX = '.docx';
const SKIPPED_NAMES = /(?:^|\/)(?:\.|__MACOSX\/)|\/$/;

/** A file found for import, or something in a folder that is reported and never read. */
type Found = { readonly path: string; readonly refused?: string };

/**
 * Files of a folder, recursively, in a stable order; hidden files are left
 * out. The entries' own types decide (as lstat sees them): a symbolic link is
 * never followed, whether it points at a file or a folder, inside or out, and
 * devices, FIFOs and sockets are never opened; all of them are reported.
 */
async function walk(dir: string, out: Found[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isSymbolicLink()) out.push({ path, refused: specialKind(e) });
    else if (e.isDirectory()) await walk(path, out);
    else if (e.isFile()) out.push({ path });
    else out.push({ path, refused: specialKind(e) });
  }
}

/**
 * Paths given by the user (files, folders) as sources, in order; an
 * unreadable path fails when read. A path the user names is taken as named,
 * through links; what a folder holds is read only if it is a regular file
 * there, and images next to a file only from inside its folder.
 */
export async function sourcesFromPaths(paths: readonly string[]): Promise<ImportSource[]> {
  const out: ImportSource[] = [];
  for (const path of paths) {
    try {
      const st = await stat(path);
      const found: Found[] = [];
      if (st.isDirectory()) await walk(path, found);
      else if (st.isFile()) found.push({ path });
      else found.push({ path, refused: specialKind(st) });
      const followLinks = !st.isDirectory();
      for (const { path: file, refused } of found) {
        if (refused !== undefined) {
          const failure = notAFile(file, refused);
          out.push({ name: file, read: () => Promise.reject(failure) });
          continue;
        }
        out.push({
          name: file,
          path: file,
          followLinks,
          read: () => readRegularFile(file, followLinks),
          async sibling(rel) {
            if (!isSafeRelativePath(rel))
              throw new PressdeskError('IMPORT_INVALID', `The path ${rel.slice(0, 100)} leaves the folder.`);
            const target = join(dirname(file), rel);
            try {
              // A linked folder on the way would lead out of the folder; a link as the image itself is refused when opened.
              if (!(await staysInside(dirname(file), target)))
                throw new PressdeskError('IMPORT_INVALID', `The path ${rel.slice(0, 100)} leaves the folder.`);
              const info = await stat(target);
              if (info.size > ASSET_MAX_BYTES)
                throw new PressdeskError('ASSET_TOO_LARGE', `${basename(rel)} is larger than Pressdesk accepts.`);
              return await readRegularFile(target, false);
            } catch (error) {
              if (error instanceof PressdeskError) throw error;
              const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
              throw new PressdeskError('FILE_UNREADABLE', `Cannot read the image ${basename(rel)} (${code}).`);
            }
          },
        });
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      const failure = new PressdeskError('FILE_UNREADABLE', `Cannot read ${basename(path)} (${code}).`);
      out.push({ name: path, read: () => Promise.reject(failure) });
    }
  }
  return out;
}

function isUnsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/i.test(name) || name.split(/[\\/]/).includes('..');
}

/**
 * The entries of a ZIP as sources, read lazily. Entry paths that would leave
 * the archive, symbolic links, and archives that declare more than the limits
 * are refused. The central directory is read once; each entry is then read
 * by its offset (never by unpacking the ZIP again), so the cost grows with
 * the ZIP, not with its square. Nothing is written to disk.
 */
export async function zipEntries(
  name: string,
  bytes: Uint8Array,
  limits: ImportLimits,
): Promise<{ sources: ImportSource[]; refused: { name: string; error: PressdeskError }[] }> {
  let reader: ZipReader;
  try {
    reader = await ZipReader.open(bytes, { maxEntries: limits.maxZipEntries });
  } catch (error) {
    if (error instanceof ZipFormatError && error.reason === 'entries')
      throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(name)} has more than ${limits.maxZipEntries} entries.`);
    throw new PressdeskError('IMPORT_ZIP_INVALID', `${basename(name)} is not a readable ZIP archive.`);
  }
  const infos = reader.entries;
  const total = infos.reduce((n, i) => n + i.size, 0);
  if (total > limits.maxZipBytes) {
    throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(name)} unpacks to more than the import accepts.`);
  }
  // The first entry of a name counts, as when the ZIP is unpacked.
  const byName = new Map<string, ZipEntry>();
  for (const info of infos) if (!byName.has(info.name)) byName.set(info.name, info);
  const unpack = async (entry: ZipEntry): Promise<Uint8Array> => {
    try {
      return await reader.read(entry);
    } catch {
      throw new PressdeskError('IMPORT_ZIP_INVALID', `${entry.name} cannot be unpacked.`);
    }
  };
  const sources: ImportSource[] = [];
  const refused: { name: string; error: PressdeskError }[] = [];
  for (const info of infos) {
    const full = `${name}/${info.name}`;
    if (!isUnsafeEntryName(info.name) && SKIPPED_NAMES.test(info.name)) continue;
    if (isUnsafeEntryName(info.name) || info.isSymlink) {
      refused.push({
        name: full,
        error: new PressdeskError(
          'IMPORT_ZIP_INVALID',
          info.isSymlink
            ? `The entry ${info.name} is a symbolic link.`
            : `The entry path ${info.name} leaves the archive.`,
        ),
      });
      continue;
    }
    const entryName = info.name;
    sources.push({
      name: full,
      size: info.size,
      sibling(rel) {
        const target = posix.normalize(posix.join(posix.dirname(entryName), rel.replace(/\\/g, '/')));
        if (!isSafeRelativePath(rel) || isUnsafeEntryName(target)) {
          return Promise.reject(
            new PressdeskError('IMPORT_ZIP_INVALID', `The path ${rel.slice(0, 100)} leaves the archive.`),
          );
        }
        const sized = byName.get(target);
        if (!sized || sized.isSymlink || sized.isDirectory)
          return Promise.reject(new PressdeskError('FILE_UNREADABLE', `The archive has no ${target}.`));
        if (sized.size > ASSET_MAX_BYTES) {
          return Promise.reject(
            new PressdeskError('ASSET_TOO_LARGE', `${basename(target)} is larger than Pressdesk accepts.`),
          );
        }
        return unpack(sized);
      },
      read: () => {
        if (info.size > limitFor(info.name, limits)) {
          return Promise.reject(
            new PressdeskError('IMPORT_TOO_LARGE', `${info.name} is larger than the import accepts.`),
          );
        }
        return unpack(info);
      },
    });
  }
  return { sources, refused };
}

/**
 * Imports an NDJSON file read line by line, in one transaction like any
 * interchange file. `notNdjson` (nothing written) when it is not NDJSON and
 * must be read whole; `lost` (nothing written, nothing counted) when the
 * record thread stopped answering and the file is to be read here.
 */
function importNdjson(
  repo: ReleaseRepository,
  records: Iterable<RawRecord> | RecordsRead,
  file: string,
  summary: ImportSummary,
): 'done' | 'notNdjson' | 'lost' {
  const before = { ...summary, errors: summary.errors.length };
  try {
    if ('items' in records) writeBatch(repo, records.items, summary, records.words);
    else importRecords(repo, records, file, summary);
    return 'done';
  } catch (error) {
    if (!(error instanceof NotNdjsonError) && !(error instanceof RecordThreadLost)) throw error;
    // The transaction was rolled back: so is what it counted.
    Object.assign(summary, { imported: before.imported, updated: before.updated, skipped: before.skipped });
    summary.errors.length = before.errors;
    return error instanceof NotNdjsonError ? 'notNdjson' : 'lost';
  } finally {
    if ('close' in records) records.close();
  }
}

type Kind = 'interchange' | 'html' | 'zip' | 'docx';

const EMPTY = new Uint8Array(0);

/**
 * Whether an interchange text may place an image by file (`"file"` as a key,
 * also when written with escapes): only then are all its records read ahead
 * to store the images before the write.
 */
function mayPlaceImages(text: string): boolean {
  return text.includes('"file"') || /\\u006[569c]/i.test(text);
}

/** The size limit of a file by its name: interchange files may be whole archives. */
function limitFor(name: string, limits: ImportLimits): number {
  const ext = extname(name).toLowerCase();
  if (ext === DOCX) return limits.maxDocxBytes ?? DOCX_LIMITS.maxFileBytes;
  return INTERCHANGE.has(ext) ? limits.maxInterchangeBytes : limits.maxFileBytes;
}

function kindOf(name: string, bytes: Uint8Array): Kind {
  const ext = extname(name).toLowerCase();
  // A Word file is a ZIP too: its name says which.
  if (ext === DOCX) return 'docx';
  if (ext === '.zip' || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04))
    return 'zip';
  if (INTERCHANGE.has(ext)) return 'interchange';
  if (HTML.has(ext)) return 'html';
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'interchange';
  if (head.startsWith('<')) return 'html';
  throw new PressdeskError(
    'IMPORT_UNSUPPORTED',
    `${basename(name)} is neither interchange JSON, an HTML page, a Word file (.docx) nor a ZIP archive.`,
  );
}

/**
 * Imports many files: interchange files, HTML pages of press releases and
 * ZIPs of them. Records are written in batches, one transaction each; a bad
 * file or record is reported and skipped; a cancel stops after the current
 * file, keeping what was written. Re-importing is idempotent (ids are kept
 * or derived from the page's URL or content).
 */
export async function importSources(
  repo: ReleaseRepository,
  initial: readonly ImportSource[],
  options: BulkImportOptions = {},
  summary: ImportSummary = emptySummary(),
): Promise<ImportSummary> {
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  const batchSize = options.batchSize ?? 500;
  const queue = await keepBundleReleases(initial);
  let done = 0;
  let pending: { file: string; record: ParsedRecord; page?: PageRelease }[] = [];
  const sites = new SiteSuffixes();

  const flush = (): void => {
    if (pending.length === 0) return;
    // A site's name in the headlines is known once its pages repeat it.
    const batch = pending.map(({ file, record, page }) => {
      if (!page) return { file, record };
      const headline = sites.strip(page.host, record.fields.headline);
      return headline === record.fields.headline
        ? { file, record }
        : { file, record: { ...record, fields: { ...record.fields, headline } } };
    });
    pending = [];
    writeBatch(repo, batch, summary);
  };
  const report = (file: string, error: unknown): void => {
    const p = toErrorPayload(error);
    summary.errors.push({
      file,
      code: p.code,
      message: p.code === 'INTERNAL' ? `${basename(file)}: ${p.message}` : p.message,
    });
  };

  const next = async (): Promise<void> => {
    done += 1;
    options.onProgress?.({ done, total: done + queue.length });
    // Let progress polls and cancels in (the engine serves requests on the same thread).
    if (done % 10 === 0) await new Promise<void>((r) => setImmediate(r));
  };

  const endUse = options.records?.use();
  const endStreaming = repo.streamingImport();
  try {
    while (queue.length > 0) {
      if (options.signal?.aborted) break;
      const source = queue.shift()!;
      try {
        if (
          source.size !== undefined &&
          source.size > limitFor(source.name, limits) &&
          extname(source.name).toLowerCase() !== '.zip'
        ) {
          throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(source.name)} is larger than the import accepts.`);
        }
        if (source.path !== undefined && INTERCHANGE.has(extname(source.name).toLowerCase())) {
          const file = openNdjsonFile(
            source.path,
            limits.maxInterchangeBytes,
            basename(source.name),
            source.followLinks ?? true,
          );
          if (file && !(options.assets && file.mayPlaceImages)) {
            flush();
            let outcome: 'done' | 'notNdjson' | 'lost' = 'lost';
            if (options.records && file.size >= RECORD_THREAD_MIN_BYTES && (await options.records.ready())) {
              const records = options.records.read(recordJob(source, limits)!);
              const following = queue[0] ? recordJob(queue[0], limits) : null;
              if (following) options.records.readAhead(following);
              outcome = importNdjson(repo, records, source.name, summary);
            }
            if (outcome === 'lost') outcome = importNdjson(repo, file.records, source.name, summary);
            if (outcome === 'done') {
              await next();
              continue;
            }
          }
        }
        let bytes = await source.read();
        const kind = kindOf(source.name, bytes);
        if (kind === 'docx') {
          if (bytes.length > limitFor(source.name, limits))
            throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(source.name)} is larger than the import accepts.`);
          // Read whole before anything is stored: a refused file leaves no image behind.
          const read = await readDocx(source.name, bytes);
          bytes = EMPTY;
          pending.push({
            file: source.name,
            record: await docxRecord(source.name, read, options.assets ?? options.wordAssets),
          });
          if (pending.length >= batchSize) flush();
        } else if (kind === 'zip') {
          if (bytes.length > limits.maxZipBytes)
            throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(source.name)} is too large.`);
          const { sources, refused } = await zipEntries(source.name, bytes, limits);
          for (const r of refused) report(r.name, r.error);
          // Entries may not be ZIPs themselves (no nesting, no recursion bombs).
          queue.unshift(
            ...(await keepBundleReleases(sources)).map((s) => ({
              ...s,
              read: async () => {
                const data = await s.read();
                if (kindOf(s.name, data) === 'zip')
                  throw new PressdeskError('IMPORT_UNSUPPORTED', 'ZIP archives inside ZIP archives are not imported.');
                return data;
              },
            })),
          );
        } else {
          if (bytes.length > (kind === 'interchange' ? limits.maxInterchangeBytes : limits.maxFileBytes)) {
            throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(source.name)} is larger than the import accepts.`);
          }
          if (kind === 'interchange') {
            const text = decodeText(bytes).text;
            // The bytes are not needed once decoded; a large file should not be held twice.
            bytes = EMPTY;
            let records = readInterchangeText(text);
            if (options.assets && mayPlaceImages(text)) {
              records = await resolveRecordImages([...records], source, options.assets);
            }
            flush();
            // Interchange files keep their one-transaction-per-file contract.
            importRecords(repo, records, source.name, summary);
          } else {
            const page = await readPageRelease(decodeText(bytes, 'html').text);
            sites.observe(page.host, page.titleSuffix, page.fields.headline);
            pending.push({ file: source.name, record: page, page });
            if (pending.length >= batchSize) flush();
          }
        }
      } catch (error) {
        report(source.name, error);
      }
      await next();
    }
    flush();
  } finally {
    endUse?.();
    endStreaming();
  }
  return summary;
}

/** An NDJSON file on disk as the record thread reads it; null for any other source. */
function recordJob(source: ImportSource, limits: ImportLimits): RecordJob | null {
  if (source.path === undefined || !INTERCHANGE.has(extname(source.name).toLowerCase())) return null;
  return {
    path: source.path,
    maxBytes: limits.maxInterchangeBytes,
    name: basename(source.name),
    file: source.name,
    followLinks: source.followLinks ?? true,
  };
}
