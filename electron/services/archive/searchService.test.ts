import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshWorkstationEachTest } from '../testing/archiveFixture';
import { dispatch } from '../../../shared/contract/dispatch';
import { PressdeskError } from '../../../shared/errors';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation } from '../workstation';
import { SUBSTRING_BELOW } from './searchService';
import { UNDATED } from '../../../shared/search/query';
import { engineInternals } from '../testing/internals';
import { paragraphsDoc as body } from '../testing/documents';

const fixture = freshWorkstationEachTest();
const { add } = fixture;
const ids = (query: string, extra: { sort?: 'date' | 'relevance' } = {}) =>
  engineInternals(fixture.ws)
    .search.search({ query, ...extra })
    .items.map((h) => h.headline);

describe('German-aware search', () => {
  beforeEach(() => {
    add({ headline: 'Neuer Bahnhof in Köln eröffnet', body: body('Die Stadt feiert.') });
    add({ headline: 'Straßenbau in Düsseldorf', body: body('Die Motordämmung der Baufahrzeuge senkt den Lärm.') });
    add({ headline: 'Integrationsmanagerinnen gesucht', body: body('Der Kreis stellt ein.') });
    add({ headline: 'Ärztemangel auf dem Land', body: body('Praxen schließen.') });
  });

  it('folds case, diacritics and ae/oe/ue/ss spellings both ways', () => {
    expect(ids('köln')).toEqual(['Neuer Bahnhof in Köln eröffnet']);
    expect(ids('KOELN')).toEqual(['Neuer Bahnhof in Köln eröffnet']);
    expect(ids('koln')).toEqual(['Neuer Bahnhof in Köln eröffnet']);
    expect(ids('strasse')).toEqual(['Straßenbau in Düsseldorf']);
    add({ headline: 'Sperrung der Hauptstraße', body: body('Bis Freitag.') });
    expect(ids('strasse', { sort: 'date' }).sort()).toEqual(['Sperrung der Hauptstraße', 'Straßenbau in Düsseldorf']);
    expect(ids('dusseldorf')).toEqual(['Straßenbau in Düsseldorf']);
    expect(ids('duesseldorf')).toEqual(['Straßenbau in Düsseldorf']);
    expect(ids('aerztemangel')).toEqual(['Ärztemangel auf dem Land']);
    expect(ids('Ärzte')).toEqual(['Ärztemangel auf dem Land']);
  });

  it('finds prefixes and substrings inside compounds', () => {
    expect(ids('integration')).toEqual(['Integrationsmanagerinnen gesucht']);
    expect(ids('dämm')).toEqual(['Straßenbau in Düsseldorf']);
    expect(ids('managerin')).toEqual(['Integrationsmanagerinnen gesucht']);
    expect(ids('bahnh')).toEqual(['Neuer Bahnhof in Köln eröffnet']);
    expect(ids('xyzzy')).toEqual([]);
  });

  it('indexes Arabic, Sinhala and Tamil words', () => {
    add({ headline: 'Statement', language: 'ar', body: body('أعلنت الحكومة اليوم عن خطة جديدة') });
    add({ headline: 'Media release', language: 'si', body: body('ශ්‍රී ලංකා රජය නව සැලැස්මක් නිවේදනය කළේය') });
    add({ headline: 'Press note', language: 'ta', body: body('தமிழ்நாடு அரசு புதிய திட்டத்தை அறிவித்தது') });
    expect(ids('الحكومة')).toEqual(['Statement']);
    expect(ids('රජය')).toEqual(['Media release']);
    expect(ids('அரசு')).toEqual(['Press note']);
  });

  it('keeps the index in sync with saves, trash and restore', () => {
    const id = add({ headline: 'Haushalt beschlossen', body: body('Zahlen') });
    expect(ids('haushalt')).toEqual(['Haushalt beschlossen']);
    const r = engineInternals(fixture.ws).releases.get(id);
    engineInternals(fixture.ws).releases.save(id, r.version, { headline: 'Etat beschlossen' });
    expect(ids('haushalt')).toEqual([]);
    expect(ids('etat')).toEqual(['Etat beschlossen']);
    engineInternals(fixture.ws).releases.trash(id);
    expect(ids('etat')).toEqual([]);
    engineInternals(fixture.ws).releases.restore(id);
    expect(ids('etat')).toEqual(['Etat beschlossen']);
  });

  it('finds speakers of quotes', () => {
    engineInternals(fixture.ws).releases.create({
      headline: 'Landrätin zieht Bilanz',
      body: {
        type: 'doc',
        content: [
          {
            type: 'quote',
            attrs: { speaker: 'Erika Mustermann', role: 'Landrätin' },
            content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Wir sind zufrieden.' }] }],
          },
        ],
      },
    });
    expect(ids('"Erika Mustermann"')).toEqual(['Landrätin zieht Bilanz']);
  });
});

