import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { Envelope } from '../../../shared/contract';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type HostHooks, type Workstation } from '../workstation';
import { MANIFEST_ENTRY } from './fullBackupFormat';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
const open: Workstation[] = [];
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  tmp.cleanup();
});

function workstation(name: string, hostHooks?: HostHooks): Workstation {
  const dataDir = join(tmp.dir, name);
  const w = openWorkstation({
    dataDir,
    host: hostHooks ? 'electron' : 'web',
    hostHooks,
    // Web mode names where downloads wait (electron/web/folders.ts); the app asks with a dialog.
    fullBackupDownloadDir: hostHooks ? undefined : join(dataDir, '.downloads'),
  });
  open.push(w);
  return w;
}

async function photo(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 40 + seed, height: 30, channels: 3, background: { r: seed * 40, g: 90, b: 30 } } })
    .jpeg()
    .toBuffer();
}

async function call<T>(w: Workstation, channel: string, input: unknown = {}): Promise<T> {
  const answer: Envelope<unknown> = await dispatch(w.handlers, channel, input);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.value as T;
}

async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    return String((error as { code?: unknown }).code ?? error);
  }
  return 'no error';
}

async function headlines(w: Workstation): Promise<string[]> {
  const { items } = await call<{ items: { headline: string }[] }>(w, 'releases.list', {});
  return items.map((r) => r.headline).sort();
}

