import { foldSql } from '../../../shared/search/fold';

/**
 * The live SQL of the search indexes: what the triggers write into the word
 * indexes (and which releases they note for the list of words), and how a
 * bulk import fills them once per batch.
 *
 * This module may change with the code it builds on (the German folding of
 * `shared/search/fold.ts`); shipped migrations never import it. A migration
 * installs a literal copy of {@link SEARCH_TRIGGERS}; `frozen.test.ts` checks
 * that a new database's triggers are exactly these, so a change here fails
 * until a new migration installs it (and reindexes what it changes).
 */

/**
 * The columns of the main search index, in the order of their bm25 weights
 * (`SEARCH_WEIGHTS` in the archive service). `media` holds figure captions and
 * credits.
 */
export const FTS_COLUMNS = ['headline', 'subheadline', 'teaser', 'body', 'topic', 'tags', 'media'] as const;

/**
 * Captions and credits of a release's images (lead image and body figures). The body's JSON is
 * only walked when it names such a key at all (the store writes keys unescaped): most bodies have
 * no figure, and walking every node of a long body was a fifth of the word index's cost.
 */
function mediaText(r: string): string {
  const texts = (json: string) =>
    `(SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(${json}) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text')`;
  const body = `CASE WHEN instr(${r}.body_json, '"caption"') > 0 OR instr(${r}.body_json, '"credit') > 0
    THEN ${texts(`${r}.body_json`)} ELSE '' END`;
  return `${body} || ' ; ' || ${texts(`coalesce(${r}.lead_image_json, '{}')`)}`;
}

/**
 * The columns of the head index (`release_head`): what a reader sees first.
 * The archive ranks a release whose head holds the words above one that only
 * has them in the body (bm25 weights `HEAD_WEIGHTS` in the archive service).
 */
export const HEAD_COLUMNS = ['headline', 'subheadline', 'teaser', 'topic', 'tags'] as const;

/** The texts of release row `r` that the word index holds, one per column (FTS_COLUMNS), as written (not yet folded). */
export function indexedTexts(r: string): string[] {
  return [
    `${r}.headline`,
    `${r}.subheadline`,
    `${r}.teaser`,
    `${r}.body_text`,
    `${r}.topic`,
    `(SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(${r}.tags_json))`,
    mediaText(r),
  ];
}

/** Word index values of a release row `r`. */
function ftsValues(r: string): string[] {
  return indexedTexts(r).map(foldSql);
}

/** Head index values of a release row `r`: the same folding as the main index's columns. */
function headValues(r: string): string[] {
  const all = ftsValues(r);
  return [all[0]!, all[1]!, all[2]!, all[4]!, all[5]!];
}

const DEFERRED = 'EXISTS (SELECT 1 FROM search_defer)';
const PENDING = (r: string) => `EXISTS (SELECT 1 FROM search_pending WHERE rowid = ${r}.rowid)`;

/** Every text of release row `r` that the word index holds, as one text (not yet folded): the source of the list of words. */
export function wordSource(r: string): string {
  return indexedTexts(r).join(` || ' ' || `);
}

/** The release's words are to be added to the list of words (`search_words`, see `archive/wordList.ts`). */
const noteWords = (r: string) => `INSERT OR IGNORE INTO search_words_pending (rowid) VALUES (${r}.rowid);`;

const insertNow = (r: string) =>
  `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (${r}.rowid, ${ftsValues(r).join(', ')});
   ${noteWords(r)}
   INSERT INTO release_head (rowid, ${HEAD_COLUMNS.join(', ')}) VALUES (${r}.rowid, ${headValues(r).join(', ')});`;

const deleteNow = (r: string) =>
  `DELETE FROM release_fts WHERE rowid = ${r}.rowid;
   DELETE FROM release_head WHERE rowid = ${r}.rowid;`;

/** Index rows of a release that is not waiting for the batch (a pending one has none yet). */
const deleteIndexed = (r: string) =>
  `DELETE FROM release_fts WHERE rowid = ${r}.rowid AND NOT ${PENDING(r)};
   DELETE FROM release_head WHERE rowid = ${r}.rowid AND NOT ${PENDING(r)};`;

const INDEXED_COLUMNS = 'headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json';

