import type { Migration } from './types';

/**
 * The log of each release: every save, status change, import, export and
 * trip to the trash, with who did it and when. Append-only: the database
 * itself refuses to change or delete an entry, and the log outlives a
 * release deleted for good.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'release_log',
  statements: [
    `CREATE TABLE release_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      release_id TEXT NOT NULL,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      kind TEXT NOT NULL,
      version INTEGER,
      detail TEXT NOT NULL DEFAULT '{}'
    ) STRICT`,
    `CREATE INDEX release_log_release ON release_log (release_id, seq)`,
    `CREATE TRIGGER release_log_no_update BEFORE UPDATE ON release_log
     BEGIN SELECT RAISE(ABORT, 'the release log is append-only'); END`,
    `CREATE TRIGGER release_log_no_delete BEFORE DELETE ON release_log
     BEGIN SELECT RAISE(ABORT, 'the release log is append-only'); END`,
  ],
};
