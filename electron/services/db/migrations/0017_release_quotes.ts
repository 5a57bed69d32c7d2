import type { Migration } from './types';

/**
 * The quote index ("what has X said", `sprecher:` queries): `release_quotes`
 * holds one row per quote node of a release's body (speaker, role, the quote's
 * text, the speaker's name in the German folding of the search index), in
 * document order; `release_quote_fts` is a word index of the folded speaker
 * names. Triggers keep both in step with every write of `releases.body_json`
 * (the live SQL is `QUOTE_TRIGGERS` in `../searchIndex.ts`); the stored
 * bodies are read once here to fill them for the releases that exist.
 *
 * Frozen: literal SQL as shipped (see frozen.test.ts).
 */
export const migration0017: Migration = {
  version: 17,
  name: 'release_quotes',
  statements: [
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
    `INSERT INTO release_quotes (release_id, ordinal, speaker, role, text, speaker_folded) SELECT releases.id, row_number() OVER (PARTITION BY releases.id ORDER BY t.id), coalesce(json_extract(releases.body_json, t.path || '.attrs.speaker'), ''), coalesce(json_extract(releases.body_json, t.path || '.attrs.role'), ''),
         (SELECT ltrim(coalesce(group_concat(CASE x.atom WHEN 'paragraph' THEN char(10) WHEN 'hardBreak' THEN ' '
           ELSE x.atom END, '' ORDER BY x.id), ''), char(10))
         FROM json_tree(releases.body_json, t.path) x
         WHERE (x.key = 'text' AND x.type = 'text') OR (x.key = 'type' AND x.atom IN ('paragraph', 'hardBreak'))), replace(replace(replace(replace(replace(replace(replace(replace(coalesce(json_extract(releases.body_json, t.path || '.attrs.speaker'), ''), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS')
       FROM releases, json_tree(releases.body_json) t
       WHERE instr(releases.body_json, '"type":"quote"') > 0 AND t.key = 'type' AND t.atom = 'quote' AND t.type = 'text'`,
    `INSERT INTO release_quote_fts (rowid, speaker) SELECT rowid, speaker_folded FROM release_quotes`,
    `CREATE TRIGGER releases_quotes_insert AFTER INSERT ON releases BEGIN
       INSERT INTO release_quotes (release_id, ordinal, speaker, role, text, speaker_folded) SELECT NEW.id, row_number() OVER (PARTITION BY NEW.id ORDER BY t.id), coalesce(json_extract(NEW.body_json, t.path || '.attrs.speaker'), ''), coalesce(json_extract(NEW.body_json, t.path || '.attrs.role'), ''),
         (SELECT ltrim(coalesce(group_concat(CASE x.atom WHEN 'paragraph' THEN char(10) WHEN 'hardBreak' THEN ' '
           ELSE x.atom END, '' ORDER BY x.id), ''), char(10))
         FROM json_tree(NEW.body_json, t.path) x
         WHERE (x.key = 'text' AND x.type = 'text') OR (x.key = 'type' AND x.atom IN ('paragraph', 'hardBreak'))), replace(replace(replace(replace(replace(replace(replace(replace(coalesce(json_extract(NEW.body_json, t.path || '.attrs.speaker'), ''), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS')
       FROM json_tree(NEW.body_json) t
       WHERE instr(NEW.body_json, '"type":"quote"') > 0 AND t.key = 'type' AND t.atom = 'quote' AND t.type = 'text';
     END`,
    `CREATE TRIGGER releases_quotes_update AFTER UPDATE OF id, body_json ON releases BEGIN
       DELETE FROM release_quotes WHERE release_id = OLD.id;
       INSERT INTO release_quotes (release_id, ordinal, speaker, role, text, speaker_folded) SELECT NEW.id, row_number() OVER (PARTITION BY NEW.id ORDER BY t.id), coalesce(json_extract(NEW.body_json, t.path || '.attrs.speaker'), ''), coalesce(json_extract(NEW.body_json, t.path || '.attrs.role'), ''),
         (SELECT ltrim(coalesce(group_concat(CASE x.atom WHEN 'paragraph' THEN char(10) WHEN 'hardBreak' THEN ' '
           ELSE x.atom END, '' ORDER BY x.id), ''), char(10))
         FROM json_tree(NEW.body_json, t.path) x
         WHERE (x.key = 'text' AND x.type = 'text') OR (x.key = 'type' AND x.atom IN ('paragraph', 'hardBreak'))), replace(replace(replace(replace(replace(replace(replace(replace(coalesce(json_extract(NEW.body_json, t.path || '.attrs.speaker'), ''), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'), 'ẞ', 'SS')
       FROM json_tree(NEW.body_json) t
       WHERE instr(NEW.body_json, '"type":"quote"') > 0 AND t.key = 'type' AND t.atom = 'quote' AND t.type = 'text';
     END`,
    `CREATE TRIGGER releases_quotes_delete AFTER DELETE ON releases BEGIN
       DELETE FROM release_quotes WHERE release_id = OLD.id;
     END`,
    `CREATE TRIGGER release_quotes_index_insert AFTER INSERT ON release_quotes BEGIN
       INSERT INTO release_quote_fts (rowid, speaker) VALUES (NEW.rowid, NEW.speaker_folded);
     END`,
    `CREATE TRIGGER release_quotes_index_delete AFTER DELETE ON release_quotes BEGIN
       DELETE FROM release_quote_fts WHERE rowid = OLD.rowid;
     END`,
  ],
};
