import type { Migration } from './types';

/**
 * Substrings from a list of words instead of a trigram index of every text:
 * - `search_words`, every distinct word of the word index once (folded as
 *   the index holds it), with its trigram index `search_word_grams`; a
 *   substring is looked up there and the words holding it are asked of the
 *   word index. Filled once from the word index's vocabulary;
 * - `search_words_pending`, the releases whose words are yet to be added
 *   (the search triggers note every release they index; the engine reads
 *   the words);
 * - `release_trigram` is dropped, and the search triggers no longer write
 *   it (the live SQL is `SEARCH_TRIGGERS` in `../searchIndex.ts`).
 *
 * Frozen: literal SQL as shipped (see frozen.test.ts).
 */
export const migration0020: Migration = {
  version: 20,
  name: 'search_words',
  statements: [
    `DROP TRIGGER IF EXISTS releases_search_insert`,
    `DROP TRIGGER IF EXISTS releases_search_insert_deferred`,
    `DROP TRIGGER IF EXISTS releases_search_update`,
    `DROP TRIGGER IF EXISTS releases_search_update_deferred`,
    `DROP TRIGGER IF EXISTS releases_search_delete`,
    `DROP TRIGGER IF EXISTS releases_search_delete_deferred`,
    `DROP TABLE release_trigram`,
    `CREATE TABLE search_words (
       word TEXT PRIMARY KEY
     ) STRICT, WITHOUT ROWID`,
    `CREATE VIRTUAL TABLE search_word_grams USING fts5(word, tokenize = 'trigram')`,
    `CREATE TABLE search_words_pending (
       rowid INTEGER PRIMARY KEY
     ) STRICT`,
    `CREATE VIRTUAL TABLE temp.search_words_first USING fts5vocab(main, release_fts, 'row')`,
    `INSERT OR IGNORE INTO search_words (word) SELECT term FROM temp.search_words_first`,
    `DROP TABLE temp.search_words_first`,
    `INSERT INTO search_word_grams (word) SELECT word FROM search_words`,
    `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(CASE WHEN instr(NEW.body_json, '"caption"') > 0 OR instr(NEW.body_json, '"credit') > 0
    THEN (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(NEW.body_json) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text') ELSE '' END || ' ; ' || (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(coalesce(NEW.lead_image_json, '{}')) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT OR IGNORE INTO search_words_pending (rowid) VALUES (NEW.rowid);
   INSERT INTO release_head (rowid, headline, subheadline, teaser, topic, tags) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_insert_deferred AFTER INSERT ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_head WHERE rowid = OLD.rowid;
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(CASE WHEN instr(NEW.body_json, '"caption"') > 0 OR instr(NEW.body_json, '"credit') > 0
    THEN (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(NEW.body_json) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text') ELSE '' END || ' ; ' || (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(coalesce(NEW.lead_image_json, '{}')) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT OR IGNORE INTO search_words_pending (rowid) VALUES (NEW.rowid);
   INSERT INTO release_head (rowid, headline, subheadline, teaser, topic, tags) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_update_deferred
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_head WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_delete AFTER DELETE ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_head WHERE rowid = OLD.rowid;
     END`,
    `CREATE TRIGGER releases_search_delete_deferred AFTER DELETE ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_head WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
       DELETE FROM search_pending WHERE rowid = OLD.rowid;
     END`,
  ],
};
