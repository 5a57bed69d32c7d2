import type { Migration } from './types';

/**
 * The release number (Pressemitteilung Nr.): given by the office's scheme
 * when a release is first published and never changed afterwards, counted
 * per year in `release_number_counters`.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'release_number',
  statements: [
    `ALTER TABLE releases ADD COLUMN release_number TEXT NOT NULL DEFAULT ''`,
    `CREATE TABLE release_number_counters (
      year INTEGER PRIMARY KEY,
      last INTEGER NOT NULL CHECK (last >= 0)
    ) STRICT`,
  ],
};
