import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import { PressdeskError } from '../../../shared/errors';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, restoreDataDir, type Workstation } from './index';

/**
 * The Engine API: what a host does with paths of the user's, through the
 * workstation alone (the CLI's commands are built on nothing else).
 */

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

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `not a PressdeskError: ${String(error)}`;
  }
}

/** The files in the test's folder besides the data directory (a finished file, or a partial one). */
const besides = () => readdirSync(tmp.dir).filter((name) => name !== 'data' && name !== 'photo.jpg');

async function photoFile(): Promise<string> {
  const file = join(tmp.dir, 'photo.jpg');
  writeFileSync(
    file,
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 120, b: 90 } } })
      .jpeg()
      .toBuffer(),
  );
  return file;
}

async function releaseWithPhoto(): Promise<string> {
  const asset = await ws.importAssetFile(await photoFile());
  const created = await dispatch(ws.handlers, 'releases.create', {
    headline: 'Neue Radwege für die Südstadt',
    topic: 'Verkehr',
    teaser: 'Drei neue Radwege verbinden die Südstadt mit dem Zentrum.',
    leadImage: {
      assetId: asset.id,
      caption: 'Der neue Radweg',
      credit: 'Foto: Stadt',
      creditRaw: '',
      alt: 'Radweg an der Ruhr',
      decorative: false,
    },
  });
  if (!created.ok) throw new Error(created.error.code);
  return (created.value as { id: string }).id;
}

describe('the Engine API', () => {
  it('stores an image file once, and refuses a missing one with a code', async () => {
    const file = await photoFile();
    const asset = await ws.importAssetFile(file);
    expect(asset).toMatchObject({ width: 640, height: 480, mime: 'image/jpeg' });
    expect((await ws.importAssetFile(file)).id).toBe(asset.id);
    expect(await codeOf(ws.importAssetFile(join(tmp.dir, 'missing.jpg')))).toBe('FILE_UNREADABLE');
  });

  it('exports a release with the stored export settings, overridden only where the caller says', async () => {
    const id = await releaseWithPhoto();
    const { settings } = engineInternals(ws);
    settings.set('export.office', { name: 'Stadt Köln', url: 'https://stadt.example/' });
    settings.set('export.baseUrl', 'https://stadt.example/presse/radwege');

    const stored = await ws.exportRelease(id, { out: join(tmp.dir, 'stored') });
    const page = readFileSync(join(stored.out, 'index.html'), 'utf8');
    expect(page).toContain('Stadt Köln');
    expect(page).toContain('https://stadt.example/presse/radwege/index.html');

    const steps: string[] = [];
    const overridden = await ws.exportRelease(id, {
      out: join(tmp.dir, 'overridden.zip'),
      zip: true,
      office: 'Presseamt',
      baseUrl: 'https://presse.example/radwege',
      onProgress: ({ done, total }) => void steps.push(`${done}/${total}`),
    });
    expect(overridden.out).toBe(join(tmp.dir, 'overridden.zip'));
    expect(steps.at(-1)).toBe('1/1');
    const again = await ws.exportRelease(id, {
      out: join(tmp.dir, 'again'),
      office: 'Presseamt',
      baseUrl: 'https://presse.example/radwege',
    });
    const other = readFileSync(join(again.out, 'index.html'), 'utf8');
    expect(other).toContain('Presseamt');
    expect(other).not.toContain('Stadt Köln');
    expect(other).toContain('https://presse.example/radwege/index.html');
    // The office's address is still the stored one.
    expect(other).toContain('https://stadt.example/');
    // The stored settings stay as they were.
    expect(settings.exportSettings().office.name).toBe('Stadt Köln');

    expect(await codeOf(ws.exportRelease(id, { out: join(tmp.dir, 'stored') }))).toBe('EXPORT_TARGET_EXISTS');
    expect(await codeOf(ws.exportRelease('no-such-release', { out: join(tmp.dir, 'x') }))).toBe('NOT_FOUND');
    const cancel = new AbortController();
    cancel.abort();
    expect(await codeOf(ws.exportRelease(id, { out: join(tmp.dir, 'cancelled'), signal: cancel.signal }))).toBe(
      'CANCELLED',
    );
    expect(besides().sort()).toEqual(['again', 'overridden.zip', 'stored']);
  });

  it('backs the database up and writes a full backup, never over an existing file', async () => {
    await releaseWithPhoto();
    const copy = await ws.backupDatabase(join(tmp.dir, 'copy.db'));
    expect(copy).toEqual({ file: join(tmp.dir, 'copy.db'), bytes: expect.any(Number) as number });
    expect(await codeOf(ws.backupDatabase(copy.file))).toBe('EXPORT_TARGET_EXISTS');

    const archive = await ws.writeFullBackup(join(tmp.dir, 'full.zip'));
    expect(archive).toMatchObject({ format: 'pressdesk.archive/1', releases: 1, assets: 1, entries: 3 });
    expect(await codeOf(ws.writeFullBackup(archive.file))).toBe('EXPORT_TARGET_EXISTS');
    expect(besides().sort()).toEqual(['copy.db', 'full.zip']);
  });

  it('stops a full backup when cancelled, before or while it writes, and leaves nothing behind', async () => {
    await releaseWithPhoto();
    const before = new AbortController();
    before.abort();
    expect(await codeOf(ws.writeFullBackup(join(tmp.dir, 'a.zip'), { signal: before.signal }))).toBe('CANCELLED');
    const during = new AbortController();
    const writing = ws.writeFullBackup(join(tmp.dir, 'b.zip'), { signal: during.signal });
    setImmediate(() => during.abort());
    expect(await codeOf(writing)).toBe('CANCELLED');
    expect(besides()).toEqual([]);
    // The same backup runs to the end afterwards.
    await ws.writeFullBackup(join(tmp.dir, 'b.zip'));
    expect(besides()).toEqual(['b.zip']);
  });
});

