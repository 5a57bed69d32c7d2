import type Database from 'better-sqlite3';
import { applyGermanFolds, foldSql } from '../../../shared/search/fold';
import { indexedTexts, wordSource } from '../db/searchIndex';

/**
 * The archive's list of words (`search_words`, migration 20): every distinct
 * word of the word index, folded as the index holds it, with a trigram index
 * of its own. A substring of a compound ("dämm" in „Motordämmung“) is looked
 * up here, among a few hundred thousand words at most, instead of in every
 * text of the archive; the words found are then asked of the word index.
 *
 * The search triggers note each release they index in `search_words_pending`;
 * {@link WordList.catchUp} lists the words of the releases noted there, split
 * by SQLite's own tokenizer as the word index splits them. A bulk import (and
 * a restore) catches up before it commits, a search before it looks up a
 * substring. Words are only ever added: a word whose last release is gone
 * stays in the list and finds nothing in the word index.
 */

/** A longer word is not listed (no German compound comes near it; a hash or a base64 run does). */
export const WORD_MAX_CHARS = 80;
/** A shorter word holds no substring of three characters other than its own start. */
const WORD_MIN_CHARS = 4;
/** Releases read per step of catching up. */
const CATCH_UP_ROWS = 500;

const MARKS = /\p{M}/gu;
const NOT_ASCII = /[^\u0020-\u007e]/;

/** A token as the tokenizer writes it: lower case, its diacritics removed (after the German folding). */
export function tokenForm(token: string): string {
  const lower = token.toLowerCase();
  return NOT_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
}

/**
 * The words of a step are split by SQLite's own tokenizer, as the word index
 * splits them: a small index of this connection's own (temporary, without
 * positions or content) takes the step's texts, its vocabulary is read, and
 * it is emptied again. Only words of letters are listed: a token with a digit
 * (a number, a date, a road or file number: „B27“, „2024er“) is found as a
 * word, never by a part of it; archives hold very many of them.
 */
const STEP_INDEX = 'temp.pressdesk_step_words';
const STEP_VOCABULARY = 'temp.pressdesk_step_vocabulary';
const LISTABLE = `length(term) BETWEEN ${WORD_MIN_CHARS} AND ${WORD_MAX_CHARS} AND term NOT GLOB '*[0-9]*'`;
const stepIndexSql = (schema: string) =>
  `CREATE VIRTUAL TABLE IF NOT EXISTS ${schema}.pressdesk_step_words USING fts5(
     text, content = '', detail = 'none', tokenize = "unicode61 remove_diacritics 2");
   CREATE VIRTUAL TABLE IF NOT EXISTS ${schema}.pressdesk_step_vocabulary
     USING fts5vocab(${schema === 'temp' ? 'temp, ' : ''}pressdesk_step_words, 'row');`;

/**
 * Lists the words a query selects (as `word`, each once): the new ones into
 * the trigram index first (one statement: a third of what a row at a time
 * costs), then all of them into the list.
 */
const listing = (words: string): [string, string] => [
  `INSERT INTO search_word_grams (word)
   SELECT word FROM (${words}) WHERE word NOT IN (SELECT word FROM search_words)`,
  `INSERT OR IGNORE INTO search_words (word) SELECT word FROM (${words})`,
];

/** The columns of a release row that the list of words reads (see `wordSource`). */
const WORD_COLUMNS = [
  'headline',
  'subheadline',
  'teaser',
  'body_text',
  'topic',
  'tags_json',
  'body_json',
  'lead_image_json',
] as const;

/**
 * Rows whose words are read at once. Reading words costs by the distinct
 * words read, and rows share most of theirs: the words of 10,000 releases
 * with a natural vocabulary took ~0.8 s of the record thread's time read per
 * 100 rows, ~0.2–0.3 s read per 1,000. The words of rows not yet read are
 * held in the splitter's small index (a few MB for this many).
 */
export const WORDS_EVERY_ROWS = 1000;

/**
 * The listable words of release rows not yet stored: the import's record
 * thread finds them in its own database in memory, with the same tokenizer,
 * folding and rules as {@link WordList.catchUp}, so the writer only adds the
 * new ones ({@link WordList.add}). With them it gives each row's texts for
 * the word index, folded as the index takes them (`indexedTexts` and the
 * same folding), so the writer's batch need not fold them again.
 */
export class WordSplitter {
  private readonly stmtRow;
  private readonly stmtTexts;
  private readonly stmtStep;
  private readonly stmtWords;
  private readonly stmtClearRows;
  /** Rows folded since their words were last read. */
  private unread = 0;