describe('query language', () => {
  beforeEach(() => {
    add({
      headline: 'Radweg an der Ruhr',
      topic: 'Verkehr',
      tags: ['Radverkehr'],
      publishedAt: '2022-05-01T08:00:00Z',
      body: body('Der neue Radweg verbindet Essen und Mülheim.'),
    });
    add({
      headline: 'Busse fahren öfter',
      topic: 'Verkehr',
      tags: ['ÖPNV'],
      publishedAt: '2023-06-01T08:00:00Z',
      body: body('Mehr Busse in Essen ab Juni.'),
    });
    add({
      headline: 'Neue Kita eröffnet',
      topic: 'Familie',
      tags: ['Kita'],
      status: 'draft',
      publishedAt: '2024-01-10T08:00:00Z',
      body: body('Die Kita in Essen hat 80 Plätze.'),
    });
  });

  it('combines words, phrases, exclusions, OR and filters', () => {
    expect(ids('essen', { sort: 'date' })).toEqual(['Neue Kita eröffnet', 'Busse fahren öfter', 'Radweg an der Ruhr']);
    expect(ids('essen radweg')).toEqual(['Radweg an der Ruhr']);
    expect(ids('"verbindet Essen"')).toEqual(['Radweg an der Ruhr']);
    expect(ids('"Essen verbindet"')).toEqual([]);
    expect(ids('essen -busse -kita')).toEqual(['Radweg an der Ruhr']);
    expect(ids('radweg OR kita', { sort: 'date' })).toEqual(['Neue Kita eröffnet', 'Radweg an der Ruhr']);
    expect(ids('essen thema:verkehr', { sort: 'date' })).toEqual(['Busse fahren öfter', 'Radweg an der Ruhr']);
    expect(ids('topic:Familie')).toEqual(['Neue Kita eröffnet']);
    expect(ids('tag:öpnv')).toEqual(['Busse fahren öfter']);
    expect(ids('status:entwurf')).toEqual(['Neue Kita eröffnet']);
    expect(ids('essen von:2023 bis:2023')).toEqual(['Busse fahren öfter']);
    expect(ids('from:2023-01-01', { sort: 'date' })).toEqual(['Neue Kita eröffnet', 'Busse fahren öfter']);
    expect(ids('bis:31.12.2022')).toEqual(['Radweg an der Ruhr']);
  });

  it('parses bild:/credit: filters against the (still empty) caption column', () => {
    expect(ids('bild:Mustermann')).toEqual([]);
    expect(ids('credit:"dpa"')).toEqual([]);
  });

  it('never fails on malformed or hostile queries', () => {
    for (const q of [
      '"unbalanced',
      'OR',
      'AND NOT',
      '-',
      '***',
      'NEAR(a b)',
      'essen"',
      '{a}:b',
      '^essen',
      'col:x',
      '"" ""',
      '(',
      ')',
    ]) {
      expect(() => engineInternals(fixture.ws).search.search({ query: q })).not.toThrow();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        engineInternals(fixture.ws).search.search({ query: q, facets: true });
      }),
      { numRuns: 300 },
    );
    expect(ids('essen"')).toHaveLength(3);
    expect(ids('"verbindet Essen')).toEqual(['Radweg an der Ruhr']);
  });
});

