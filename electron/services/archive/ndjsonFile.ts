import { closeSync, fstatSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { PressdeskError } from '../../../shared/errors';
import type { RawRecord } from '../releases/interchange';
import { openRegularFileSync } from './regularFile';

// Small chunks: a chunk dies young, with the few records it holds.
const CHUNK_BYTES = 64 * 1024;

/** Thrown while reading when the file turns out not to be NDJSON after all; the caller reads it whole then. */
export class NotNdjsonError extends Error {
  constructor() {
    super('not NDJSON');
  }
}

export interface NdjsonFile {
  /** The records, read from disk line by line as they are taken (synchronously: they are taken inside a transaction). */
  readonly records: Iterable<RawRecord>;
  /** Whether a record may place an image by file (`"file"`, also escaped): then the file is read whole instead. */
  readonly mayPlaceImages: boolean;
  /** The file's size in bytes when it was checked. */
  readonly size: number;
}

/** Bytes at the end of a chunk that start a UTF-8 sequence the chunk does not finish. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/** Whether the bytes hold `\\u0065`, `\\u0066`, `\\u0069` or `\\u006c` (a letter of "file", escaped). */
function namesFileEscaped(bytes: Buffer): boolean {
  for (let at = bytes.indexOf('\\u006'); at >= 0; at = bytes.indexOf('\\u006', at + 1)) {
    const c = bytes[at + 5];
    if (c === 0x35 || c === 0x36 || c === 0x39 || c === 0x63 || c === 0x43) return true;
  }
  return false;
}

function* chunks(fd: number): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
    if (n === 0) return;
    yield buffer.subarray(0, n);
  }
}

/**
 * Checks an interchange file on disk for being read line by line: UTF-8 (or
 * ASCII, with or without byte-order mark) throughout and within the size
 * limit. Returns null when the file must be read whole (UTF-16, other
 * encodings, a ZIP, unreadable now or not a regular file: the whole read
 * reports that). Without `followLinks` a symbolic link is not opened.
 */
export function openNdjsonFile(path: string, maxBytes: number, name: string, followLinks = true): NdjsonFile | null {
  let fd: number;
  try {
    fd = openRegularFileSync(path, followLinks);
  } catch {
    return null;
  }
  let mayPlaceImages = false;
  let skip = 0;
  let size = 0;
  try {
    size = fstatSync(fd).size;
    if (size > maxBytes) throw new PressdeskError('IMPORT_TOO_LARGE', `${name} is larger than the import accepts.`);
    let first = true;
    let carry: Buffer = Buffer.alloc(0);
    let overlap: Buffer = Buffer.alloc(0);
    for (const chunk of chunks(fd)) {
      if (first) {
        first = false;
        if (chunk[0] === 0xff || chunk[0] === 0xfe) return null; // UTF-16 byte-order mark
        if (chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 0x03 && chunk[3] === 0x04) return null; // ZIP
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) skip = 3;
      }
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(bytes);
      if (!isUtf8(bytes.subarray(0, bytes.length - tail))) return null;
      carry = Buffer.from(bytes.subarray(bytes.length - tail));
      if (!mayPlaceImages) {
        const window = overlap.length > 0 ? Buffer.concat([overlap, bytes]) : bytes;
        mayPlaceImages = window.includes('"file"') || namesFileEscaped(window);
        overlap = Buffer.from(window.subarray(Math.max(0, window.length - 8)));
      }
    }
    if (carry.length > 0) return null;
  } catch (error) {
    closeSync(fd);
    if (error instanceof PressdeskError) throw error;
    return null;
  }
  closeSync(fd);
  return { records: ndjsonRecords(path, skip, maxBytes, name, followLinks), mayPlaceImages, size };
}

/**
 * The records of an NDJSON file, numbered by line as `readInterchangeText`
 * numbers them (counting from the first non-blank character). Throws
 * `NotNdjsonError` before the first record when the file does not start
 * with a line that is a JSON object of its own.
 */
function* ndjsonRecords(
  path: string,
  skip: number,
  maxBytes: number,
  name: string,
  followLinks: boolean,
): Generator<RawRecord> {
  // Opened again, and checked again: the file may have been replaced since.
  const fd = openRegularFileSync(path, followLinks);
  try {
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    let line = 0;
    let started = false;
    const take = function* (raw: string): Generator<RawRecord> {
      line += 1;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === 1) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw new NotNdjsonError();
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new NotNdjsonError();
        yield { index: 1, value };
        return;
      }
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        yield { index: line, error: new PressdeskError('IMPORT_PARSE', `Line ${line} is not valid JSON.`) };
        return;
      }
      yield { index: line, value };
    };
    let firstChunk = true;
    let read = 0;
    for (const chunk of chunks(fd)) {
      // The file may have grown since it was checked.
      read += chunk.length;
      if (read > maxBytes) throw new PressdeskError('IMPORT_TOO_LARGE', `${name} is larger than the import accepts.`);
      let text = decoder.decode(firstChunk ? chunk.subarray(skip) : chunk, { stream: true });
      firstChunk = false;
      if (!started) {
        text = (pending + text).replace(/^\s+/, '');
        pending = '';
        if (text === '') continue;
        if (text[0] !== '{') throw new NotNdjsonError();
        started = true;
      }
      pending += text;
      let start = 0;
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
        yield* take(pending.slice(start, newline));
        start = newline + 1;
      }
      pending = pending.slice(start);
    }
    pending += decoder.decode();
    if (!started) throw new NotNdjsonError();
    if (pending.trim() !== '' || line === 0) yield* take(pending.trimEnd());
  } finally {
    closeSync(fd);
  }
}
