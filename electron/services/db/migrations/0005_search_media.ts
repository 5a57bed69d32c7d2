import { foldSql } from '../../../../shared/search/fold';
import { FTS_COLUMNS, trigramValue } from './0003_archive_search';
import type { Migration } from './types';

/**
 * Captions and credits of a release's images (lead image and body figures),
 * read from the stored JSON: the `media` column of the search index, which
 * `bild:`/`credit:` queries search.
 */
function mediaValue(r: string): string {
  const texts = (json: string) =>
    `(SELECT coalesce(group_concat(value, ' ; '), '') FROM json_tree(${json}) WHERE key IN ('caption', 'credit', 'creditRaw') AND type = 'text')`;
  return foldSql(`${texts(`${r}.body_json`)} || ' ; ' || ${texts(`coalesce(${r}.lead_image_json, '{}')`)}`);
}

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

const insertFts = (r: string) =>
  `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (${r}.rowid, ${ftsValues(r).join(', ')});
   INSERT INTO release_trigram (rowid, text) VALUES (${r}.rowid, ${trigramValue(r)});`;

const deleteFts = (r: string) =>
  `DELETE FROM release_fts WHERE rowid = ${r}.rowid;
   DELETE FROM release_trigram WHERE rowid = ${r}.rowid;`;

export const migration0005: Migration = {
  version: 5,
  name: 'search_media',
  statements: [
    'DROP TRIGGER releases_search_insert',
    'DROP TRIGGER releases_search_update',
    `CREATE TRIGGER releases_search_insert AFTER INSERT ON releases BEGIN
       ${insertFts('NEW')}
     END`,
    `CREATE TRIGGER releases_search_update
       AFTER UPDATE OF headline, subheadline, teaser, body_text, body_json, lead_image_json, topic, tags_json
       ON releases BEGIN
       ${deleteFts('OLD')}
       ${insertFts('NEW')}
     END`,
    // Index every stored release again, now with its captions and credits.
    `INSERT INTO release_fts (release_fts) VALUES ('delete-all')`,
    `INSERT INTO release_trigram (release_trigram) VALUES ('delete-all')`,
    `INSERT INTO release_fts (rowid, ${FTS_COLUMNS.join(', ')})
       SELECT releases.rowid, ${ftsValues('releases').join(', ')} FROM releases`,
    `INSERT INTO release_trigram (rowid, text) SELECT releases.rowid, ${trigramValue('releases')} FROM releases`,
  ],
};
