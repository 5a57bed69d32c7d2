import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import Database from 'better-sqlite3';
import { strToU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import yazl from 'yazl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { makeTempDir } from '../testing/tempDir';
import { rawZip } from '../testing/rawZip';
import { openWorkstation, type Workstation } from '../workstation';
import { DATABASE_ENTRY, MANIFEST_ENTRY, type FullBackupManifest } from './fullBackupFormat';
import { restoreFullBackup } from './fullBackupRestore';
import { exportFullBackup } from './fullBackupWriter';
import { BACKUP_DIR, backupDatabase, listBackups, restoreDatabase } from './backupService';
import { WordList } from '../archive/wordList';
import { engineInternals } from '../testing/internals';

/**
 * Hostile and foreign input to every restore path: each case ends in a clear
 * error code with the store unchanged, or in a restore that left out what did
 * not pass the checks of an import and says so in `dropped`.
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

const HOSTILE_LEVEL = '2><script>alert(1)</script><h2';

async function refusalOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof PressdeskError)) return `raw: ${String(error)}`;
    const reason = (error.details as { reason?: string } | undefined)?.reason;
    return reason ? `${error.code}/${reason}` : error.code;
  }
  return 'no error';
}

async function photo(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 30 + seed, height: 20, channels: 3, background: { r: seed * 30, g: 80, b: 20 } } })
    .jpeg()
    .toBuffer();
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function body(...content: unknown[]): string {
  return JSON.stringify({ type: 'doc', content });
}
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** Everything a user could notice of a data directory's database, to compare before and after. */
function contentOf(db: Database.Database): unknown {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    releases: all('SELECT * FROM releases ORDER BY id'),
    revisions: all('SELECT release_id, version, snapshot FROM release_revisions ORDER BY release_id, version'),
    assets: all('SELECT * FROM assets ORDER BY id'),
    snippets: all('SELECT * FROM snippets ORDER BY id'),
    settings: all('SELECT key, value_json FROM app_settings ORDER BY key'),
    schema: all("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"),
  };
}

function contentOfDir(dir: string): unknown {
  const db = new Database(join(dir, 'pressdesk.db'), { readonly: true, fileMustExist: true });
  try {
    return contentOf(db);
  } finally {
    db.close();
  }
}

function schemaNames(db: Database.Database): string[] {
  return (db.prepare('SELECT type, name FROM sqlite_master').all() as { type: string; name: string }[]).map(
    (o) => `${o.type}:${o.name}`,
  );
}

function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => /\.partial$|\.tmp$|-journal$/.test(e.name) || e.name.startsWith('.restore-'))
    .map((e) => e.name);
}

/** The live data directory: a release, a release with a lead image, a snippet, and the workstation's own settings. */
async function fillLive(): Promise<void> {
  const image = await engineInternals(ws).assets.importBytes(await photo(9), 'hier.jpg');
  engineInternals(ws).releases.create({ headline: 'Hier geschrieben' });
  engineInternals(ws).releases.create({
    headline: 'Mit Bild von hier',
    leadImage: { assetId: image.id, caption: 'Hier', credit: '', creditRaw: '', alt: 'Bild', decorative: false },
  });
  engineInternals(ws).settings.set('export.baseUrl', 'https://presse.example.de/');
  engineInternals(ws).settings.set('backup.keep', 7);
}

/** A second workstation's database backup (a file from elsewhere), open for tampering. */
async function foreignBackup(
  fill?: (w: Workstation) => Promise<void> | void,
): Promise<{ file: string; db: Database.Database; ids: Record<string, string> }> {
  const source = openWorkstation({ dataDir: join(tmp.dir, 'quelle'), host: 'cli' });
  const ids: Record<string, string> = {};
  try {
    ids.plain = engineInternals(source).releases.create({ headline: 'Aus der Fremde' }).id;
    ids.other = engineInternals(source).releases.create({
      headline: 'Noch eine Meldung',
      body: JSON.parse(body(paragraph('Text'))) as Release['body'],
    }).id;
    engineInternals(source).snippets.save({ kind: 'boilerplate', title: 'Über uns', text: 'Wir sind das Amt.' });
    await fill?.(source);
    const file = join(tmp.dir, `fremd-${randomUUID()}.db`);
    await backupDatabase(engineInternals(source).db, file);
    return { file, db: new Database(file), ids };
  } finally {
    source.close();
  }
}

