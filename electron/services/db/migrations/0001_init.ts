import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'init',
  statements: [
    `CREATE TABLE releases (
       id            TEXT PRIMARY KEY,
       topic         TEXT NOT NULL DEFAULT '',
       headline      TEXT NOT NULL DEFAULT '',
       subheadline   TEXT NOT NULL DEFAULT '',
       teaser        TEXT NOT NULL DEFAULT '',
       dateline      TEXT NOT NULL DEFAULT '',
       body_json     TEXT NOT NULL,
       body_text     TEXT NOT NULL DEFAULT '',
       language      TEXT NOT NULL DEFAULT 'de',
       status        TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft','review','approved','published','withdrawn')),
       published_at  TEXT,
       embargo_until TEXT,
       tags_json     TEXT NOT NULL DEFAULT '[]',
       created_at    TEXT NOT NULL,
       updated_at    TEXT NOT NULL,
       version       INTEGER NOT NULL CHECK (version > 0),
       deleted_at    TEXT
     ) STRICT`,
    `CREATE INDEX releases_sort ON releases (deleted_at, coalesce(published_at, updated_at) DESC, id)`,
    `CREATE INDEX releases_topic ON releases (topic)`,
    // Every saved version is kept as an immutable snapshot (compare/restore builds on it).
    `CREATE TABLE release_revisions (
       release_id  TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
       version     INTEGER NOT NULL,
       snapshot    TEXT NOT NULL,
       created_at  TEXT NOT NULL,
       PRIMARY KEY (release_id, version)
     ) STRICT, WITHOUT ROWID`,
  ],
};
