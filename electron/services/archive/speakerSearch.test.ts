import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import { SearchResultSchema } from '../../../shared/contract/archive';
import type { BlockNode, DocumentNode } from '../../../shared/document';
import type { ReleaseFields } from '../../../shared/domain';
import { backupDatabase, restoreDatabase } from '../backup/backupService';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';

/*
 * "What has X said": `sprecher:` queries answered from the quote index, which
 * triggers keep in step with every write of a release's body. Real SQLite
 * files throughout.
 */

const paragraph = (text: string): BlockNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const quote = (speaker: string, role: string, ...texts: string[]): BlockNode => ({
  type: 'quote',
  attrs: { speaker, role },
  content: texts.map((t) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text: t }] })),
});
const doc = (...content: BlockNode[]): DocumentNode => ({ type: 'doc', content });

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const repo = () => engineInternals(ws).releases;
function add(fields: Partial<ReleaseFields>): string {
  return repo().create({ status: 'published', publishedAt: '2024-03-01T10:00:00Z', ...fields }).id;
}
const search = (query: string) => engineInternals(ws).search.search({ query, sort: 'date' });
const headlines = (query: string) =>
  search(query)
    .items.map((h) => h.headline)
    .sort();
const quoteRows = () =>
  engineInternals(ws)
    .db.prepare('SELECT release_id, ordinal, speaker, role, text, speaker_folded FROM release_quotes ORDER BY rowid')
    .all();