describe('restoring a foreign database', () => {
  it('leaves foreign triggers, views, indexes, tables and columns behind; they never reach a backup', async () => {
    await fillLive();
    const { file, db, ids } = await foreignBackup();
    db.exec(`CREATE TRIGGER evil AFTER INSERT ON releases BEGIN
               UPDATE releases SET headline = 'gehackt' WHERE rowid = NEW.rowid;
               INSERT INTO app_settings (key, value_json, updated_at) VALUES ('export.baseUrl', '"https://evil.example/"', 'x');
             END`);
    db.exec(`CREATE TRIGGER spy AFTER UPDATE ON releases BEGIN DELETE FROM releases; END`);
    db.exec(`CREATE VIEW v AS SELECT id, headline FROM releases`);
    db.exec(`CREATE TABLE foo (x TEXT); INSERT INTO foo VALUES ('geheim')`);
    db.exec(`CREATE INDEX lookout ON releases (headline)`);
    db.exec(`ALTER TABLE releases ADD COLUMN payload TEXT DEFAULT '<script>'`);
    db.close();
    ws.close();

    const result = await restoreDatabase(data(), file);
    expect(result.dropped).toEqual(
      expect.arrayContaining([
        'trigger:evil',
        'trigger:spy',
        'view:v',
        'table:foo',
        'index:lookout',
        'column:releases.payload',
      ]),
    );
    expect(result.droppedCount).toBe(result.dropped.length);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    const names = schemaNames(engineInternals(ws).db);
    for (const gone of ['trigger:evil', 'trigger:spy', 'view:v', 'table:foo', 'index:lookout'])
      expect(names).not.toContain(gone);
    expect(engineInternals(ws).releases.get(ids.plain!).headline).toBe('Aus der Fremde');
    expect(
      engineInternals(ws)
        .search.search({ query: 'Fremde' })
        .items.map((h) => h.id),
    ).toEqual([ids.plain]);
    // Writing afterwards runs no foreign trigger.
    const saved = engineInternals(ws).releases.save(ids.plain!, 1, { headline: 'Geändert' });
    expect(engineInternals(ws).releases.get(saved.id).headline).toBe('Geändert');
    expect(engineInternals(ws).releases.list().total).toBe(2);
    // The workstation's own export address stays; the foreign trigger never wrote one.
    expect(engineInternals(ws).settings.exportSettings().baseUrl).toBe('https://presse.example.de/');

    const next = join(tmp.dir, 'danach.db');
    await backupDatabase(engineInternals(ws).db, next);
    const copy = new Database(next, { readonly: true });
    expect(schemaNames(copy).filter((n) => /evil|spy|:v$|foo|lookout/.test(n))).toEqual([]);
    expect(
      (copy.prepare("SELECT name FROM pragma_table_info('releases')").all() as { name: string }[]).map((c) => c.name),
    ).not.toContain('payload');
    copy.close();
  });

  it('drops releases whose body or fields do not pass the checks of an import', async () => {
    await fillLive();
    const { file, db, ids } = await foreignBackup();
    const heading = { type: 'heading', attrs: { level: HOSTILE_LEVEL }, content: [{ type: 'text', text: 'x' }] };
    db.prepare('UPDATE releases SET body_json = ? WHERE id = ?').run(body(heading), ids.plain);
    const list = {
      type: 'orderedList',
      attrs: { start: '1" onmouseover="alert(1)' },
      content: [{ type: 'listItem', content: [paragraph('eins')] }],
    };
    const insert = db.prepare(
      "INSERT INTO releases (id, body_json, created_at, updated_at, version, status) VALUES (?, ?, ?, ?, 1, 'draft')",
    );
    insert.run('liste', body(list), new Date().toISOString(), new Date().toISOString());
    db.prepare(
      "INSERT INTO releases (id, body_json, created_at, updated_at, version, status) VALUES (?, ?, ?, ?, 1, 'draft')",
    ).run(
      'mit-skript-link',
      body({
        type: 'paragraph',
        content: [{ type: 'text', text: 'klick', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
      }),
      new Date().toISOString(),
      new Date().toISOString(),
    );
    // A hand-made file need not keep the table's CHECK constraints.
    db.pragma('ignore_check_constraints = ON');
    db.prepare("UPDATE releases SET status = 'hacked' WHERE id = ?").run(ids.other);
    db.close();
    ws.close();

    const result = await restoreDatabase(data(), file);
    expect(result.dropped).toEqual(
      expect.arrayContaining([
        `release:${ids.plain}:INVALID_DOCUMENT`,
        `release:${ids.other}:INVALID_INPUT`,
        'release:mit-skript-link:UNSAFE_LINK',
        'release:liste:INVALID_DOCUMENT',
      ]),
    );
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).releases.list().total).toBe(0);
    expect(JSON.stringify(contentOf(engineInternals(ws).db))).not.toContain('<script>');
  });

  it('drops a revision whose snapshot is hostile, and keeps its release', async () => {
    const { file, db, ids } = await foreignBackup();
    const heading = { type: 'heading', attrs: { level: HOSTILE_LEVEL }, content: [{ type: 'text', text: 'x' }] };
    const row = db.prepare('SELECT snapshot FROM release_revisions WHERE release_id = ?').get(ids.plain) as {
      snapshot: string;
    };
    db.prepare('UPDATE release_revisions SET snapshot = ? WHERE release_id = ?').run(
      JSON.stringify({ ...(JSON.parse(row.snapshot) as object), body: JSON.parse(body(heading)) as unknown }),
      ids.plain,
    );
    db.close();
    ws.close();
    const result = await restoreDatabase(data(), file);
    expect(result.dropped).toContain(`revision:${ids.plain}@1`);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).releases.get(ids.plain!).headline).toBe('Aus der Fremde');
    expect(engineInternals(ws).releases.revisions(ids.plain!)).toEqual([]);
    expect(engineInternals(ws).releases.revisions(ids.other!)).toHaveLength(1);
  });

  it('never lets an asset row name a path, and drops the releases that show it', async () => {
    await fillLive();
    const { file, db, ids } = await foreignBackup(async (source) => {
      const image = await engineInternals(source).assets.importBytes(await photo(1), 'fremd.jpg');
      engineInternals(source).releases.create({
        headline: 'Mit fremdem Bild',
        leadImage: { assetId: image.id, caption: '', credit: '', creditRaw: '', alt: 'Bild', decorative: false },
      });
    });
    const asset = db.prepare('SELECT id FROM assets').get() as { id: string };
    const withImage = (
      db.prepare("SELECT id FROM releases WHERE headline = 'Mit fremdem Bild'").get() as { id: string }
    ).id;
    db.prepare('UPDATE assets SET sha256 = ? WHERE id = ?').run('../../x', asset.id);
    db.prepare(
      `INSERT INTO assets (id, sha256, mime, byte_size, width, height, created_at)
       VALUES ('../../etc/passwd', ?, 'image/jpeg', 10, 1, 1, '2024-01-01T00:00:00.000Z')`,
    ).run('a'.repeat(64));
    db.prepare(
      `INSERT INTO assets (id, sha256, mime, byte_size, width, height, created_at)
       VALUES ('svg-bild', ?, 'image/svg+xml', 10, 1, 1, '2024-01-01T00:00:00.000Z')`,
    ).run('b'.repeat(64));
    db.close();
    ws.close();

    const result = await restoreDatabase(data(), file);
    expect(result.dropped).toEqual(
      expect.arrayContaining([
        `asset:${asset.id}:sha256`,
        'asset:../../etc/passwd:id',
        'asset:svg-bild:mime',
        `release:${withImage}:INVALID_DOCUMENT`,
      ]),
    );
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).assets.list().total).toBe(0);
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.id)
        .sort(),
    ).toEqual([ids.plain, ids.other].sort());
    expect(existsSync(join(tmp.dir, 'x'))).toBe(false);
  });

  it('takes only the settings a user can set in the app; export settings stay the workstation’s own', async () => {
    await fillLive();
    const { file, db } = await foreignBackup((source) => {
      engineInternals(source).settings.set('export.baseUrl', 'https://evil.example/');
      engineInternals(source).settings.set('export.office', {
        name: 'Falsches Amt',
        logoUrl: 'https://evil.example/logo.png',
      });
      engineInternals(source).settings.set('backup.keep', 3);
      engineInternals(source).settings.set('ui.theme', 'dark');
    });
    db.close();
    ws.close();
    const result = await restoreDatabase(data(), file);
    expect(result.dropped).toEqual(
      expect.arrayContaining(['setting:export.baseUrl', 'setting:export.office', 'setting:ui.theme']),
    );
    expect(result.dropped).not.toContain('setting:backup.keep');
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).settings.exportSettings()).toMatchObject({
      baseUrl: 'https://presse.example.de/',
      office: { name: '' },
    });
    expect(engineInternals(ws).settings.get('backup.keep', 0)).toBe(3);

    // A number no user could set is not taken either.
    const again = await foreignBackup((source) => engineInternals(source).settings.set('backup.keep', 1000));
    again.db.close();
    ws.close();
    expect((await restoreDatabase(data(), again.file)).dropped).toContain('setting:backup.keep');
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).settings.get('backup.keep', 0)).toBe(0);
  });

  it('refuses a database without its releases table, or from a newer Pressdesk, and changes nothing', async () => {
    await fillLive();
    const before = contentOf(engineInternals(ws).db);
    const missing = await foreignBackup();
    missing.db.exec('DROP TABLE releases');
    missing.db.close();
    const newer = await foreignBackup();
    newer.db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'x', 'x')").run();
    newer.db.close();
    const none = await foreignBackup();
    none.db.exec('DROP TABLE schema_migrations');
    none.db.close();
    ws.close();
    expect(await refusalOf(() => restoreDatabase(data(), missing.file))).toBe('DB_CORRUPT');
    expect(await refusalOf(() => restoreDatabase(data(), newer.file))).toBe('DB_TOO_NEW');
    expect(await refusalOf(() => restoreDatabase(data(), none.file))).toBe('DB_CORRUPT');
    expect(contentOfDir(data())).toEqual(before);
    expect(await listBackups(data())).toEqual([]);
    expect(leftovers(data())).toEqual([]);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
  });

  it('reads a database of an older schema: the columns it has, defaults for the rest, indexed for search', async () => {
    const file = join(tmp.dir, 'alt.db');
    const old = new Database(file);
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    const at = '2023-03-01T08:00:00.000Z';
    old
      .prepare(
        `INSERT INTO releases (id, headline, body_json, body_text, status, published_at, created_at, updated_at, version,
         press_contact)
       VALUES ('alt-1', 'Brücke über die Ruhr', ?, 'veraltet', 'published', ?, ?, ?, 3, 'Pressestelle')`,
      )
      .run(body(paragraph('Die Brücke wird gebaut.')), at, at, at);
    old
      .prepare(
        "INSERT INTO snippets (id, kind, title, text, created_at, updated_at) VALUES ('s1', 'pressContact', 'Kontakt', 'Tel. 1', ?, ?)",
      )
      .run(at, at);
    old.exec(`CREATE TRIGGER alt_evil AFTER INSERT ON releases BEGIN DELETE FROM releases; END`);
    old.close();
    ws.close();

    const result = await restoreDatabase(data(), file);
    expect(result.dropped).toEqual(['trigger:alt_evil']);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    const release = engineInternals(ws).releases.get('alt-1');
    expect(release).toMatchObject({
      headline: 'Brücke über die Ruhr',
      status: 'published',
      publishedAt: at,
      version: 3,
      leadImage: null,
      relatedReleaseIds: [],
      pressContact: 'Pressestelle',
    });
    // The search text is made from the body again, never taken from the file.
    expect(
      engineInternals(ws)
        .search.search({ query: 'gebaut' })
        .items.map((h) => h.id),
    ).toEqual(['alt-1']);
    expect(engineInternals(ws).search.search({ query: 'veraltet' }).items).toEqual([]);
    // The list of words is read from the copied releases before the restore ends: a part of a word is found.
    expect(new WordList(engineInternals(ws).db).behind()).toBe(false);
    expect(
      engineInternals(ws)
        .search.search({ query: 'rücke' })
        .items.map((h) => h.id),
    ).toEqual(['alt-1']);
    expect(
      engineInternals(ws)
        .snippets.list()
        .map((s) => s.title),
    ).toEqual(['Kontakt']);
  });
});

