import type { Migration } from './types';

export const migration0004: Migration = {
  version: 4,
  name: 'assets',
  statements: [
    // One row per stored original; the file is named by its SHA-256 next to the database.
    `CREATE TABLE assets (
       id             TEXT PRIMARY KEY,
       sha256         TEXT NOT NULL UNIQUE,
       mime           TEXT NOT NULL,
       byte_size      INTEGER NOT NULL,
       width          INTEGER NOT NULL,
       height         INTEGER NOT NULL,
       original_name  TEXT NOT NULL DEFAULT '',
       caption        TEXT NOT NULL DEFAULT '',
       credit         TEXT NOT NULL DEFAULT '',
       creator        TEXT NOT NULL DEFAULT '',
       copyright      TEXT NOT NULL DEFAULT '',
       alt            TEXT NOT NULL DEFAULT '',
       headline       TEXT NOT NULL DEFAULT '',
       keywords_json  TEXT NOT NULL DEFAULT '[]',
       date_created   TEXT,
       created_at     TEXT NOT NULL
     ) STRICT`,
    `CREATE INDEX assets_created ON assets (created_at DESC)`,
    // The lead image (Aufmacherbild) of a release: asset id plus caption, credit and alt text, as JSON.
    `ALTER TABLE releases ADD COLUMN lead_image_json TEXT`,
    // Settings of the workstation (press office for exports, base URL …), one JSON value per key.
    `CREATE TABLE app_settings (
       key        TEXT PRIMARY KEY,
       value_json TEXT NOT NULL,
       updated_at TEXT NOT NULL
     ) STRICT`,
  ],
};
