import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyGermanFolds, foldSql } from '../../../shared/search/fold';
import { freshWorkstationEachTest } from '../testing/archiveFixture';
import { engineInternals } from '../testing/internals';
import { paragraphsDoc as body } from '../testing/documents';
import { INSIDE_IN_EXPRESSION } from './searchService';
import { WORD_MAX_CHARS, WordList } from './wordList';

const fixture = freshWorkstationEachTest();
const { add } = fixture;
const search = (query: string, sort?: 'date' | 'relevance') =>
  engineInternals(fixture.ws).search.search({ query, limit: 500, sort });
const headlines = (query: string, sort?: 'date' | 'relevance') => search(query, sort).items.map((h) => h.headline);
const listed = () =>
  engineInternals(fixture.ws).db.prepare('SELECT word FROM search_words ORDER BY word').pluck().all();

/** The live releases whose headline, teaser or body holds `fragment` in any case: what a substring search must find. */
const holdingByScan = (fragment: string) =>
  engineInternals(fixture.ws)
    .db.prepare(
      `SELECT count(*) FROM releases WHERE deleted_at IS NULL
         AND (lower(headline) LIKE @f OR lower(teaser) LIKE @f OR lower(body_text) LIKE @f)`,
    )
    .pluck()
    .get({ f: `%${fragment}%` });

describe('the list of words', () => {
  it('takes the words of each release in the form the word index holds them', () => {
    add({
      headline: 'Die Motordämmung der STRASSENBAHNEN',
      body: body('Café-Umbau; Łódź, Ærøskøbing, die B27 und 2024er Zahlen, der Plan'),
    });
    expect(new WordList(engineInternals(fixture.ws).db).catchUp()).toBe(1);
    // German folding (ä → ae, ß → ss), case and diacritics as the index has them (unicode61 keeps letters
    // such as ø and ł); words of three letters hold no other substring; tokens with digits are not listed.
    expect(listed()).toEqual([
      'cafe',
      'motordaemmung',
      'plan',
      'strassenbahnen',
      'umbau',
      'zahlen',
      'ærøskøbing',
      'łodz',
    ]);
  });

  it('leaves tokens with digits to the word search', () => {
    add({ headline: 'Sperrung der B27', body: body('Die 2024er Bilanz und das Projekt AB1234CD.') });
    expect(search('2024er').total).toBe(1);
    expect(search('b27').total).toBe(1);
    expect(search('1234').total).toBe(0);
    expect(listed()).toEqual(expect.arrayContaining(['bilanz', 'sperrung', 'projekt']));
    expect(listed()).not.toEqual(expect.arrayContaining(['2024er']));
  });

  it('learns the words of every write before a substring is looked up', () => {
    const id = add({ headline: 'Deichbau im Norden', body: body('Die Arbeiten beginnen.') });
    expect(headlines('verstärk')).toEqual([]);
    const release = engineInternals(fixture.ws).releases.get(id);
    engineInternals(fixture.ws).releases.save(id, release.version, {
      body: body('Die Deichverstärkung beginnt im Mai.'),
    });
    expect(headlines('verstärk')).toEqual(['Deichbau im Norden']);
    expect(headlines('verstark')).toEqual(['Deichbau im Norden']);
    expect(new WordList(engineInternals(fixture.ws).db).behind()).toBe(false);
    expect(listed()).toContain('deichverstaerkung');
    // A word whose last release is gone stays listed and finds nothing.
    engineInternals(fixture.ws).releases.trash(id);
    engineInternals(fixture.ws).releases.purge(id);
    expect(headlines('verstärk')).toEqual([]);
    expect(listed()).toContain('deichverstaerkung');
  });

  it('is filled by a bulk import before it commits', () => {
    engineInternals(fixture.ws).releases.bulkTransaction(() => {
      for (let i = 0; i < 30; i++) add({ headline: `Meldung ${i}`, body: body(`Die Hafenkrananlage Nummer ${i}.`) });
    });
    expect(new WordList(engineInternals(fixture.ws).db).behind()).toBe(false);
    expect(listed()).toContain('hafenkrananlage');
    expect(search('krananlage').total).toBe(30);
  });

  it('leaves out tokens longer than any word (hashes, base64 runs)', () => {
    const long = `Kennung${'x'.repeat(200)}dämmung`;
    add({ headline: 'Prüfsumme', body: body(`${long} und Wärmedämmung`) });
    expect(search('dämm').total).toBe(1);
    const words = listed() as string[];
    expect(words).toContain('waermedaemmung');
    expect(words.every((w) => w.length <= WORD_MAX_CHARS)).toBe(true);
  });
});

