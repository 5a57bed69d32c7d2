import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import yazl from 'yazl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentToPlainText } from '../../../shared/document';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { decodeText } from './decodeText';
import { readPageRelease } from './htmlRelease';
import { DEFAULT_IMPORT_LIMITS, importSources, type ImportSource } from './importer';
import { ImportJobs } from './importJobs';
import { engineInternals } from '../testing/internals';
import { TEMP_CACHE_KIB } from '../db/connection';
import { IMPORT_CACHE_KIB } from '../releases/releaseRepository';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const bytesSource = (name: string, data: Uint8Array): ImportSource => ({ name, read: () => Promise.resolve(data) });
const headlines = () =>
  engineInternals(ws)
    .releases.list()
    .items.map((r) => r.headline)
    .sort();

describe('web pages of press releases', () => {
  it('reads headline, teaser, date, topic, tags, structure and figures', async () => {
    const page = await readPageRelease(decodeText(fixture('stadtwerke-radweg.html'), 'html').text);
    expect(page.fields).toMatchObject({
      headline: 'Neuer Radweg an der Ruhr freigegeben',
      teaser: 'Ab Montag verbindet ein 4,2 Kilometer langer Radweg die Innenstadt mit dem Ruhrufer.',
      publishedAt: '2024-05-17T07:30:00.000Z',
      topic: 'Verkehr',
      tags: ['Radverkehr', 'Ruhr', 'Mobilität'],
      language: 'de',
    });
    const types = page.fields.body.content.map((b) => b.type);
    expect(types).toContain('heading');
    expect(types).toContain('bulletList');
    expect(types).toContain('blockquote');
    expect(JSON.stringify(page.fields.body)).toContain('https://www.beispielhausen.example/radverkehr');
    const text = documentToPlainText(page.fields.body);
    expect(text).not.toContain('javascript');
    expect(text).not.toContain('tracking');
    expect(page.figures).toEqual([
      expect.objectContaining({
        caption: 'Oberbürgermeisterin Erika Mustermann eröffnet den Radweg.',
        credit: 'Max Beispiel / Stadt Beispielhausen',
      }),
      expect.objectContaining({ caption: 'Verlauf des neuen Radwegs', credit: 'Stadt Beispielhausen' }),
    ]);
    // Until releases carry figures, captions and credits stay findable at the end of the body.
    expect(text).toContain('Foto: Max Beispiel / Stadt Beispielhausen');
    expect(page.id).toMatch(/^web-[0-9a-f]{32}$/);
  });

  it('decodes a Latin-1 page by its declared charset, and undeclared windows-1252 by fallback', async () => {
    const bytes = fixture('gruenflaechen-latin1.html');
    const page = await readPageRelease(decodeText(bytes, 'html').text);
    expect(page.fields.headline).toBe('Grünflächen in der Südstadt werden erweitert');
    expect(documentToPlainText(page.fields.body)).toContain('„Das ist ein großer Gewinn für das Quartier“');
    expect(page.fields.publishedAt).toBe('2023-02-02T23:00:00.000Z');
    const undeclared = Buffer.from(bytes.toString('latin1').replace(/<meta[^>]+>/, ''), 'latin1');
    expect(decodeText(undeclared, 'html')).toMatchObject({ encoding: 'windows-1252' });
    expect(decodeText(undeclared, 'html').text).toContain('Straße am Mühlenbach');
    expect(decodeText(Buffer.from('\uFEFFÄrger', 'utf8')).text).toBe('Ärger');
  });

  it('reads broken HTML and refuses pages without a release', async () => {
    const page = await readPageRelease(fixture('kaputt.html').toString('utf8'));
    expect(page.fields.headline).toBe('Polizeimeldung: Einbruch in Kiosk');
    expect(documentToPlainText(page.fields.body)).toContain('zwei Tatverdächtige');
    await expect(readPageRelease(fixture('leer.html').toString('utf8'))).rejects.toThrow(
      expect.objectContaining({ code: 'IMPORT_NO_CONTENT' }),
    );
  });
});

