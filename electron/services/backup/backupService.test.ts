import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { backupDatabase, listBackups, restoreDatabase, rotateBackup } from './backupService';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
const data = () => join(tmp.dir, 'data');
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: data(), host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return 'no error';
}

describe('backups', () => {
  it('copies the open database consistently and restores it, keeping the replaced one', async () => {
    const kept = engineInternals(ws).releases.create({ headline: 'Vor der Sicherung' });
    const out = join(tmp.dir, 'sicherung.db');
    const result = await backupDatabase(engineInternals(ws).db, out);
    expect(result.bytes).toBeGreaterThan(0);
    expect(await codeOf(backupDatabase(engineInternals(ws).db, out))).toBe('EXPORT_TARGET_EXISTS');
    engineInternals(ws).releases.create({ headline: 'Nach der Sicherung' });
    ws.close();
    const restored = await restoreDatabase(data(), out);
    expect(restored.previous).toMatch(/pressdesk-before-restore-.*\.db$/);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.id),
    ).toEqual([kept.id]);
    // the state before the restore is a backup of its own
    ws.close();
    await restoreDatabase(data(), restored.previous!);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).releases.list().total).toBe(2);
  });

  it('refuses to restore from a damaged or foreign file and changes nothing', async () => {
    engineInternals(ws).releases.create({ headline: 'Bleibt' });
    const junk = join(tmp.dir, 'junk.db');
    writeFileSync(junk, 'SQLite format 3\0 but not really'.padEnd(4096, 'x'));
    ws.close();
    expect(await codeOf(restoreDatabase(data(), junk))).toBe('DB_CORRUPT');
    expect(await codeOf(restoreDatabase(data(), join(tmp.dir, 'missing.db')))).toMatch(
      /DB_CORRUPT|DATA_DIR_NOT_WRITABLE/,
    );
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).releases.list().total).toBe(1);
  });

  it('keeps a damaged database aside instead of overwriting it', async () => {
    engineInternals(ws).releases.create({ headline: 'Gesichert' });
    const good = join(tmp.dir, 'good.db');
    await backupDatabase(engineInternals(ws).db, good);
    ws.close();
    writeFileSync(join(data(), 'pressdesk.db'), 'garbage'.repeat(2000));
    const { previous } = await restoreDatabase(data(), good);
    expect(previous).toMatch(/pressdesk-damaged-.*\.db$/);
    expect(existsSync(previous!)).toBe(true);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.headline),
    ).toEqual(['Gesichert']);
  });

  it('rotates automatic backups, keeping the newest N', async () => {
    for (let i = 0; i < 4; i++)
      await rotateBackup(engineInternals(ws).db, data(), 2, 'auto', new Date(Date.UTC(2024, 0, 1, i)));
    const names = readdirSync(join(data(), 'backups')).sort();
    expect(names).toEqual(['pressdesk-auto-20240101T020000000Z.db', 'pressdesk-auto-20240101T030000000Z.db']);
    expect((await listBackups(data())).map((b) => b.file.split('/').pop())).toEqual([...names].reverse());
  });
});