describe('restoring a foreign backup in the running app', () => {
  it('copies it through the checks; the trigger is absent from the live database and the next backup', async () => {
    ws.close();
    ws = openWorkstation({ dataDir: data(), host: 'web' });
    engineInternals(ws).releases.create({ headline: 'Vorher' });
    const { file, db, ids } = await foreignBackup();
    db.exec(`CREATE TRIGGER evil AFTER INSERT ON releases BEGIN UPDATE releases SET headline = 'gehackt'; END`);
    db.prepare('UPDATE releases SET body_json = ? WHERE id = ?').run(
      body({ type: 'heading', attrs: { level: HOSTILE_LEVEL }, content: [{ type: 'text', text: 'x' }] }),
      ids.other,
    );
    db.close();
    const name = 'pressdesk-manual-20240101T000000000Z.db';
    mkdirSync(join(data(), BACKUP_DIR), { recursive: true });
    writeFileSync(join(data(), BACKUP_DIR, name), readFileSync(file));

    const result = await ws.handlers['backup.restore']({ name });
    expect(result.dropped).toEqual(expect.arrayContaining(['trigger:evil', `release:${ids.other}:INVALID_DOCUMENT`]));
    expect(result.droppedCount).toBe(2);
    expect(schemaNames(engineInternals(ws).db)).not.toContain('trigger:evil');
    expect((await ws.handlers['releases.list']({})).items.map((r) => r.headline)).toEqual(['Aus der Fremde']);
    await ws.handlers['releases.create']({ headline: 'Danach' });
    expect((await ws.handlers['releases.list']({})).items.map((r) => r.headline).sort()).toEqual([
      'Aus der Fremde',
      'Danach',
    ]);
    const next = await ws.handlers['backup.create']({});
    const copy = new Database(join(data(), BACKUP_DIR, next.name), { readonly: true });
    expect(schemaNames(copy)).not.toContain('trigger:evil');
    copy.close();
  });
});

