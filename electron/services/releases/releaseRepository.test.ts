import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from '../testing/internals';
import { checkedFields, pickFields } from './releaseRepository';

const body = (text: string) =>
  ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }) as const;

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return undefined;
}

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const revisionVersions = (w: Workstation, id: string) =>
  (
    engineInternals(w)
      .db.prepare('SELECT version FROM release_revisions WHERE release_id = ? ORDER BY version')
      .all(id) as {
      version: number;
    }[]
  ).map((r) => r.version);

describe('revisions of autosaved editing', () => {
  let clock: number;
  let timed: Workstation;
  beforeEach(() => {
    clock = Date.parse('2025-03-01T09:00:00Z');
    ws.close();
    timed = openWorkstation({ dataDir: tmp.dir, host: 'cli', now: () => new Date(clock) });
    ws = timed;
  });

  it('keeps autosaves at most every ten minutes, but every save stays durable', () => {
    const r = engineInternals(timed).releases.create({ headline: 'Start' });
    let version = r.version;
    for (let i = 1; i <= 20; i++) {
      clock += 60_000; // one autosave a minute
      version = engineInternals(timed).releases.save(r.id, version, { headline: `Fassung ${i}` }).version;
    }
    expect(engineInternals(timed).releases.get(r.id).headline).toBe('Fassung 20');
    // version 1 (created), then the autosaves at minute 10 (v11) and 20 (v21)
    expect(revisionVersions(timed, r.id)).toEqual([1, 11, 21]);
  });

  it('keeps every explicit save, and the states on both sides of a status change', () => {
    const r = engineInternals(timed).releases.create({ headline: 'Start' });
    clock += 1000;
    const a = engineInternals(timed).releases.save(r.id, 1, { headline: 'autosave' });
    clock += 1000;
    const b = engineInternals(timed).releases.save(r.id, a.version, { headline: 'explizit' }, { checkpoint: true });
    clock += 1000;
    const c = engineInternals(timed).releases.save(r.id, b.version, { headline: 'noch ein autosave' });
    clock += 1000;
    const d = engineInternals(timed).releases.save(r.id, c.version, { status: 'review' });
    expect([a.version, b.version, c.version, d.version]).toEqual([2, 3, 4, 5]);
    expect(revisionVersions(timed, r.id)).toEqual([1, 3, 4, 5]);
  });
});

