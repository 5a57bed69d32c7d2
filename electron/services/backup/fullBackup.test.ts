import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import {
  ARCHIVE_FORMAT,
  DATABASE_ENTRY,
  MANIFEST_ENTRY,
  detectBackupKind,
  verifyFullBackup,
  type FullBackupManifest,
} from './fullBackupFormat';
import { restoreFullBackup } from './fullBackupRestore';
import { exportFullBackup } from './fullBackupWriter';
import { backupDatabase, listBackups } from './backupService';
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

/** The code and, for a refused archive, why (`ARCHIVE_INVALID/symlink`). */
async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof PressdeskError)) return `raw: ${String(error)}`;
    const reason = (error.details as { reason?: string } | undefined)?.reason;
    return reason ? `${error.code}/${reason}` : error.code;
  }
  return 'no error';
}

async function photo(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 40 + seed, height: 30, channels: 3, background: { r: seed * 50, g: 120, b: 30 } } })
    .jpeg()
    .toBuffer();
}

function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => /\.partial$|\.tmp$/.test(e.name))
    .map((e) => e.name);
}

/** A workstation with two releases, one of them showing an image, and a second image. */
async function fill(): Promise<{ headlines: string[]; assetIds: string[] }> {
  const a = await engineInternals(ws).assets.importBytes(await photo(1), 'rathaus.jpg');
  const b = await engineInternals(ws).assets.importBytes(await photo(2), 'brücke.jpg');
  engineInternals(ws).releases.create({ headline: 'Neue Radwege für die Innenstadt' });
  engineInternals(ws).releases.create({
    headline: 'Brücke wird saniert',
    leadImage: { assetId: a.id, caption: 'Rathaus', credit: 'Stadt', creditRaw: '', alt: 'Rathaus', decorative: false },
  });
  return { headlines: ['Brücke wird saniert', 'Neue Radwege für die Innenstadt'], assetIds: [a.id, b.id] };
}

function headlines(w: Workstation): string[] {
  return engineInternals(w)
    .releases.list()
    .items.map((r) => r.headline)
    .sort();
}

describe('portable archive', () => {
  it('moves the database and every asset original to a new data directory, checked on the way', async () => {
    const { headlines: expected, assetIds } = await fill();
    const out = join(tmp.dir, 'umzug.pressdesk');
    const result = await exportFullBackup(engineInternals(ws).db, data(), out);
    expect(result).toMatchObject({ format: `${ARCHIVE_FORMAT}/1`, releases: 2, assets: 2, entries: 4 });
    expect(await codeOf(exportFullBackup(engineInternals(ws).db, data(), out))).toBe('EXPORT_TARGET_EXISTS');
    expect(leftovers(tmp.dir)).toEqual([]);

    const manifest = await verifyFullBackup(out);
    expect(manifest.entries.map((e) => e.path)).toContain(DATABASE_ENTRY);
    for (const id of assetIds) {
      const asset = engineInternals(ws).assets.get(id);
      expect(manifest.entries).toContainEqual({
        path: `assets/originals/${asset.sha256.slice(0, 2)}/${asset.sha256}.jpg`,
        size: asset.byteSize,
        sha256: asset.sha256,
      });
    }

    const fresh = join(tmp.dir, 'neu');
    const restored = await restoreFullBackup(fresh, out);
    expect(restored).toMatchObject({ previous: null, releases: 2, assets: 2 });
    const moved = openWorkstation({ dataDir: fresh, host: 'cli' });
    try {
      expect(headlines(moved)).toEqual(expected);
      for (const id of assetIds) {
        const original = engineInternals(moved).assets.original(id);
        expect(readFileSync(original.path)).toEqual(readFileSync(engineInternals(ws).assets.original(id).path));
        // Thumbnails are not carried: they are made again from the original.
        const thumb = await moved.assetFile('thumb', id);
        expect(thumb && existsSync(thumb.path)).toBe(true);
      }
      expect(leftovers(fresh)).toEqual([]);
    } finally {
      moved.close();
    }
  });

  it('restores over existing data only after backing it up; that backup brings the old state back', async () => {
    await fill();
    const out = join(tmp.dir, 'stand.zip');
    await exportFullBackup(engineInternals(ws).db, data(), out);
    engineInternals(ws).releases.create({ headline: 'Nach dem Archiv geschrieben' });
    ws.close();
    const restored = await restoreFullBackup(data(), out);
    expect(restored.previous).toMatch(/pressdesk-before-restore-.*\.db$/);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(headlines(ws)).not.toContain('Nach dem Archiv geschrieben');
    ws.close();
    // The restore recognises a plain database backup by content as well.
    expect(await detectBackupKind(restored.previous!)).toBe('database');
    expect(await detectBackupKind(out)).toBe('archive');
  });

  it('recognises the kind by content, not by name', async () => {
    const db = join(tmp.dir, 'sicherung.zip');
    await backupDatabase(engineInternals(ws).db, db);
    expect(await detectBackupKind(db)).toBe('database');
    const text = join(tmp.dir, 'notiz.db');
    writeFileSync(text, 'nur Text');
    expect(await detectBackupKind(text)).toBe('unknown');
    expect(await codeOf(restoreFullBackup(data(), db))).toBe('ARCHIVE_UNSUPPORTED');
  });

  it('refuses to export when a stored original is damaged, leaving nothing behind', async () => {
    const { assetIds } = await fill();
    const original = engineInternals(ws).assets.original(assetIds[0]!).path;
    const bytes = readFileSync(original);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(original, bytes);
    const out = join(tmp.dir, 'kaputt.zip');
    expect(await codeOf(exportFullBackup(engineInternals(ws).db, data(), out))).toBe('ASSET_CORRUPT');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(tmp.dir)).toEqual([]);
  });
});