/** A full backup of a workstation with one release showing one image, unpacked for tampering. */
async function goodArchive(): Promise<{ entries: Record<string, Uint8Array>; manifest: FullBackupManifest }> {
  const source = openWorkstation({ dataDir: join(tmp.dir, `quelle-${randomUUID()}`), host: 'cli' });
  try {
    const image = await engineInternals(source).assets.importBytes(await photo(2), 'bild.jpg');
    engineInternals(source).releases.create({ headline: 'Ohne Bild' });
    engineInternals(source).releases.create({
      headline: 'Mit Bild',
      leadImage: { assetId: image.id, caption: 'Bild', credit: '', creditRaw: '', alt: 'Bild', decorative: false },
    });
    const out = join(tmp.dir, `gut-${randomUUID()}.zip`);
    await exportFullBackup(engineInternals(source).db, source.dataDir, out);
    const entries = unzipSync(readFileSync(out));
    return {
      entries,
      manifest: JSON.parse(new TextDecoder().decode(entries[MANIFEST_ENTRY])) as FullBackupManifest,
    };
  } finally {
    source.close();
  }
}

/** Writes an archive with yazl: the manifest first, then the other entries as given. */
function writeArchive(
  name: string,
  manifest: FullBackupManifest,
  entries: Record<string, Uint8Array>,
): Promise<string> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), MANIFEST_ENTRY, { compress: false });
  for (const [path, bytes] of Object.entries(entries))
    if (path !== MANIFEST_ENTRY) zip.addBuffer(Buffer.from(bytes), path, { compress: path === DATABASE_ENTRY });
  zip.end();
  const file = join(tmp.dir, name);
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => parts.push(chunk));
    zip.outputStream.on('end', () => {
      writeFileSync(file, Buffer.concat(parts));
      resolve(file);
    });
    zip.outputStream.on('error', reject);
  });
}

