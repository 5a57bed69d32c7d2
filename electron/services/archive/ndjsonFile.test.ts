import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { splitInterchangeText } from '../releases/interchange';
import { importSources } from './importer';
import { NotNdjsonError, openNdjsonFile } from './ndjsonFile';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  tmp.cleanup();
});

const record = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'pressdesk.release/1',
    id: `n-${i}`,
    headline: `Meldung ${i}: Förderung für Grünflächen „über“ – 5 €`,
    bodyHtml: `<p>Absatz ${i} über Wärmedämmung.</p>`,
    ...extra,
  });

let n = 0;
const write = (content: string | Uint8Array): string => {
  const file = join(tmp.dir, `f${n++}.ndjson`);
  writeFileSync(file, content);
  return file;
};

/** The records as the file is read line by line, and as the whole text is split. */
function bothWays(content: string) {
  const file = write(content);
  const opened = openNdjsonFile(file, 1 << 30, 'f.ndjson');
  expect(opened).not.toBeNull();
  const streamed = [...opened!.records];
  const whole = splitInterchangeText(content);
  return { streamed, whole };
}

describe('NDJSON files read line by line', () => {
  it('gives the same records, line numbers and line errors as reading the whole text', () => {
    const long = record(99, { teaser: 'Ä'.repeat(150_000) }); // longer than a chunk, umlauts across its edges
    const cases = [
      [record(1), record(2), record(3)].join('\n'),
      `\uFEFF${[record(1), '', record(2)].join('\r\n')}\r\n\r\n`,
      `\n\n  \n${[record(1), '{ broken', '   ', record(2)].join('\n')}`,
      [record(1), long, '[1, 2]', '"text"', record(3)].join('\n'),
      `${record(1)}\n`,
      record(1),
    ];
    for (const content of cases) {
      const { streamed, whole } = bothWays(content);
      expect(streamed.map((r) => r.index)).toEqual(whole.map((r) => r.index));
      expect(streamed.map((r) => r.value)).toEqual(whole.map((r) => r.value));
      expect(streamed.map((r) => r.error?.message)).toEqual(whole.map((r) => r.error?.message));
    }
  });

  it('leaves files that are not NDJSON to the whole read', () => {
    const notNdjson = (content: string) => {
      const opened = openNdjsonFile(write(content), 1 << 30, 'f.json');
      expect(opened).not.toBeNull();
      expect(() => [...opened!.records]).toThrow(NotNdjsonError);
    };
    notNdjson(JSON.stringify(JSON.parse(record(1)), null, 2)); // one object over several lines
    notNdjson(`[${record(1)},\n${record(2)}]`);
    notNdjson('');
    notNdjson('  \n ');
    notNdjson(`{ broken\n${record(2)}`);
    // Not UTF-8 (windows-1252), UTF-16: decoded by the whole read.
    expect(openNdjsonFile(write(Buffer.from(`${record(1)}\n`, 'latin1')), 1 << 30, 'f')).toBeNull();
    expect(openNdjsonFile(write(Buffer.from(`\uFEFF${record(1)}`, 'utf16le')), 1 << 30, 'f')).toBeNull();
    expect(openNdjsonFile(join(tmp.dir, 'missing.ndjson'), 1 << 30, 'f')).toBeNull();
  });

  it('never holds a large file in memory: a 50 MB file is read in small chunks', () => {
    const line = record(0, { teaser: 'Wärmedämmung '.repeat(300) });
    const count = Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(line));
    const file = write(Array.from({ length: count }, () => line).join('\n'));
    const opened = openNdjsonFile(file, 1 << 30, 'big.ndjson')!;
    const before = process.memoryUsage().arrayBuffers;
    let most = 0;
    let seen = 0;
    for (const r of opened.records) {
      seen += 1;
      if (seen % 500 === 0) most = Math.max(most, process.memoryUsage().arrayBuffers - before);
      expect(r.error).toBeUndefined();
    }
    expect(seen).toBe(count);
    // Reading it whole would hold 50 MB of bytes (and the text, and every record).
    expect(most).toBeLessThan(8 * 1024 * 1024);
  });

  it('refuses a file over the limit before reading a record', () => {
    const file = write([record(1), record(2)].join('\n'));
    expect(() => openNdjsonFile(file, 100, 'big.ndjson')).toThrow(
      expect.objectContaining({ code: 'IMPORT_TOO_LARGE' }) as Error,
    );
  });

  it('notices image references by file, also when written with escapes', () => {
    const places = (content: string) => openNdjsonFile(write(content), 1 << 30, 'f')!.mayPlaceImages;
    expect(places([record(1), record(2)].join('\n'))).toBe(false);
    expect(places([record(1), record(2, { leadImage: { file: 'a.jpg' } })].join('\n'))).toBe(true);
    expect(places(`${record(1)}\n{"leadImage":{"\\u0066ile":"a.jpg"}}`)).toBe(true);
    // A reference right at the edge of a chunk.
    const edge = `${record(1, { teaser: 'x'.repeat(64 * 1024 - 60) })}\n${record(2, { leadImage: { file: 'a.jpg' } })}`;
    expect(places(edge)).toBe(true);
  });
});

describe('importing interchange files from disk', () => {
  let ws: Workstation;
  let other: Workstation;
  beforeEach(() => {
    ws = openWorkstation({ dataDir: join(tmp.dir, 'a'), host: 'cli' });
    other = openWorkstation({ dataDir: join(tmp.dir, 'b'), host: 'cli' });
  });
  afterEach(() => {
    ws.close();
    other.close();
  });

  it('stores and reports the same as importing the same bytes as an upload', async () => {
    const files = [
      write([record(1), '{ broken', record(2, { status: 'lost' }), record(3)].join('\n')),
      write(JSON.stringify(JSON.parse(record(4)), null, 2)),
      // windows-1252: read whole, as before
      write(Buffer.from([5, 6].map((i) => record(i, { headline: `Grünfläche Übergabe ${i}` })).join('\n'), 'latin1')),
      write(''),
    ];
    const fromDisk = await ws.importFiles(files);
    const uploaded = await importSources(
      engineInternals(other).releases,
      files.map((file) => ({ name: file, read: () => Promise.resolve(readFileSync(file)) })),
    );
    expect(fromDisk).toEqual(uploaded);
    expect(fromDisk.imported).toBe(5);
    expect(fromDisk.errors.map((e) => [e.record, e.code])).toEqual([
      [2, 'IMPORT_PARSE'],
      [3, 'IMPORT_INVALID'],
      [undefined, 'IMPORT_PARSE'],
    ]);
    const rows = (w: Workstation) =>
      engineInternals(w)
        .releases.list()
        .items.map((r) => `${r.id} ${r.headline}`)
        .sort();
    expect(rows(ws)).toEqual(rows(other));
    expect(engineInternals(ws).search.search({ query: 'Wärmedämmung', limit: 50 }).total).toBe(5);
    // Again: nothing changes.
    expect(await ws.importFiles(files)).toMatchObject({ imported: 0, updated: 0, skipped: 5 });
  });
});