describe('portable archive: streaming', () => {
  const FILES = Number(process.env.PRESSDESK_ARCHIVE_MB ?? 160) / 32;

  /**
   * Stores a large file as an asset row (content-addressed like an import), written in 1 MB pieces.
   * It starts as a real JPEG, because a restore checks every original as an image; the rest are random bytes.
   */
  async function storeLargeAsset(megabytes: number): Promise<string> {
    const scratch = join(tmp.dir, `gross-${randomUUID()}`);
    const fd = openSync(scratch, 'w');
    const hash = createHash('sha256');
    const head = await photo(megabytes);
    for (let i = 0; i < megabytes; i++) {
      const piece = randomBytes(1 << 20);
      if (i === 0) head.copy(piece);
      hash.update(piece);
      writeSync(fd, piece);
    }
    closeSync(fd);
    const sha256 = hash.digest('hex');
    const path = engineInternals(ws).assets.originalPath(sha256, 'image/jpeg');
    mkdirSync(join(path, '..'), { recursive: true });
    copyFileSync(scratch, path);
    writeFileSync(scratch, '');
    engineInternals(ws)
      .db.prepare(
        'INSERT INTO assets (id, sha256, mime, byte_size, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(randomUUID(), sha256, 'image/jpeg', megabytes << 20, 4000, 3000, new Date().toISOString());
    return sha256;
  }

  it('keeps images whose bytes contain ZIP signatures whole (entries are read by offset, not by scanning)', async () => {
    // A real PNG (a restore checks every original as an image) followed by random bytes.
    const bytes = randomBytes(3 << 20);
    (
      await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 1, g: 2, b: 3 } } })
        .png()
        .toBuffer()
    ).copy(bytes);
    for (let at = 1000; at < bytes.length - 8; at += 100_003) {
      bytes.writeUInt32LE(0x08074b50, at); // data descriptor
      bytes.writeUInt32LE(0x02014b50, at + 4); // central directory
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = engineInternals(ws).assets.originalPath(sha256, 'image/png');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
    engineInternals(ws)
      .db.prepare(
        'INSERT INTO assets (id, sha256, mime, byte_size, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(randomUUID(), sha256, 'image/png', bytes.length, 10, 10, new Date().toISOString());
    const out = join(tmp.dir, 'signaturen.zip');
    await exportFullBackup(engineInternals(ws).db, data(), out);
    const fresh = join(tmp.dir, 'neu');
    await restoreFullBackup(fresh, out);
    expect(readFileSync(join(fresh, 'assets', 'originals', sha256.slice(0, 2), `${sha256}.png`)).equals(bytes)).toBe(
      true,
    );
  });

  it('writes and reads an archive far larger than the memory it uses', { timeout: 120_000 }, async () => {
    const shas: string[] = [];
    for (let i = 0; i < FILES; i++) shas.push(await storeLargeAsset(32));
    const total = FILES * 32;
    // Heap and buffers (where file data would sit), from a collected baseline.
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
    let peak = 0;
    const base = used();
    const sampler = setInterval(() => (peak = Math.max(peak, used() - base)), 5);
    const started = performance.now();
    const out = join(tmp.dir, 'gross.zip');
    const written = await exportFullBackup(engineInternals(ws).db, data(), out);
    const exportMs = performance.now() - started;
    const exportPeak = peak;
    peak = 0;
    const fresh = join(tmp.dir, 'neu');
    const restoreStarted = performance.now();
    const restored = await restoreFullBackup(fresh, out);
    const restoreMs = performance.now() - restoreStarted;
    clearInterval(sampler);
    const restorePeak = peak;
    console.info(
      `archive: ${total} MB of assets, archive ${Math.round(written.bytes / 2 ** 20)} MB; ` +
        `export ${Math.round(exportMs)} ms (memory +${Math.round(exportPeak / 2 ** 20)} MB), ` +
        `restore ${Math.round(restoreMs)} ms (memory +${Math.round(restorePeak / 2 ** 20)} MB)`,
    );
    expect(written.assets).toBe(FILES);
    expect(restored.assets).toBe(FILES);
    for (const sha of shas)
      expect(statSync(join(fresh, 'assets', 'originals', sha.slice(0, 2), `${sha}.jpg`)).size).toBe(32 << 20);
    // Holding the assets in memory would take at least their size; streaming stays well below it.
    expect(exportPeak).toBeLessThan((total << 20) / 2);
    expect(restorePeak).toBeLessThan((total << 20) / 2);
  });
});