/** The triggers that keep both indexes in step with `releases`, by name. */
export const SEARCH_TRIGGERS: Readonly<Record<string, string>> = {
  releases_search_insert: `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases WHEN NOT ${DEFERRED} BEGIN
       ${insertNow('NEW')}
     END`,
  releases_search_insert_deferred: `CREATE TRIGGER releases_search_insert_deferred AFTER INSERT ON releases WHEN ${DEFERRED} BEGIN
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
  releases_search_update: `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF ${INDEXED_COLUMNS}
       ON releases WHEN NOT ${DEFERRED} BEGIN
       ${deleteNow('OLD')}
       ${insertNow('NEW')}
     END`,
  releases_search_update_deferred: `CREATE TRIGGER releases_search_update_deferred
       AFTER UPDATE OF ${INDEXED_COLUMNS}
       ON releases WHEN ${DEFERRED} BEGIN
       ${deleteIndexed('OLD')}
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
  releases_search_delete: `CREATE TRIGGER releases_search_delete AFTER DELETE ON releases WHEN NOT ${DEFERRED} BEGIN
       ${deleteNow('OLD')}
     END`,
  releases_search_delete_deferred: `CREATE TRIGGER releases_search_delete_deferred AFTER DELETE ON releases WHEN ${DEFERRED} BEGIN
       ${deleteIndexed('OLD')}
       DELETE FROM search_pending WHERE rowid = OLD.rowid;
     END`,
};

/** The batch's releases wait for their words to be listed. */
const NOTE_BATCH_WORDS = 'INSERT OR IGNORE INTO search_words_pending (rowid) SELECT rowid FROM search_pending';

/** The releases a batch's steps indexed, by rowid (the connection's own; see INDEX_BATCH_STEP). */
const STEP_ROWS = 'temp.search_step_rows';
const NOTE_STEP_ROWS = `INSERT OR IGNORE INTO ${STEP_ROWS} (rowid) SELECT rowid FROM search_pending`;

/**
 * The folded texts of a bulk import's new releases as the import's record
 * thread gave them (`indexedTexts` folded the same way, one column each), by
 * rowid: the batch indexes them instead of folding the rows' texts again.
 * The connection's own (temporary): the engine fills it inside the batch's
 * transaction and the flush empties it. A release written again (updated or
 * deleted) loses its given texts, so only a row as it was given is indexed
 * from them. With it, the releases a batch's steps indexed (INDEX_BATCH_STEP).
 */
export const GIVEN_TEXTS_SETUP: readonly string[] = [
  `CREATE TEMP TABLE IF NOT EXISTS search_given (rowid INTEGER PRIMARY KEY, ${FTS_COLUMNS.join(', ')})`,
  `CREATE TEMP TABLE IF NOT EXISTS search_step_rows (rowid INTEGER PRIMARY KEY)`,
  `CREATE TEMP TRIGGER IF NOT EXISTS search_given_update AFTER UPDATE ON main.releases BEGIN
     DELETE FROM search_given WHERE rowid = OLD.rowid;
   END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS search_given_delete AFTER DELETE ON main.releases BEGIN
     DELETE FROM search_given WHERE rowid = OLD.rowid;
   END`,
];

/** Adds a new release's given texts (rowid, then one per FTS column); see GIVEN_TEXTS_SETUP. */
export const GIVE_TEXTS = `INSERT OR REPLACE INTO temp.search_given (rowid, ${FTS_COLUMNS.join(', ')})
  VALUES (?, ${FTS_COLUMNS.map(() => '?').join(', ')})`;

/**
 * The statements that index the releases noted during a bulk import and end
 * the deferral (run before the commit): `listed` leaves the batch's words to
 * the caller (`WordList.add`); `given` takes a release's texts from
 * `temp.search_given` where they are there (the same values, folded on the
 * record thread); `step` indexes what the batch wrote so far and keeps the
 * deferral, noting the releases it indexed for the batch's end whatever
 * `listed` says (see INDEX_BATCH_STEP).
 */
function flushSearch(listed: boolean, given: boolean, step = false): string[] {
  const rows = `search_pending p JOIN releases ON releases.rowid = p.rowid${
    given ? ' LEFT JOIN temp.search_given g ON g.rowid = p.rowid' : ''
  } ORDER BY p.rowid`;
  // coalesce() evaluates its second argument only for a row without given texts.
  const values = (sql: string[], columns: readonly string[]) =>
    (given ? sql.map((value, k) => `coalesce(g.${columns[k]}, ${value})`) : sql).join(', ');
  return [
    `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')})
       SELECT releases.rowid, ${values(ftsValues('releases'), FTS_COLUMNS)} FROM ${rows}`,
    ...(step ? [NOTE_STEP_ROWS] : listed ? [] : [NOTE_BATCH_WORDS]),
    `INSERT INTO release_head (rowid, ${HEAD_COLUMNS.join(', ')})
       SELECT releases.rowid, ${values(headValues('releases'), HEAD_COLUMNS)} FROM ${rows}`,
    'DELETE FROM search_pending',
    ...(given ? ['DELETE FROM temp.search_given'] : []),
    ...(step ? [] : ['DELETE FROM search_defer']),
  ];
}

