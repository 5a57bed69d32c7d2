import type Database from 'better-sqlite3';
import { wordSource } from '../db/searchIndex';

/**
 * The archive's list of words (`search_words`, migration 20): every distinct
 * word of the word index, folded as the index holds it, with a trigram index
 * of its own. A substring of a compound ("dämm" in „Motordämmung“) is looked
 * up here, among a few hundred thousand words at most, instead of in every
 * text of the archive; the words found are then asked of the word index.
 *
 * The search triggers note each release they index in `search_words_pending`;
 * {@link WordList.catchUp} reads the words of the releases noted there. A
 * bulk import catches up before it commits, a search before it looks up a
 * substring. Words are only ever added: a word whose last release is gone
 * stays in the list and finds nothing in the word index.
 */

/** A longer word is not listed (no German compound comes near it; a hash or a base64 run does). */
export const WORD_MAX_CHARS = 80;
/** A shorter word holds no substring of three characters other than its own start. */
const WORD_MIN_CHARS = 4;
/** Releases read per step of catching up. */
const CATCH_UP_ROWS = 500;

/** What separates the word index's tokens (unicode61): all but letters, digits, marks and private-use characters. */
const SEPARATORS = /[^\p{L}\p{N}\p{M}\p{Co}]+/u;
const MARKS = /\p{M}/gu;
const NOT_ASCII = /[^\u0020-\u007e]/;
const DIGIT = /\p{N}/u;

/** A token as the tokenizer writes it: lower case, its diacritics removed (after the German folding). */
export function tokenForm(token: string): string {
  const lower = token.toLowerCase();
  return NOT_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
}

/** The distinct tokens of a text long enough to be listed, in lower case, as written otherwise. */
function addTokensOf(text: string, into: Set<string>): void {
  for (const token of text.toLowerCase().split(SEPARATORS)) {
    if (token.length >= WORD_MIN_CHARS && token.length <= WORD_MAX_CHARS * 2) into.add(token);
  }
}

/** The German folding of a token in lower case (see `foldGerman`), in one pass. */
const LOWER_FOLDS = /[äöüß]/g;
const LOWER_FOLDED: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * Adds a token's form in the word index (German folding, then `tokenForm`),
 * if it is listable: a word of letters. A token with a digit (a number, a
 * date, a road or file number: „B27“, „2024er“) is found as a word, never
 * by a part of it; archives hold very many of them, and each would cost
 * the list a row.
 */
function addForm(token: string, into: Set<string>): void {
  if (DIGIT.test(token)) return;
  let word = token;
  if (NOT_ASCII.test(word)) {
    // Composed first, as `foldGerman` does: "u" and a combining diaeresis are "ü".
    word = word.normalize('NFC').replace(LOWER_FOLDS, (c) => LOWER_FOLDED[c]!);
    if (NOT_ASCII.test(word)) word = tokenForm(word);
  }
  if (word.length >= WORD_MIN_CHARS && word.length <= WORD_MAX_CHARS) into.add(word);
}

/**
 * Adds the listable words of a text (as written: the German folding is done
 * here, word by word, as it maps letters to letters) to `into`.
 */
export function addWordsOf(text: string, into: Set<string>): void {
  const tokens = new Set<string>();
  addTokensOf(text, tokens);
  for (const token of tokens) addForm(token, into);
}

export class WordList {
  private readonly stmtAnyPending;
  private readonly stmtPending;
  private readonly stmtDone;
  private readonly stmtAdd;
  private readonly stmtGrams;
  private readonly stmtHolding;

  constructor(private readonly db: Database.Database) {
    this.stmtAnyPending = db.prepare('SELECT EXISTS (SELECT 1 FROM search_words_pending)').pluck();
    this.stmtPending = db.prepare<[number], { rowid: number; text: string | null }>(
      `SELECT p.rowid AS rowid, ${wordSource('r')} AS text
       FROM search_words_pending p LEFT JOIN releases r ON r.rowid = p.rowid
       ORDER BY p.rowid LIMIT ?`,
    );
    this.stmtDone = db.prepare<[number]>('DELETE FROM search_words_pending WHERE rowid <= ?');
    this.stmtAdd = db
      .prepare<[string], string>('INSERT INTO search_words (word) VALUES (?) ON CONFLICT DO NOTHING RETURNING word')
      .pluck();
    this.stmtGrams = db.prepare<[string]>('INSERT INTO search_word_grams (word) SELECT value FROM json_each(?)');
    this.stmtHolding = db
      .prepare<[string], string>('SELECT word FROM search_word_grams WHERE search_word_grams MATCH ?')
      .pluck();
  }

  /** Whether releases wait for their words to be listed. */
  behind(): boolean {
    return this.stmtAnyPending.get() === 1;
  }

  /**
   * Lists the words of every release noted since the last catch-up; returns
   * how many releases it read. Each step is a transaction of its own (a
   * savepoint inside the caller's transaction).
   */
  catchUp(): number {
    let read = 0;
    const step = this.db.transaction(() => {
      const rows = this.stmtPending.all(CATCH_UP_ROWS);
      if (rows.length === 0) return 0;
      // Each distinct token of the step is folded once.
      const tokens = new Set<string>();
      for (const row of rows) if (row.text) addTokensOf(row.text, tokens);
      const words = new Set<string>();
      for (const token of tokens) addForm(token, words);
      // The new ones go into the trigram index in one statement.
      const fresh: string[] = [];
      // In the list's order: each page of it is visited once per step.
      for (const word of [...words].sort()) if (this.stmtAdd.get(word) !== undefined) fresh.push(word);
      if (fresh.length > 0) this.stmtGrams.run(JSON.stringify(fresh));
      this.stmtDone.run(rows[rows.length - 1]!.rowid);
      return rows.length;
    });
    for (let n = step.immediate(); n > 0; n = step.immediate()) read += n;
    return read;
  }

  /**
   * The listed words that hold `form` (a token's form, see {@link tokenForm},
   * of three characters or more), without those that start with it unless
   * `starts` is set.
   */
  holding(form: string, starts: boolean): string[] {
    if ([...form].length < 3) return [];
    return this.stmtHolding
      .all(`"${form.replace(/"/g, '""')}"`)
      .filter((word) => (starts ? word.includes(form) : word.includes(form) && !word.startsWith(form)));
  }
}