describe('releases', () => {
  it('creates a German draft with defaults and reads it back after reopening', () => {
    const created = engineInternals(ws).releases.create({
      headline: 'Neue Förderrichtlinie für Kommunen',
      topic: 'Integration',
      body: body('Text'),
    });
    expect(created).toMatchObject({ version: 1, status: 'draft', language: 'de', tags: [], deletedAt: null });
    ws.close();
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
    expect(engineInternals(ws).releases.get(created.id)).toEqual(created);
  });

  it('saves with optimistic concurrency: a stale base version is a CONFLICT and writes nothing', async () => {
    const r = engineInternals(ws).releases.create({ headline: 'A' });
    const first = engineInternals(ws).releases.save(
      r.id,
      1,
      { headline: 'B', body: body('zwei') },
      { checkpoint: true },
    );
    expect(first.version).toBe(2);
    expect(await codeOf(() => engineInternals(ws).releases.save(r.id, 1, { headline: 'C' }))).toBe('CONFLICT');
    expect(engineInternals(ws).releases.get(r.id)).toEqual(first);
    const revisions = engineInternals(ws)
      .db.prepare('SELECT version FROM release_revisions WHERE release_id = ? ORDER BY version')
      .all(r.id);
    expect(revisions).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('refuses invalid bodies and unsafe links and leaves the release unchanged', async () => {
    const r = engineInternals(ws).releases.create({ headline: 'A', body: body('sicher') });
    const link = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
        },
      ],
    };
    expect(await codeOf(() => engineInternals(ws).releases.save(r.id, 1, { body: link as never }))).toBe('UNSAFE_LINK');
    expect(
      await codeOf(() =>
        engineInternals(ws).releases.save(r.id, 1, { body: { type: 'doc', content: [{ type: 'script' }] } as never }),
      ),
    ).toBe('INVALID_DOCUMENT');
    expect(await codeOf(() => engineInternals(ws).releases.create({ body: link as never }))).toBe('UNSAFE_LINK');
    expect(engineInternals(ws).releases.get(r.id)).toEqual(r);
    expect(engineInternals(ws).releases.list().total).toBe(1);
  });

  it('lists newest first and moves releases to a restorable trash', () => {
    const older = engineInternals(ws).releases.create({ headline: 'Alt', publishedAt: '2023-01-01T10:00:00.000Z' });
    const newer = engineInternals(ws).releases.create({ headline: 'Neu', publishedAt: '2024-06-01T10:00:00.000Z' });
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((i) => i.headline),
    ).toEqual(['Neu', 'Alt']);
    expect(
      engineInternals(ws)
        .releases.list({ limit: 1 })
        .items.map((i) => i.id),
    ).toEqual([newer.id]);
    const trashed = engineInternals(ws).releases.trash(older.id);
    expect(trashed.deletedAt).not.toBeNull();
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((i) => i.id),
    ).toEqual([newer.id]);
    expect(
      engineInternals(ws)
        .releases.list({ trash: true })
        .items.map((i) => i.id),
    ).toEqual([older.id]);
    const restored = engineInternals(ws).releases.restore(older.id);
    expect(restored.deletedAt).toBeNull();
    expect(restored.version).toBe(3);
    expect(engineInternals(ws).releases.list().total).toBe(2);
  });

  it('deletes a release for good only from the trash, with its revisions and its place in the search', async () => {
    const { releases, search } = engineInternals(ws);
    const keep = releases.create({ headline: 'Hafenfest bleibt' });
    const gone = releases.create({ headline: 'Hafenfest geht', body: body('Hafenfest am Kai.') });
    expect(await codeOf(() => releases.purge(gone.id))).toBe('NOT_IN_TRASH');
    expect(releases.get(gone.id).deletedAt).toBeNull();
    releases.trash(gone.id);
    expect(releases.purge(gone.id)).toEqual({ id: gone.id });
    expect(await codeOf(() => releases.get(gone.id))).toBe('NOT_FOUND');
    expect(await codeOf(() => releases.purge(gone.id))).toBe('NOT_FOUND');
    expect(await codeOf(() => releases.restore(gone.id))).toBe('NOT_FOUND');
    expect(releases.list({ trash: true }).total).toBe(0);
    expect(search.search({ query: 'hafenfest' }).items.map((h) => h.id)).toEqual([keep.id]);
    expect(revisionVersions(ws, gone.id)).toEqual([]);
    // Through the contract too, with the declared codes.
    releases.trash(keep.id);
    expect(await ws.handlers['releases.purge']({ id: keep.id })).toEqual({ id: keep.id });
    expect(releases.list().total + releases.list({ trash: true }).total).toBe(0);
  });

  it('refuses images that are not in the media library', async () => {
    const figure = { assetId: 'not-stored', caption: '', credit: '', creditRaw: '', alt: '', decorative: false };
    expect(await codeOf(() => engineInternals(ws).releases.create({ leadImage: figure }))).toBe('INVALID_DOCUMENT');
    expect(
      await codeOf(() =>
        engineInternals(ws).releases.create({ body: { type: 'doc', content: [{ type: 'figure', attrs: figure }] } }),
      ),
    ).toBe('INVALID_DOCUMENT');
    expect(engineInternals(ws).releases.list().total).toBe(0);
  });

  it('writes a new release as its first revision exactly as the release reads back, from the row values alone', async () => {
    const { releases, assets, db } = engineInternals(ws);
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#58a' } })
      .jpeg()
      .toBuffer();
    const asset = await assets.importBytes(photo, 'a.jpg');
    const figure = {
      assetId: asset.id,
      caption: 'Brücke „Süd“',
      credit: 'Foto: © dpa',
      creditRaw: '',
      alt: 'x',
      decorative: false,
    };
    const tricky = 'Zitat: "Straße"\\ \u2028 😀 </script>';
    const made = [
      releases.create({}),
      releases.create({
        headline: tricky,
        teaser: 'Über die Brücke',
        tags: ['Verkehr', tricky],
        publishedAt: '2025-03-01T09:00:00.000Z',
        leadImage: figure,
        body: {
          type: 'doc',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: tricky }] },
            { type: 'figure', attrs: figure },
          ],
        },
      }),
    ];
    // Imported with the store's own time stamps, and checked ahead as the record thread checks them.
    const fields = { ...pickFields(releases.get(made[1]!.id)), headline: 'Eingelesen' };
    releases.upsert(fields, { id: 'imported-1', createdAt: '2020-01-02T03:04:05.000Z' });
    releases.upsertChecked(checkedFields(fields), { id: 'imported-2', updatedAt: '2021-01-01T00:00:00.000Z' });
    const revision = db.prepare<[string], string>(
      'SELECT snapshot FROM release_revisions WHERE release_id = ? AND version = 1',
    );
    for (const id of [...made.map((r) => r.id), 'imported-1', 'imported-2']) {
      expect(revision.pluck().get(id)).toBe(JSON.stringify(releases.get(id)));
    }
    expect(checkedFields(fields).images).toEqual([asset.id]);
  });

  it('answers NOT_FOUND for unknown ids', async () => {
    expect(await codeOf(() => engineInternals(ws).releases.get('nope'))).toBe('NOT_FOUND');
    expect(await codeOf(() => engineInternals(ws).releases.save('nope', 1, {}))).toBe('NOT_FOUND');
    expect(await codeOf(() => engineInternals(ws).releases.trash('nope'))).toBe('NOT_FOUND');
  });

  it('counts topics in use', () => {
    engineInternals(ws).releases.create({ topic: 'Polizei' });
    engineInternals(ws).releases.create({ topic: 'Polizei' });
    engineInternals(ws).releases.create({ topic: 'Justiz' });
    expect(engineInternals(ws).releases.topics()).toEqual([
      { topic: 'Polizei', count: 2 },
      { topic: 'Justiz', count: 1 },
    ]);
  });
});

describe('data directory', () => {
  it('refuses a data directory that cannot be used, without creating anything', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await codeOf(() => openWorkstation({ dataDir: file, host: 'cli' }))).toBe('DATA_DIR_NOT_WRITABLE');
    expect(await codeOf(() => openWorkstation({ dataDir: join(file, 'below'), host: 'cli' }))).toBe(
      'DATA_DIR_NOT_WRITABLE',
    );
  });

  // Root ignores permission bits, so this one runs only as a normal user; the cases above run everywhere.
  it.skipIf(process.getuid?.() === 0)('refuses a read-only data directory', async () => {
    const { chmodSync, mkdirSync } = await import('node:fs');
    const dir = join(tmp.dir, 'ro');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    try {
      expect(await codeOf(() => openWorkstation({ dataDir: dir, host: 'cli' }))).toBe('DATA_DIR_NOT_WRITABLE');
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
