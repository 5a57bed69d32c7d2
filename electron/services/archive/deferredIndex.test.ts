import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseFields } from '../../../shared/domain';
import { emptySummary, writeBatch, type ParsedRecord } from '../releases/interchange';
import { checkedFields, DEFAULT_FIELDS } from '../releases/releaseRepository';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from '../testing/internals';
import { paragraphsDoc as body } from '../testing/documents';
import { indexContent } from '../testing/archiveFixture';

// The same releases written row by row (the index triggers fill both search
// indexes per row) and as one bulk batch (the indexes are filled once at the
// end of the batch's transaction) must leave identical indexes behind.

const WORDS = [
  'Förderung',
  'Kommunen',
  'neue',
  'Brücke',
  'Digitalisierung',
  'Wärmedämmung',
  'Motordämmung',
  'Straße',
  'Radweg',
  'Köln',
  'Integrationsmanagerinnen',
  'Hochwasser',
  'Schule',
  'Ärztemangel',
];

function record(i: number, variant = 0): ParsedRecord {
  const w = (k: number) => WORDS[(i * 5 + k * 3 + variant) % WORDS.length]!;
  const fields: ReleaseFields = {
    ...DEFAULT_FIELDS,
    topic: ['Umwelt', 'Verkehr', 'Bildung'][i % 3]!,
    headline: `${w(0)} in ${w(1)} ${i}`,
    subheadline: `${w(2)} ${w(3)}`,
    teaser: `Die ${w(4)} und die ${w(5)} für alle.`,
    body: body(`${w(6)} ${w(7)} neue Brücke ${w(8)}.`, `Mehr zur ${w(9)} und ${w(10)}${variant ? ' geändert' : ''}.`),
    status: 'published',
    publishedAt: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    tags: [w(11), `Tag ${i % 4}`],
  };
  return { id: `r-${i}`, fields };
}

const QUERIES = [
  'Förderung',
  'foerderung',
  'Brücke Radweg',
  '"neue Brücke"',
  '"Wärmedämmung und"',
  'Digitalis',
  'dämm',
  'managerin',
  'koln',
  'Hochwasser thema:Umwelt',
  'Schule -Köln',
  'tag:"Tag 2"',
  'geändert',
  'bild:rathaus',
  'credit:dpa',
  'bild:weiss',
];

/** Two releases with images: one in the body, one as lead image (captions and credits are indexed). */
function withImages(assetId: string): ParsedRecord[] {
  const figure = { assetId, caption: 'Straßenfest am Rhein', credit: 'Foto: © dpa/Jürgen Weiß', creditRaw: 'dpa' };
  const image = { ...figure, alt: 'Menschen', decorative: false };
  const inBody = record(50);
  const lead = record(51);
  return [
    {
      id: inBody.id,
      fields: {
        ...inBody.fields,
        body: {
          type: 'doc',
          content: [{ type: 'figure', attrs: { ...image, caption: 'Rathaus', credit: 'Bild: © Stadt Köln' } }],
        },
      },
    },
    { id: lead.id, fields: { ...lead.fields, leadImage: image } },
  ];
}

let tmp: ReturnType<typeof makeTempDir>;
let rowByRow: Workstation;
let bulk: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  rowByRow = openWorkstation({ dataDir: join(tmp.dir, 'rows'), host: 'cli' });
  bulk = openWorkstation({ dataDir: join(tmp.dir, 'bulk'), host: 'cli' });
});
afterEach(() => {
  rowByRow.close();
  bulk.close();
  tmp.cleanup();
});

/** Hits of every query, in rank order with their scores, or (without) as a set. */
const results = (ws: Workstation, scores = false) =>
  QUERIES.map((query) => {
    const r = engineInternals(ws).search.search({ query, limit: 100 });
    const hits = r.items.map((h) => [h.id, h.excerpt, h.highlights, ...(scores ? [h.score] : [])]);
    return { query, total: r.total, hits: scores ? hits : hits.sort() };
  });

const pendingState = (ws: Workstation) =>
  engineInternals(ws)
    .db.prepare('SELECT (SELECT count(*) FROM search_defer) AS defer, (SELECT count(*) FROM search_pending) AS pending')
    .get();

