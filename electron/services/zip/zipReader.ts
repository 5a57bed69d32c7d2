import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Why a ZIP cannot be read; callers turn it into their own error code. */
export type ZipProblem =
  /** No end-of-directory record: not a ZIP, or cut short. */
  | 'eocd'
  /** The central directory is damaged, or an entry's data lies outside the file. */
  | 'cd'
  /** An entry's local header does not match the central directory. */
  | 'header'
  /** A compression method other than stored or deflated, or encryption. */
  | 'method'
  /** An entry unpacks to another size than it declares. */
  | 'size'
  /** An entry's compressed data is damaged. */
  | 'inflate'
  /** More entries than the caller accepts. */
  | 'entries';

export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
  constructor(
    readonly reason: ZipProblem,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  /** The entry's name as written (UTF-8, or CP437 for old tools). */
  readonly name: string;
  /** The size the entry declares for its unpacked data: reading never yields more. */
  readonly size: number;
  readonly compressedSize: number;
  /** 0: stored, 8: deflated. */
  readonly method: number;
  /** Written on a Unix system with the file type "symbolic link". */
  readonly isSymlink: boolean;
  readonly isDirectory: boolean;
  readonly isEncrypted: boolean;
}

export interface ZipOpenOptions {
  /** More entries than this are refused before any is read ('entries'). */
  readonly maxEntries?: number;
  /** Keep backslashes in names as they are (otherwise they become '/', as most tools read them). */
  readonly strictNames?: boolean;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UNIX = 3;

function isFsError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string';
}

/** A failure of yauzl or zlib as our reason; file-system errors pass unchanged. */
function asZipError(error: unknown, fallback: ZipProblem, entry?: string): Error {
  if (error instanceof ZipFormatError || (error instanceof Error && isFsError(error))) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/^(?:too many|not enough) bytes/.test(message) || message.startsWith('compressed/uncompressed size'))
    return new ZipFormatError('size', `${entry ?? 'An entry'} does not unpack to its declared size.`, entry);
  if (typeof (error as { errno?: unknown }).errno === 'number' && fallback === 'inflate')
    return new ZipFormatError('inflate', `${entry ?? 'An entry'} cannot be unpacked.`, entry);
  return new ZipFormatError(fallback, `${entry ?? 'The ZIP'} is damaged: ${message.slice(0, 200)}`, entry);
}

function openZip(source: string | Uint8Array): Promise<yauzl.ZipFile> {
  const options: yauzl.Options = {
    lazyEntries: true,
    autoClose: false,
    // Names are decoded and judged by us: yauzl would refuse the whole ZIP for one bad name.
    decodeStrings: false,
    validateEntrySizes: true,
  };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: yauzl.ZipFile) => {
      if (error || !zip) reject(asZipError(error, 'eocd'));
      else resolve(zip);
    };
    if (typeof source === 'string') yauzl.open(source, options, done);
    else yauzl.fromBuffer(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options, done);
  });
}

/**
 * A ZIP read through its central directory, never by scanning the data for
 * signatures (image bytes can contain them by chance): the directory is read
 * once, and each entry's data is then read by its offset, inflated if
 * compressed, and never past the size it declares. ZIP64 archives are read
 * like any other.
 */
