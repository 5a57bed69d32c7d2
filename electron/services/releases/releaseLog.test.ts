import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogKind } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { engineInternals } from '../testing/internals';
import { openWorkstation, restoreDataDir, type Workstation } from '../workstation';

const body = (text: string) =>
  ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }) as const;

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

const call = <T>(name: string, input: unknown): Promise<T> =>
  (ws.handlers as unknown as Record<string, (i: unknown) => Promise<T>>)[name]!(input);

async function kinds(id: string): Promise<LogKind[]> {
  const { items } = await call<{ items: { kind: LogKind }[] }>('log.list', { id });
  return items.map((e) => e.kind);
}

describe('the release log', () => {
  it('leaves exactly one entry per action, oldest first, with the actor and the version', async () => {
    await call('profile.set', { name: 'Anna Beispiel', function: 'Pressesprecherin', email: 'anna@example.org' });
    const created = await call<{ id: string; version: number }>('releases.create', { headline: 'Neue Kita' });
    const auto = await call<{ version: number }>('releases.save', {
      id: created.id,
      baseVersion: created.version,
      fields: { body: body('Text') },
    });
    const saved = await call<{ version: number }>('releases.save', {
      id: created.id,
      baseVersion: auto.version,
      fields: { body: body('Text, gespeichert') },
      checkpoint: true,
    });
    const review = await call<{ version: number }>('releases.save', {
      id: created.id,
      baseVersion: saved.version,
      fields: { status: 'review' },
    });
    const restored = await call<{ version: number }>('releases.restoreRevision', {
      id: created.id,
      version: 1,
      baseVersion: review.version,
    });
    await call('releases.trash', { id: created.id });
    await call('releases.restore', { id: created.id });
    // Trashing what is in the trash already is no action.
    await call('releases.trash', { id: created.id });
    await call('releases.trash', { id: created.id });
    await call('releases.purge', { id: created.id });

    const { items } = await call<{
      items: { kind: string; version: number | null; actor: { name: string; initials: string }; detail: object }[];
    }>('log.list', { id: created.id });
    expect(items.map((e) => e.kind)).toEqual([
      'created',
      'autosave',
      'save',
      'status',
      'revision-restored',
      'trashed',
      'untrashed',
      'trashed',
      'purged',
    ]);
    expect(items.map((e) => e.version)).toEqual([1, 2, 3, 4, restored.version, 6, 7, 8, null]);
    expect(items[3]!.detail).toEqual({ from: 'draft', to: 'review' });
    expect(items[4]!.detail).toEqual({ from: 1 });
    expect(items.every((e) => e.actor.name === 'Anna Beispiel' && e.actor.initials === 'AB')).toBe(true);
    // The log outlives the release; filters by kind.
    const only = await call<{ items: { kind: string }[] }>('log.list', { id: created.id, kinds: ['status', 'purged'] });
    expect(only.items.map((e) => e.kind)).toEqual(['status', 'purged']);
  });

  it('names the actor of the moment: a later profile change does not rewrite earlier entries', async () => {
    const created = await call<{ id: string; version: number }>('releases.create', { headline: 'Ohne Profil' });
    await call('profile.set', { name: 'Bernd Muster' });
    await call('releases.save', { id: created.id, baseVersion: created.version, fields: { headline: 'Mit Profil' } });
    const { items } = await call<{ items: { actor: { name: string } }[] }>('log.list', { id: created.id });
    expect(items.map((e) => e.actor.name)).toEqual(['', 'Bernd Muster']);
  });

  it('records duplicates, imports and exports', async () => {
    const source = await call<{ id: string }>('releases.create', { headline: 'Vorlage', body: body('Inhalt') });
    const copy = await call<{ id: string }>('releases.duplicate', { id: source.id });
    expect(await kinds(copy.id)).toEqual(['duplicated']);
    const { items } = await call<{ items: { detail: object }[] }>('log.list', { id: copy.id });
    expect(items[0]!.detail).toEqual({ from: source.id });

    const out = join(tmp.dir, 'exports');
    mkdirSync(out);
    await ws.exportRelease(source.id, { out: join(out, 'bundle') });
    await ws.exportReleaseDocx(source.id, { out: join(out, 'release.docx') });
    await ws.exportReleaseWireText(source.id, { out: join(out, 'release.txt') });
    await ws.exportReleasePdf(source.id, { out: join(out, 'release.pdf') });
    await call('export.pdf', { id: source.id });
    await call('export.wireText', { id: source.id });
    expect(await kinds(source.id)).toEqual(['created', ...Array<string>(6).fill('exported')]);
    const exported = await call<{ items: { detail: { format?: string; target?: string } }[] }>('log.list', {
      id: source.id,
      kinds: ['exported'],
    });
    expect(exported.items.map((e) => `${e.detail.format}:${e.detail.target}`)).toEqual([
      'bundle:folder',
      'docx:file',
      'wire:file',
      'pdf:file',
      'pdf:download',
      'wire:clipboard',
    ]);
  });

  it('a failed action leaves no entry', async () => {
    const created = await call<{ id: string; version: number }>('releases.create', { headline: 'Konflikt' });
    await expect(
      call('releases.save', { id: created.id, baseVersion: created.version + 5, fields: { headline: 'x' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      call('releases.save', { id: created.id, baseVersion: created.version, fields: { status: 'published' } }),
    ).rejects.toBeInstanceOf(PressdeskError);
    expect(await kinds(created.id)).toEqual(['created']);
  });

  it('cannot be changed or deleted, not even with SQL', async () => {
    const created = await call<{ id: string }>('releases.create', { headline: 'Fest' });
    const { db } = engineInternals(ws);
    expect(() => db.prepare(`UPDATE release_log SET kind = 'save'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM release_log').run()).toThrow(/append-only/);
    expect(await kinds(created.id)).toEqual(['created']);
  });

  it('answers NOT_FOUND for an id that never had an entry', async () => {
    await expect(call('log.list', { id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('the profile', () => {
  it('is null until given, refuses one without a name and keeps the stored one', async () => {
    expect(await call('profile.get', {})).toEqual({ profile: null });
    await call('profile.set', { name: 'Anna Beispiel', email: 'anna@example.org' });
    await expect(call('profile.set', { name: '  ' })).rejects.toMatchObject({ code: 'PROFILE_INVALID' });
    await expect(call('profile.set', { name: 'X', email: 'keine-adresse' })).rejects.toMatchObject({
      code: 'PROFILE_INVALID',
    });
    expect(await call('profile.get', {})).toEqual({
      profile: { name: 'Anna Beispiel', function: '', email: 'anna@example.org', initials: '' },
    });
  });
});

describe('the log in a backup', () => {
  it('survives a restore in its order; entries Pressdesk does not write are dropped and named', async () => {
    const created = await call<{ id: string; version: number }>('releases.create', { headline: 'Gesichert' });
    await call('releases.save', { id: created.id, baseVersion: created.version, fields: { headline: 'Gesichert 2' } });
    const backup = join(tmp.dir, 'copy.db');
    await ws.backupDatabase(backup);
    const foreign = new Database(backup);
    foreign
      .prepare('INSERT INTO release_log (release_id, at, actor, kind, version, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(created.id, new Date().toISOString(), '{}', 'approved-by-nobody', 3, '{}');
    foreign.close();
    ws.close();
    const result = await restoreDataDir(tmp.dir, backup);
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
    expect(await kinds(created.id)).toEqual(['created', 'autosave']);
    expect(result.kind === 'database' && result.dropped.some((d) => d.startsWith('log:'))).toBe(true);
  });
});
