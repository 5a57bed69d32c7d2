import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import yazl from 'yazl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempDir';
import { rawZip } from '../testing/rawZip';
import { ZipFormatError, ZipReader, ZipWriter } from '.';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  tmp.cleanup();
});

async function problemOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof ZipFormatError ? error.reason : `other: ${String(error)}`;
  }
  return 'no error';
}

async function readAll(file: string | Uint8Array): Promise<Record<string, Buffer>> {
  const reader = await ZipReader.open(file);
  try {
    const out: Record<string, Buffer> = {};
    for (const entry of reader.entries) out[entry.name] = await reader.read(entry);
    return out;
  } finally {
    reader.close();
  }
}

function yazlZip(build: (zip: yazl.ZipFile) => void, end?: Partial<yazl.EndOptions>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  build(zip);
  zip.end(end as yazl.EndOptions);
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => parts.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

describe('ZIP writer and reader', () => {
  it('writes entries in order, stored or deflated, and reads them back by offset', async () => {
    const big = randomBytes(3 << 20);
    const source = join(tmp.dir, 'bild.bin');
    writeFileSync(source, big);
    const file = join(tmp.dir, 'a.zip');
    const writer = await ZipWriter.create(file);
    const seen: { sha256: string; size: number }[] = [];
    writer.addBuffer('manifest.json', Buffer.from('{"a":1}'), { compress: false });
    writer.addFile('daten/bild.bin', source, { compress: false, check: (read) => void seen.push(read) });
    writer.addFile('daten/text.txt', source, { compress: true });
    await writer.finish();
    expect(seen).toEqual([{ sha256: createHash('sha256').update(big).digest('hex'), size: big.length }]);

    const reader = await ZipReader.open(file);
    expect(reader.entries.map((e) => [e.name, e.size, e.method])).toEqual([
      ['manifest.json', 7, 0],
      ['daten/bild.bin', big.length, 0],
      ['daten/text.txt', big.length, 8],
    ]);
    reader.close();
    const back = await readAll(file);
    expect(back['daten/bild.bin']!.equals(big)).toBe(true);
    expect(back['daten/text.txt']!.equals(big)).toBe(true);
    // Other tools read it too.
    expect(Object.keys(unzipSync(readFileSync(file)))).toEqual(['manifest.json', 'daten/bild.bin', 'daten/text.txt']);
    // The target must be new.
    expect((await ZipWriter.create(file).catch((e: NodeJS.ErrnoException) => e)) as { code?: string }).toMatchObject({
      code: 'EEXIST',
    });
  });

  it('fails the whole ZIP when a check refuses a file or a file cannot be read', async () => {
    const source = join(tmp.dir, 'x.bin');
    writeFileSync(source, 'x'.repeat(1000));
    const refused = await ZipWriter.create(join(tmp.dir, 'b.zip'));
    refused.addFile('x.bin', source, {
      compress: false,
      check: () => {
        throw new Error('checksum');
      },
    });
    await expect(refused.finish()).rejects.toThrow('checksum');
    await refused.abort();

    const missing = await ZipWriter.create(join(tmp.dir, 'c.zip'));
    missing.addFile('y.bin', join(tmp.dir, 'gibt-es-nicht.bin'), { compress: false });
    await expect(missing.finish()).rejects.toMatchObject({ code: 'ENOENT' });
    await missing.abort();
  });

  it('reads ZIPs written by fflate, and ZIP64 archives', async () => {
    expect(
      Object.keys(await readAll(zipSync({ 'a.txt': strToU8('eins'), 'b/c.txt': strToU8('zwei') }))).sort(),
    ).toEqual(['a.txt', 'b/c.txt']);
    const zip64 = await yazlZip(
      (zip) => {
        zip.addBuffer(Buffer.from('groß'), 'a.txt', { forceZip64Format: true });
        zip.addBuffer(Buffer.alloc(5000, 1), 'b.bin', { forceZip64Format: true, compress: true });
      },
      { forceZip64Format: true },
    );
    const back = await readAll(zip64);
    expect(back['a.txt']!.toString()).toBe('groß');
    expect(back['b.bin']!.length).toBe(5000);
  });

  it('tells symbolic links, directories and backslash names apart', async () => {
    const bytes = zipSync({
      link: [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
      'ordner/': new Uint8Array(0),
    });
    const reader = await ZipReader.open(bytes);
    expect(reader.entries.map((e) => [e.name, e.isSymlink, e.isDirectory])).toEqual([
      ['link', true, false],
      ['ordner/', false, true],
    ]);
    const backslash = rawZip([{ name: '..\\x.txt', content: strToU8('x') }]);
    expect((await ZipReader.open(backslash)).entries[0]!.name).toBe('../x.txt');
    expect((await ZipReader.open(backslash, { strictNames: true })).entries[0]!.name).toBe('..\\x.txt');
  });

  it('never gives out more than an entry declares, and refuses what is not a ZIP', async () => {
    const content = Buffer.alloc(1 << 20, 7);
    const lying = await ZipReader.open(rawZip([{ name: 'a.bin', content, declaredSize: 100 }]));
    let given = 0;
    expect(
      await problemOf(async () => {
        for await (const chunk of lying.chunks(lying.entries[0]!)) given += chunk.length;
      }),
    ).toBe('size');
    expect(given).toBeLessThanOrEqual(100);
    const short = await ZipReader.open(rawZip([{ name: 'a.bin', content, declaredSize: content.length + 10 }]));
    expect(await problemOf(() => short.read(short.entries[0]!))).toBe('size');

    expect(await problemOf(() => ZipReader.open(strToU8('PK\u0003\u0004 kein ZIP')))).toBe('eocd');
    const whole = zipSync({ 'a.bin': randomBytes(10_000) }, { level: 0 });
    expect(await problemOf(() => ZipReader.open(whole.subarray(0, 6000)))).toBe('eocd');
    const file = join(tmp.dir, 'viele.zip');
    writeFileSync(file, zipSync(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${i}.txt`, strToU8('x')]))));
    expect(await problemOf(() => ZipReader.open(file, { maxEntries: 10 }))).toBe('entries');
    expect(existsSync(file)).toBe(true);
  });

  it('refuses an entry whose local header names another file', async () => {
    const bytes = Buffer.from(zipSync({ 'aaaa.txt': strToU8('eins') }, { level: 0 }));
    // The local header's name (at offset 30) differs from the central directory's.
    bytes.write('bbbb', 30, 'latin1');
    const reader = await ZipReader.open(bytes);
    expect(await problemOf(() => reader.read(reader.entries[0]!))).toBe('header');
  });
});
