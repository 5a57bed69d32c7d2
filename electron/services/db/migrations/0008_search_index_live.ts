import type { Migration } from './types';

/**
 * The search triggers as the live module `../searchIndex.ts` builds them,
 * installed as literal SQL: from here on a change of the index SQL (or of
 * the German folding it is made of) ships as a new migration, never as an
 * edit of an old one. The SQL equals migration 7's, so nothing is reindexed.
 *
 * Frozen: literal SQL as shipped (see frozen.test.ts).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'search_index_live',
  statements: [
    `DROP TRIGGER IF EXISTS releases_search_insert`,
    `DROP TRIGGER IF EXISTS releases_search_insert_deferred`,
    `DROP TRIGGER IF EXISTS releases_search_update`,
    `DROP TRIGGER IF EXISTS releases_search_update_deferred`,
    `DROP TRIGGER IF EXISTS releases_search_delete`,
    `DROP TRIGGER IF EXISTS releases_search_delete_deferred`,
    `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(CASE WHEN instr(NEW.body_json, '"caption"') > 0 OR instr(NEW.body_json, '"credit') > 0
    THEN (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(NEW.body_json) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text') ELSE '' END || ' ; ' || (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(coalesce(NEW.lead_image_json, '{}')) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT INTO release_trigram (rowid, text) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline || ' ' || NEW.subheadline || ' ' || NEW.teaser || ' ' || NEW.body_text || ' ' || NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_insert_deferred AFTER INSERT ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_trigram WHERE rowid = OLD.rowid;
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(CASE WHEN instr(NEW.body_json, '"caption"') > 0 OR instr(NEW.body_json, '"credit') > 0
    THEN (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(NEW.body_json) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text') ELSE '' END || ' ; ' || (SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(coalesce(NEW.lead_image_json, '{}')) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
   INSERT INTO release_trigram (rowid, text) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline || ' ' || NEW.subheadline || ' ' || NEW.teaser || ' ' || NEW.body_text || ' ' || NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_update_deferred
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_trigram WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_delete AFTER DELETE ON releases WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_trigram WHERE rowid = OLD.rowid;
     END`,
    `CREATE TRIGGER releases_search_delete_deferred AFTER DELETE ON releases WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
   DELETE FROM release_trigram WHERE rowid = OLD.rowid AND NOT EXISTS (SELECT 1 FROM search_pending WHERE rowid = OLD.rowid);
       DELETE FROM search_pending WHERE rowid = OLD.rowid;
     END`,
  ],
};