describe('restoreDataDir', () => {
  it('restores a database backup or a full backup, recognised by content', async () => {
    const id = await releaseWithPhoto();
    const database = (await ws.backupDatabase(join(tmp.dir, 'copy.db'))).file;
    const archive = (await ws.writeFullBackup(join(tmp.dir, 'full.bin'))).file;
    ws.close();

    const moved = join(tmp.dir, 'moved');
    const fromArchive = await restoreDataDir(moved, archive);
    expect(fromArchive).toMatchObject({ kind: 'archive', previous: null, releases: 1, assets: 1, droppedCount: 0 });
    const fromDatabase = await restoreDataDir(data(), database);
    expect(fromDatabase).toEqual({
      kind: 'database',
      previous: expect.stringMatching(/pressdesk-before-restore-.*\.db$/) as string,
      dropped: [],
      droppedCount: 0,
    });

    ws = openWorkstation({ dataDir: moved, host: 'cli' });
    expect(await dispatch(ws.handlers, 'releases.get', { id })).toMatchObject({ ok: true });
    expect(await ws.assetFile('original', (await ws.handlers['assets.list']({})).items[0]!.id)).not.toBeNull();
  });

  it('refuses what is no backup, and a file that is not there, with codes', async () => {
    ws.close();
    const text = join(tmp.dir, 'notes.txt');
    writeFileSync(text, 'not a backup');
    expect(await codeOf(restoreDataDir(data(), text))).toBe('DB_CORRUPT');
    expect(await codeOf(restoreDataDir(data(), join(tmp.dir, 'missing.zip')))).toBe('FILE_UNREADABLE');
    expect(existsSync(join(data(), 'pressdesk.db'))).toBe(true);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
  });
});

describe('engineInternals', () => {
  it('belongs to workstations opened by openWorkstation alone', () => {
    expect(engineInternals(ws).db.open).toBe(true);
    expect(() => engineInternals({ ...ws })).toThrow(/openWorkstation/);
  });
});