/** Replaces an archive's image original with other bytes under their own content address. */
function swapOriginal(
  archive: { entries: Record<string, Uint8Array>; manifest: FullBackupManifest },
  bytes: Uint8Array,
): { entries: Record<string, Uint8Array>; manifest: FullBackupManifest; assetId: string } {
  const dbFile = join(tmp.dir, `db-${randomUUID()}.db`);
  writeFileSync(dbFile, archive.entries[DATABASE_ENTRY]!);
  const db = new Database(dbFile);
  const asset = db.prepare('SELECT id, sha256 FROM assets').get() as { id: string; sha256: string };
  const hash = sha256(bytes);
  db.prepare('UPDATE assets SET sha256 = ?, byte_size = ? WHERE id = ?').run(hash, bytes.length, asset.id);
  db.close();
  const dbBytes = readFileSync(dbFile);
  const oldPath = `assets/originals/${asset.sha256.slice(0, 2)}/${asset.sha256}.jpg`;
  const newPath = `assets/originals/${hash.slice(0, 2)}/${hash}.jpg`;
  const entries: Record<string, Uint8Array> = { [DATABASE_ENTRY]: dbBytes, [newPath]: bytes };
  const manifest: FullBackupManifest = {
    ...archive.manifest,
    entries: archive.manifest.entries.map((e) =>
      e.path === DATABASE_ENTRY
        ? { path: e.path, size: dbBytes.length, sha256: sha256(dbBytes) }
        : e.path === oldPath
          ? { path: newPath, size: bytes.length, sha256: hash }
          : e,
    ),
  };
  return { entries, manifest, assetId: asset.id };
}

