import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openDatabase } from './connection';
import { appliedVersion, migrate } from './migrate';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function errorOf(fn: () => unknown): PressdeskError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PressdeskError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('migrations', () => {
  it('creates a fresh database at the newest schema with WAL and foreign keys', () => {
    const db = openDatabase(join(tmp.dir, 'a.db'));
    expect(appliedVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('migrates an older database forward and keeps its data', () => {
    const file = join(tmp.dir, 'old.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    old
      .prepare(
        `INSERT INTO releases (id, body_json, created_at, updated_at, version) VALUES ('r1', '{"type":"doc","content":[{"type":"paragraph"}]}', 't', 't', 1)`,
      )
      .run();
    const extra: Migration = { version: 2, name: 'extra', statements: ['ALTER TABLE releases ADD COLUMN number TEXT'] };
    const result = migrate(old, [...MIGRATIONS.slice(0, 1), extra]);
    expect(result).toEqual({ from: 1, to: 2 });
    expect(old.prepare('SELECT id, number FROM releases').all()).toEqual([{ id: 'r1', number: null }]);
    old.close();
  });

  it('applies each migration in one transaction: a failing one leaves no trace', () => {
    const db = new Database(join(tmp.dir, 'tx.db'));
    migrate(db, MIGRATIONS.slice(0, 1));
    const broken: Migration = {
      version: 2,
      name: 'broken',
      statements: ['CREATE TABLE half_done (x INTEGER)', 'THIS IS NOT SQL'],
    };
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), broken])).toThrow();
    expect(appliedVersion(db)).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });

  it('keeps the search indexes of a version 6 database and indexes new rows as before (migrations 7 and 20)', () => {
    const file = join(tmp.dir, 'v6.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 6));
    const insert = old.prepare(
      `INSERT INTO releases (id, headline, body_json, body_text, created_at, updated_at, version)
       VALUES (?, ?, '{"type":"doc","content":[{"type":"paragraph"}]}', ?, 't', 't', 1)`,
    );
    insert.run('r1', 'Brückensanierung in Köln', 'Die Wärmedämmung beginnt.');
    const match = (db: Database.Database, table: string, query: string) =>
      db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).pluck().all(query);
    expect(migrate(old, MIGRATIONS)).toEqual({ from: 6, to: SCHEMA_VERSION });
    const holding = (fragment: string) =>
      old.prepare('SELECT word FROM search_word_grams WHERE search_word_grams MATCH ?').pluck().all(fragment);
    const pending = () => old.prepare('SELECT rowid FROM search_words_pending').pluck().all();
    expect(match(old, 'release_fts', 'koeln')).toEqual([1]);
    // The list of words starts from the word index's vocabulary; the substring index of every text is gone.
    expect(holding('"daemm"')).toEqual(['waermedaemmung']);
    expect(holding('"ckensan"')).toEqual(['brueckensanierung']);
    expect(pending()).toEqual([]);
    expect(old.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'release_trigram%'`).all()).toEqual([]);
    // Without a bulk import the triggers index each row at once.
    insert.run('r2', 'Radweg am Rhein', 'Motordämmung der Busse.');
    old.prepare(`UPDATE releases SET headline = 'Radweg in Köln' WHERE id = 'r2'`).run();
    expect(match(old, 'release_fts', 'koeln')).toEqual([1, 2]);
    expect(match(old, 'release_fts', 'rhein')).toEqual([]);
    // Each release written is noted for the list of words (the engine reads its words).
    expect(pending()).toEqual([2]);
    old.prepare(`DELETE FROM releases WHERE id = 'r1'`).run();
    expect(match(old, 'release_fts', 'waermedaemmung')).toEqual([]);
    expect(old.prepare('SELECT count(*) FROM search_pending').pluck().get()).toBe(0);
    old.close();
  });

  it('refuses a database from a newer Pressdesk without touching it', () => {
    const file = join(tmp.dir, 'new.db');
    const db = openDatabase(file);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from-the-future', 't')`).run(
      SCHEMA_VERSION + 1,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(file);
    const error = errorOf(() => openDatabase(file));
    expect(error.code).toBe('DB_TOO_NEW');
    expect(error.message).toMatch(/newer Pressdesk/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a damaged file with DB_CORRUPT and leaves it as it was', () => {
    const file = join(tmp.dir, 'corrupt.db');
    writeFileSync(file, Buffer.concat([Buffer.from('this is not an SQLite database\n'), Buffer.alloc(8192, 7)]));
    const before = sha(file);
    expect(errorOf(() => openDatabase(file)).code).toBe('DB_CORRUPT');
    expect(sha(file)).toBe(before);
  });
});

describe('another process holding the database', () => {
  /** Starts a process that holds a write lock on `file` for `ms`, and resolves once it holds it. */
  function holdWriteLock(file: string, ms: number): Promise<ChildProcess> {
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN IMMEDIATE');
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, Number(process.argv[2]));
    `;
    const child = spawn(process.execPath, ['-e', script, file, String(ms)], {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      child.stdout.once('data', () => resolve(child));
      child.once('error', reject);
    });
  }
  const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

  it('keeps trying to open past one statement’s timeout, and migrates once the lock is gone', async () => {
    const file = join(tmp.dir, 'held.db');
    const child = await holdWriteLock(file, 1200);
    const db = openDatabase(file, { busyTimeoutMs: 100 });
    expect(appliedVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
    await exited(child);
  });

  it('answers DB_BUSY after the deadline and writes nothing', async () => {
    const file = join(tmp.dir, 'held.db');
    const child = await holdWriteLock(file, 2000);
    const error = errorOf(() => openDatabase(file, { busyTimeoutMs: 50, openDeadlineMs: 300 }));
    expect(error.code).toBe('DB_BUSY');
    await exited(child);
    const db = new Database(file, { readonly: true });
    expect(appliedVersion(db)).toBe(0);
    db.close();
  });
});
