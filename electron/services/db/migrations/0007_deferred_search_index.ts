import { foldSql } from '../../../../shared/search/fold';
import { FTS_COLUMNS, trigramValue } from './0003_archive_search';
import type { Migration } from './types';

/**
 * Bulk imports index their releases once per batch instead of once per row.
 *
 * While the one row of `search_defer` exists (a bulk import writes it at the
 * start of its transaction and removes it before the commit), the triggers
 * leave both search indexes alone and note the changed rowids in
 * `search_pending`; {@link FLUSH_PENDING_SEARCH} then indexes all of them with
 * one INSERT … SELECT per index, in the same transaction. Both tables are only
 * ever non-empty inside that transaction: a crash or rollback takes them back
 * together with the releases, so the indexes never fall behind the table.
 * Without the row the triggers index each row at once, as before.
 */

/**
 * Captions and credits of a release's images (as migration 5). The body's JSON is only walked when
 * it names such a key at all (the store writes keys unescaped): most bodies have no figure, and
 * walking every node of a long body was a fifth of the word index's cost.
 */
function mediaValue(r: string): string {
  const texts = (json: string) =>
    `(SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(${json}) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text')`;
  const body = `CASE WHEN instr(${r}.body_json, '"caption"') > 0 OR instr(${r}.body_json, '"credit') > 0
    THEN ${texts(`${r}.body_json`)} ELSE '' END`;
  return foldSql(`${body} || ' ; ' || ${texts(`coalesce(${r}.lead_image_json, '{}')`)}`);
}

/** Word index values of a release row `r` (as migration 5). */
function ftsValues(r: string): string[] {
  return [
    foldSql(`${r}.headline`),
    foldSql(`${r}.subheadline`),
    foldSql(`${r}.teaser`),
    foldSql(`${r}.body_text`),
    foldSql(`${r}.topic`),
    foldSql(`(SELECT coalesce(group_concat(value, ' ; '), '') FROM json_each(${r}.tags_json))`),
    mediaValue(r),
  ];
}

const DEFERRED = 'EXISTS (SELECT 1 FROM search_defer)';
const PENDING = (r: string) => `EXISTS (SELECT 1 FROM search_pending WHERE rowid = ${r}.rowid)`;

const insertNow = (r: string) =>
  `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (${r}.rowid, ${ftsValues(r).join(', ')});
   INSERT INTO release_trigram (rowid, text) VALUES (${r}.rowid, ${trigramValue(r)});`;

const deleteNow = (r: string) =>
  `DELETE FROM release_fts WHERE rowid = ${r}.rowid;
   DELETE FROM release_trigram WHERE rowid = ${r}.rowid;`;

/** Index rows of a release that is not waiting for the batch (a pending one has none yet). */
const deleteIndexed = (r: string) =>
  `DELETE FROM release_fts WHERE rowid = ${r}.rowid AND NOT ${PENDING(r)};
   DELETE FROM release_trigram WHERE rowid = ${r}.rowid AND NOT ${PENDING(r)};`;

const rowsOfBatch = 'search_pending p JOIN releases ON releases.rowid = p.rowid ORDER BY p.rowid';

/** Indexes the releases noted during a bulk import and ends the deferral; run before the commit. */
export const FLUSH_PENDING_SEARCH: readonly string[] = [
  `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')})
     SELECT releases.rowid, ${ftsValues('releases').join(', ')} FROM ${rowsOfBatch}`,
  `INSERT INTO release_trigram (rowid, text) SELECT releases.rowid, ${trigramValue('releases')} FROM ${rowsOfBatch}`,
  'DELETE FROM search_pending',
  'DELETE FROM search_defer',
];

/** Starts deferring index maintenance; run inside the bulk import's transaction. */
export const DEFER_SEARCH = 'INSERT OR IGNORE INTO search_defer (one) VALUES (1)';

export const migration0007: Migration = {
  version: 7,
  name: 'deferred_search_index',
  statements: [
    `CREATE TABLE search_defer (one INTEGER PRIMARY KEY CHECK (one = 1))`,
    `CREATE TABLE search_pending (rowid INTEGER PRIMARY KEY)`,
    'DROP TRIGGER releases_search_insert',
    'DROP TRIGGER releases_search_update',
    'DROP TRIGGER releases_search_delete',
    `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases WHEN NOT ${DEFERRED} BEGIN
       ${insertNow('NEW')}
     END`,
    `CREATE TRIGGER releases_search_insert_deferred AFTER INSERT ON releases WHEN ${DEFERRED} BEGIN
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN NOT ${DEFERRED} BEGIN
       ${deleteNow('OLD')}
       ${insertNow('NEW')}
     END`,
    `CREATE TRIGGER releases_search_update_deferred
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases WHEN ${DEFERRED} BEGIN
       ${deleteIndexed('OLD')}
       INSERT OR IGNORE INTO search_pending (rowid) VALUES (NEW.rowid);
     END`,
    `CREATE TRIGGER releases_search_delete AFTER DELETE ON releases WHEN NOT ${DEFERRED} BEGIN
       ${deleteNow('OLD')}
     END`,
    `CREATE TRIGGER releases_search_delete_deferred AFTER DELETE ON releases WHEN ${DEFERRED} BEGIN
       ${deleteIndexed('OLD')}
       DELETE FROM search_pending WHERE rowid = OLD.rowid;
     END`,
  ],
};
