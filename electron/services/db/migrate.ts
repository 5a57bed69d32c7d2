import type Database from 'better-sqlite3';
import { PressdeskError } from '../../../shared/errors';
import type { Migration } from './migrations';

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

export function appliedVersion(db: Database.Database): number {
  const row = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!row) return 0;
  const max = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return max.v ?? 0;
}

function appliedSet(db: Database.Database): Set<number> {
  const row = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!row) return new Set();
  return new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
}

/**
 * Brings the database to the newest schema, one transaction per migration,
 * applying every known migration the ledger does not list yet (in order). A
 * database from a newer Pressdesk (a version we do not know) is refused
 * before anything is written to it.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  const versions = migrations.map((m) => m.version);
  if (versions.some((v, i) => i > 0 && v <= versions[i - 1]!)) throw new Error('migrations must be in ascending order');
  const known = versions.length === 0 ? 0 : versions[versions.length - 1]!;
  const applied = appliedSet(db);
  const from = applied.size === 0 ? 0 : Math.max(...applied);
  if (from > known) {
    throw new PressdeskError(
      'DB_TOO_NEW',
      `This database was written by a newer Pressdesk (schema ${from}; this version knows up to ${known}). Please update Pressdesk.`,
      { schemaVersion: from, supported: known },
    );
  }
  const pending = migrations.filter((m) => !applied.has(m.version));
  if (pending.length === 0) return { from, to: known };
  // In a write transaction of its own: a plain statement that reads and then writes cannot wait for
  // another process migrating the same new database (WAL answers BUSY at once), a transaction can.
  db.transaction(() => db.exec(LEDGER)).immediate();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const recorded = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const m of pending) {
    db.transaction(() => {
      // Another process (the app and the CLI on a new data directory) may have applied it meanwhile.
      if (recorded.get(m.version)) return;
      for (const sql of m.statements) db.exec(sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
  return { from, to: known };
}