describe('ranking, excerpts and facets', () => {
  it('ranks a headline match above a single mention in the body', () => {
    for (const h of ['Sportfest', 'Theater', 'Haushalt', 'Schulen']) add({ headline: h, body: body('Anderes Thema.') });
    // The body mention sits in a short text, the headline match in a long one: only the field weights decide.
    add({ headline: 'Bericht des Amtes', body: body('Auch Hochwasserschutz.') });
    add({ headline: 'Hochwasserschutz am Rhein', body: body('Deiche werden erhöht. '.repeat(30)) });
    expect(ids('hochwasserschutz')).toEqual(['Hochwasserschutz am Rhein', 'Bericht des Amtes']);
    const [first, second] = engineInternals(fixture.ws).search.search({ query: 'hochwasserschutz' }).items;
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it('marks hits in the excerpt as ranges of the original text', () => {
    add({ headline: 'Dämmung', body: body('Am Montag wurde die Motordämmung der Straßenbahnen in Köln vorgestellt.') });
    const [hit] = engineInternals(fixture.ws).search.search({ query: 'koeln' }).items;
    expect(hit!.highlights.length).toBeGreaterThan(0);
    const [s, e] = hit!.highlights[0]!;
    expect(hit!.excerpt.slice(s, e)).toBe('Köln');
  });

  it('keeps blocks apart in the excerpt: the speaker of a quote does not run into the next paragraph', () => {
    add({
      headline: 'Konferenz der Länder',
      teaser: 'Die Länder beraten.',
      body: {
        type: 'doc',
        content: [
          {
            type: 'quote',
            attrs: { speaker: 'Erika Muster', role: 'Ministerin, Baden-Württemberg' },
            content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Wir brauchen die Bahn.' }] }],
          },
          { type: 'paragraph', content: [{ type: 'text', text: 'Die Konferenz tagt in Stuttgart.' }] },
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Zahlen' }] },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Drei Länder' },
              { type: 'hardBreak' },
              { type: 'text', text: 'zwölf Städte' },
            ],
          },
        ],
      },
    });
    const [hit] = engineInternals(fixture.ws).search.search({ query: 'konferenz stuttgart' }).items;
    expect(hit!.excerpt).toContain(
      'Baden-Württemberg · Die Konferenz tagt in Stuttgart. · Zahlen · Drei Länder · zwölf Städte',
    );
    expect(hit!.excerpt).not.toMatch(/Württemberg Die/);
    for (const [s, e] of hit!.highlights) expect(hit!.excerpt.slice(s, e)).toMatch(/^(?:Konferenz|Stuttgart)$/i);
    expect(hit!.highlights.map(([s, e]) => hit!.excerpt.slice(s, e))).toContain('Stuttgart');
    // Without words the excerpt is the teaser alone.
    expect(engineInternals(fixture.ws).search.search({ query: 'thema:""' }).items[0]!.excerpt).toBe(
      'Die Länder beraten.',
    );
  });

  it('counts topics, statuses, years and tags of the matching releases', () => {
    add({ headline: 'A Schule', topic: 'Bildung', tags: ['Schule', 'Digital'], publishedAt: '2023-02-01T08:00:00Z' });
    add({
      headline: 'B Schule',
      topic: 'Bildung',
      tags: ['Schule'],
      publishedAt: '2024-02-01T08:00:00Z',
      status: 'draft',
    });
    add({ headline: 'C Schule', topic: 'Sport', tags: ['Digital'], publishedAt: '2024-03-01T08:00:00Z' });
    add({ headline: 'D Hallenbad', topic: 'Sport', publishedAt: '2024-03-01T08:00:00Z' });
    const { facets, total } = engineInternals(fixture.ws).search.search({ query: 'schule', facets: true });
    expect(total).toBe(3);
    expect(facets).toEqual({
      exact: true,
      topic: [
        { value: 'Bildung', count: 2 },
        { value: 'Sport', count: 1 },
      ],
      status: [
        { value: 'published', count: 2 },
        { value: 'draft', count: 1 },
      ],
      year: [
        { value: '2024', count: 2 },
        { value: '2023', count: 1 },
      ],
      tag: [
        { value: 'Digital', count: 2 },
        { value: 'Schule', count: 2 },
      ],
    });
    expect(
      engineInternals(fixture.ws).search.search({ query: 'schule thema:sport', facets: true }).facets!.topic,
    ).toEqual([{ value: 'Sport', count: 1 }]);
  });

  it('leaves releases in the trash out of ranked pages and totals', () => {
    const trashed = [0, 1, 2].map((i) => add({ headline: `Deichbau ${i}`, body: body('Deichbau Deichbau Deichbau') }));
    add({ headline: 'Deichbau Nord', body: body('x') });
    add({ headline: 'Deichbau Süd', body: body('x') });
    trashed.forEach((id) => engineInternals(fixture.ws).releases.trash(id));
    const page = engineInternals(fixture.ws).search.search({ query: 'deichbau', limit: 1 });
    expect(page.total).toBe(2);
    expect(engineInternals(fixture.ws).search.search({ query: 'deichbau', limit: 1, offset: 1 }).items).toHaveLength(1);
    expect(
      engineInternals(fixture.ws)
        .search.search({ query: 'deichbau' })
        .items.map((h) => h.headline)
        .sort(),
    ).toEqual(['Deichbau Nord', 'Deichbau Süd']);
  });

  it('adds substring matches only while the word search finds few releases', () => {
    add({ headline: 'Motordämmung im Test', body: body('x') });
    const gone = add({ headline: 'Wärmedämmung alt', body: body('x') });
    engineInternals(fixture.ws).releases.trash(gone);
    expect(ids('dämm')).toEqual(['Motordämmung im Test']);
    expect(engineInternals(fixture.ws).search.search({ query: 'dämm', limit: 1 }).total).toBe(1);
    engineInternals(fixture.ws).releases.transaction(() => {
      for (let i = 0; i < SUBSTRING_BELOW; i++) add({ headline: `Dämmung ${i}`, body: body('x') });
    });
    const hits = engineInternals(fixture.ws).search.search({ query: 'dämm', limit: 500 });
    expect(hits.total).toBe(SUBSTRING_BELOW);
    expect(hits.items.map((h) => h.headline)).not.toContain('Motordämmung im Test');
  });

  it('pages with a correct total', () => {
    for (let i = 0; i < 7; i++) add({ headline: `Meldung ${i}`, body: body('Gemeinsamer Text') });
    const page = engineInternals(fixture.ws).search.search({
      query: 'gemeinsamer',
      limit: 3,
      offset: 3,
      sort: 'headline',
    });
    expect(page.total).toBe(7);
    expect(page.items.map((h) => h.headline)).toEqual(['Meldung 3', 'Meldung 4', 'Meldung 5']);
  });

  it('suggests similar releases by topic and shared words', () => {
    const a = add({ headline: 'Hochwasserschutz an der Elbe verstärkt', topic: 'Umwelt', body: body('x') });
    add({ headline: 'Neue Deiche für den Hochwasserschutz', topic: 'Umwelt', body: body('y') });
    add({ headline: 'Theaterfestival beginnt', topic: 'Kultur', body: body('z') });
    const similar = engineInternals(fixture.ws)
      .search.similar(a)
      .map((h) => h.headline);
    expect(similar[0]).toBe('Neue Deiche für den Hochwasserschutz');
    expect(similar).not.toContain('Hochwasserschutz an der Elbe verstärkt');
    expect(() => engineInternals(fixture.ws).search.similar('missing')).toThrow(PressdeskError);
  });
});

