import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contract } from '../../../shared/contract';
import { dispatch } from '../../../shared/contract/dispatch';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { DATABASE_FILE, openWorkstation, type Workstation } from '../workstation';
import { BACKUP_DIR, listBackups } from './backupService';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
const data = () => join(tmp.dir, 'data');
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: data(), host: 'web' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return 'no error';
}

describe('backup channels', () => {
  it('restores while the app has the database open; the normal handlers read the restored data', async () => {
    const h = ws.handlers;
    const created = await h['releases.create']({ headline: 'Stadtfest am Sonntag' });
    const backup = await h['backup.create']({});
    expect(backup).toMatchObject({ kind: 'manual' });
    expect(backup.bytes).toBeGreaterThan(0);
    expect((await h['backup.list']({})).items.map((b) => b.name)).toContain(backup.name);

    // Edited after the backup, by this window and by a second connection (another window or the CLI).
    const edited = await h['releases.save']({
      id: created.id,
      baseVersion: created.version,
      fields: { headline: 'Stadtfest abgesagt' },
    });
    const other = openWorkstation({ dataDir: data(), host: 'cli' });
    try {
      engineInternals(other).releases.create({ headline: 'Später angelegt' });
      expect((await h['releases.list']({})).total).toBe(2);

      const result = await h['backup.restore']({ name: backup.name });
      expect(result.restored.name).toBe(backup.name);
      expect(result.previous.kind).toBe('before-restore');

      const restored = await h['releases.get']({ id: created.id });
      expect(restored.headline).toBe('Stadtfest am Sonntag');
      expect(restored.version).toBe(created.version);
      expect((await h['releases.list']({})).items.map((r) => r.headline)).toEqual(['Stadtfest am Sonntag']);
      const hits = await h['archive.search']({ query: 'Stadtfest' });
      expect(hits.items.map((r) => r.id)).toEqual([created.id]);
      expect((await h['archive.search']({ query: 'abgesagt' })).items).toEqual([]);
      // The second connection sees it too, and both can keep writing.
      expect(
        engineInternals(other)
          .releases.list()
          .items.map((r) => r.headline),
      ).toEqual(['Stadtfest am Sonntag']);
      const next = await h['releases.save']({
        id: created.id,
        baseVersion: restored.version,
        fields: { headline: 'Stadtfest verschoben' },
      });
      expect(engineInternals(other).releases.get(created.id).headline).toBe('Stadtfest verschoben');
      expect(next.version).toBe(restored.version + 1);
    } finally {
      other.close();
    }
    expect(engineInternals(ws).db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(engineInternals(ws).db.pragma('integrity_check', { simple: true })).toBe('ok');

    // The state the restore replaced is a backup of its own and brings the edit back.
    await h['backup.restore']({
      name: (await h['backup.list']({})).items.find((b) => b.kind === 'before-restore')!.name,
    });
    expect((await h['releases.get']({ id: created.id })).headline).toBe(edited.headline);
    expect((await h['releases.list']({})).total).toBe(2);
  });

  it('lists automatic and manual backups newest first, with size and time', async () => {
    ws.startAutomaticBackups({ intervalMs: 60 * 60 * 1000 });
    await new Promise((r) => setTimeout(r, 50));
    const manual = await ws.handlers['backup.create']({});
    const items = (await ws.handlers['backup.list']({})).items;
    expect(items.map((b) => b.kind)).toEqual(['manual', 'auto']);
    expect(items[0]).toEqual(manual);
    expect(Date.parse(items[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(items[1]!.createdAt));
  });

  it('refuses a damaged backup, an unknown name and a path, changing nothing', async () => {
    const h = ws.handlers;
    await h['releases.create']({ headline: 'Bleibt stehen' });
    const junk = 'pressdesk-manual-20260101T000000000Z.db';
    mkdirSync(join(data(), BACKUP_DIR), { recursive: true });
    writeFileSync(join(data(), BACKUP_DIR, junk), 'SQLite format 3\0'.padEnd(8192, 'x'));
    expect(await codeOf(() => h['backup.restore']({ name: junk }))).toBe('DB_CORRUPT');
    expect(await codeOf(() => h['backup.restore']({ name: 'pressdesk-manual-20250101T000000000Z.db' }))).toBe(
      'NOT_FOUND',
    );
    for (const name of ['../pressdesk.db', '/etc/passwd', 'pressdesk-manual-x.db', `..\\${DATABASE_FILE}`])
      expect(contract['backup.restore'].input.safeParse({ name }).success, name).toBe(false);
    expect((await h['releases.list']({})).items.map((r) => r.headline)).toEqual(['Bleibt stehen']);
    // Nothing was backed up for the refused restores: only the junk file is there.
    expect((await listBackups(data())).map((b) => b.file)).toEqual([join(data(), BACKUP_DIR, junk)]);
  });

  it('refuses a backup from a newer Pressdesk with DB_TOO_NEW', async () => {
    const first = await ws.handlers['backup.create']({});
    const file = join(data(), BACKUP_DIR, first.name);
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01')").run();
    db.close();
    await ws.handlers['releases.create']({ headline: 'Heute' });
    expect(await codeOf(() => ws.handlers['backup.restore']({ name: first.name }))).toBe('DB_TOO_NEW');
    expect((await ws.handlers['releases.list']({})).total).toBe(1);
    expect(existsSync(join(data(), DATABASE_FILE))).toBe(true);
  });

  it('keeps 10 automatic backups until another number is set; bad numbers are refused and change nothing', async () => {
    const h = ws.handlers;
    expect(await h['backup.settings']({})).toEqual({ keep: 10 });
    for (const keep of [0, 101, 2.5, -3, '5', null])
      expect(await dispatch(h, 'backup.setSettings', { keep })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    expect(await dispatch(h, 'backup.setSettings', { keep: 5, extra: true })).toMatchObject({ ok: false });
    expect(await h['backup.settings']({})).toEqual({ keep: 10 });
    expect(await dispatch(h, 'backup.setSettings', { keep: 100 })).toEqual({ ok: true, value: { keep: 100 } });
    expect(await dispatch(h, 'backup.setSettings', { keep: 1 })).toEqual({ ok: true, value: { keep: 1 } });

    // Stored in the database: another connection (the next start) reads it.
    const other = openWorkstation({ dataDir: data(), host: 'cli' });
    try {
      expect(await other.handlers['backup.settings']({})).toEqual({ keep: 1 });
      // A value written by hand that is out of range falls back to the default.
      engineInternals(other).settings.set('backup.keep', 1000);
      expect(await h['backup.settings']({})).toEqual({ keep: 10 });
    } finally {
      other.close();
    }
  });

  it('the next automatic backup keeps as many as the settings say now', async () => {
    // Only the interval is simulated: each run happens when the test says, and is awaited before the next.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const hour = 60 * 60 * 1000;
      const autos = async () =>
        (await listBackups(data())).map((b) => b.file).filter((file) => file.includes('pressdesk-auto-'));
      const errors: unknown[] = [];
      const nextRun = async (expected: number) => {
        const before = new Set(await autos());
        vi.advanceTimersByTime(hour);
        // The run has finished when a new backup is there and the oldest beyond the number are gone.
        await vi.waitFor(
          async () => {
            const now = await autos();
            expect(now.some((file) => !before.has(file))).toBe(true);
            expect(now).toHaveLength(expected);
          },
          { timeout: 10_000, interval: 20 },
        );
      };
      ws.startAutomaticBackups({ intervalMs: hour, onError: (error) => errors.push(error) });
      await vi.waitFor(async () => expect(await autos()).toHaveLength(1), { timeout: 10_000, interval: 20 });
      for (const expected of [2, 3, 4]) await nextRun(expected);

      await ws.handlers['backup.setSettings']({ keep: 2 });
      await nextRun(2);
      await nextRun(2);
      await ws.handlers['backup.setSettings']({ keep: 3 });
      await nextRun(3);
      await nextRun(3);
      // Manual backups follow the same number.
      for (let i = 0; i < 4; i += 1) await ws.handlers['backup.create']({});
      expect((await listBackups(data())).filter((b) => b.file.includes('pressdesk-manual-'))).toHaveLength(3);
      expect(errors).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
