import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../releases/interchange';
import sharp from 'sharp';
import { indexContent } from '../testing/archiveFixture';
import { engineInternals } from '../testing/internals';
import { sourceRecordThread } from '../testing/recordWorker';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation, type WorkstationOptions } from '../workstation';
import { importSources, sourcesFromPaths } from './importer';
import { RECORD_THREAD_MIN_BYTES, RecordThread } from './recordThread';
import { WORDS_EVERY_ROWS } from './wordList';
import { INDEX_STEP_RECORDS } from '../releases/interchange';

/*
 * The import's record thread reads and checks NDJSON records on a worker
 * while the engine writes them. Whatever the thread does (reads, refuses,
 * finds the words, fails to start, stops answering), the archive must end up
 * exactly as an import without it leaves it.
 */

let tmp: ReturnType<typeof makeTempDir>;
const opened: Workstation[] = [];
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  for (const ws of opened.splice(0)) ws.close();
  tmp.cleanup();
});

function workstation(name: string, recordThread?: WorkstationOptions['recordThread']): Workstation {
  const ws = openWorkstation({ dataDir: join(tmp.dir, name), host: 'cli', recordThread });
  opened.push(ws);
  return ws;
}

const WORDS = 'Förderung Wärmedämmung Straßenbahn Öffentlichkeit Café Łódź Kommunen B27 2024er Brücke'.split(' ');

/** A record of the interchange format with a long body (so a file passes the thread's threshold quickly). */
function record(i: number, extra: Record<string, unknown> = {}): string {
  const paragraph = (p: number) =>
    Array.from(
      { length: 60 },
      (_, w) => `${WORDS[(i + p + w) % WORDS.length]}${(i * 7 + w) % 13 === 0 ? `x${i}` : ''}`,
    ).join(' ');
  return JSON.stringify({
    format: 'pressdesk.release/1',
    id: `rec-${i}`,
    headline: `Meldung ${i}: ${WORDS[i % WORDS.length]} im Landkreis`,
    teaser: `Kurz gesagt ${i}`,
    topic: i % 2 ? 'Verkehr' : 'Umwelt',
    tags: ['Archiv', `Tag${i % 5}`],
    publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
    body: {
      type: 'doc',
      content: [0, 1, 2, 3].map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: paragraph(p) }] })),
    },
    ...extra,
  });
}