/** Indexes the releases noted during a bulk import and ends the deferral; run before the commit. */
export const FLUSH_PENDING_SEARCH: readonly string[] = flushSearch(false, false);

/** As FLUSH_PENDING_SEARCH, on a connection with GIVEN_TEXTS_SETUP: given texts are taken as they are. */
export const FLUSH_GIVEN_SEARCH: readonly string[] = flushSearch(false, true);

/** As FLUSH_GIVEN_SEARCH, for a batch whose words the caller lists itself (`WordList.add`). */
export const FLUSH_GIVEN_SEARCH_LISTED: readonly string[] = flushSearch(true, true);

/**
 * A step of a bulk import's batch (on a connection with GIVEN_TEXTS_SETUP):
 * indexes the releases written so far, inside the batch's transaction, which
 * goes on deferring. A large batch is then indexed in steps instead of all
 * at its end, so the import's record thread, which stays a few chunks ahead,
 * keeps working while the indexes are filled. Whether the batch's words will
 * be given is known only at its end: the releases indexed are kept in
 * `temp.search_step_rows` until then (END_BATCH_STEPS_*).
 */
export const INDEX_BATCH_STEP: readonly string[] = flushSearch(true, true, true);

/** The batch's words are given: its steps' releases need not be read for them. */
export const END_BATCH_STEPS_LISTED: readonly string[] = [`DELETE FROM ${STEP_ROWS}`];

/** The batch's words are not given: its steps' releases wait for the list of words like the rest of it. */
export const END_BATCH_STEPS: readonly string[] = [
  `INSERT OR IGNORE INTO search_words_pending (rowid) SELECT rowid FROM ${STEP_ROWS}`,
  `DELETE FROM ${STEP_ROWS}`,
];

/** Starts deferring index maintenance; run inside the bulk import's transaction. */
export const DEFER_SEARCH = 'INSERT OR IGNORE INTO search_defer (one) VALUES (1)';

/** Fills both indexes from scratch (after a restore copied releases in with the index deferred, say). */
export const REBUILD_SEARCH: readonly string[] = [
  `INSERT INTO release_fts (release_fts) VALUES ('delete-all')`,
  `INSERT INTO release_head (release_head) VALUES ('delete-all')`,
  `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')}) SELECT releases.rowid, ${ftsValues('releases').join(', ')} FROM releases`,
  `INSERT OR IGNORE INTO search_words_pending (rowid) SELECT rowid FROM releases`,
  `INSERT INTO release_head (rowid, ${HEAD_COLUMNS.join(', ')}) SELECT releases.rowid, ${headValues('releases').join(', ')} FROM releases`,
];

/**
 * The head index and its first filling (migration 19). A release waiting for
 * a bulk import's batch has no index rows yet; the batch indexes it.
 */
export const HEAD_INDEX_SETUP: readonly string[] = [
  `CREATE VIRTUAL TABLE release_head USING fts5(
       ${HEAD_COLUMNS.join(', ')},
       content = '', contentless_delete = 1,
       tokenize = "unicode61 remove_diacritics 2",
       prefix = '2 3'
     )`,
  `INSERT INTO release_head (rowid, ${HEAD_COLUMNS.join(', ')})
     SELECT releases.rowid, ${headValues('releases').join(', ')} FROM releases
     WHERE releases.rowid NOT IN (SELECT rowid FROM search_pending)`,
  `INSERT INTO release_head (release_head) VALUES ('optimize')`,
];

/*
 * The list of words (migration 20): every distinct word of the word index,
 * folded as the index holds it, once, with a trigram index of its own. A
 * substring ("dämm") is looked up in this list, far fewer rows than the
 * archive's texts, and the words that hold it ("motordaemmung") are then
 * asked of the word index. Words are only ever added: one whose last release
 * is gone finds nothing. The triggers note each written release in
 * `search_words_pending`; the engine lists their words from there
 * (`archive/wordList.ts`), at the end of a bulk import and before a
 * substring is looked up, and adds the new words to both tables (the
 * trigram index takes them in one statement per step, a third of what a row
 * at a time costs).
 */
