import type { Migration } from './types';

/** Named templates: a release's structure and fields to start new releases from. */
export const migration0010: Migration = {
  version: 10,
  name: 'templates',
  statements: [
    `CREATE TABLE templates (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      fields TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE UNIQUE INDEX templates_name ON templates (name COLLATE NOCASE)`,
  ],
};