/** An NDJSON file of `count` records from `first`, with the given lines put in after the third and at the end. */
function ndjson(name: string, first: number, count: number, odd: string[] = [], last: string[] = []): string {
  const lines = Array.from({ length: count }, (_, k) => record(first + k));
  lines.splice(3, 0, ...odd);
  lines.push(...last);
  const file = join(tmp.dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** What the import left in the store: every release, its revisions and log, and the list of words. */
function stored(ws: Workstation) {
  const { db } = engineInternals(ws);
  const all = (sql: string) => db.prepare(sql).raw().all();
  return {
    releases: all(
      `SELECT id, headline, teaser, topic, tags_json, body_json, body_text, status, published_at, version, created_at, updated_at
       FROM releases ORDER BY id`,
    ),
    revisions: all('SELECT release_id, version, snapshot FROM release_revisions ORDER BY release_id, version'),
    log: all('SELECT release_id, kind, version, detail FROM release_log ORDER BY release_id, seq'),
    words: all('SELECT word FROM search_words ORDER BY word'),
    waiting: all('SELECT rowid FROM search_words_pending'),
    found: engineInternals(ws)
      .search.search({ query: 'Straßenbahn', limit: 500 })
      .items.map((h) => h.id),
  };
}

/** Summaries compared without their timestamps-free parts differing by path: the file names are the same. */
const sameSummary = (a: ImportSummary, b: ImportSummary) => expect(a).toEqual(b);

describe('the import record thread', () => {
  it('leaves the archive exactly as an import on the engine thread does: records, refusals, revisions, words, index', async () => {
    // Files long enough for the batch to be indexed in steps and the thread to read their words more than once.
    const perFile = Math.max(
      Math.ceil(RECORD_THREAD_MIN_BYTES / record(0).length) + 20,
      WORDS_EVERY_ROWS + INDEX_STEP_RECORDS / 2,
    );
    // Pictured releases: captions and credits are indexed (the media column) from the lead image and the body.
    const picture = { assetId: 'foto-1', caption: 'Luftbild der Rheinbrücke', credit: '© dpa/Süd', alt: 'x' };
    const pictured = (i: number) =>
      record(i, {
        leadImage: { ...picture, caption: `Übergabe ${i} in Köln`, creditRaw: '', decorative: false },
        tags: ['Brücken', 'Straßenbau'],
        body: {
          type: 'doc',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: `Die Straßenbahn fährt über die Brücke ${i}.` }] },
            { type: 'figure', attrs: picture },
          ],
        },
      });
    const files = [
      ndjson(
        'a.ndjson',
        0,
        perFile,
        [
          pictured(80_000),
          pictured(80_001),
          '{kaputt',
          JSON.stringify({ format: 'pressdesk.release/1', headline: 5 }),
          // Checked by the store after the thread: an image the media library does not hold.
          record(90_000, {
            body: {
              type: 'doc',
              content: [
                { type: 'figure', attrs: { assetId: 'missing-asset', caption: 'Bild', credit: 'Foto: X', alt: '' } },
              ],
            },
          }),
        ],
        [record(95_000, { headline: 'Spätlese am Kaiserstuhl' })],
      ),
      // The second file repeats releases of the first (skipped) and changes one (updated).
      ndjson('b.ndjson', perFile - 2, perFile, [record(1, { headline: 'Geänderte Meldung über die Straßenbahn' })]),
    ];
    const inline = workstation('inline');
    const threaded = workstation('threaded', sourceRecordThread);
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#58a' } })
      .jpeg()
      .toBuffer();
    for (const ws of [inline, threaded])
      await engineInternals(ws).assets.importBytes(photo, 'a.jpg', { id: 'foto-1', metadata: {} });
    const expected = await inline.importFiles(files);
    const summary = await threaded.importFiles(files);
    sameSummary(summary, expected);
    expect(summary.imported).toBe(2 * perFile + 1);
    expect(summary.updated).toBe(1);
    expect(summary.errors.map((e) => [e.record, e.code])).toEqual([
      [6, 'IMPORT_PARSE'],
      [7, 'IMPORT_INVALID'],
      [8, 'INVALID_DOCUMENT'],
    ]);
    const got = stored(threaded);
    const want = stored(inline);
    // Rows, revisions and the log carry the moment of the write: compare them without it (the records' own
    // dates are of 2020). The first row that differs is shown, not all of them.
    const timeless = (rows: unknown[]) =>
      rows.map((r) => JSON.stringify(r).replace(/20(?!20)\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'now'));
    const same = (a: unknown[], b: unknown[]) => {
      const [x, y] = [timeless(a), timeless(b)];
      expect(x.length).toBe(y.length);
      expect(x.find((row, k) => row !== y[k])).toBeUndefined();
    };
    expect(got.releases.length).toBe(2 * perFile + 1);
    same(got.releases, want.releases);
    same(got.revisions, want.revisions);
    same(got.log, want.log);
    // The words came from the thread, split by the same tokenizer: the same list, none left waiting. A record
    // the store refused after the thread checked it leaves its words listed ("Bild", "Foto" of its caption and
    // credit), as a deleted release does: the list may hold words that find nothing.
    expect(got.words.flat()).toEqual([...want.words.flat(), 'bild', 'foto'].sort());
    expect(got.words.flat()).toEqual(
      expect.arrayContaining(['waermedaemmung', 'strassenbahn', 'łodz', 'cafe', 'kaiserstuhl']),
    );
    expect(got.waiting).toEqual([]);
    expect(got.found).toEqual(want.found);
    expect(got.found.length).toBeGreaterThan(0);
    // Token for token the same word and head indexes, though the thread folded the new releases' texts.
    const refusedWords = new Set(['l bild', 'l foto']);
    expect(indexContent(threaded).filter((line) => !refusedWords.has(line))).toEqual(indexContent(inline));
    expect(indexContent(threaded)).toEqual(expect.arrayContaining(['l luftbild', 'l rheinbruecke', 'l uebergabe']));
    expect(engineInternals(threaded).search.search({ query: 'Luftbild Rheinbrücke' }).total).toBe(2);
  });

  it('reads a large file that is a JSON array whole, as without the thread', async () => {
    const count = Math.ceil(RECORD_THREAD_MIN_BYTES / record(0).length) + 5;
    const file = join(tmp.dir, 'array.json');
    writeFileSync(file, `[${Array.from({ length: count }, (_, i) => record(i)).join(',\n')}]`);
    const summary = await workstation('array', sourceRecordThread).importFiles([file]);
    expect(summary).toMatchObject({ imported: count, errors: [] });
  });

  it('imports on the engine thread when the thread cannot start or stops answering', async () => {
    const perFile = Math.ceil(RECORD_THREAD_MIN_BYTES / record(0).length) + 5;
    const files = [ndjson('a.ndjson', 0, perFile, ['{kaputt']), ndjson('b.ndjson', perFile, perFile)];
    const expected = await workstation('inline').importFiles(files);

    const broken = workstation('broken', () => new Worker('throw new Error("no thread here")', { eval: true }));
    expect(await broken.importFiles(files)).toEqual(expected);

    // A thread that says it is ready and then answers nothing: the engine reads the files itself
    // (after a short wait here instead of the engine's half minute).
    const silent = workstation('silent');
    const thread = new RecordThread(
      () =>
        new Worker(
          "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => {}); parentPort.postMessage('ready');",
          { eval: true },
        ),
      200,
    );
    const summary = await importSources(engineInternals(silent).releases, await sourcesFromPaths(files), {
      records: thread,
    });
    expect(summary).toEqual(expected);
    expect(stored(silent).words).toEqual(stored(opened[0]!).words);
    expect(stored(silent).waiting).toEqual([]);
  });

  it('reads a file itself when the thread dies in the middle of it, counting nothing twice', async () => {
    const perFile = Math.ceil(RECORD_THREAD_MIN_BYTES / record(0).length) + 5;
    const files = [ndjson('a.ndjson', 0, perFile)];
    const expected = await workstation('inline').importFiles(files);
    // A thread that answers the first chunk (one refused line) and then ends, as one that ran out of memory does.
    const dying = [
      "const { parentPort } = require('node:worker_threads');",
      'parentPort.on("message", ({ port, state }) => {',
      '  const counters = new Int32Array(state);',
      "  port.postMessage({ kind: 'records', items: [{ index: 1, error: { code: 'IMPORT_PARSE', message: 'Line 1 is not valid JSON.' } }], words: [] });",
      '  Atomics.add(counters, 0, 1);',
      '  Atomics.notify(counters, 0);',
      '  process.exit(1);',
      '});',
      "parentPort.postMessage('ready');",
    ].join('\n');
    const ws = workstation('dying');
    const summary = await importSources(engineInternals(ws).releases, await sourcesFromPaths(files), {
      records: new RecordThread(() => new Worker(dying, { eval: true }), 300),
    });
    // The dead thread's refusal was rolled back with its transaction; the engine's own reading imported the file.
    expect(summary).toEqual(expected);
    expect(stored(ws).releases.length).toBe(perFile);
  });

  it('passes by small files and files read ahead but not taken, and ends the thread after the import', async () => {
    const perFile = Math.ceil(RECORD_THREAD_MIN_BYTES / record(0).length) + 5;
    // b is read ahead while a is written, then read here (it is small); c must still get the thread.
    // A record the store refuses after the thread checked it leaves its words listed: the sign of which
    // file went through the thread.
    const refused = (i: number, caption: string, credit: string) =>
      record(i, {
        body: { type: 'doc', content: [{ type: 'figure', attrs: { assetId: 'missing', caption, credit, alt: '' } }] },
      });
    const files = [
      ndjson('a.ndjson', 0, perFile),
      ndjson('b.ndjson', perFile, 3, [refused(80_000, 'Bild', 'Foto')]),
      ndjson('c.ndjson', perFile + 3, perFile, [refused(80_001, 'Grafik', 'Quelle')]),
    ];
    const exits: Promise<number>[] = [];
    const ws = workstation('ahead', () => {
      const worker = sourceRecordThread();
      exits.push(new Promise((resolve) => worker.once('exit', resolve)));
      return worker;
    });
    const summary = await ws.importFiles(files);
    expect(summary).toMatchObject({ imported: 2 * perFile + 3 });
    expect(summary.errors.map((e) => e.code)).toEqual(['INVALID_DOCUMENT', 'INVALID_DOCUMENT']);
    const words = stored(ws).words.flat();
    expect(words).toEqual(expect.arrayContaining(['grafik', 'quelle']));
    expect(words).not.toContain('bild');
    expect(exits).toHaveLength(1);
    // No idle thread holds memory once the import is done.
    await exits[0];
    expect(stored(ws).waiting).toEqual([]);
  });
});