describe('archive channels', () => {
  it('answer through the validated contract, also for hostile queries and with facets', async () => {
    const id = add({ headline: 'Radweg eröffnet', topic: 'Verkehr', tags: ['Rad'] });
    add({ headline: 'Radweg geplant', topic: 'Verkehr' });
    for (const query of ['radweg', '"(', 'NOT', '']) {
      const answer = await dispatch(fixture.ws.handlers, 'archive.search', { query, facets: true, sort: 'relevance' });
      expect(answer.ok).toBe(true);
    }
    const similar = await dispatch(fixture.ws.handlers, 'archive.similar', { id });
    expect(similar).toMatchObject({ ok: true, value: [{ headline: 'Radweg geplant' }] });
    const bad = await dispatch(fixture.ws.handlers, 'archive.search', { query: 'x', limit: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await dispatch(fixture.ws.handlers, 'archive.importProgress', { jobId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'IMPORT_JOB_UNKNOWN' } });
  });

  it('import uploaded bytes as a job', async () => {
    const html = Buffer.from(
      '<html lang="de"><body><h1>Hochwasser im Tal</h1><p>Die Pegel steigen seit Tagen weiter an.</p></body></html>',
    );
    const started = await dispatch(fixture.ws.handlers, 'archive.importStart', {
      files: [{ name: '../../etc/hochwasser.html', bytes: new Uint8Array(html) }],
    });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', total: 1 } });
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    let progress = await dispatch(fixture.ws.handlers, 'archive.importProgress', { jobId });
    while (progress.ok && (progress.value as { state: string }).state === 'running') {
      await new Promise((r) => setTimeout(r, 5));
      progress = await dispatch(fixture.ws.handlers, 'archive.importProgress', { jobId });
    }
    expect(progress).toMatchObject({ ok: true, value: { state: 'done', summary: { imported: 1, errors: [] } } });
    expect(ids('hochwasser')).toEqual(['Hochwasser im Tal']);
  });
});

describe('migration', () => {
  it('indexes releases that existed before the search index', () => {
    const file = join(fixture.dir, 'old.db');
    const db = new Database(file);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 3),
    );
    db.prepare(
      `INSERT INTO releases (id, headline, body_json, body_text, created_at, updated_at, version)
       VALUES ('old-1', 'Altbestand aus Münster', '{"type":"doc","content":[]}', 'Text', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 1)`,
    ).run();
    migrate(db, MIGRATIONS);
    const hits = db.prepare(`SELECT rowid FROM release_fts WHERE release_fts MATCH '"muenster"'`).all();
    expect(hits).toHaveLength(1);
    db.close();
  });
});

