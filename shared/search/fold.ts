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
  let out = text.normalize('NFC');
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

/** Lower case, German folds and Latin diacritics removed: the form in which snippets look for hits. */
export function foldForMatch(text: string): string {
  return foldGerman(text.toLocaleLowerCase('de'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}