describe('sprecher: queries', () => {
  let pflege: string;
  beforeEach(() => {
    pflege = add({
      headline: 'Mehr Geld für die Pflege',
      publishedAt: '2024-05-02T08:00:00Z',
      body: doc(
        paragraph('Das Land stockt die Mittel auf.'),
        quote('Manne Lucha', 'Minister für Soziales', '„Die Pflege braucht verlässliche Mittel.“'),
        paragraph('Weitere Schritte folgen.'),
        quote('Cem Özdemir', 'Bundesminister', '„Auch der Bund hilft.“'),
      ),
    });
    add({
      headline: 'Neue Radwege im Kreis',
      publishedAt: '2024-04-01T08:00:00Z',
      body: doc(quote('Manne Lucha', 'Minister', '„Radfahren hält gesund.“')),
    });
    add({
      headline: 'Özdemir besucht Hof',
      publishedAt: '2024-03-01T08:00:00Z',
      body: doc({ type: 'blockquote', content: [quote('Cem Özdemir', '', '„Ein schöner Hof.“')] }),
    });
    // Names him, quotes nobody: a word search finds it, a speaker search does not.
    add({ headline: 'Lucha eröffnet Klinik', body: doc(paragraph('Minister Lucha schnitt das Band durch.')) });
    add({
      headline: 'Pflege im Entwurf',
      status: 'draft',
      publishedAt: '2024-06-01T08:00:00Z',
      body: doc(quote('Manne Lucha', 'Minister', '„Die Pflege im Blick.“')),
    });
  });

  it('finds the releases quoting a person by surname, full name, prefix, any case, with or without umlauts', () => {
    const lucha = ['Mehr Geld für die Pflege', 'Neue Radwege im Kreis', 'Pflege im Entwurf'];
    expect(headlines('sprecher:Lucha')).toEqual(lucha);
    expect(headlines('speaker:lucha')).toEqual(lucha);
    expect(headlines('SPRECHER:LUCHA')).toEqual(lucha);
    expect(headlines('sprecher:"Manne Lucha"')).toEqual(lucha);
    expect(headlines('sprecher:„Manne Lucha“')).toEqual(lucha);
    expect(headlines('sprecher:Luc')).toEqual(lucha);
    expect(headlines('sprecher:Manne')).toEqual(lucha);
    const oezdemir = ['Mehr Geld für die Pflege', 'Özdemir besucht Hof'];
    expect(headlines('sprecher:ozdemir')).toEqual(oezdemir);
    expect(headlines('sprecher:Özdemir')).toEqual(oezdemir);
    expect(headlines('sprecher:oezdemir')).toEqual(oezdemir);
    // A word inside the name is no start of a word; a name nobody said anything under finds nothing.
    expect(headlines('sprecher:ucha')).toEqual([]);
    expect(headlines('sprecher:"Manne Özdemir"')).toEqual([]);
    expect(headlines('sprecher:Mustermann')).toEqual([]);
    // Both people asked for must be quoted.
    expect(headlines('sprecher:Lucha sprecher:Özdemir')).toEqual(['Mehr Geld für die Pflege']);
    // The word search still finds the name anywhere.
    expect(headlines('Lucha')).toContain('Lucha eröffnet Klinik');
  });

  it('carries the quotes of the person asked for, in document order, with speaker and role', () => {
    const hit = search('sprecher:Lucha').items.find((h) => h.id === pflege)!;
    expect(hit.quotes).toEqual([
      {
        speaker: 'Manne Lucha',
        role: 'Minister für Soziales',
        text: '„Die Pflege braucht verlässliche Mittel.“',
        highlights: [],
      },
    ]);
    const both = search('sprecher:Lucha sprecher:ozdemir').items[0]!;
    expect(both.quotes?.map((q) => q.speaker)).toEqual(['Manne Lucha', 'Cem Özdemir']);
    // Without a speaker in the query a hit has no quotes field.
    expect(search('Pflege').items[0]).not.toHaveProperty('quotes');
  });

  it('combines with words, phrases, exclusions and filters; the quote marks the search words', () => {
    expect(headlines('sprecher:Lucha Pflege')).toEqual(['Mehr Geld für die Pflege', 'Pflege im Entwurf']);
    expect(headlines('sprecher:Lucha Pflege status:veröffentlicht')).toEqual(['Mehr Geld für die Pflege']);
    expect(headlines('sprecher:Lucha -Pflege')).toEqual(['Neue Radwege im Kreis']);
    expect(headlines('sprecher:Lucha von:2024-04-15')).toEqual(['Mehr Geld für die Pflege', 'Pflege im Entwurf']);
    expect(headlines('sprecher:Lucha "verlässliche Mittel"')).toEqual(['Mehr Geld für die Pflege']);
    const [hit] = search('sprecher:Lucha verlässliche status:published').items;
    const q = hit!.quotes![0]!;
    expect(q.highlights).toHaveLength(1);
    expect(q.text.slice(...q.highlights[0]!)).toBe('verlässliche');
    expect(search('sprecher:Lucha Pflege').total).toBe(2);
  });

  it('counts each release once, past the first page, with and without words', () => {
    const total = (query: string) => engineInternals(ws).search.search({ query, limit: 1 }).total;
    add({ headline: 'Zweimal Lucha', body: doc(quote('Manne Lucha', '', 'Eins.'), quote('Manne Lucha', '', 'Zwei.')) });
    expect(total('sprecher:Lucha')).toBe(4);
    expect(total('sprecher:Lucha sprecher:Manne')).toBe(4);
    expect(total('sprecher:Lucha Pflege')).toBe(2);
    expect(total('sprecher:Lucha status:draft')).toBe(1);
    expect(search('sprecher:Lucha').items.find((h) => h.headline === 'Zweimal Lucha')!.quotes).toHaveLength(2);
  });

  it('leaves releases in the trash out, and takes them back when restored', () => {
    const radwege = search('sprecher:Lucha').items.find((h) => h.headline === 'Neue Radwege im Kreis')!.id;
    repo().trash(radwege);
    expect(headlines('sprecher:Lucha')).toEqual(['Mehr Geld für die Pflege', 'Pflege im Entwurf']);
    expect(search('sprecher:Lucha').total).toBe(2);
    expect(engineInternals(ws).search.search({ query: 'sprecher:Lucha', limit: 1 }).total).toBe(2);
    expect(engineInternals(ws).search.search({ query: 'sprecher:Lucha Pflege', limit: 1 }).total).toBe(2);
    repo().restore(radwege);
    expect(headlines('sprecher:Lucha')).toContain('Neue Radwege im Kreis');
  });

  it('follows edits of a quote, the restore of a revision and a purge', () => {
    const radwege = search('sprecher:Lucha').items.find((h) => h.headline === 'Neue Radwege im Kreis')!;
    const before = repo().get(radwege.id);
    const saved = repo().save(radwege.id, before.version, {
      body: doc(quote('Petra Schäfer', 'Landrätin', '„Wir bauen weiter.“'), paragraph('Ende.')),
    });
    expect(headlines('sprecher:Lucha')).not.toContain('Neue Radwege im Kreis');
    expect(headlines('sprecher:schafer')).toEqual(['Neue Radwege im Kreis']);
    expect(search('sprecher:Schäfer').items[0]!.quotes).toMatchObject([
      { role: 'Landrätin', text: '„Wir bauen weiter.“' },
    ]);

    const restored = repo().restoreRevision(radwege.id, before.version, saved.version);
    expect(headlines('sprecher:schafer')).toEqual([]);
    expect(headlines('sprecher:Lucha')).toContain('Neue Radwege im Kreis');

    repo().trash(radwege.id);
    repo().purge(radwege.id);
    expect(restored.id).toBe(radwege.id);
    const db = engineInternals(ws).db;
    expect(db.prepare('SELECT count(*) AS n FROM release_quotes WHERE release_id = ?').get(radwege.id)).toEqual({
      n: 0,
    });
    // The speaker index lost its rows with them: one entry per remaining quote.
    const remaining = (db.prepare('SELECT count(*) AS n FROM release_quotes').get() as { n: number }).n;
    expect(remaining).toBe(4);
    expect(
      db.prepare(`SELECT count(*) AS n FROM release_quote_fts WHERE release_quote_fts MATCH '"lucha"*'`).get(),
    ).toEqual({ n: 2 });
  });

  it('answers through the validated contract with the quotes field', async () => {
    const envelope = await dispatch(ws.handlers, 'archive.search', { query: 'sprecher:Lucha Pflege', limit: 10 });
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    const result = SearchResultSchema.parse(envelope.value);
    expect(result.items.map((h) => h.quotes?.[0]?.speaker)).toEqual(['Manne Lucha', 'Manne Lucha']);
  });
});