  /** `db`: a database of the splitter's own (in memory). */
  constructor(private readonly db: Database.Database) {
    // The folding of `foldSql` in one pass instead of eight (the same replacements, in the same order).
    db.function('pressdesk_fold', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? applyGermanFolds(text) : text,
    );
    db.exec(`CREATE TABLE IF NOT EXISTS pressdesk_rows (${WORD_COLUMNS.join(', ')}); ${stepIndexSql('main')}`);
    this.stmtRow = db.prepare(
      `INSERT INTO pressdesk_rows (${WORD_COLUMNS.join(', ')}) VALUES (${WORD_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    this.stmtTexts = db
      .prepare<[], (string | null)[]>(
        `SELECT ${indexedTexts('r')
          .map((text) => `pressdesk_fold(${text})`)
          .join(', ')} FROM pressdesk_rows r ORDER BY r.rowid`,
      )
      .raw();
    this.stmtStep = db.prepare<[string | null]>('INSERT INTO pressdesk_step_words (text) VALUES (?)');
    this.stmtWords = db.prepare<[], string>(`SELECT term FROM pressdesk_step_vocabulary WHERE ${LISTABLE}`).pluck();
    this.stmtClearRows = db.prepare('DELETE FROM pressdesk_rows');
  }

  /**
   * Each of `rows`' folded texts (release row values by column), in order;
   * their words are kept for {@link words}.
   */
  fold(rows: readonly Readonly<Record<string, string | null>>[]): (string | null)[][] {
    // One transaction from the first rows until their words are read, then rolled back: the small index
    // would write what it holds at each commit (and savepoint); a rollback empties it without writing.
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    for (const row of rows) this.stmtRow.run(Object.fromEntries(WORD_COLUMNS.map((c) => [c, row[c] ?? null])));
    const texts = this.stmtTexts.all();
    this.stmtClearRows.run();
    // A row's text for its words is `wordSource` folded: its texts joined by spaces (the folding never
    // touches a space, so folding before joining gives the same), and like `||`, nothing if one is NULL.
    for (const row of texts) this.stmtStep.run(row.includes(null) ? null : row.join(' '));
    this.unread += rows.length;
    return texts;
  }

  /** How many rows were folded since their words were last read. */
  get pending(): number {
    return this.unread;
  }

  /** The listable words of the rows folded since the last call (or {@link clear}), each once. */
  words(): string[] {
    const words = this.stmtWords.all();
    this.clear();
    return words;
  }

  /** Forgets the rows folded and not read (a file left unfinished, a step that failed). */
  clear(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.unread = 0;
  }
}

export class WordList {
  private readonly stmtAnyPending;
  private readonly stmtStep;
  private readonly stmtLast;
  private readonly stmtDone;
  private readonly stmtsListStep;
  private readonly stmtClear;
  private readonly stmtHolding;
  private readonly stmtsListGiven;

  constructor(private readonly db: Database.Database) {
    db.exec(stepIndexSql('temp'));
    this.stmtAnyPending = db.prepare('SELECT EXISTS (SELECT 1 FROM search_words_pending)').pluck();
    this.stmtLast = db
      .prepare<[number], number | null>(
        'SELECT max(rowid) FROM (SELECT rowid FROM search_words_pending ORDER BY rowid LIMIT ?)',
      )
      .pluck();
    // From the waiting releases to their rows (CROSS JOIN keeps that order: the other way round reads every release).
    this.stmtStep = db.prepare<[number]>(
      `INSERT INTO ${STEP_INDEX} (rowid, text)
       SELECT p.rowid, ${foldSql(wordSource('r'))} FROM search_words_pending p CROSS JOIN releases r ON r.rowid = p.rowid
       WHERE p.rowid <= ?`,
    );
    this.stmtDone = db.prepare<[number]>('DELETE FROM search_words_pending WHERE rowid <= ?');
    this.stmtsListStep = listing(`SELECT term AS word FROM ${STEP_VOCABULARY} WHERE ${LISTABLE}`).map((sql) =>
      db.prepare<[]>(sql),
    );
    this.stmtClear = db.prepare(`INSERT INTO ${STEP_INDEX} (${STEP_INDEX.slice(5)}) VALUES ('delete-all')`);
    this.stmtsListGiven = listing('SELECT DISTINCT value AS word FROM json_each(?)').map((sql) =>
      db.prepare<[string]>(sql),
    );
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
    const step = this.db.transaction((): boolean => {
      const last = this.stmtLast.get(CATCH_UP_ROWS) ?? null;
      if (last === null) return false;
      read += this.stmtStep.run(last).changes;
      for (const stmt of this.stmtsListStep) stmt.run();
      this.stmtClear.run();
      this.stmtDone.run(last);
      return true;
    });
    while (step.immediate()) {
      // Until no release waits.
    }
    return read;
  }

  /**
   * Lists words a {@link WordSplitter} found (the words of releases written
   * in the caller's transaction, which the caller does not leave waiting).
   */
  add(words: readonly string[]): void {
    if (words.length === 0) return;
    const json = JSON.stringify(words);
    for (const stmt of this.stmtsListGiven) stmt.run(json);
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