/** The list of words, its trigram index and its first filling (migration 20). */
export const WORD_LIST_SETUP: readonly string[] = [
  `CREATE TABLE search_words (
       word TEXT PRIMARY KEY
     ) STRICT, WITHOUT ROWID`,
  `CREATE VIRTUAL TABLE search_word_grams USING fts5(word, tokenize = 'trigram')`,
  `CREATE TABLE search_words_pending (
       rowid INTEGER PRIMARY KEY
     ) STRICT`,
  // The first filling: the word index's own vocabulary, read once.
  `CREATE VIRTUAL TABLE temp.search_words_first USING fts5vocab(main, release_fts, 'row')`,
  `INSERT OR IGNORE INTO search_words (word) SELECT term FROM temp.search_words_first`,
  `DROP TABLE temp.search_words_first`,
  `INSERT INTO search_word_grams (word) SELECT word FROM search_words`,
];

/*
 * The facet table: per release the values the archive counts (topic, status,
 * year of publication, tags), whether it is live (not in the trash) and its
 * place in the archive's date order, in a narrow row the archive reads in one
 * pass or walks in date order, each change numbered (`seq`) so
 * that a copy in memory catches up with the changes since it last looked.
 * A purged release keeps its row, not live, so the copy learns of it too.
 */
const facetValues = (r: string) =>
  `${r}.topic, ${r}.status, coalesce(substr(${r}.published_at, 1, 4), ''), ${r}.tags_json, ${r}.deleted_at IS NULL,
     ${r}.id, coalesce(${r}.published_at, ${r}.updated_at)`;
const NEXT_SEQ = '(SELECT coalesce(max(seq), 0) + 1 FROM release_facets)';
const FACET_COLUMNS = 'rowid, topic, status, year, tags_json, live, id, sort_key, seq';

/** How many releases are live and how many in the trash, moved by `delta` (+1 or -1) of row `r`. */
const countRow = (r: string, delta: '+' | '-') =>
  `UPDATE release_totals SET live = live ${delta} (${r}.deleted_at IS NULL), trashed = trashed ${delta} (${r}.deleted_at IS NOT NULL);`;

/** The triggers that keep `release_facets` and `release_totals` in step with `releases`, by name. */
export const FACET_TRIGGERS: Readonly<Record<string, string>> = {
  releases_facets_insert: `CREATE TRIGGER releases_facets_insert AFTER INSERT ON releases BEGIN
       INSERT OR REPLACE INTO release_facets (${FACET_COLUMNS}) VALUES (NEW.rowid, ${facetValues('NEW')}, ${NEXT_SEQ});
       ${countRow('NEW', '+')}
     END`,
  releases_facets_update: `CREATE TRIGGER releases_facets_update
       AFTER UPDATE OF id, topic, status, published_at, updated_at, tags_json, deleted_at ON releases
       WHEN OLD.topic IS NOT NEW.topic OR OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
         OR OLD.tags_json IS NOT NEW.tags_json OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.id IS NOT NEW.id
         OR coalesce(OLD.published_at, OLD.updated_at) IS NOT coalesce(NEW.published_at, NEW.updated_at) BEGIN
       INSERT OR REPLACE INTO release_facets (${FACET_COLUMNS}) VALUES (NEW.rowid, ${facetValues('NEW')}, ${NEXT_SEQ});
       ${countRow('OLD', '-')}
       ${countRow('NEW', '+')}
     END`,
  releases_facets_delete: `CREATE TRIGGER releases_facets_delete AFTER DELETE ON releases BEGIN
       UPDATE release_facets SET live = 0, seq = ${NEXT_SEQ} WHERE rowid = OLD.rowid;
       ${countRow('OLD', '-')}
     END`,
};

/** The facet table and the totals, their first filling, and their triggers (migration 19). */
export const FACET_SETUP: readonly string[] = [
  `CREATE TABLE release_facets (
       rowid     INTEGER PRIMARY KEY,
       topic     TEXT NOT NULL,
       status    TEXT NOT NULL,
       year      TEXT NOT NULL,
       tags_json TEXT NOT NULL,
       live      INTEGER NOT NULL,
       id        TEXT NOT NULL,
       sort_key  TEXT NOT NULL,
       seq       INTEGER NOT NULL
     ) STRICT`,
  `INSERT INTO release_facets (${FACET_COLUMNS}) SELECT releases.rowid, ${facetValues('releases')}, 0 FROM releases`,
  `CREATE TABLE release_totals (
       one     INTEGER PRIMARY KEY CHECK (one = 1),
       live    INTEGER NOT NULL,
       trashed INTEGER NOT NULL
     ) STRICT`,
  `INSERT INTO release_totals (one, live, trashed)
     SELECT 1, count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM releases`,
  'CREATE INDEX release_facets_seq ON release_facets (seq)',
  // Newest first among the hits of a word, as the archive list orders (releases_sort).
  'CREATE INDEX release_facets_date ON release_facets (live, sort_key DESC, id)',
  ...Object.values(FACET_TRIGGERS),
];