describe('the quote index', () => {
  it('holds every quote node in document order, also inside blockquotes and lists, text per paragraph', () => {
    const id = add({
      headline: 'Viele Stimmen',
      body: doc(
        quote('Anna Weiß', 'Bürgermeisterin', 'Erster Absatz.', 'Zweiter Absatz.'),
        {
          type: 'bulletList',
          content: [{ type: 'listItem', content: [paragraph('Punkt'), quote('Jürgen Groß', '', 'Aus der Liste.')] }],
        },
        quote('', '', 'Ohne Namen.'),
      ),
    });
    expect(quoteRows()).toEqual([
      {
        release_id: id,
        ordinal: 1,
        speaker: 'Anna Weiß',
        role: 'Bürgermeisterin',
        text: 'Erster Absatz.\nZweiter Absatz.',
        speaker_folded: 'Anna Weiss',
      },
      {
        release_id: id,
        ordinal: 2,
        speaker: 'Jürgen Groß',
        role: '',
        text: 'Aus der Liste.',
        speaker_folded: 'Juergen Gross',
      },
      { release_id: id, ordinal: 3, speaker: '', role: '', text: 'Ohne Namen.', speaker_folded: '' },
    ]);
    // Paragraphs of a quote are one line in the result, separated like blocks of an excerpt.
    expect(search('sprecher:weiss').items[0]!.quotes![0]!.text).toBe('Erster Absatz. · Zweiter Absatz.');
    expect(headlines('sprecher:Groß')).toEqual(['Viele Stimmen']);
  });

  it('cuts a long quote around the first search word, with an ellipsis', () => {
    const long = `${'Wir haben lange darüber gesprochen und viel erreicht. '.repeat(12)}Am Ende steht die Wärmepumpe im Mittelpunkt. ${'Danke an alle Beteiligten. '.repeat(10)}`;
    add({ headline: 'Lange Rede', body: doc(quote('Thekla Walker', 'Ministerin', long)) });
    const [plain] = search('sprecher:Walker').items[0]!.quotes!;
    expect(plain!.text.length).toBeLessThan(260);
    expect(plain!.text.endsWith(' …')).toBe(true);
    expect(plain!.text.startsWith('Wir haben lange')).toBe(true);
    const [centered] = search('sprecher:Walker Wärmepumpe').items[0]!.quotes!;
    expect(centered!.text.startsWith('… ')).toBe(true);
    expect(centered!.text.slice(...centered!.highlights[0]!)).toBe('Wärmepumpe');
  });

  it('carries at most three quotes per hit', () => {
    add({
      headline: 'Interview',
      body: doc(...['Eins', 'Zwei', 'Drei', 'Vier'].map((t) => quote('Peter Hoffmann', 'Landrat', t))),
    });
    expect(search('sprecher:Hoffmann').items[0]!.quotes!.map((q) => q.text)).toEqual(['Eins', 'Zwei', 'Drei']);
  });

  it('is filled by a bulk import, new and updated releases alike', async () => {
    const record = (id: string, speaker: string) =>
      JSON.stringify({
        format: 'pressdesk.release/1',
        id,
        language: 'de',
        headline: `Meldung ${id}`,
        status: 'published',
        publishedAt: '2024-02-01T08:00:00Z',
        body: doc(paragraph('Text.'), quote(speaker, 'Sprecherin', `„Gesagt von ${speaker}.“`)),
      });
    const file = join(tmp.dir, 'import.ndjson');
    writeFileSync(file, ['imp-1', 'imp-2', 'imp-3'].map((id) => record(id, 'Nicole Razavi')).join('\n'));
    expect((await ws.importFiles([file])).imported).toBe(3);
    expect(search('sprecher:Razavi').total).toBe(3);
    writeFileSync(file, [record('imp-1', 'Nicole Razavi'), record('imp-2', 'Marion Gentges')].join('\n'));
    expect(await ws.importFiles([file])).toMatchObject({ updated: 1, skipped: 1 });
    expect(headlines('sprecher:Razavi')).toEqual(['Meldung imp-1', 'Meldung imp-3']);
    expect(headlines('sprecher:Gentges')).toEqual(['Meldung imp-2']);
    expect(quoteRows()).toHaveLength(3);
  });

  it('is filled for the releases that existed before it (migration 17)', () => {
    const file = join(tmp.dir, 'old.db');
    const db = new Database(file);
    try {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version < 17),
      );
      const insert = db.prepare(
        `INSERT INTO releases (id, headline, body_json, body_text, deleted_at, created_at, updated_at, version)
         VALUES (?, ?, ?, '', ?, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 1)`,
      );
      insert.run('old-1', 'Alt mit Zitat', JSON.stringify(doc(quote('Cem Özdemir', 'Minister', 'Früher.'))), null);
      insert.run('old-2', 'Alt ohne Zitat', JSON.stringify(doc(paragraph('Kein Zitat.'))), null);
      insert.run(
        'old-3',
        'Alt im Papierkorb',
        JSON.stringify(doc(quote('Cem Özdemir', '', 'Weg.'), quote('Anna Weiß', '', 'Auch.'))),
        '2021-01-01T00:00:00.000Z',
      );
      migrate(db, MIGRATIONS);
      expect(
        db.prepare('SELECT release_id, ordinal, speaker, text FROM release_quotes ORDER BY release_id, ordinal').all(),
      ).toEqual([
        { release_id: 'old-1', ordinal: 1, speaker: 'Cem Özdemir', text: 'Früher.' },
        { release_id: 'old-3', ordinal: 1, speaker: 'Cem Özdemir', text: 'Weg.' },
        { release_id: 'old-3', ordinal: 2, speaker: 'Anna Weiß', text: 'Auch.' },
      ]);
      expect(
        db.prepare(`SELECT rowid FROM release_quote_fts WHERE release_quote_fts MATCH '"oezdemir"*'`).all(),
      ).toHaveLength(2);
    } finally {
      db.close();
    }
  });

  it('is rebuilt from the bodies on a restore, never copied from the foreign file', async () => {
    add({ headline: 'Hier gesagt', body: doc(quote('Manne Lucha', 'Minister', 'Echt.')) });
    const file = join(tmp.dir, 'backup.db');
    await backupDatabase(engineInternals(ws).db, file);
    // A forged row in the file's quote table: a quote nobody wrote.
    const forged = new Database(file);
    forged
      .prepare(
        `INSERT INTO release_quotes (release_id, ordinal, speaker, role, text, speaker_folded)
         SELECT id, 9, 'Erfundene Person', '', 'Nie gesagt.', 'Erfundene Person' FROM releases`,
      )
      .run();
    forged.close();
    ws.close();
    await restoreDatabase(join(tmp.dir, 'data'), file);
    ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
    expect(headlines('sprecher:Erfundene')).toEqual([]);
    expect(quoteRows()).toMatchObject([{ ordinal: 1, speaker: 'Manne Lucha', text: 'Echt.' }]);
    expect(search('sprecher:Lucha').items[0]!.quotes).toMatchObject([{ speaker: 'Manne Lucha', text: 'Echt.' }]);
  });
});
