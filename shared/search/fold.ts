/**
 * German folding shared by the index and the query side: umlauts and ß are
 * written out (ä → ae, ö → oe, ü → ue, ß → ss) before the tokenizer removes
 * remaining diacritics and case, so "Köln", "KÖLN" and "koeln" meet.
 */
export const GERMAN_FOLDS: readonly (readonly [string, string])[] = [
  ['ä', 'ae'],
  ['ö', 'oe'],
  ['ü', 'ue'],
  ['Ä', 'Ae'],
  ['Ö', 'Oe'],
  ['Ü', 'Ue'],
  ['ß', 'ss'],
  ['ẞ', 'SS'],
];

/** Folds a text the way the search index stores it (before tokenizing). */
export function foldGerman(text: string): string {
  return applyGermanFolds(text.normalize('NFC'));
}

/** The replacements of GERMAN_FOLDS alone, in order: what `foldSql` does in SQL (no Unicode normalization). */
export function applyGermanFolds(text: string): string {
  let out = text;
  for (const [from, to] of GERMAN_FOLDS) out = out.split(from).join(to);
  return out;
}

/**
 * The same folding as an SQL expression over `expr`, so that triggers keep
 * the index in sync without a function registered on the connection.
 */
export function foldSql(expr: string): string {
  let sql = expr;
  for (const [from, to] of GERMAN_FOLDS) sql = `replace(${sql}, '${from}', '${to}')`;
  return sql;
}

/** Lower case, German folds and Latin diacritics removed: the form in which search excerpts look for hits. */
export function foldForMatch(text: string): string {
  return foldGerman(text.toLocaleLowerCase('de'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Most spellings a query word is expanded to. */
const MAX_VARIANTS = 4;

/**
 * Spellings of a query word written without umlauts ("koln", "fur"): the
 * index holds "koeln" and "fuer", so a vowel a/o/u may stand for ae/oe/ue.
 * Returns the folded word first, then up to three variants.
 */
export function umlautVariants(word: string): string[] {
  const folded = foldGerman(word);
  const out = [folded];
  const positions: number[] = [];
  for (let i = 0; i < folded.length; i++) {
    const c = folded[i]!.toLowerCase();
    if ((c === 'a' || c === 'o' || c === 'u') && folded[i + 1]?.toLowerCase() !== 'e') positions.push(i);
  }
  for (let mask = 1; mask < 1 << Math.min(positions.length, 3) && out.length < MAX_VARIANTS; mask++) {
    let v = '';
    let last = 0;
    positions.slice(0, 3).forEach((p, bit) => {
      if (mask & (1 << bit)) {
        v += folded.slice(last, p + 1) + 'e';
        last = p + 1;
      }
    });
    out.push(v + folded.slice(last));
  }
  return out;
}