describe('portable archive: hostile and damaged files are refused, data unchanged', () => {
  let good: Record<string, Uint8Array>;
  let manifest: FullBackupManifest;

  beforeEach(async () => {
    await fill();
    const out = join(tmp.dir, 'gut.zip');
    await exportFullBackup(engineInternals(ws).db, data(), out);
    good = unzipSync(readFileSync(out));
    manifest = JSON.parse(new TextDecoder().decode(good[MANIFEST_ENTRY])) as FullBackupManifest;
  });

  function build(entries: Zippable): string {
    const file = join(tmp.dir, `feindlich-${Math.random().toString(36).slice(2)}.zip`);
    writeFileSync(file, zipSync(entries, { level: 0 }));
    return file;
  }
  const withManifest = (m: unknown): Zippable => ({
    [MANIFEST_ENTRY]: strToU8(JSON.stringify(m)),
    ...Object.fromEntries(Object.entries(good).filter(([name]) => name !== MANIFEST_ENTRY)),
  });
  const assetPath = () => manifest.entries.find((e) => e.path.startsWith('assets/'))!.path;

  const cases: [string, () => Zippable, string][] = [
    ['an entry climbing out with ../', () => ({ ...good, '../../ausbruch.db': strToU8('x') }), 'ARCHIVE_INVALID/path'],
    ['an absolute path', () => ({ ...good, '/etc/pressdesk.db': strToU8('x') }), 'ARCHIVE_INVALID/path'],
    ['a Windows drive path', () => ({ ...good, 'C:/pressdesk.db': strToU8('x') }), 'ARCHIVE_INVALID/path'],
    [
      'a symbolic link',
      () => {
        const entries: Zippable = { ...good };
        entries[assetPath()] = [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }];
        return entries;
      },
      'ARCHIVE_INVALID/symlink',
    ],
    [
      'an entry the manifest does not list',
      () => ({ ...good, 'assets/originals/00/notes.txt': strToU8('x') }),
      'ARCHIVE_INVALID/unknown-entry',
    ],
    ['a newer format', () => withManifest({ ...manifest, format: 'pressdesk.archive/2' }), 'ARCHIVE_UNSUPPORTED'],
    ['a foreign format', () => withManifest({ ...manifest, format: 'other.backup/1' }), 'ARCHIVE_UNSUPPORTED'],
    ['no manifest at all', () => ({ [DATABASE_ENTRY]: good[DATABASE_ENTRY]! }), 'ARCHIVE_INVALID/manifest'],
    ['a newer schema', () => withManifest({ ...manifest, schemaVersion: 999 }), 'DB_TOO_NEW'],
    [
      'a changed asset byte',
      () => {
        const bytes = Uint8Array.from(good[assetPath()]!);
        bytes[bytes.length - 5]! ^= 0xff;
        return { ...good, [assetPath()]: bytes };
      },
      'ARCHIVE_INVALID/sha256',
    ],
    [
      'a database larger than listed (a bomb)',
      () =>
        withManifest({
          ...manifest,
          entries: manifest.entries.map((e) => (e.path === DATABASE_ENTRY ? { ...e, size: 100 } : e)),
        }),
      'ARCHIVE_INVALID/size',
    ],
    [
      'a listed entry missing',
      () => Object.fromEntries(Object.entries(good).filter(([name]) => name !== assetPath())),
      'ARCHIVE_INVALID/missing',
    ],
    [
      'the manifest not first',
      () => {
        const { [MANIFEST_ENTRY]: first, ...rest } = good;
        return { ...rest, [MANIFEST_ENTRY]: first! };
      },
      'ARCHIVE_INVALID/manifest',
    ],
  ];

  for (const [name, make, code] of cases) {
    it(`refuses ${name} with ${code}`, async () => {
      const before = headlines(ws);
      ws.close();
      const file = build(make());
      expect(await refusalOf(restoreFullBackup(data(), file))).toBe(code);
      expect(leftovers(data())).toEqual([]);
      expect(existsSync(join(tmp.dir, 'ausbruch.db'))).toBe(false);
      expect(await listBackups(data())).toEqual([]);
      ws = openWorkstation({ dataDir: data(), host: 'cli' });
      expect(headlines(ws)).toEqual(before);
    });
  }

  it('refuses a truncated archive', async () => {
    const file = join(tmp.dir, 'abgeschnitten.zip');
    copyFileSync(join(tmp.dir, 'gut.zip'), file);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    ws.close();
    expect(await refusalOf(restoreFullBackup(data(), file))).toBe('ARCHIVE_INVALID/eocd');
    expect(leftovers(data())).toEqual([]);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).releases.list().total).toBe(2);
  });
});
