import type { Migration } from './types';

/**
 * The search indexes: a contentless FTS5 word index (German folding written
 * out as nested replace() calls, then unicode61 without diacritics) and a
 * trigram index for substrings, kept in sync by triggers.
 *
 * Frozen: literal SQL as shipped. It never imports live code, so a change
 * elsewhere cannot change what this migration did to existing databases
 * (see frozen.test.ts).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'archive_search',
  statements: [
    `CREATE VIRTUAL TABLE release_fts USING fts5(
       headline, subheadline, teaser, body, topic, tags, media,
       content = '', contentless_delete = 1,
       tokenize = "unicode61 remove_diacritics 2",
       prefix = '2 3'
     )`,
    `CREATE VIRTUAL TABLE release_trigram USING fts5(
       text, content = '', contentless_delete = 1,
       tokenize = "trigram remove_diacritics 1"
     )`,
    `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases BEGIN
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), '');
   INSERT INTO release_trigram (rowid, text) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline || ' ' || NEW.subheadline || ' ' || NEW.teaser || ' ' || NEW.body_text || ' ' || NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF headline, subheadline, teaser, body_text, topic, tags_json ON releases BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_trigram WHERE rowid = OLD.rowid;
       INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(NEW.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), '');
   INSERT INTO release_trigram (rowid, text) VALUES (NEW.rowid, replace(replace(replace(replace(replace(replace(replace(replace(NEW.headline || ' ' || NEW.subheadline || ' ' || NEW.teaser || ' ' || NEW.body_text || ' ' || NEW.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'));
     END`,
    `CREATE TRIGGER releases_search_delete AFTER DELETE ON releases BEGIN
       DELETE FROM release_fts WHERE rowid = OLD.rowid;
   DELETE FROM release_trigram WHERE rowid = OLD.rowid;
     END`,
    `INSERT INTO release_fts (rowid, headline, subheadline, teaser, body, topic, tags, media)
       SELECT releases.rowid, replace(replace(replace(replace(replace(replace(replace(replace(releases.headline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(releases.subheadline, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(releases.teaser, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(releases.body_text, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace(releases.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), replace(replace(replace(replace(replace(replace(replace(replace((SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(releases.tags_json)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS'), '' FROM releases`,
    `INSERT INTO release_trigram (rowid, text) SELECT releases.rowid, replace(replace(replace(replace(replace(replace(replace(replace(releases.headline || ' ' || releases.subheadline || ' ' || releases.teaser || ' ' || releases.body_text || ' ' || releases.topic, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS') FROM releases`,
  ],
};