describe('substrings inside words', () => {
  it('rank the releases holding them as words (headline first) when no word starts with them', () => {
    add({ headline: 'Baustelle am Rathaus', body: body('Die Motordämmung der Baufahrzeuge senkt den Lärm.') });
    add({ headline: 'Neue Wärmedämmung für Schulen', body: body('Das Land fördert.') });
    expect(headlines('dämm')).toEqual(['Neue Wärmedämmung für Schulen', 'Baustelle am Rathaus']);
    expect(search('dämm').items[0]!.score).toBeGreaterThan(0);
  });

  it('follow the releases found by the word itself', () => {
    add({ headline: 'Hochwasserdeich fertig', body: body('Der Bau endet.') });
    add({ headline: 'Sturm an der Küste', body: body('Ein Deich brach.') });
    expect(headlines('deich')).toEqual(['Sturm an der Küste', 'Hochwasserdeich fertig']);
    expect(search('deich').total).toBe(2);
  });

  it('are found, counted and filtered exactly when many words hold them, each word asked on its own', () => {
    const first = ['Nord', 'Süd', 'Ost', 'West', 'Berg', 'Tal', 'Fluss', 'See'];
    const second = ['hafen', 'stadt', 'dorf', 'markt', 'feld', 'wald', 'heide', 'moor'];
    let n = 0;
    for (const a of first) {
      for (const b of second) {
        add({
          headline: `Meldung ${n}`,
          topic: n % 2 ? 'Energie' : 'Umwelt',
          body: body(`Das ${a}${b}kraftwerk geht ans Netz.`),
        });
        n++;
      }
    }
    add({ headline: 'Kraftwerk Mitte', body: body('Ein Kraftwerk.') });
    expect(first.length * second.length).toBeGreaterThan(INSIDE_IN_EXPRESSION);
    // Nothing starts with the substring: the words holding it alone.
    expect(search('aftwer').total).toBe(holdingByScan('aftwer'));
    expect(search('aftwer').total).toBe(65);
    expect(search('aftwer', 'date').items).toHaveLength(65);
    expect(search('aftwer thema:Energie').total).toBe(32);
    expect(search('aftwer -Kraftwerk').total).toBe(64);
    // The word itself found once: its release first, the rest after it.
    const both = search('kraftwerk');
    expect(both.total).toBe(65);
    expect(both.items[0]!.headline).toBe('Kraftwerk Mitte');
    // A trashed release is no longer counted.
    const gone = engineInternals(fixture.ws).search.search({ query: 'Meldung 0', limit: 1 }).items[0]!.id;
    engineInternals(fixture.ws).releases.trash(gone);
    expect(search('aftwer').total).toBe(64);
    expect(
      engineInternals(fixture.ws).search.search({ query: 'aftwer', limit: 10, facets: true }).facets?.topic,
    ).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'Umwelt', count: 31 })]));
  });
});

describe('the record thread folding', () => {
  it('folds exactly as the SQL of the triggers: applyGermanFolds and foldSql agree on any text', () => {
    const db = engineInternals(fixture.ws).db;
    const sql = db.prepare<[string], string>(`SELECT ${foldSql('?')}`).pluck();
    // Umlauts precomposed and decomposed, ß and ẞ, marks, astral characters, runs of each.
    const piece = fc.constantFrom(
      'ä',
      'ö',
      'ü',
      'Ä',
      'Ö',
      'Ü',
      'ß',
      'ẞ',
      'a\u0308',
      'ae',
      'S',
      's',
      ' ',
      'é',
      '😀',
      'Ł',
      'x',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(applyGermanFolds(text)).toBe(sql.get(text));
      }),
      { numRuns: 500 },
    );
  });
});
