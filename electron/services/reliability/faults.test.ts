import { readdirSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { restoreFullBackup } from '../backup/fullBackupRestore';
import { exportFullBackup } from '../backup/fullBackupWriter';
import { BACKUP_DIR, backupDatabase, listBackups, restoreDatabase, rotateBackup } from '../backup/backupService';
import { mapSqliteError } from '../db/connection';
import { ReleaseRepository } from '../releases/releaseRepository';
import { makeTempDir } from '../testing/tempDir';
import { DATABASE_FILE, openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from '../testing/internals';

/**
 * File-system faults, injected where the engine meets the disk. SQLite gets
 * real SQLite faults (a page limit gives a genuine SQLITE_FULL, a read-only
 * connection a genuine SQLITE_READONLY); node's file writes go through a
 * wrapper of the real `node:fs/promises` that fails the n-th write with the
 * error a full disk, a denied permission or a read-only folder would give
 * (the tests run as root, where chmod does not make a folder unwritable).
 */
interface Fault {
  /** Which operation fails: writing file data, renaming into place, copying a file. */
  readonly op: 'write' | 'rename' | 'copyFile';
  readonly code: 'ENOSPC' | 'EACCES' | 'EROFS';
  /** The 1-based number of the matching operation that fails. */
  readonly nth: number;
}

const faults = vi.hoisted(() => {
  const state = {
    current: null as Fault | null,
    seen: 0,
    injected: 0,
    trip(op: Fault['op'], target: string): void {
      const fault = state.current;
      if (!fault || fault.op !== op) return;
      state.seen += 1;
      if (state.seen !== fault.nth) return;
      state.injected += 1;
      throw Object.assign(new Error(`${fault.code}: injected fault, ${op} '${target}'`), {
        code: fault.code,
        syscall: op,
        path: target,
      });
    },
  };
  return state;
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const trip = (op: Fault['op'], target: string): void => faults.trip(op, target);
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const writeFile = handle.writeFile.bind(handle);
    const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<unknown>;
    return Object.assign(handle, {
      writeFile: async (...a: Parameters<typeof writeFile>) => {
        trip('write', String(args[0]));
        return writeFile(...a);
      },
      write: async (...a: unknown[]) => {
        trip('write', String(args[0]));
        return write(...a);
      },
    });
  };
  const writeFile: typeof real.writeFile = async (...args) => {
    trip('write', typeof args[0] === 'string' ? args[0] : 'handle');
    return real.writeFile(...args);
  };
  const rename: typeof real.rename = async (from, to) => {
    trip('rename', String(to));
    return real.rename(from, to);
  };
  const copyFile: typeof real.copyFile = async (from, to, mode) => {
    trip('copyFile', String(to));
    return real.copyFile(from, to, mode);
  };
  const mocked = { ...real, open, writeFile, rename, copyFile };
  return { ...mocked, default: mocked };
});

const CODES = { ENOSPC: 'DISK_FULL', EACCES: 'DATA_DIR_NOT_WRITABLE', EROFS: 'DATA_DIR_NOT_WRITABLE' } as const;
const FS_FAULTS = ['ENOSPC', 'EACCES', 'EROFS'] as const;

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
const dataDir = () => join(tmp.dir, 'data');
const figures = { injected: 0, sqlite: 0, refused: 0, recovered: 0 };

beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
  faults.current = null;
  faults.seen = 0;
});
afterEach(() => {
  faults.current = null;
  figures.injected += faults.injected;
  faults.injected = 0;
  ws.close();
  tmp.cleanup();
});

function inject(fault: Fault): void {
  faults.current = fault;
  faults.seen = 0;
}

function heal(): void {
  faults.current = null;
}

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    figures.refused += 1;
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return 'no error';
}

/** Every half-written file the engine could leave: temporary names of assets, backups and the database. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(?:tmp|partial)$/.test(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

function paragraphs(text: string, count: number) {
  return {
    type: 'doc' as const,
    content: Array.from({ length: count }, () => ({
      type: 'paragraph' as const,
      content: [{ type: 'text' as const, text }],
    })),
  };
}

/** A small JPEG that differs by `seed`, so every import stores a new asset. */
async function photo(seed: number): Promise<Buffer> {
  return sharp({
    create: { width: 64 + seed, height: 48, channels: 3, background: { r: seed * 37, g: 90, b: 200 - seed } },
  })
    .jpeg()
    .toBuffer();
}