export class ZipReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly raw: ReadonlyMap<ZipEntry, yauzl.Entry>,
    /** Every entry in the order of the central directory. */
    readonly entries: readonly ZipEntry[],
    private readonly directoryOffset: number,
  ) {}

  /** Reads the central directory of a ZIP file (a path) or of ZIP bytes. */
  static async open(source: string | Uint8Array, options: ZipOpenOptions = {}): Promise<ZipReader> {
    const zip = await openZip(source);
    try {
      if (options.maxEntries !== undefined && zip.entryCount > options.maxEntries)
        throw new ZipFormatError('entries', `The ZIP has ${zip.entryCount} entries; at most ${options.maxEntries}.`);
      const directoryOffset = zip.readEntryCursor as unknown as number;
      const raw = new Map<ZipEntry, yauzl.Entry>();
      const entries: ZipEntry[] = [];
      await new Promise<void>((resolve, reject) => {
        zip.on('error', (error) => reject(asZipError(error, 'cd')));
        zip.on('end', () => resolve());
        zip.on('entry', (e: yauzl.Entry) => {
          const name = yauzl.getFileNameLowLevel(
            e.generalPurposeBitFlag,
            e.fileNameRaw,
            e.extraFields,
            options.strictNames === true,
          );
          if (e.relativeOffsetOfLocalHeader + 30 + e.compressedSize > directoryOffset) {
            reject(new ZipFormatError('cd', `${name} lies outside the ZIP.`, name));
            return;
          }
          const entry: ZipEntry = {
            name,
            size: e.uncompressedSize,
            compressedSize: e.compressedSize,
            method: e.compressionMethod,
            isSymlink: e.versionMadeBy >> 8 === UNIX && ((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK,
            isDirectory: name.endsWith('/'),
            isEncrypted: (e.generalPurposeBitFlag & 0x1) !== 0,
          };
          raw.set(entry, e);
          entries.push(entry);
          zip.readEntry();
        });
        zip.readEntry();
      });
      return new ZipReader(zip, raw, entries, directoryOffset);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** Where an entry's data starts, after its local header, whose name must be the directory's. */
  private async dataStart(entry: ZipEntry, e: yauzl.Entry): Promise<number> {
    let header: yauzl.LocalFileHeader;
    try {
      header = await this.zip.readLocalFileHeaderPromise(e);
    } catch (error) {
      throw asZipError(error, 'header', entry.name);
    }
    if (!header.fileName.equals(e.fileNameRaw))
      throw new ZipFormatError('header', `${entry.name} is damaged (local header).`, entry.name);
    if (header.fileDataStart + entry.compressedSize > this.directoryOffset)
      throw new ZipFormatError('cd', `${entry.name} lies outside the ZIP.`, entry.name);
    return header.fileDataStart;
  }

  private async open(entry: ZipEntry): Promise<Readable> {
    const e = this.raw.get(entry);
    if (!e) throw new Error('The entry is not of this ZIP.');
    if (entry.isEncrypted || (entry.method !== 0 && entry.method !== 8))
      throw new ZipFormatError('method', `${entry.name} uses a compression Pressdesk does not read.`, entry.name);
    const start = await this.dataStart(entry, e);
    return new Promise((resolve, reject) => {
      this.zip.openReadStreamLowLevel(
        start,
        entry.compressedSize,
        0,
        entry.compressedSize,
        entry.method === 8,
        entry.size,
        (error, stream) => (error ? reject(asZipError(error, 'header', entry.name)) : resolve(stream)),
      );
    });
  }

  /**
   * The unpacked bytes of an entry, piece by piece. More bytes than the entry
   * declares are never given out ('size'); stopping early releases the file.
   */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer, void, undefined> {
    const stream = await this.open(entry);
    let size = 0;
    try {
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        size += bytes.length;
        if (size > entry.size)
          throw new ZipFormatError('size', `${entry.name} unpacks to more than it declares.`, entry.name);
        yield bytes;
      }
    } catch (error) {
      throw asZipError(error, 'inflate', entry.name);
    } finally {
      stream.destroy();
    }
    if (size !== entry.size)
      throw new ZipFormatError('size', `${entry.name} does not unpack to its declared size.`, entry.name);
  }

  /** The unpacked bytes of an entry in one buffer (for small entries; the caller checks `size` first). */
  async read(entry: ZipEntry): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks(entry)) parts.push(chunk);
    return Buffer.concat(parts, entry.size);
  }

  /** Releases the file (a ZIP read from bytes holds nothing). */
  close(): void {
    this.zip.close();
  }
}
