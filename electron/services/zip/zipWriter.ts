import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import yazl from 'yazl';

export interface ZipFileCheck {
  readonly sha256: string;
  readonly size: number;
}

export interface AddFileOptions {
  /** Deflate the data (otherwise it is stored as it is). */
  readonly compress: boolean;
  /** The file's size if known: its header then says whether it needs ZIP64, and a file of another size fails. */
  readonly size?: number;
  /**
   * Called with the SHA-256 and size of the file as it was read into the
   * ZIP; throwing fails the whole ZIP with that error.
   */
  readonly check?: (read: ZipFileCheck) => void;
}

/** Passes bytes through while hashing them; checks the result at the end. */
class CheckedStream extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;

  constructor(private readonly check: (read: ZipFileCheck) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.check({ sha256: this.hash.digest('hex'), size: this.size });
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

/**
 * A ZIP written to a new file as it is produced (no entry is held whole in
 * memory), in the order entries are added, with ZIP64 where sizes or offsets
 * need it. Files are opened only when their turn comes. The first failure
 * (a file that cannot be read, a failed check, the disk) fails `finish`.
 */
export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private failure: Error | null = null;
  private readonly failed: Promise<never>;
  private fail!: (error: Error) => void;
  private readonly written: Promise<void>;
  /** The file being read into the ZIP now, closed on abort. */
  private reading: { destroy(): void } | null = null;
  private closed = false;

  private constructor(private readonly handle: FileHandle) {
    this.failed = new Promise<never>((_, reject) => {
      this.fail = (error) => {
        if (this.failure) return;
        this.failure = error;
        reject(error);
      };
    });
    // Nobody may await `failed` before finish; its rejection is handled there.
    this.failed.catch(() => undefined);
    this.zip.on('error', (error: Error) => this.fail(error));
    this.written = this.pump().catch((error: unknown) => this.fail(error as Error));
  }

  /** Writes the ZIP as it is produced; yazl waits while a write is pending. */
  private async pump(): Promise<void> {
    for await (const chunk of this.zip.outputStream as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < chunk.length) at += (await this.handle.write(chunk, at, chunk.length - at)).bytesWritten;
    }
  }

  /** A new ZIP at `file`, which must not exist. */
  static async create(file: string): Promise<ZipWriter> {
    return new ZipWriter(await open(file, 'wx'));
  }

  addBuffer(name: string, data: Buffer, options: { compress: boolean }): void {
    this.zip.addBuffer(data, name, { compress: options.compress });
  }

  addFile(name: string, path: string, options: AddFileOptions): void {
    const sized = options.size === undefined ? {} : { size: options.size };
    this.zip.addReadStreamLazy(name, { compress: options.compress, ...sized }, (callback) => {
      const source = createReadStream(path, { highWaterMark: 1 << 20 });
      const checked = new CheckedStream(options.check ?? (() => undefined));
      this.reading = source;
      source.on('error', (error) => this.fail(error));
      checked.on('error', (error) => this.fail(error));
      callback(null, source.pipe(checked));
    });
  }

  /** Writes the central directory and makes the file durable. */
  async finish(): Promise<void> {
    this.zip.end();
    await Promise.race([this.written, this.failed]);
    if (this.failure) throw this.failure;
    await this.handle.sync();
    this.closed = true;
    await this.handle.close();
  }

  /** Stops writing and closes the file (the caller removes it). */
  async abort(): Promise<void> {
    this.fail(new Error('aborted'));
    this.reading?.destroy();
    (this.zip.outputStream as unknown as { destroy(): void }).destroy();
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}
