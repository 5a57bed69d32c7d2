import { beforeEach, describe, expect, it } from 'vitest';
import { freshWorkstationEachTest } from '../testing/archiveFixture';
import { UNDATED } from '../../../shared/search/query';
import { engineInternals } from '../testing/internals';
import type { CountedIndex, MatchCounter } from './matchCounter';
import { makeTempDir } from '../testing/tempDir';
import { DATABASE_FILE, openWorkstation } from '../workstation';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { paragraphsDoc as body } from '../testing/documents';
import { SUBSTRING_BELOW } from './searchService';

/*
 * The archive at scale: ranking in tiers (headline, head, body), exact facet
 * counts from the facet copy for any number of hits (it catches up with every
 * kind of change), and words in date order through the facet table's index.
 * Each is checked against plain SQL over the stored releases.
 */

const fixture = freshWorkstationEachTest();
const { add } = fixture;
const headlines = (query: string, limit = 50, offset = 0) =>
  engineInternals(fixture.ws)
    .search.search({ query, limit, offset })
    .items.map((h) => h.headline);

/** One release of `seed`: a headline and text of its own when given, else "Meldung i" about the harbour. */
interface Seeded {
  topic: string;
  status: string;
  year: number;
  tags: string[];
  headline?: string;
  text?: string;
}