/** Every file of a data directory (without backups) with its SHA-256: what a failed import must not change. */
function snapshot(w: Workstation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(w.dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const rel = relative(w.dataDir, file);
    if (rel.startsWith('backups') || rel.startsWith('pressdesk.db')) continue;
    out[rel] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return out;
}

/** Workstation A: two releases, one with a lead image, and a second image. */
async function fillA(a: Workstation): Promise<string[]> {
  const one = await engineInternals(a).assets.importBytes(await photo(1), 'rathaus.jpg');
  const two = await engineInternals(a).assets.importBytes(await photo(2), 'brücke.jpg');
  engineInternals(a).releases.create({ headline: 'Neue Radwege für die Innenstadt' });
  engineInternals(a).releases.create({
    headline: 'Brücke wird saniert',
    leadImage: {
      assetId: one.id,
      caption: 'Rathaus',
      credit: 'Stadt',
      creditRaw: '',
      alt: 'Rathaus',
      decorative: false,
    },
  });
  return [one.id, two.id];
}

/** Exports A's full backup the way web mode does and returns the file waiting for download. */
async function exportA(a: Workstation): Promise<string> {
  const result = await call<{ status: string; download: string; releases: number; assets: number; bytes: number }>(
    a,
    'backup.exportFullBackup',
  );
  expect(result).toMatchObject({ status: 'download', releases: 2, assets: 2 });
  const waiting = a.archive.download(result.download)!;
  expect(waiting.fileName).toMatch(/^pressdesk-archive-\d{8}T\d{9}Z\.zip$/);
  const copy = join(tmp.dir, 'umzug.zip');
  copyFileSync(waiting.path, copy);
  expect(readFileSync(copy).length).toBe(result.bytes);
  await a.archive.finishDownload(result.download);
  expect(existsSync(waiting.path)).toBe(false);
  expect(a.archive.download(result.download)).toBeNull();
  return copy;
}

describe('full backup into a running workstation', () => {
  it('replaces the data of an open workstation; the normal handlers read releases and images', async () => {
    const a = workstation('a');
    const ids = await fillA(a);
    const archive = await exportA(a);

    const b = workstation('b');
    const own = await engineInternals(b).assets.importBytes(await photo(5), 'eigen.jpg');
    engineInternals(b).releases.create({ headline: 'Nur auf dem neuen Rechner' });
    // A second connection (another window, the CLI) keeps the database open meanwhile.
    const other = openWorkstation({ dataDir: b.dataDir, host: 'cli' });
    open.push(other);

    const result = await b.archive.importFile(archive);
    expect(result).toMatchObject({ status: 'imported', releases: 2, assets: 2, addedImages: 2 });
    expect(result.previous.kind).toBe('before-restore');

    expect(await headlines(b)).toEqual(['Brücke wird saniert', 'Neue Radwege für die Innenstadt']);
    expect(await headlines(other)).toEqual(['Brücke wird saniert', 'Neue Radwege für die Innenstadt']);
    const found = await call<{ items: { headline: string }[] }>(b, 'archive.search', { query: 'Brücke' });
    expect(found.items.map((r) => r.headline)).toEqual(['Brücke wird saniert']);
    for (const id of ids) {
      const asset = await call<{ id: string }>(b, 'assets.get', { id });
      expect(asset.id).toBe(id);
      const original = await b.assetFile('original', id);
      expect(readFileSync(original!.path)).toEqual(readFileSync(engineInternals(a).assets.original(id).path));
      // Thumbnails are not in the archive: they are made again from the original when asked for.
      const thumb = await b.assetFile('thumb', id);
      expect((await sharp(thumb!.path).metadata()).format).toBe('webp');
    }
    expect(await b.assetFile('original', own.id)).toBeNull();
    expect(readdirSync(b.dataDir).filter((n) => n.endsWith('.partial'))).toEqual([]);

    // The replaced state is a backup that brings it back.
    await call(b, 'backup.restore', { name: result.previous.name });
    expect(await headlines(b)).toEqual(['Nur auf dem neuen Rechner']);
    expect(await b.assetFile('original', own.id)).not.toBeNull();
  });

  it('in the app, asks the host for the target and the source; cancelling changes nothing', async () => {
    const target = join(tmp.dir, 'gewählt.zip');
    const shown: string[] = [];
    let answer: string | null = null;
    const a = workstation('a', {
      chooseFullBackupTarget: (name) => Promise.resolve(name.endsWith('.zip') ? answer : 'wrong'),
      showInFolder: (file) => void shown.push(file),
    });
    await fillA(a);
    expect(await call(a, 'backup.exportFullBackup')).toEqual({ status: 'cancelled' });
    expect(await call(a, 'backup.revealFullBackup')).toEqual({ shown: false });
    answer = target;
    expect(await call(a, 'backup.exportFullBackup')).toMatchObject({
      status: 'saved',
      fileName: 'gewählt.zip',
      releases: 2,
      assets: 2,
    });
    expect(await call(a, 'backup.revealFullBackup')).toEqual({ shown: true });
    expect(shown).toEqual([target]);

    let source: string | null = null;
    const b = workstation('b', { chooseFullBackupSource: () => Promise.resolve(source) });
    engineInternals(b).releases.create({ headline: 'Bleibt' });
    expect(await call(b, 'backup.importFullBackup')).toEqual({ status: 'cancelled' });
    expect(await headlines(b)).toEqual(['Bleibt']);
    expect(await call<{ items: unknown[] }>(b, 'backup.list')).toEqual({ items: [] });
    source = target;
    expect(await call(b, 'backup.importFullBackup')).toMatchObject({ status: 'imported', releases: 2 });
    expect(await headlines(b)).toEqual(['Brücke wird saniert', 'Neue Radwege für die Innenstadt']);
  });

  it('web mode has no dialog to choose from: the channel refuses and points to the upload', async () => {
    const b = workstation('b');
    expect(await codeOf(call(b, 'backup.importFullBackup'))).toBe('INVALID_INPUT');
    expect(await call(b, 'backup.revealFullBackup')).toEqual({ shown: false });
  });

  it('refuses damaged, hostile and foreign files before anything changes', async () => {
    const a = workstation('a');
    await fillA(a);
    const good = unzipSync(readFileSync(await exportA(a)));
    const assetEntry = Object.keys(good).find((n) => n.startsWith('assets/'))!;
    const build = (name: string, entries: Record<string, Uint8Array>): string => {
      const file = join(tmp.dir, name);
      writeFileSync(file, zipSync(entries, { level: 0 }));
      return file;
    };
    const flipped = new Uint8Array(good[assetEntry]!);
    flipped[flipped.length >> 1]! ^= 0xff;
    const foreign = join(tmp.dir, 'notiz.zip');
    writeFileSync(foreign, 'Das ist kein Archiv.');
    const cases: [string, string][] = [
      [build('gekippt.zip', { ...good, [assetEntry]: flipped }), 'ARCHIVE_INVALID'],
      [build('ausbruch.zip', { ...good, '../../ausbruch.db': strToU8('x') }), 'ARCHIVE_INVALID'],
      [
        build('fremd.zip', {
          [MANIFEST_ENTRY]: strToU8(JSON.stringify({ format: 'other/1' })),
          ...Object.fromEntries(Object.entries(good).filter(([n]) => n !== MANIFEST_ENTRY)),
        }),
        'ARCHIVE_UNSUPPORTED',
      ],
      [foreign, 'ARCHIVE_UNSUPPORTED'],
      [join(tmp.dir, 'fehlt.zip'), 'FILE_UNREADABLE'],
    ];

    const b = workstation('b');
    await engineInternals(b).assets.importBytes(await photo(5), 'eigen.jpg');
    engineInternals(b).releases.create({ headline: 'Bleibt unverändert' });
    const before = snapshot(b);
    for (const [file, code] of cases) {
      expect(await codeOf(b.archive.importFile(file)), file).toBe(code);
      expect(await headlines(b)).toEqual(['Bleibt unverändert']);
      expect(snapshot(b)).toEqual(before);
      expect(await call(b, 'backup.list')).toEqual({ items: [] });
    }
  });
});