describe('fault injection: saving a release', () => {
  it('a full disk (SQLITE_FULL through a page limit) refuses the save and keeps the stored release', async () => {
    const release = await ws.handlers['releases.create']({ headline: 'Haushalt 2027', body: paragraphs('Alt.', 1) });
    const pages = engineInternals(ws).db.pragma('page_count', { simple: true }) as number;
    engineInternals(ws).db.pragma('wal_checkpoint(TRUNCATE)');
    engineInternals(ws).db.pragma(`max_page_count = ${pages}`);
    const big = paragraphs('Ein langer Absatz über den Haushalt, der die Datei wachsen lässt. '.repeat(40), 60);
    const code = await codeOf(() =>
      ws.handlers['releases.save']({ id: release.id, baseVersion: release.version, fields: { body: big } }),
    );
    figures.sqlite += 1;
    expect(code).toBe('DISK_FULL');
    const stored = await ws.handlers['releases.get']({ id: release.id });
    expect(stored.version).toBe(release.version);
    expect(stored.body).toEqual(release.body);
    expect(engineInternals(ws).db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(leftovers(dataDir())).toEqual([]);

    // The cause goes away (space freed): the next save succeeds.
    engineInternals(ws).db.pragma('max_page_count = 1073741823');
    const saved = await ws.handlers['releases.save']({
      id: release.id,
      baseVersion: release.version,
      fields: { body: big },
    });
    expect(saved.version).toBe(release.version + 1);
    expect((await ws.handlers['releases.get']({ id: release.id })).body).toEqual(big);
    figures.recovered += 1;
  });

  it('a read-only database (SQLITE_READONLY) maps to DATA_DIR_NOT_WRITABLE and writes nothing', () => {
    const release = engineInternals(ws).releases.create({ headline: 'Nur lesen', body: paragraphs('Bleibt.', 1) });
    const file = join(dataDir(), DATABASE_FILE);
    const readonly = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const repo = new ReleaseRepository(readonly);
      let caught: unknown;
      try {
        repo.save(release.id, release.version, { headline: 'Geändert', body: paragraphs('Neu.', 1) });
      } catch (error) {
        caught = error;
      }
      figures.sqlite += 1;
      figures.refused += 1;
      expect((caught as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
      expect(mapSqliteError(caught, file)?.code).toBe('DATA_DIR_NOT_WRITABLE');
    } finally {
      readonly.close();
    }
    const stored = engineInternals(ws).releases.get(release.id);
    expect(stored.version).toBe(release.version);
    expect(stored.headline).toBe('Nur lesen');
    // A writable connection saves again.
    expect(engineInternals(ws).releases.save(release.id, release.version, { headline: 'Geändert' }).version).toBe(
      release.version + 1,
    );
    figures.recovered += 1;
  });

  it('the driver maps every SQLite fault code a full or locked-down disk gives', () => {
    const cases = {
      SQLITE_FULL: 'DISK_FULL',
      SQLITE_READONLY: 'DATA_DIR_NOT_WRITABLE',
      SQLITE_READONLY_DIRECTORY: 'DATA_DIR_NOT_WRITABLE',
      SQLITE_CANTOPEN: 'DATA_DIR_NOT_WRITABLE',
      SQLITE_PERM: 'DATA_DIR_NOT_WRITABLE',
    } as const;
    for (const [code, expected] of Object.entries(cases)) {
      expect(mapSqliteError(Object.assign(new Error(code), { code }), 'x.db')?.code, code).toBe(expected);
    }
  });
});

describe('fault injection: importing an image', () => {
  for (const code of FS_FAULTS) {
    for (const nth of [1, 2]) {
      it(`${code} at write ${nth} refuses the import with ${CODES[code]}, leaves no file and no row`, async () => {
        const before = engineInternals(ws).assets.list().total;
        const bytes = await photo(nth);
        inject({ op: 'write', code, nth });
        expect(await codeOf(() => engineInternals(ws).assets.importBytes(bytes, 'pressefoto.jpg'))).toBe(CODES[code]);
        expect(faults.injected).toBe(1);
        heal();
        expect(engineInternals(ws).assets.list().total).toBe(before);
        expect(leftovers(dataDir())).toEqual([]);
        const stored = readdirSync(dataDir(), { recursive: true, withFileTypes: true }).filter(
          (e) => e.isFile() && /\.(?:jpg|webp)$/.test(e.name),
        );
        expect(stored).toEqual([]);
        // Space freed / permission back: the same image imports.
        const asset = await engineInternals(ws).assets.importBytes(bytes, 'pressefoto.jpg');
        expect(engineInternals(ws).assets.list().total).toBe(before + 1);
        expect(asset.originalName).toBe('pressefoto.jpg');
        figures.recovered += 1;
      });
    }
  }

  it('a failed rename into place leaves neither the temporary nor the final file', async () => {
    const bytes = await photo(7);
    inject({ op: 'rename', code: 'EROFS', nth: 1 });
    expect(await codeOf(() => engineInternals(ws).assets.importBytes(bytes, 'foto.jpg'))).toBe('DATA_DIR_NOT_WRITABLE');
    heal();
    expect(leftovers(dataDir())).toEqual([]);
    expect(engineInternals(ws).assets.list().total).toBe(0);
    await engineInternals(ws).assets.importBytes(bytes, 'foto.jpg');
    expect(engineInternals(ws).assets.list().total).toBe(1);
    figures.recovered += 1;
  });
});

describe('fault injection: backups', () => {
  for (const code of FS_FAULTS) {
    it(`${code} while a backup is put in place refuses with ${CODES[code]} and leaves no partial backup`, async () => {
      engineInternals(ws).releases.create({ headline: 'Zu sichern' });
      const out = join(dataDir(), BACKUP_DIR, 'manuell.db');
      inject({ op: 'rename', code, nth: 1 });
      expect(await codeOf(() => backupDatabase(engineInternals(ws).db, out))).toBe(CODES[code]);
      heal();
      expect(leftovers(dataDir())).toEqual([]);
      expect(await listBackups(dataDir())).toEqual([]);
      expect(engineInternals(ws).releases.list().total).toBe(1);
      const file = await rotateBackup(engineInternals(ws).db, dataDir(), 10, 'manual');
      expect((await listBackups(dataDir())).map((b) => b.file)).toEqual([file]);
      figures.recovered += 1;
    });

    it(`${code} while a restore puts the restored database in place keeps the current database`, async () => {
      const kept = engineInternals(ws).releases.create({ headline: 'Aktueller Stand' });
      const backup = await rotateBackup(engineInternals(ws).db, dataDir(), 10, 'manual');
      engineInternals(ws).releases.save(kept.id, kept.version, { headline: 'Nach der Sicherung' });
      ws.close();
      // Rename 1 puts the backup of the current state in place, 2 the restored database.
      inject({ op: 'rename', code, nth: 2 });
      expect(await codeOf(() => restoreDatabase(dataDir(), backup))).toBe(CODES[code]);
      heal();
      expect(leftovers(dataDir())).toEqual([]);
      ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
      expect(engineInternals(ws).releases.get(kept.id).headline).toBe('Nach der Sicherung');
      ws.close();
      await restoreDatabase(dataDir(), backup);
      ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
      expect(engineInternals(ws).releases.get(kept.id).headline).toBe('Aktueller Stand');
      figures.recovered += 1;
    });
  }

  for (const code of FS_FAULTS) {
    for (const nth of [1, 3]) {
      it(`${code} at archive write ${nth} refuses the full export and leaves no partial archive`, async () => {
        await engineInternals(ws).assets.importBytes(await photo(nth), 'archiv.jpg');
        engineInternals(ws).releases.create({ headline: 'Im Archiv' });
        const out = join(tmp.dir, 'umzug.zip');
        inject({ op: 'write', code, nth });
        expect(await codeOf(() => exportFullBackup(engineInternals(ws).db, dataDir(), out))).toBe(CODES[code]);
        expect(faults.injected).toBe(1);
        heal();
        expect(readdirSync(tmp.dir).filter((n) => n !== 'data')).toEqual([]);
        expect(leftovers(dataDir())).toEqual([]);
        const written = await exportFullBackup(engineInternals(ws).db, dataDir(), out);
        expect(written).toMatchObject({ releases: 1, assets: 1 });
        figures.recovered += 1;
      });
    }

    it(`${code} while an archive is unpacked keeps the current data and leaves no staging files`, async () => {
      await engineInternals(ws).assets.importBytes(await photo(9), 'archiv.jpg');
      const kept = engineInternals(ws).releases.create({ headline: 'Stand im Archiv' });
      const out = join(tmp.dir, 'stand.zip');
      await exportFullBackup(engineInternals(ws).db, dataDir(), out);
      engineInternals(ws).releases.save(kept.id, kept.version, { headline: 'Später geändert' });
      ws.close();
      inject({ op: 'write', code, nth: 2 });
      expect(await codeOf(() => restoreFullBackup(dataDir(), out))).toBe(CODES[code]);
      heal();
      expect(leftovers(dataDir())).toEqual([]);
      expect(readdirSync(dataDir()).filter((n) => n.startsWith('.restore-'))).toEqual([]);
      expect(await listBackups(dataDir())).toEqual([]);
      ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
      expect(engineInternals(ws).releases.get(kept.id).headline).toBe('Später geändert');
      ws.close();
      await restoreFullBackup(dataDir(), out);
      ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
      expect(engineInternals(ws).releases.get(kept.id).headline).toBe('Stand im Archiv');
      figures.recovered += 1;
    });
  }

  for (const code of FS_FAULTS) {
    it(`${code} while a full backup is applied to the open workstation takes the added images away again`, async () => {
      const other = openWorkstation({ dataDir: join(tmp.dir, 'anderer'), host: 'cli' });
      const out = join(tmp.dir, 'umzug.zip');
      try {
        await engineInternals(other).assets.importBytes(await photo(11), 'eins.jpg');
        await engineInternals(other).assets.importBytes(await photo(12), 'zwei.jpg');
        engineInternals(other).releases.create({ headline: 'Aus dem Archiv' });
        await exportFullBackup(engineInternals(other).db, other.dataDir, out);
      } finally {
        other.close();
      }
      await engineInternals(ws).assets.importBytes(await photo(13), 'hier.jpg');
      const kept = engineInternals(ws).releases.create({ headline: 'Stand vor dem Import' });
      const originals = (): string[] =>
        readdirSync(join(dataDir(), 'assets', 'originals'), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
          .sort();
      const before = originals();
      // Rename 1 puts the backup of the current state in place; 2 and 3 move the two images in.
      inject({ op: 'rename', code, nth: 3 });
      expect(await codeOf(() => ws.archive.importFile(out))).toBe(CODES[code]);
      expect(faults.injected).toBe(1);
      heal();
      expect(originals()).toEqual(before);
      expect(
        engineInternals(ws)
          .releases.list()
          .items.map((r) => r.headline),
      ).toEqual(['Stand vor dem Import']);
      expect(engineInternals(ws).releases.get(kept.id).version).toBe(kept.version);
      expect(leftovers(dataDir())).toEqual([]);
      expect(readdirSync(dataDir()).filter((n) => n.startsWith('.restore-'))).toEqual([]);
      expect(await ws.archive.importFile(out)).toMatchObject({ status: 'imported', addedImages: 2 });
      expect(
        engineInternals(ws)
          .releases.list()
          .items.map((r) => r.headline),
      ).toEqual(['Aus dem Archiv']);
      figures.recovered += 1;
    });
  }

  it('reports its figures', () => {
    // Printed so that docs/RELIABILITY.md can quote the last run.
    console.info(
      `faults: ${figures.injected} file-system faults injected, ${figures.sqlite} SQLite faults, ` +
        `${figures.refused} operations refused with a code, ${figures.recovered} recoveries, data lost: 0`,
    );
    expect(figures.injected).toBeGreaterThan(0);
  });
});