describe('bulk import', () => {
  it('imports a folder of pages and interchange files, skips bad files, and re-imports idempotently', async () => {
    const folder = join(tmp.dir, 'in');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    cpSync(FIXTURES, join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'notes.txt'), 'just a note');
    const progress: number[] = [];
    // While the import runs, the store's page cache is the import's small one; afterwards it is as before.
    const cache = () => engineInternals(ws).db.pragma('main.cache_size', { simple: true });
    const cacheBefore = cache();
    const cacheDuring = new Set<unknown>();
    const first = await ws.importFiles([folder], {
      onProgress: ({ done }) => {
        progress.push(done);
        cacheDuring.add(cache());
      },
    });
    expect([...cacheDuring]).toEqual([-IMPORT_CACHE_KIB]);
    expect(cache()).toBe(cacheBefore);
    expect(cacheBefore).not.toBe(-IMPORT_CACHE_KIB);
    expect(engineInternals(ws).db.pragma('temp.cache_size', { simple: true })).toBe(-TEMP_CACHE_KIB);
    expect(first).toMatchObject({ imported: 5, updated: 0, skipped: 0 });
    expect(first.errors.map((e) => [e.file.split('/').pop(), e.code])).toEqual([
      ['notes.txt', 'IMPORT_UNSUPPORTED'],
      ['leer.html', 'IMPORT_NO_CONTENT'],
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      engineInternals(ws)
        .search.search({ query: 'radweg' })
        .items.map((h) => h.headline),
    ).toEqual(['Neuer Radweg an der Ruhr freigegeben']);
    expect(engineInternals(ws).search.search({ query: 'Fotolia OR Beispiel' }).total).toBeGreaterThan(0);
    const again = await ws.importFiles([folder]);
    expect(again).toMatchObject({ imported: 0, updated: 0, skipped: 5 });
    expect(headlines()).toHaveLength(5);
  });

  it('imports ZIPs and refuses entries that leave the archive, nested ZIPs and broken archives', async () => {
    const inner = zipSync({ 'x.html': fixture('kaputt.html') });
    const zip = zipSync({
      'presse/radweg.html': fixture('stadtwerke-radweg.html'),
      'presse/releases.ndjson': fixture('releases.ndjson'),
      '../boese.html': fixture('kaputt.html'),
      'innen.zip': inner,
      '__MACOSX/._radweg.html': strToU8('junk'),
    });
    const summary = await importSources(engineInternals(ws).releases, [
      bytesSource('paket.zip', zip),
      bytesSource('kaputt.zip', strToU8('PK\u0003\u0004 not really a zip')),
    ]);
    expect(summary.imported).toBe(3);
    expect(summary.errors.map((e) => [e.file, e.code]).sort()).toEqual([
      ['kaputt.zip', 'IMPORT_ZIP_INVALID'],
      ['paket.zip/../boese.html', 'IMPORT_ZIP_INVALID'],
      ['paket.zip/innen.zip', 'IMPORT_UNSUPPORTED'],
    ]);
    expect(headlines()).toEqual([
      'Haushalt 2025 beschlossen',
      'Neue Kita eröffnet',
      'Neuer Radweg an der Ruhr freigegeben',
    ]);
  });

  it('refuses huge files and ZIPs that unpack to too much, leaving stored data unchanged', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: 10_000, maxInterchangeBytes: 10_000, maxZipBytes: 50_000 };
    const huge = strToU8(`<html><body><h1>Riesig</h1><p>${'Text '.repeat(5000)}</p></body></html>`);
    const bomb = zipSync({ 'a.html': new Uint8Array(40_000), 'b.html': new Uint8Array(40_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(2000);
    const summary = await importSources(
      engineInternals(ws).releases,
      [
        bytesSource('riesig.html', huge),
        bytesSource('bombe.zip', bomb),
        bytesSource('r.ndjson', fixture('releases.ndjson')),
      ],
      { limits },
    );
    expect(summary.errors.map((e) => [e.file, e.code])).toEqual([
      ['riesig.html', 'IMPORT_TOO_LARGE'],
      ['bombe.zip', 'IMPORT_TOO_LARGE'],
    ]);
    expect(headlines()).toEqual(['Haushalt 2025 beschlossen', 'Neue Kita eröffnet']);
  });

  it('runs as a job with progress, and a cancel keeps what was imported', async () => {
    const jobs = new ImportJobs(engineInternals(ws).releases);
    const sources = Array.from({ length: 300 }, (_, i) =>
      bytesSource(
        `m${i}.json`,
        strToU8(JSON.stringify({ format: 'pressdesk.release/1', id: `job-${i}`, headline: `Meldung ${i}` })),
      ),
    );
    const done = await jobs.settled(jobs.start(sources.slice(0, 5)).jobId);
    expect(done).toMatchObject({ state: 'done', done: 5, total: 5, summary: { imported: 5 } });

    const started = jobs.start(sources.slice(5));
    expect(started.state).toBe('running');
    while (jobs.progress(started.jobId).done < 10) await new Promise((r) => setTimeout(r, 1));
    jobs.cancel(started.jobId);
    const cancelled = await jobs.settled(started.jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.done).toBeLessThan(295);
    expect(engineInternals(ws).releases.list().total).toBe(5 + cancelled.summary.imported);
    expect(() => jobs.progress('nope')).toThrow(expect.objectContaining({ code: 'IMPORT_JOB_UNKNOWN' }));
  });
});

describe('large ZIPs', () => {
  it('imports a ZIP of 20,000 small pages, each entry read once by its offset', { timeout: 300_000 }, async () => {
    const count = 20_000;
    const zip = new yazl.ZipFile();
    for (let i = 0; i < count; i++) {
      const page = `<!doctype html><html lang="de"><head><title>Meldung ${i}</title></head><body><article><h1>Meldung Nummer ${i}</h1><p>Die Stadt meldet heute Vorgang ${i} aus dem Rathaus.</p></article></body></html>`;
      // Mostly stored, some deflated: both are read by offset.
      zip.addBuffer(Buffer.from(page), `presse/${Math.floor(i / 1000)}/meldung-${i}.html`, { compress: i % 10 === 0 });
    }
    zip.end();
    const parts: Buffer[] = [];
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) parts.push(chunk);
    const summary = await importSources(engineInternals(ws).releases, [
      bytesSource('presse.zip', Buffer.concat(parts)),
    ]);
    expect(summary).toMatchObject({ imported: count, updated: 0, skipped: 0, errors: [] });
    expect(engineInternals(ws).releases.list().total).toBe(count);
    expect(
      engineInternals(ws)
        .search.search({ query: '"Vorgang 19999"' })
        .items.map((h) => h.headline),
    ).toEqual(['Meldung Nummer 19999']);
  });
});