describe('excerpts of long texts', () => {
  it('never begins or ends the window on a block separator', async () => {
    const { makeExcerpt, BLOCK_SEPARATOR } = await import('./excerpt');
    const text = Array.from({ length: 40 }, (_, i) => `Absatz ${i} mit etwas Text`).join('\n\n');
    for (let i = 0; i < 40; i += 3) {
      const { excerpt, highlights } = makeExcerpt(text, [{ text: `${i}`, phrase: false }]);
      const inner = excerpt.replace(/^… /, '').replace(/ …$/, '');
      expect(inner.startsWith(BLOCK_SEPARATOR.trim())).toBe(false);
      expect(inner.endsWith(BLOCK_SEPARATOR.trim())).toBe(false);
      expect(excerpt).toContain(BLOCK_SEPARATOR);
      for (const [s, e] of highlights) expect(excerpt.slice(s, e)).toBe(`${i}`);
    }
    expect(makeExcerpt('\n\n  \r\n', []).excerpt).toBe('');
  });
});

describe('releases without a date', () => {
  it('are in no year: date filters skip them, the year facet lists them as UNDATED and datum:ohne finds them', () => {
    // Imported in 2018: the import year is the time of the store, not a date of the release.
    const at2018 = makeTempDir();
    const store = openWorkstation({ dataDir: at2018.dir, host: 'cli', now: () => new Date('2018-06-01T10:00:00Z') });
    try {
      const { releases, search } = engineInternals(store);
      releases.create({ headline: 'Undatierte Meldung zum Hafen', status: 'draft', publishedAt: null });
      releases.create({ headline: 'Hafen 2018', status: 'published', publishedAt: '2018-03-01T10:00:00Z' });
      releases.create({ headline: 'Hafen 2017', status: 'published', publishedAt: '2017-03-01T10:00:00Z' });
      const found = (query: string) =>
        search
          .search({ query, sort: 'headline' })
          .items.map((h) => h.headline)
          .sort();
      expect(found('von:2018')).toEqual(['Hafen 2018']);
      expect(found('hafen von:2018')).toEqual(['Hafen 2018']);
      expect(found('bis:2017')).toEqual(['Hafen 2017']);
      expect(found('hafen bis:2018')).toEqual(['Hafen 2017', 'Hafen 2018']);
      expect(found('datum:2018')).toEqual(['Hafen 2018']);
      expect(found('datum:ohne')).toEqual(['Undatierte Meldung zum Hafen']);
      expect(found('hafen date:none')).toEqual(['Undatierte Meldung zum Hafen']);
      expect(found('datum:ohne von:2018')).toEqual([]);
      expect(found('hafen')).toHaveLength(3);
      const { facets } = search.search({ query: 'hafen', facets: true });
      expect(facets!.year).toEqual([
        { value: '2018', count: 1 },
        { value: '2017', count: 1 },
        { value: UNDATED, count: 1 },
      ]);
      expect(search.search({ query: 'hafen von:2017', facets: true }).facets!.year.map((f) => f.value)).toEqual([
        '2018',
        '2017',
      ]);
    } finally {
      store.close();
      at2018.cleanup();
    }
  });
});
