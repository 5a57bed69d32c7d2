import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldGerman, foldForMatch, umlautVariants } from './fold';
import { filterToken, isEmptyQuery, parseDateBound, parseQuery, MAX_QUERY_TERMS, UNDATED } from './query';

describe('parseQuery', () => {
  it('reads words, phrases, exclusions and OR groups', () => {
    const q = parseQuery('Radweg "neue Brücke" -Stau Essen OR Bochum');
    expect(q.include).toEqual([
      [{ text: 'Radweg', phrase: false }],
      [{ text: 'neue Brücke', phrase: true }],
      [
        { text: 'Essen', phrase: false },
        { text: 'Bochum', phrase: false },
      ],
    ]);
    expect(q.exclude).toEqual([{ text: 'Stau', phrase: false }]);
  });

  it('reads German and English field filters', () => {
    const q = parseQuery(
      'thema:Verkehr topic:"Bildung und Sport" status:veröffentlicht tag:ÖPNV von:2023 bis:03.2024 bild:dpa credit:Müller',
    );
    expect(q.topics).toEqual(['Verkehr', 'Bildung und Sport']);
    expect(q.statuses).toEqual(['published']);
    expect(q.tags).toEqual(['ÖPNV']);
    expect(q.from).toBe('2023-01-01T00:00:00.000Z');
    expect(q.to).toBe('2024-04-01T00:00:00.000Z');
    expect(q.media).toEqual(['dpa', 'Müller']);
    expect(q.include).toEqual([]);
  });

  it('reads sprecher:/speaker: as names of quoted people, quoted names as one name', () => {
    const q = parseQuery('sprecher:Lucha Pflege status:veröffentlicht Speaker:"Manne  Lucha" sprecherin:„Cem Özdemir“');
    expect(q.speakers).toEqual(['Lucha', 'Manne Lucha', 'Cem Özdemir']);
    expect(q.include).toEqual([[{ text: 'Pflege', phrase: false }]]);
    expect(q.statuses).toEqual(['published']);
    expect(isEmptyQuery(parseQuery('sprecher:ozdemir'))).toBe(false);
    // Repeats count once; an empty value or one of syntax characters alone is dropped.
    expect(parseQuery('sprecher:Lucha sprecher:lucha sprecher:Lucha').speakers).toEqual(['Lucha', 'lucha']);
    expect(parseQuery('sprecher: sprecher:"" sprecher:*').speakers).toEqual([]);
    expect(parseQuery("sprecher:O'Neill").speakers).toEqual(['O Neill']);
    expect(parseQuery(filterToken('sprecher', 'Manne Lucha')).speakers).toEqual(['Manne Lucha']);
  });

  it('reads datum:ohne as releases without a date, datum:<date> as both bounds', () => {
    for (const text of ['datum:ohne', 'date:none', 'Datum:Undatiert', 'date:undated']) {
      const q = parseQuery(text);
      expect(q.undated).toBe(true);
      expect(q.from).toBeNull();
      expect(isEmptyQuery(q)).toBe(false);
    }
    expect(parseQuery('datum:2019')).toMatchObject({
      undated: false,
      from: '2019-01-01T00:00:00.000Z',
      to: '2020-01-01T00:00:00.000Z',
    });
    expect(parseQuery('datum:gestern')).toMatchObject({ undated: false, from: null, to: null });
    expect(parseQuery('von:2019').undated).toBe(false);
    expect(filterToken('datum', UNDATED)).toBe('datum:ohne');
    expect(parseQuery(filterToken('datum', UNDATED)).undated).toBe(true);
  });

  it('interprets malformed input sensibly', () => {
    expect(parseQuery('"offenes Zitat').include).toEqual([[{ text: 'offenes Zitat', phrase: true }]]);
    expect(parseQuery('OR OR -').include).toEqual([]);
    expect(parseQuery('a* (b) NEAR/2 c^').include.map((g) => g[0]!.text)).toEqual(['a', 'b', 'NEAR 2', 'c']);
    expect(parseQuery('e-mail').include).toEqual([[{ text: 'e mail', phrase: true }]]);
    expect(parseQuery('status:unbekannt von:gestern').statuses).toEqual([]);
    expect(parseQuery('foo:bar').include).toEqual([[{ text: 'foo bar', phrase: true }]]);
    expect(parseQuery(undefined).include).toEqual([]);
  });

  it('never throws and emits only letters, digits and spaces in terms', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), (input) => {
        const q = parseQuery(input);
        const terms = [...q.include.flat(), ...q.exclude];
        expect(terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
        for (const t of terms) {
          expect(t.text.length).toBeGreaterThan(0);
          expect(t.text).not.toMatch(/["*^():{}-]/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads dates as whole days, months or years', () => {
    expect(parseDateBound('2024-02-29')).toEqual({
      start: '2024-02-29T00:00:00.000Z',
      end: '2024-03-01T00:00:00.000Z',
    });
    expect(parseDateBound('31.12.2023')?.end).toBe('2024-01-01T00:00:00.000Z');
    expect(parseDateBound('2023-02-30')).toBeNull();
    expect(parseDateBound('morgen')).toBeNull();
  });

  it('writes filter tokens that parse back', () => {
    expect(parseQuery(filterToken('thema', 'Bildung und Sport')).topics).toEqual(['Bildung und Sport']);
    expect(parseQuery(filterToken('tag', 'ÖPNV')).tags).toEqual(['ÖPNV']);
  });
});

describe('German folding', () => {
  it('writes out umlauts and ß the same way for index and query', () => {
    expect(foldGerman('Köln Straße ÄRZTE Übung')).toBe('Koeln Strasse AeRZTE Uebung');
    expect(foldForMatch('Café Müller')).toBe('cafe mueller');
  });
});

describe('umlaut variants', () => {
  it('lets a, o, u stand for ae, oe, ue', () => {
    expect(umlautVariants('koln')).toEqual(['koln', 'koeln']);
    expect(umlautVariants('Köln')).toEqual(['Koeln']);
    expect(umlautVariants('fur')).toEqual(['fur', 'fuer']);
    expect(umlautVariants('Muller')).toEqual(['Muller', 'Mueller']);
    expect(umlautVariants('Radweg')).toEqual(['Radweg', 'Raedweg']);
    expect(umlautVariants('Tauchausbau').length).toBeLessThanOrEqual(4);
  });
});
