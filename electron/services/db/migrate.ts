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

/**
 * Brings the database to the newest schema, one transaction per migration.
 * A database from a newer Pressdesk (higher version than we know) is refused
 * before anything is written to it.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const from = appliedVersion(db);
  if (from > known) {
    throw new PressdeskError(
      'DB_TOO_NEW',
      `This database was written by a newer Pressdesk (schema ${from}; this version knows up to ${known}). Please update Pressdesk.`,
      { schemaVersion: from, supported: known },
    );
  }
  if (from === known) return { from, to: known };
  db.exec(LEDGER);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      for (const sql of m.statements) db.exec(sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
  return { from, to: known };
}
