import type { Migration } from './types';

/** Compose: press contact, boilerplate, related links, corrections, and reusable snippets. */
export const migration0002: Migration = {
  version: 2,
  name: 'compose',
  statements: [
    `ALTER TABLE releases ADD COLUMN press_contact TEXT NOT NULL DEFAULT ''`,
    `ALTER TABLE releases ADD COLUMN boilerplate TEXT NOT NULL DEFAULT ''`,
    `ALTER TABLE releases ADD COLUMN related_links_json TEXT NOT NULL DEFAULT '[]'`,
    `ALTER TABLE releases ADD COLUMN corrected_at TEXT`,
    // Reusable texts for the press contact and the boilerplate, managed in settings.
    `CREATE TABLE snippets (
       id          TEXT PRIMARY KEY,
       kind        TEXT NOT NULL CHECK (kind IN ('pressContact','boilerplate')),
       title       TEXT NOT NULL,
       text        TEXT NOT NULL,
       created_at  TEXT NOT NULL,
       updated_at  TEXT NOT NULL
     ) STRICT`,
    `CREATE INDEX snippets_kind ON snippets (kind, title COLLATE NOCASE)`,
  ],
};
