import { foldSql } from '../../../../shared/search/fold';
import type { Migration } from './types';

/**
 * The columns of the main search index, in the order of their bm25 weights
 * (`SEARCH_WEIGHTS` in the archive service). `media` holds figure captions and
 * credits; it stays empty until releases carry figures.
 */
export const FTS_COLUMNS = ['headline', 'subheadline', 'teaser', 'body', 'topic', 'tags', 'media'] as const;

/** Index values of a release row `r` (NEW in triggers, the table in the backfill). */
function ftsValues(r: string): string[] {
  return [
    foldSql(`${r}.headline`),
    foldSql(`${r}.subheadline`),
    foldSql(`${r}.teaser`),
    foldSql(`${r}.body_text`),
    foldSql(`${r}.topic`),
    foldSql(`(SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(${r}.tags_json))`),
    `''`,
  ];
}

/** The substring index sees the same German folding ("Hauptstraße" holds "strasse"). */
export function trigramValue(r: string): string {
  return foldSql(
    `${r}.headline || ' ' || ${r}.subheadline || ' ' || ${r}.teaser || ' ' || ${r}.body_text || ' ' || ${r}.topic`,
  );
}

const insertFts = (r: string) =>
  `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (${r}.rowid, ${ftsValues(r).join(', ')});
   INSERT INTO release_trigram (rowid, text) VALUES (${r}.rowid, ${trigramValue(r)});`;

const deleteFts = (r: string) =>
  `DELETE FROM release_fts WHERE rowid = ${r}.rowid;
   DELETE FROM release_trigram WHERE rowid = ${r}.rowid;`;

export const migration0003: Migration = {
  version: 3,
  name: 'archive_search',
  statements: [
    // Contentless: the text lives once, in `releases`; the index holds only tokens.
    `CREATE VIRTUAL TABLE release_fts USING fts5(
       ${FTS_COLUMNS.join(', ')},
       content = '', contentless_delete = 1,
       tokenize = "unicode61 remove_diacritics 2",
       prefix = '2 3'
     )`,
    `CREATE VIRTUAL TABLE release_trigram USING fts5(
       text, content = '', contentless_delete = 1,
       tokenize = "trigram remove_diacritics 1"
     )`,
    `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases BEGIN
       ${insertFts('NEW')}
     END`,
    `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF headline, subheadline, teaser, body_text, topic, tags_json ON releases BEGIN
       ${deleteFts('OLD')}
       ${insertFts('NEW')}
     END`,
    `CREATE TRIGGER releases_search_delete AFTER DELETE ON releases BEGIN
       ${deleteFts('OLD')}
     END`,
    // Releases stored before this migration.
    `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')})
       SELECT releases.rowid, ${ftsValues('releases').join(', ')} FROM releases`,
    `INSERT INTO release_trigram (rowid, text) SELECT releases.rowid, ${trigramValue('releases')} FROM releases`,
  ],
};
