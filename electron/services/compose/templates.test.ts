import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName, ChannelOutput } from '../../../shared/contract';
import { dispatch } from '../../../shared/contract/dispatch';
import { isMarkedCopy, markAsCopy } from '../../../shared/domain';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, restoreDataDir, type Workstation } from '../workstation';

const body = (text: string) =>
  ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }) as const;

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => new Date('2025-03-01T09:00:00Z') });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

/** A call through the contract, as every host makes it; the value typed by the channel. */
async function call<K extends ChannelName>(
  channel: K,
  input: unknown,
): Promise<{ ok: boolean; value: ChannelOutput<K>; error?: { code: string } }> {
  const envelope = await dispatch(ws.handlers, channel, input);
  return envelope.ok
    ? { ok: true, value: envelope.value as ChannelOutput<K> }
    : { ok: false, value: undefined as never, error: envelope.error };
}

async function release(fields: Record<string, unknown>): Promise<{ id: string; headline: string }> {
  const created = await call('releases.create', fields);
  expect(created.ok).toBe(true);
  return created.value;
}

describe('templates', () => {
  it("keep a release's structure and fields under a name, without what belongs to one release", async () => {
    const source = await release({
      headline: 'Kabinett beschließt Haushalt',
      topic: 'Finanzen',
      teaser: 'Der Entwurf geht an den Landtag.',
      dateline: 'Stuttgart',
      tags: ['Haushalt'],
      pressContact: 'Pressestelle, Tel. 0711 123',
      body: body('Zwischenüberschrift und Zitat.'),
      publishedAt: '2025-03-01T08:00:00.000Z',
    });
    const saved = await call('templates.saveFromRelease', { releaseId: source.id, name: '  Kabinettsbericht ' });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Kabinettsbericht' } });
    expect((await call('templates.list', {})).value).toEqual([saved.value]);
    const template = await call('templates.get', { id: saved.value.id });
    expect(template.value.fields).toMatchObject({
      topic: 'Finanzen',
      teaser: 'Der Entwurf geht an den Landtag.',
      dateline: 'Stuttgart',
      tags: ['Haushalt'],
      pressContact: 'Pressestelle, Tel. 0711 123',
      body: body('Zwischenüberschrift und Zitat.'),
    });
    for (const left of ['headline', 'publishedAt', 'embargoUntil', 'status', 'releaseNumber', 'relatedIds'])
      expect(template.value.fields).not.toHaveProperty(left);

    // The same name again (in other case) replaces it; another name is a second one.
    const other = await release({ headline: 'Zweite', topic: 'Verkehr' });
    const again = await call('templates.saveFromRelease', { releaseId: other.id, name: 'KABINETTSBERICHT' });
    expect(again.value.id).toBe(saved.value.id);
    expect((await call('templates.get', { id: saved.value.id })).value.fields.topic).toBe('Verkehr');
    await call('templates.saveFromRelease', { releaseId: other.id, name: 'Verkehrsmeldung' });
    expect((await call('templates.list', {})).value.map((t) => t.name)).toEqual([
      'KABINETTSBERICHT',
      'Verkehrsmeldung',
    ]);
    await expect(call('templates.delete', { id: saved.value.id })).resolves.toMatchObject({
      value: { deleted: true },
    });
    await expect(call('templates.get', { id: saved.value.id })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuse an empty name and an unknown release, and store nothing then', async () => {
    const source = await release({ headline: 'Quelle' });
    await expect(call('templates.saveFromRelease', { releaseId: source.id, name: '   ' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await expect(
      call('templates.saveFromRelease', { releaseId: '00000000-0000-4000-8000-000000000000', name: 'X' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await call('templates.list', {})).value).toEqual([]);
  });

  it('come along in a backup and its restore; a foreign, broken template row is left out and named', async () => {
    const source = await release({ headline: 'Quelle', topic: 'Kultur' });
    await call('templates.saveFromRelease', { releaseId: source.id, name: 'Kultur' });
    const backup = join(tmp.dir, 'backup.db');
    await ws.backupDatabase(backup);
    // A hostile row: fields that are no template.
    const foreign = new Database(backup);
    foreign
      .prepare('INSERT INTO templates (id, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run('11111111-1111-4111-8111-111111111111', 'Böse', '{"body":"<script>"}', 'x', 'y');
    foreign.close();
    ws.close();
    const restored = await restoreDataDir(join(tmp.dir, 'data'), backup);
    expect(restored.dropped).toContain('template:11111111-1111-4111-8111-111111111111');
    ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
    expect((await call('templates.list', {})).value.map((t) => t.name)).toEqual(['Kultur']);
  });
});

describe('a copy of a release', () => {
  it('is marked as a copy in its language until its headline is changed, and preflight says so', async () => {
    const de = await release({ headline: 'Neue Kita eröffnet', language: 'de' });
    const copy = await call('releases.duplicate', { id: de.id });
    expect(copy.value.headline).toBe('Kopie – Neue Kita eröffnet');
    const en = await release({ headline: 'Bridge reopens', language: 'en' });
    expect((await call('releases.duplicate', { id: en.id })).value.headline).toBe('Copy – Bridge reopens');
    // A copy of a copy is not marked twice.
    expect((await call('releases.duplicate', { id: copy.value.id })).value.headline).toBe('Kopie – Neue Kita eröffnet');
    const check = await call('export.preflight', { id: copy.value.id });
    expect(check.value.findings).toContainEqual(
      expect.objectContaining({ code: 'HEADLINE_IS_COPY', severity: 'warning' }),
    );
    expect(isMarkedCopy('Neue Kita eröffnet')).toBe(false);
    expect(Array.from(markAsCopy('x'.repeat(500), 'de'))).toHaveLength(500);
  });
});