/** A PNG whose header claims 20000 × 20000 pixels (a decompression bomb's header). */
function pngBomb(): Buffer {
  const chunk = (type: string, payload: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(payload.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), payload])), 0);
    return Buffer.concat([head, payload, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20_000, 0);
  ihdr.writeUInt32BE(20_000, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(2, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.alloc(16)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('restoring a hostile full backup', () => {
  const svg = strToU8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const html = strToU8('<!doctype html><html><body><script>alert(1)</script></body></html>');
  const originals: [string, () => Uint8Array, string][] = [
    ['an SVG named .jpg', () => svg, 'ASSET_UNSUPPORTED'],
    ['an HTML page named .jpg', () => html, 'ASSET_UNSUPPORTED'],
    ['a PNG named .jpg', () => pngBomb(), 'ASSET_UNSUPPORTED'],
  ];
  for (const [what, bytes, code] of originals) {
    it(`drops an image original that is really ${what}, and the release that shows it`, async () => {
      await fillLive();
      ws.close();
      const archive = swapOriginal(await goodArchive(), bytes());
      const file = await writeArchive('bild.zip', archive.manifest, archive.entries);
      const result = await restoreFullBackup(data(), file);
      expect(result.dropped).toEqual([
        `asset:${archive.assetId}:${code}`,
        expect.stringMatching(/^release:.*:INVALID_DOCUMENT$/),
      ]);
      expect(result).toMatchObject({ releases: 1, assets: 0, droppedCount: 2 });
      ws = openWorkstation({ dataDir: data(), host: 'cli' });
      expect(
        engineInternals(ws)
          .releases.list()
          .items.map((r) => r.headline),
      ).toEqual(['Ohne Bild']);
      const stored = readdirSync(join(data(), 'assets', 'originals'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name)));
      expect(stored.some((b) => b.includes(Buffer.from('<script>')))).toBe(false);
      expect(leftovers(data())).toEqual([]);
    });
  }

  it('drops an original whose header claims more pixels than an image import accepts', async () => {
    const archive = await goodArchive();
    const bomb = pngBomb();
    // Stored as what it is, a PNG, with the row saying so.
    const swapped = swapOriginal(archive, bomb);
    const jpgPath = Object.keys(swapped.entries).find((p) => p.startsWith('assets/'))!;
    const pngPath = jpgPath.replace(/\.jpg$/, '.png');
    const dbFile = join(tmp.dir, 'bombe.db');
    writeFileSync(dbFile, swapped.entries[DATABASE_ENTRY]!);
    const db = new Database(dbFile);
    db.prepare("UPDATE assets SET mime = 'image/png'").run();
    db.close();
    const dbBytes = readFileSync(dbFile);
    const manifest: FullBackupManifest = {
      ...swapped.manifest,
      entries: swapped.manifest.entries.map((e) =>
        e.path === DATABASE_ENTRY
          ? { path: e.path, size: dbBytes.length, sha256: sha256(dbBytes) }
          : e.path === jpgPath
            ? { ...e, path: pngPath }
            : e,
      ),
    };
    const file = await writeArchive('bombe.zip', manifest, { [DATABASE_ENTRY]: dbBytes, [pngPath]: bomb });
    ws.close();
    const result = await restoreFullBackup(data(), file);
    expect(result.dropped[0]).toBe(`asset:${swapped.assetId}:ASSET_TOO_MANY_PIXELS`);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(engineInternals(ws).assets.list().total).toBe(0);
  });

  it('in the running app, too: the SVG never reaches the store and the release that shows it is left out', async () => {
    await fillLive();
    const own = readdirSync(join(data(), 'assets', 'originals'), { recursive: true }).length;
    const archive = swapOriginal(await goodArchive(), svg);
    const file = await writeArchive('app.zip', archive.manifest, archive.entries);
    const result = await ws.archive.importFile(file);
    expect(result).toMatchObject({ status: 'imported', releases: 1, assets: 0, addedImages: 0, droppedCount: 2 });
    expect(result.dropped).toContain(`asset:${archive.assetId}:ASSET_UNSUPPORTED`);
    expect(readdirSync(join(data(), 'assets', 'originals'), { recursive: true })).toHaveLength(own);
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.headline),
    ).toEqual(['Ohne Bild']);
  });

  it('drops the foreign trigger of an archive database; it is absent afterwards and from the next archive', async () => {
    const archive = await goodArchive();
    const dbFile = join(tmp.dir, 'trigger.db');
    writeFileSync(dbFile, archive.entries[DATABASE_ENTRY]!);
    const db = new Database(dbFile);
    db.exec(`CREATE TRIGGER evil AFTER INSERT ON releases BEGIN UPDATE releases SET headline = 'gehackt'; END`);
    db.close();
    const dbBytes = readFileSync(dbFile);
    const manifest = {
      ...archive.manifest,
      entries: archive.manifest.entries.map((e) =>
        e.path === DATABASE_ENTRY ? { path: e.path, size: dbBytes.length, sha256: sha256(dbBytes) } : e,
      ),
    };
    const file = await writeArchive('trigger.zip', manifest, { ...archive.entries, [DATABASE_ENTRY]: dbBytes });
    ws.close();
    const result = await restoreFullBackup(data(), file);
    expect(result).toMatchObject({ dropped: ['trigger:evil'], releases: 2, assets: 1 });
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    expect(schemaNames(engineInternals(ws).db)).not.toContain('trigger:evil');
    engineInternals(ws).releases.create({ headline: 'Neu' });
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.headline)
        .sort(),
    ).toEqual(['Mit Bild', 'Neu', 'Ohne Bild']);
    const next = join(tmp.dir, 'weiter.zip');
    await exportFullBackup(engineInternals(ws).db, data(), next);
    const again = unzipSync(readFileSync(next));
    const copy = join(tmp.dir, 'weiter.db');
    writeFileSync(copy, again[DATABASE_ENTRY]!);
    const check = new Database(copy, { readonly: true });
    expect(schemaNames(check)).not.toContain('trigger:evil');
    check.close();
  });

  describe('declared sizes are judged before anything is unpacked', () => {
    /** An archive whose database entry is 5 MB of zeros, declared (and listed) as `declared` bytes. */
    function lyingArchive(declared: number, listed = declared): string {
      const content = Buffer.alloc(5 << 20);
      const manifest = {
        format: 'pressdesk.archive/1',
        pressdeskVersion: '0.1.0',
        schemaVersion: 1,
        createdAt: new Date().toISOString(),
        counts: { releases: 0, assets: 0 },
        entries: [{ path: DATABASE_ENTRY, size: listed, sha256: sha256(content) }],
      };
      const file = join(tmp.dir, `luege-${randomUUID()}.zip`);
      writeFileSync(
        file,
        rawZip([
          { name: MANIFEST_ENTRY, content: strToU8(JSON.stringify(manifest)), deflate: false },
          { name: DATABASE_ENTRY, content, declaredSize: declared },
        ]),
      );
      return file;
    }

    async function expectUnchanged(run: () => Promise<unknown>, code: string): Promise<void> {
      await fillLive();
      const before = contentOf(engineInternals(ws).db);
      ws.close();
      expect(await refusalOf(run)).toBe(code);
      expect(contentOfDir(data())).toEqual(before);
      expect(await listBackups(data())).toEqual([]);
      expect(leftovers(data())).toEqual([]);
      expect(readdirSync(data()).filter((n) => n.startsWith('.'))).toEqual([]);
      ws = openWorkstation({ dataDir: data(), host: 'cli' });
    }

    it('a 5 MB database entry declaring 5 GB is refused with ARCHIVE_TOO_LARGE', async () => {
      const file = lyingArchive(5 * 1024 ** 3);
      await expectUnchanged(() => restoreFullBackup(data(), file), 'ARCHIVE_TOO_LARGE/entry');
    });

    it('an image entry over the image limit, or archives over the total, are refused', async () => {
      const archive = await goodArchive();
      const image = archive.manifest.entries.find((e) => e.path.startsWith('assets/'))!;
      const file = join(tmp.dir, 'bild-gross.zip');
      const bytes = archive.entries[image.path]!;
      const declared = 300 * 1024 ** 2;
      writeFileSync(
        file,
        rawZip([
          {
            name: MANIFEST_ENTRY,
            content: strToU8(
              JSON.stringify({
                ...archive.manifest,
                entries: archive.manifest.entries.map((e) => (e === image ? { ...e, size: declared } : e)),
              }),
            ),
            deflate: false,
          },
          { name: DATABASE_ENTRY, content: archive.entries[DATABASE_ENTRY]! },
          { name: image.path, content: bytes, declaredSize: declared },
        ]),
      );
      await expectUnchanged(() => restoreFullBackup(data(), file), 'ARCHIVE_TOO_LARGE/entry');
      const total = lyingArchive(5 << 20);
      await expectUnchanged(
        () => restoreFullBackup(data(), total, new Date(), { limits: { maxTotalBytes: 1 << 20 } }),
        'ARCHIVE_TOO_LARGE/total',
      );
    });

    it('an archive the disk cannot hold is refused with DISK_FULL before anything is written', async () => {
      const info = statfsSync(data());
      const declared = info.bavail * info.bsize + 1024 ** 4;
      const file = lyingArchive(declared);
      const unlimited = {
        maxDatabaseBytes: Number.MAX_SAFE_INTEGER,
        maxTotalBytes: Number.MAX_SAFE_INTEGER,
      };
      await expectUnchanged(() => restoreFullBackup(data(), file, new Date(), { limits: unlimited }), 'DISK_FULL');
      await fillLive();
      const before = contentOf(engineInternals(ws).db);
      expect(await refusalOf(() => ws.archive.importFile(file))).toBe('ARCHIVE_TOO_LARGE/entry');
      expect(contentOf(engineInternals(ws).db)).toEqual(before);
    });

    it('an entry that inflates past its declared size is stopped there', async () => {
      const file = lyingArchive(100);
      await expectUnchanged(() => restoreFullBackup(data(), file), 'ARCHIVE_INVALID/size');
    });
  });
});
