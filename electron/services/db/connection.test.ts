import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation } from '../workstation';
import { mapSqliteError, openDatabase } from './connection';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** The driver's own error class, as better-sqlite3 throws it. */
const sqliteError = (code: string): Error => new Database.SqliteError(`disk I/O error (${code})`, code);

describe('mapSqliteError', () => {
  it.each(['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_READ', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHORT_READ'])(
    '%s becomes DISK_IO_ERROR with the reason kept',
    (code) => {
      const mapped = mapSqliteError(sqliteError(code), 'pressdesk.db');
      expect(mapped).toBeInstanceOf(PressdeskError);
      expect(mapped?.code).toBe('DISK_IO_ERROR');
      expect(mapped?.details).toEqual({ file: 'pressdesk.db', reason: code });
    },
  );

  it('leaves codes it does not know alone (they stay INTERNAL at the boundary)', () => {
    expect(mapSqliteError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), 'x.db')).toBeNull();
    expect(mapSqliteError(new Error('no code'), 'x.db')).toBeNull();
    expect(mapSqliteError(sqliteError('SQLITE_IOERRX'), 'x.db')).toBeNull();
  });

  it('a database that cannot be opened for writing (a real SQLITE_CANTOPEN) is DATA_DIR_NOT_WRITABLE', () => {
    let raw: unknown;
    try {
      new Database(tmp.dir).close();
    } catch (error) {
      raw = error;
    }
    expect((raw as { code?: string }).code).toBe('SQLITE_CANTOPEN');
    let caught: unknown;
    try {
      // A folder where the database file should be.
      openDatabase(tmp.dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PressdeskError);
    expect((caught as PressdeskError).code).toBe('DATA_DIR_NOT_WRITABLE');
  });

  it('an I/O error inside a handler crosses the contract as DISK_IO_ERROR, not INTERNAL', async () => {
    const ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'web' });
    try {
      // Every statement fails the way a dying disk makes it fail.
      engineInternals(ws).db.prepare = () => {
        throw sqliteError('SQLITE_IOERR_READ');
      };
      const answer = await dispatch(ws.handlers, 'backup.create', {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'DISK_IO_ERROR' } });
    } finally {
      ws.close();
    }
  });
});