/*
 * The quote index ("what has X said"): one row per quote node of a release's
 * body (`{ type: 'quote', attrs: { speaker, role }, content: paragraphs }`),
 * wherever it stands in the document, in document order, and a word index of
 * the speakers' names (German folding, then unicode61 without diacritics and
 * case, as the main index). Triggers on `releases` keep it in step with every
 * write of a body — create, save, import, restore of a revision, purge — and
 * triggers on `release_quotes` keep the speaker index in step with the rows.
 */

/**
 * The quote rows of release row `r`. Only a body that names a quote node is
 * walked (the store writes its JSON compactly, keys unescaped); json_tree
 * finds each `"type": "quote"` member, whose path is the quote node's. The
 * text is the quote's text nodes in document order, a line break before each
 * paragraph but the first and a space for a hard break (a quote holds
 * paragraphs of inline nodes only; the store writes each node's type first).
 */
const quoteRows = (r: string, from = `json_tree(${r}.body_json) t`) => {
  const attr = (name: string) => `coalesce(json_extract(${r}.body_json, t.path || '.attrs.${name}'), '')`;
  const text = `(SELECT ltrim(coalesce(group_concat(CASE x.atom WHEN 'paragraph' THEN char(10) WHEN 'hardBreak' THEN ' '
           ELSE x.atom END, '' ORDER BY x.id), ''), char(10))
         FROM json_tree(${r}.body_json, t.path) x
         WHERE (x.key = 'text' AND x.type = 'text') OR (x.key = 'type' AND x.atom IN ('paragraph', 'hardBreak')))`;
  return `SELECT ${r}.id, row_number() OVER (PARTITION BY ${r}.id ORDER BY t.id), ${attr('speaker')}, ${attr('role')},
         ${text}, ${foldSql(attr('speaker'))}
       FROM ${from}
       WHERE instr(${r}.body_json, '"type":"quote"') > 0 AND t.key = 'type' AND t.atom = 'quote' AND t.type = 'text'`;
};

const QUOTE_COLUMNS = 'release_id, ordinal, speaker, role, text, speaker_folded';

/** The triggers that keep `release_quotes` and its speaker index in step, by name. */
export const QUOTE_TRIGGERS: Readonly<Record<string, string>> = {
  releases_quotes_insert: `CREATE TRIGGER releases_quotes_insert AFTER INSERT ON releases BEGIN
       INSERT INTO release_quotes (${QUOTE_COLUMNS}) ${quoteRows('NEW')};
     END`,
  releases_quotes_update: `CREATE TRIGGER releases_quotes_update AFTER UPDATE OF id, body_json ON releases BEGIN
       DELETE FROM release_quotes WHERE release_id = OLD.id;
       INSERT INTO release_quotes (${QUOTE_COLUMNS}) ${quoteRows('NEW')};
     END`,
  releases_quotes_delete: `CREATE TRIGGER releases_quotes_delete AFTER DELETE ON releases BEGIN
       DELETE FROM release_quotes WHERE release_id = OLD.id;
     END`,
  release_quotes_index_insert: `CREATE TRIGGER release_quotes_index_insert AFTER INSERT ON release_quotes BEGIN
       INSERT INTO release_quote_fts (rowid, speaker) VALUES (NEW.rowid, NEW.speaker_folded);
     END`,
  release_quotes_index_delete: `CREATE TRIGGER release_quotes_index_delete AFTER DELETE ON release_quotes BEGIN
       DELETE FROM release_quote_fts WHERE rowid = OLD.rowid;
     END`,
};

/** The quote table, its speaker index and their first filling from the stored bodies (migration 17). */
export const QUOTE_INDEX_SETUP: readonly string[] = [
  `CREATE TABLE release_quotes (
       release_id     TEXT NOT NULL,
       ordinal        INTEGER NOT NULL,
       speaker        TEXT NOT NULL,
       role           TEXT NOT NULL,
       text           TEXT NOT NULL,
       speaker_folded TEXT NOT NULL,
       PRIMARY KEY (release_id, ordinal)
     ) STRICT`,
  `CREATE VIRTUAL TABLE release_quote_fts USING fts5(
       speaker, content = '', contentless_delete = 1,
       tokenize = "unicode61 remove_diacritics 2"
     )`,
  `INSERT INTO release_quotes (${QUOTE_COLUMNS}) ${quoteRows('releases', 'releases, json_tree(releases.body_json) t')}`,
  `INSERT INTO release_quote_fts (rowid, speaker) SELECT rowid, speaker_folded FROM release_quotes`,
  ...Object.values(QUOTE_TRIGGERS),
];