describe('search indexes filled per bulk batch', () => {
  it('give the same hits and the same index content as row-by-row writes', async () => {
    const photo = join(__dirname, '..', 'assets', 'fixtures', 'de-xmp-long.jpg');
    // Each store has its own id for the same photo.
    const rowsAsset = (await engineInternals(rowByRow).assets.importFile(photo)).id;
    const bulkAsset = (await engineInternals(bulk).assets.importFile(photo)).id;
    // Both stores start with releases written row by row; one is trashed.
    for (let i = 0; i < 6; i++) {
      engineInternals(rowByRow).releases.upsert(record(i).fields, { id: record(i).id });
      engineInternals(bulk).releases.upsert(record(i).fields, { id: record(i).id });
    }
    engineInternals(rowByRow).releases.trash('r-5');
    engineInternals(bulk).releases.trash('r-5');

    // New releases, changed ones (also one in the trash) and an unchanged one.
    const first = (asset: string) => [
      ...Array.from({ length: 30 }, (_, k) => record(k + 6)),
      ...withImages(asset),
      record(1, 1),
      record(5, 2),
      record(2),
    ];
    const second = [record(40), record(40, 1), record(41)];
    const write = (batch: ParsedRecord[], rows = batch) => {
      for (const r of rows) engineInternals(rowByRow).releases.upsert(r.fields, { id: r.id });
      const summary = emptySummary();
      writeBatch(
        engineInternals(bulk).releases,
        batch.map((r, index) => ({ file: 'batch.ndjson', index, record: r })),
        summary,
      );
      return summary;
    };
    expect(write(first(bulkAsset), first(rowsAsset))).toEqual({ imported: 32, updated: 2, skipped: 1, errors: [] });
    const expected = results(rowByRow, true);
    // Each kind of query finds something, so the comparison can tell a missing index apart.
    for (const r of expected) expect(r.total, r.query).toBeGreaterThan(0);
    expect(results(bulk, true)).toEqual(expected);
    expect(indexContent(bulk)).toEqual(indexContent(rowByRow));
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });

    // A release imported twice in one batch: row by row its first index entries are deleted again,
    // in the batch they are never written. FTS5 does not take deleted rows out of bm25's document
    // count, so only the scores differ (row by row they depend on the history anyway).
    expect(write(second)).toEqual({ imported: 2, updated: 1, skipped: 0, errors: [] });
    expect(results(bulk)).toEqual(results(rowByRow));
    expect(indexContent(bulk)).toEqual(indexContent(rowByRow));
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });

    // After the batch, single writes index at once again.
    for (const ws of [rowByRow, bulk]) {
      engineInternals(ws).releases.create(
        { headline: 'Nachtrag zur Fahrradbrücke', status: 'draft' },
        { id: 'nachtrag' },
      );
      engineInternals(ws).releases.trash('r-7');
    }
    expect(results(bulk)).toEqual(results(rowByRow));
    expect(engineInternals(bulk).search.search({ query: 'fahrradbr' }).total).toBe(1);
    expect(indexContent(bulk)).toEqual(indexContent(rowByRow));
  });

  it('leaves neither releases nor index rows nor a deferral behind when the batch fails', () => {
    engineInternals(bulk).releases.upsert(record(0).fields, { id: record(0).id });
    const before = indexContent(bulk);
    expect(() =>
      engineInternals(bulk).releases.bulkTransaction(() => {
        engineInternals(bulk).releases.upsert(record(1).fields, { id: record(1).id });
        engineInternals(bulk).releases.upsert(record(0, 1).fields, { id: record(0).id });
        throw new Error('disk gone');
      }),
    ).toThrow('disk gone');
    expect(engineInternals(bulk).releases.find('r-1')).toBeNull();
    expect(engineInternals(bulk).releases.get('r-0').version).toBe(1);
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });
    expect(indexContent(bulk)).toEqual(before);
    // The next single write is indexed at once.
    engineInternals(bulk).releases.create({ headline: 'Wasserstoffbus fährt', status: 'draft' });
    expect(engineInternals(bulk).search.search({ query: 'stoffbus' }).total).toBe(1);
  });

  it('index a new release from the texts given with its checked fields, unless it is written again in the batch', () => {
    const { releases, db, search } = engineInternals(bulk);
    const fields = record(1).fields;
    // Texts as the record thread gives them (one per column of the word index), here deliberately not the row's.
    const given = { ...checkedFields(fields), texts: ['Gegeben', '', '', 'gegebener Text', '', '', ''] };
    const ids = (query: string) =>
      search
        .search({ query })
        .items.map((h) => h.id)
        .sort();
    const leftGiven = () => db.prepare('SELECT count(*) FROM temp.search_given').pluck().get();
    releases.upsertChecked(given, { id: 'outside' });
    expect(leftGiven()).toBe(0);
    releases.bulkTransaction(() => {
      releases.upsertChecked(given, { id: 'kept' });
      releases.upsertChecked(given, { id: 'changed' });
      releases.upsertChecked(given, { id: 'gone' });
      // Written again in the batch: the given texts no longer fit the row, the batch folds the row's own.
      releases.upsert({ ...fields, headline: 'Neue Fassung' }, { id: 'changed' });
      releases.trash('gone');
      releases.purge('gone');
    });
    expect(ids('gegeben')).toEqual(['kept']);
    expect(ids('"Neue Fassung"')).toEqual(['changed']);
    // Outside a batch a release is indexed from its row at once; given texts are not kept for later.
    expect(ids('"neue Brücke"')).toEqual(['changed', 'outside']);
    expect(leftGiven()).toBe(0);
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });
    // A batch that fails leaves none behind either.
    expect(() =>
      releases.bulkTransaction(() => {
        releases.upsertChecked(given, { id: 'rolled-back' });
        throw new Error('disk gone');
      }),
    ).toThrow('disk gone');
    expect(leftGiven()).toBe(0);
    expect(releases.find('rolled-back')).toBeNull();
  });

  it('index a batch in steps as at its end: releases written again after a step, words given or not', () => {
    const writes = (ws: Workstation, step: () => void) => {
      const { releases } = engineInternals(ws);
      for (let i = 0; i < 12; i++) releases.upsert(record(i).fields, { id: record(i).id });
      step();
      // Indexed by the step, then written again in the same batch.
      releases.upsert(record(2, 1).fields, { id: 'r-2' });
      releases.trash('r-3');
      releases.trash('r-4');
      releases.purge('r-4');
      step();
      step();
      for (let i = 12; i < 16; i++) releases.upsert(record(i).fields, { id: record(i).id });
    };
    writes(rowByRow, () => undefined);
    const { releases, db } = engineInternals(bulk);
    // Without words given: the steps' releases are read for the list of words like the rest.
    releases.bulkTransaction(() => writes(bulk, () => releases.indexBatchStep()));
    const left = () =>
      db
        .prepare(
          `SELECT (SELECT count(*) FROM temp.search_step_rows) AS steps, (SELECT count(*) FROM search_words_pending) AS words`,
        )
        .get();
    expect(left()).toEqual({ steps: 0, words: 0 });
    expect(results(bulk)).toEqual(results(rowByRow));
    expect(indexContent(bulk)).toEqual(indexContent(rowByRow));
    const listed = (ws: Workstation) =>
      engineInternals(ws).db.prepare('SELECT word FROM search_words ORDER BY word').pluck().all();
    expect(listed(bulk)).toEqual(listed(rowByRow));
    expect(listed(bulk)).toEqual(expect.arrayContaining(['waermedaemmung', 'integrationsmanagerinnen']));
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });

    // With words given (as the record thread finds them): they are listed, the steps' releases are not read.
    releases.bulkTransaction(
      () => {
        releases.upsert(record(30).fields, { id: 'r-30' });
        releases.indexBatchStep();
        releases.upsert({ ...record(31).fields, headline: 'Zwischenschritte' }, { id: 'r-31' });
      },
      () => ['gegebenewoerter'],
    );
    expect(left()).toEqual({ steps: 0, words: 0 });
    expect(listed(bulk)).toContain('gegebenewoerter');
    expect(listed(bulk)).not.toContain('zwischenschritte');
    expect(engineInternals(bulk).search.search({ query: 'zwischenschritte' }).total).toBe(1);

    // A batch that fails after a step leaves nothing of it behind.
    const before = indexContent(bulk);
    expect(() =>
      releases.bulkTransaction(() => {
        releases.upsert(record(40).fields, { id: 'r-40' });
        releases.indexBatchStep();
        throw new Error('disk gone');
      }),
    ).toThrow('disk gone');
    expect(left()).toEqual({ steps: 0, words: 0 });
    expect(indexContent(bulk)).toEqual(before);
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });
    // Outside a batch a step does nothing.
    releases.indexBatchStep();
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });
  });

  it('indexes at the next start what a deferral committed by a foreign writer left pending', () => {
    engineInternals(bulk).releases.upsert(record(0).fields, { id: record(0).id });
    // Written outside the engine: a deferral that was committed, with a release left unindexed.
    engineInternals(bulk).db.exec('INSERT INTO search_defer (one) VALUES (1)');
    engineInternals(bulk).releases.create({ headline: 'Wasserstoffbus fährt', status: 'draft' });
    expect(engineInternals(bulk).search.search({ query: 'stoffbus' }).total).toBe(0);
    bulk.close();
    bulk = openWorkstation({ dataDir: join(tmp.dir, 'bulk'), host: 'cli' });
    expect(pendingState(bulk)).toEqual({ defer: 0, pending: 0 });
    expect(engineInternals(bulk).search.search({ query: 'stoffbus' }).total).toBe(1);
    engineInternals(bulk).releases.create({ headline: 'Brennstoffzelle im Test', status: 'draft' });
    expect(engineInternals(bulk).search.search({ query: 'stoffzelle' }).total).toBe(1);
  });
});