/** Many releases at once, written with SQL as an import would (the triggers index and count them); ids `prefix-i`. */
function seed(count: number, make: (i: number) => Seeded, prefix = 'bulk') {
  const { db } = engineInternals(fixture.ws);
  const insert = db.prepare(
    `INSERT INTO releases (id, topic, headline, teaser, body_json, body_text, status, published_at, tags_json,
       created_at, updated_at, version)
     VALUES (@id, @topic, @headline, '', @body, @text, @status, @published, @tags,
       '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 1)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const r = make(i);
      const text = r.text ?? `Der Hafen meldet Zahlen${i % 7 === 0 ? ' und Schleusen' : ''}.`;
      insert.run({
        body: JSON.stringify(body(text)),
        text,
        id: `${prefix}-${i}`,
        topic: r.topic,
        headline: r.headline ?? `Meldung ${i}`,
        status: r.status,
        published: r.year > 0 ? `${r.year}-0${1 + (i % 9)}-1${i % 10}T08:00:00Z` : null,
        tags: JSON.stringify(r.tags),
      });
    }
  })();
}

/** The facets of `where` over the stored releases, in plain SQL, as the archive shows them. */
function sqlFacets(where: string) {
  const { db } = engineInternals(fixture.ws);
  const count = (expr: string, from = '', limit = 30) =>
    db
      .prepare<[], { value: string; count: number }>(
        `SELECT ${expr} AS value, count(*) AS count FROM releases r ${from} WHERE r.deleted_at IS NULL AND ${where}
         AND ${expr} <> '' GROUP BY value ORDER BY count DESC, value LIMIT ${limit}`,
      )
      .all();
  return {
    exact: true,
    topic: count('r.topic'),
    status: count('r.status', '', 10),
    year: count(`coalesce(substr(r.published_at, 1, 4), '${UNDATED}')`, '', 100).sort(
      (a, b) => Number(a.value === UNDATED) - Number(b.value === UNDATED) || b.value.localeCompare(a.value),
    ),
    tag: count('t.value', ', json_each(r.tags_json) t'),
  };
}

describe('ranking in tiers', () => {
  beforeEach(() => {
    // Body mentions first, so that neither insertion order nor rowid puts the head matches on top.
    for (let i = 0; i < 6; i++)
      add({ headline: `Bericht ${i}`, body: body(`Die Schleuse ${'wird geprüft. '.repeat(i)}`) });
    add({ headline: 'Wasserstraßen', teaser: 'Die Schleuse am Kanal öffnet.', body: body('Mehr dazu.') });
    add({ headline: 'Kanal', topic: 'Schleuse', body: body('Ein Thema.') });
    add({ headline: 'Neue Schleuse in Betrieb', body: body('Feier am Kanal.') });
    add({ headline: 'Schleuse gesperrt', body: body('Die Schleuse bleibt zu. Die Schleuse wird geprüft.') });
  });

  it('puts headline matches first, then head matches, then the body, each by its score', () => {
    const all = headlines('schleuse');
    expect(all.slice(0, 2).sort()).toEqual(['Neue Schleuse in Betrieb', 'Schleuse gesperrt']);
    expect(all.slice(2, 4).sort()).toEqual(['Kanal', 'Wasserstraßen']);
    expect(all.slice(4).sort()).toEqual(['Bericht 0', 'Bericht 1', 'Bericht 2', 'Bericht 3', 'Bericht 4', 'Bericht 5']);
    // Within the body tier bm25 decides: the shortest body with the word is the densest.
    expect(all[4]).toBe('Bericht 0');
    expect(engineInternals(fixture.ws).search.search({ query: 'schleuse' }).total).toBe(10);
    // Column filters hold in every tier.
    add({ headline: 'Schleuse Nord', topic: 'Schleuse', body: body('Neu.') });
    expect(headlines('schleuse thema:schleuse')).toEqual(['Schleuse Nord', 'Kanal']);
  });

  it('pages across the tiers without gaps or repeats, and leaves the trash out', () => {
    const whole = headlines('schleuse');
    const paged = [0, 3, 6, 9].flatMap((offset) => headlines('schleuse', 3, offset));
    expect(paged).toEqual(whole);
    const trashed = engineInternals(fixture.ws)
      .releases.list()
      .items.find((r) => r.headline === 'Kanal')!;
    engineInternals(fixture.ws).releases.trash(trashed.id);
    const live = whole.filter((h) => h !== 'Kanal');
    expect(headlines('schleuse')).toEqual(live);
    expect([0, 2, 4, 6, 8].flatMap((offset) => headlines('schleuse', 2, offset))).toEqual(live);
    expect(engineInternals(fixture.ws).search.search({ query: 'schleuse', limit: 2 }).total).toBe(9);
  });

  it('keeps exclusions on the whole index: a word in the body excludes its release', () => {
    expect(headlines('schleuse -kanal').sort()).toEqual([
      'Bericht 0',
      'Bericht 1',
      'Bericht 2',
      'Bericht 3',
      'Bericht 4',
      'Bericht 5',
      'Schleuse gesperrt',
    ]);
  });
});

describe('exact facets at any size', () => {
  const make = (i: number) => ({
    topic: ['Hafen', 'Verkehr', 'Umwelt', ''][i % 4]!,
    status: ['published', 'draft', 'approved'][i % 3]!,
    year: i % 11 === 0 ? 0 : 2014 + (i % 9),
    tags: i % 13 === 0 ? ['A', 'B', 'C', 'D', 'E', 'F'] : i % 2 === 0 ? ['Schiff'] : [],
  });

  it('counts every one of 6,000 hits, as SQL over the stored releases does', () => {
    seed(6000, make);
    const { search } = engineInternals(fixture.ws);
    const result = search.search({ query: 'hafen', facets: true, limit: 5 });
    expect(result.total).toBe(6000);
    expect(result.facets).toEqual(sqlFacets('1'));
    // Words in part of them, filters beside words, and nothing but filters.
    expect(search.search({ query: 'schleusen', facets: true }).facets).toEqual(
      sqlFacets("r.body_text LIKE '%Schleusen%'"),
    );
    expect(search.search({ query: 'hafen status:entwurf', facets: true }).facets).toEqual(
      sqlFacets("r.status = 'draft'"),
    );
    expect(search.search({ query: '', facets: true }).facets).toEqual(sqlFacets('1'));
  });

  it('catch up with new, changed, trashed, restored and purged releases', () => {
    seed(300, make);
    const { search, releases } = engineInternals(fixture.ws);
    const facets = () => search.search({ query: 'hafen', facets: true }).facets;
    expect(facets()).toEqual(sqlFacets("r.body_text LIKE '%Hafen%'"));
    const id = add({ headline: 'Hafen', topic: 'Neu', tags: ['G', 'H', 'I', 'J', 'K'], publishedAt: null });
    const other = releases.list().items.find((r) => r.id === 'bulk-5')!;
    releases.save(other.id, releases.get(other.id).version, { topic: 'Geändert', tags: ['Z'] });
    releases.trash('bulk-6');
    releases.trash('bulk-7');
    releases.restore('bulk-7');
    releases.trash('bulk-8');
    releases.purge('bulk-8');
    releases.save(id, releases.get(id).version, { tags: ['G'] });
    const expected = sqlFacets("(r.body_text LIKE '%Hafen%' OR r.headline = 'Hafen')");
    expect(expected.topic).toContainEqual({ value: 'Geändert', count: 1 });
    expect(facets()).toEqual(expected);
    expect(search.search({ query: 'hafen', facets: true }).total).toBe(300 - 2 + 1);
    // The archive list's totals, kept by the same triggers.
    const counted = (where: string) =>
      engineInternals(fixture.ws).db.prepare<[], number>(`SELECT count(*) FROM releases WHERE ${where}`).pluck().get();
    expect(releases.list({ limit: 1 }).total).toBe(counted('deleted_at IS NULL'));
    expect(releases.list({ limit: 1, trash: true }).total).toBe(counted('deleted_at IS NOT NULL'));
    expect(releases.list({ limit: 1, trash: true }).total).toBe(1);
    expect(search.search({ query: '', limit: 1 }).total).toBe(counted('deleted_at IS NULL'));
  });
});

describe('words in date order', () => {
  it('are the newest first, as SQL orders them, and page without gaps', () => {
    seed(500, (i) => ({ topic: 'Hafen', status: 'published', year: 2014 + (i % 9), tags: [] }));
    const { search, db, releases } = engineInternals(fixture.ws);
    releases.trash('bulk-20');
    const expected = db
      .prepare<[], string>(
        `SELECT id FROM releases WHERE deleted_at IS NULL AND body_text LIKE '%Schleusen%'
         ORDER BY coalesce(published_at, updated_at) DESC, id`,
      )
      .pluck()
      .all();
    const got = [0, 20, 40, 60].flatMap((offset) =>
      search.search({ query: 'schleusen', sort: 'date', limit: 20, offset }).items.map((h) => h.id),
    );
    expect(got).toEqual(expected);
    expect(search.search({ query: 'schleusen', sort: 'date', limit: 20 }).total).toBe(expected.length);
    // Few hits (under one in a hundred releases): their own dates, sorted, the trash left out.
    add({ headline: 'Schleusenwärter A', publishedAt: '2015-01-01T00:00:00Z' });
    add({ headline: 'Schleusenwärter B', publishedAt: '2016-01-01T00:00:00Z' });
    releases.trash(add({ headline: 'Schleusenwärter C', publishedAt: '2017-01-01T00:00:00Z' }));
    const few = search.search({ query: 'schleusenwärter', sort: 'date' });
    expect(few.items.map((h) => h.headline)).toEqual(['Schleusenwärter B', 'Schleusenwärter A']);
    expect(few.total).toBe(2);
  });
});

describe('totals counted on the other core', () => {
  it('are the totals of the search on one thread, with trash, filters and substrings, and after the counter stopped', async () => {
    const dir = makeTempDir();
    const parallel = openWorkstation({ dataDir: dir.dir, host: 'cli', parallelSearch: true });
    try {
      const { releases, search, db } = engineInternals(parallel);
      const insert = db.prepare(
        `INSERT INTO releases (id, topic, headline, body_json, body_text, status, published_at, created_at, updated_at, version)
         VALUES (?, 'Hafen', ?, '{"type":"doc","content":[]}', ?, 'published', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 1)`,
      );
      db.transaction(() => {
        for (let i = 0; i < 400; i++) {
          insert.run(
            `p-${i}`,
            i % 5 === 0 ? `Schleuse ${i}` : `Meldung ${i}`,
            `Hafen Motordämmung ${i % 3 ? 'Kai' : ''}`,
          );
        }
      })();
      releases.trash('p-3');
      releases.trash('p-10');
      const queries = [
        'hafen',
        'schleuse',
        'hafen kai',
        'dämm',
        'hafen thema:hafen',
        'hafen -kai',
        'hafen status:veröffentlicht',
        '',
      ];
      for (const query of queries) {
        for (const limit of [5, 500]) {
          const one = search.search({ query, limit });
          const two = await search.searchAsync({ query, limit });
          expect(two, `${query} ${limit}`).toEqual(one);
        }
      }
      expect((await search.searchAsync({ query: 'hafen', limit: 5 })).total).toBe(398);
      // The counter itself answered (not this thread instead), live releases only; it counts nothing else.
      const counter = (search as unknown as { counter: MatchCounter }).counter;
      expect(await counter.count('release_fts', '"hafen"*')).toBe(398);
      // One whole word: the number the index keeps with the word, less the trash.
      expect(await counter.count('release_fts', '"hafen"')).toBe(398);
      expect(await counter.count('release_fts', '"schleuse"')).toBe(79);
      expect(await counter.count('release_fts', '"nirgends"')).toBe(0);
      expect(counter.available).toBe(true);
      await expect(counter.count('releases' as CountedIndex, '"hafen"*')).rejects.toThrow('unknown index');
      // A counter that stopped: this thread counts, with the same answer.
      counter.close();
      expect(counter.available).toBe(false);
      expect((await search.searchAsync({ query: 'hafen', limit: 5 })).total).toBe(398);
    } finally {
      parallel.close();
      dir.cleanup();
    }
  });

  it('closes its connection before the engine closes its own: no write-ahead log is left behind', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = makeTempDir();
      try {
        const parallel = openWorkstation({ dataDir: dir.dir, host: 'cli', parallelSearch: true });
        engineInternals(parallel).releases.create({ headline: `Hafen ${round}` });
        const { search } = engineInternals(parallel);
        // The counter's own connection is open once it answered.
        expect(await (search as unknown as { counter: MatchCounter }).counter.count('release_fts', '"hafen"*')).toBe(1);
        parallel.close();
        expect(existsSync(join(dir.dir, `${DATABASE_FILE}-wal`))).toBe(false);
        // Closed with its thread still starting (it starts with the engine).
        const fresh = openWorkstation({ dataDir: dir.dir, host: 'cli', parallelSearch: true });
        fresh.close();
        expect(existsSync(join(dir.dir, `${DATABASE_FILE}-wal`))).toBe(false);
      } finally {
        dir.cleanup();
      }
    }
  });
});

describe('word starts the index holds as one word', () => {
  /** `count` releases written with SQL (the triggers index them): more than the substring search joins in. */
  const bulk = (count: number, headline: (i: number) => string, text: string) =>
    seed(count, (i) => ({ topic: '', status: 'published', year: 2024, tags: [], headline: headline(i), text }), 'w');

  it('find what the word starts find, after every change to the index', () => {
    expect(SUBSTRING_BELOW).toBeLessThan(250);
    bulk(250, (i) => `Förderung ${i}`, 'Der Radweg wird gebaut.');
    add({ headline: 'Foerderung alt', body: body('Geschrieben ohne Umlaut.') });
    engineInternals(fixture.ws).releases.trash(add({ headline: 'Förderung im Papierkorb', body: body('Radweg.') }));
    const { search } = engineInternals(fixture.ws);
    const total = (query: string) => search.search({ query, limit: 2 }).total;
    expect(total('Förderung')).toBe(251);
    expect(total('foerderung')).toBe(251);
    // Longer words starting with it, stored afterwards: found at once (nothing of the index is kept between searches).
    add({ headline: 'Förderungen', body: body('Mehrere.') });
    add({ headline: 'Fördermittel', body: body('Andere.') });
    expect(total('Förderung')).toBe(252);
    expect(total('förder')).toBe(253);
    expect(total('Radweg')).toBe(250);
    add({ headline: 'Radwege', body: body('Viele.') });
    expect(total('Radweg')).toBe(251);
    // Two words, exclusions, and a word the index does not hold.
    expect(total('Förderung Radweg')).toBe(250);
    expect(total('Förderung -Radweg')).toBe(2);
    expect(headlines('Förderung -radweg').sort()).toEqual(['Foerderung alt', 'Förderungen']);
    add({ headline: 'Förderung ohne Rad', body: body('Radwegenetz.') });
    expect(total('Förderung -Radweg')).toBe(2);
    expect(total('Förderunk')).toBe(0);
  });

  it('leave words beyond plain letters and digits as written', () => {
    bulk(250, (i) => `Café ${i}`, 'Kaffee.');
    add({ headline: 'Cafés', body: body('Mehrere.') });
    const total = (query: string) => engineInternals(fixture.ws).search.search({ query, limit: 2 }).total;
    expect(total('café')).toBe(251);
    expect(total('cafe')).toBe(251);
  });
});

describe('similar releases', () => {
  it('share distinctive words; a word in many releases is not asked for', () => {
    const { search, releases } = engineInternals(fixture.ws);
    const topic = (i: number) => (i % 2 ? 'Hafen' : 'Verkehr');
    seed(
      300,
      (i) => ({ topic: topic(i), status: 'published', year: 2024, tags: [], headline: `Schiffsverkehr Bilanz ${i}` }),
      's',
    );
    const a = add({ topic: 'Hafen', headline: 'Schiffsverkehr: Schleusenwärter streiken' });
    const b = add({ topic: 'Hafen', headline: 'Schleusenwärter einigen sich' });
    const c = add({ topic: 'Verkehr', headline: 'Schleusenwärter im Verkehrsausschuss' });
    const similar = search.similar(a).map((h) => h.id);
    expect(similar[0]).toBe(b);
    expect(similar).not.toContain(c);
    expect(similar).not.toContain(a);
    // Only the common word shared: the topic's releases, those stored last first, the trash left out.
    releases.trash(b);
    const d = add({ topic: 'Hafen', headline: 'Schiffsverkehr im Winter' });
    const common = search.similar(d).map((h) => h.id);
    expect(common).toEqual([a, 's-299', 's-297', 's-295', 's-293', 's-291', 's-289', 's-287', 's-285', 's-283']);
  });
});
