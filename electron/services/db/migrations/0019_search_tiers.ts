import type { Migration } from './types';

/**
 * The archive at a whole office's scale:
 * - `release_head`, a word index of what a reader sees first (headline,
 *   subheadline, teaser, topic, tags), so that the archive ranks in tiers
 *   (the head first, the body after) without scoring every match of a
 *   frequent word; the search triggers now keep it as well (the live SQL is
 *   `SEARCH_TRIGGERS` in `../searchIndex.ts`);
 * - `release_facets`, a narrow copy of what the archive counts (topic,
 *   status, year, tags, live), each change numbered, kept by
 *   `FACET_TRIGGERS`: exact facet counts for any number of hits;
 * - `release_totals`, how many releases are live and how many in the
 *   trash, kept by the same triggers: the archive list's total at once.
 *
 * Frozen: literal SQL as shipped (see frozen.test.ts).
 */
export const migration0019: Migration = {
  version: 19,
  name: 'search_tiers',
  statements: [
    `DROP TRIGGER IF EXISTS releases_search_insert`,
    `DROP TRIGGER IF EXISTS releases_search_insert_deferred`,
    `DROP TRIGGER IF EXISTS releases_search_update`,
    `DROP TRIGGER IF EXISTS releases_search_update_deferred`,
    `DROP TRIGGER IF EXISTS releases_search_delete`,
    `DROP TRIGGER IF EXISTS releases_search_delete_deferred`,
    `CREATE VIRTUAL TABLE release_head USING fts5(
       headline, subheadline, teaser, topic, tags,
       content = '', contentless_delete = 1,
       tokenize = "unicode61 remove_diacritics 2",
       prefix = '2 3'
     )`,
    `INSERT INTO release_head (rowid, headline, subheadline, teaser, topic, tags)
     SELECT releases.rowid, replace(replace(replace(replace(replace(replace(replace(replace(releases.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(releases.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(releases.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(releases.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(releases.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS') FROM releases
     WHERE releases.rowid NOT IN (SELECT rowid FROM search_pending)`,
    `INSERT INTO release_head (release_head) VALUES ('optimize')`,
    `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(CASE WHEN instr(NEW.body_json, '"caption"') > 0 OR instr(NEW.body_json, '"credit') > 0
    THEN (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(NEW.body_json) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text') ELSE '' END || ' ; ' || (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(coalesce(NEW.lead_image_json, '{}')) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT INTO release_trigram (rowid, text) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline || ' ' || NEW.subheadline || ' ' || NEW.teaser || ' ' || NEW.body_text || ' ' || NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT INTO release_head (rowid, headline, subheadline, teaser, topic, tags) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_insert_deferred AFTER INSERT ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_trigram WHERE rowid = OLD.rowid;
   DELETE FROM release_head WHERE rowid = OLD.rowid;
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(CASE WHEN instr(NEW.body_json, '"caption"') > 0 OR instr(NEW.body_json, '"credit') > 0
    THEN (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(NEW.body_json) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text') ELSE '' END || ' ; ' || (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(coalesce(NEW.lead_image_json, '{}')) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT INTO release_trigram (rowid, text) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline || ' ' || NEW.subheadline || ' ' || NEW.teaser || ' ' || NEW.body_text || ' ' || NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT INTO release_head (rowid, headline, subheadline, teaser, topic, tags) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_update_deferred
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_trigram WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_head WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_delete AFTER DELETE ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_trigram WHERE rowid = OLD.rowid;
   DELETE FROM release_head WHERE rowid = OLD.rowid;
     END`,
    `CREATE TRIGGER releases_search_delete_deferred AFTER DELETE ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_trigram WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_head WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
       DELETE FROM search_pending WHERE rowid = OLD.rowid;
     END`,
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
    `INSERT INTO release_facets (rowid, topic, status, year, tags_json, live, id, sort_key, seq) SELECT releases.rowid, releases.topic, releases.status, coalesce(substr(releases.published_at, 1, 4), ''), releases.tags_json, releases.deleted_at IS NULL,
     releases.id, coalesce(releases.published_at, releases.updated_at), 0 FROM releases`,
    `CREATE TABLE release_totals (
       one     INTEGER PRIMARY KEY CHECK (one = 1),
       live    INTEGER NOT NULL,
       trashed INTEGER NOT NULL
     ) STRICT`,
    `INSERT INTO release_totals (one, live, trashed)
     SELECT 1, count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM releases`,
    `CREATE INDEX release_facets_seq ON release_facets (seq)`,
    `CREATE INDEX release_facets_date ON release_facets (live, sort_key DESC, id)`,
    `CREATE TRIGGER releases_facets_insert AFTER INSERT ON releases BEGIN
       INSERT OR REPLACE INTO release_facets (rowid, topic, status, year, tags_json, live, id, sort_key, seq) VALUES (NEW.rowid, NEW.topic, NEW.status, coalesce(substr(NEW.published_at, 1, 4), ''), NEW.tags_json, NEW.deleted_at IS NULL,
     NEW.id, coalesce(NEW.published_at, NEW.updated_at), (SELECT coalesce(max(seq), 0) + 1 FROM release_facets));
       UPDATE release_totals SET live = live + (NEW.deleted_at IS NULL), trashed = trashed + (NEW.deleted_at IS NOT NULL);
     END`,
    `CREATE TRIGGER releases_facets_update
       AFTER UPDATE OF id, topic, status, published_at, updated_at, tags_json, deleted_at ON releases
       WHEN OLD.topic IS NOT NEW.topic OR OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
         OR OLD.tags_json IS NOT NEW.tags_json OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.id IS NOT NEW.id
         OR coalesce(OLD.published_at, OLD.updated_at) IS NOT coalesce(NEW.published_at, NEW.updated_at) BEGIN
       INSERT OR REPLACE INTO release_facets (rowid, topic, status, year, tags_json, live, id, sort_key, seq) VALUES (NEW.rowid, NEW.topic, NEW.status, coalesce(substr(NEW.published_at, 1, 4), ''), NEW.tags_json, NEW.deleted_at IS NULL,
     NEW.id, coalesce(NEW.published_at, NEW.updated_at), (SELECT coalesce(max(seq), 0) + 1 FROM release_facets));
       UPDATE release_totals SET live = live - (OLD.deleted_at IS NULL), trashed = trashed - (OLD.deleted_at IS NOT NULL);
       UPDATE release_totals SET live = live + (NEW.deleted_at IS NULL), trashed = trashed + (NEW.deleted_at IS NOT NULL);
     END`,
    `CREATE TRIGGER releases_facets_delete AFTER DELETE ON releases BEGIN
       UPDATE release_facets SET live = 0, seq = (SELECT coalesce(max(seq), 0) + 1 FROM release_facets) WHERE rowid = OLD.rowid;
       UPDATE release_totals SET live = live - (OLD.deleted_at IS NULL), trashed = trashed - (OLD.deleted_at IS NOT NULL);
     END`,
  ],
};
