import { publishForTest } from '../testing/approve';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract';
import { dispatch } from '../../../shared/contract/dispatch';
import { restoreDatabase } from '../backup/backupService';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let clock: string;
beforeEach(() => {
  tmp = makeTempDir();
  clock = '2026-03-02T09:00:00.000Z';
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => new Date(clock) });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function call<K extends ChannelName>(channel: K, input: ChannelInput<K>) {
  return dispatch(ws.handlers, channel, input);
}

async function value<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const envelope = await call(channel, input);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as ChannelOutput<K>;
}

async function codeOf<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<string> {
  const envelope = await call(channel, input);
  return envelope.ok ? 'no error' : envelope.error.code;
}

const listed = async () =>
  Object.fromEntries((await value('settings.list', {})).items.map((s) => [s.key, s.value])) as Record<
    string,
    string | null
  >;

/** Publishes a release through the workflow (draft → approved → published) as the app does. */
async function publish(headline: string): Promise<{ id: string; releaseNumber: string }> {
  const created = await value('releases.create', { headline });
  let r = await value('releases.save', { id: created.id, baseVersion: created.version, fields: { status: 'review' } });
  await value('approval.approve', { id: r.id, by: 'Dr. Paula Prüferin', via: 'phone' });
  r = await value('releases.get', { id: r.id });
  r = await value('releases.save', { id: r.id, baseVersion: r.version, fields: { status: 'published' } });
  return r;
}

describe('the office settings', () => {
  it('lists every office key, stores each value and clears it with an empty one', async () => {
    expect(Object.keys(await listed())).toEqual([
      'office.name',
      'office.logo',
      'office.address',
      'office.url',
      'office.contact',
      'office.boilerplate',
      'office.creditStyle',
      'office.numbering',
      'mail.host',
      'mail.port',
      'mail.security',
      'mail.user',
      'mail.from',
      'mail.replyTo',
      'mail.rate',
      'approval.fourEyes',
      'approval.quotes',
    ]);
    // The approval rules are on until the office turns them off; everything else is unset.
    const fresh = await listed();
    expect(fresh['approval.fourEyes']).toBe('on');
    expect(fresh['approval.quotes']).toBe('on');
    expect(
      Object.entries(fresh)
        .filter(([key]) => !key.startsWith('approval.'))
        .every(([, v]) => v === null),
    ).toBe(true);
    expect(await codeOf('settings.set', { key: 'approval.quotes', value: 'vielleicht' })).toBe('SETTING_INVALID');
    expect(await value('settings.set', { key: 'approval.quotes', value: 'nein' })).toEqual({
      key: 'approval.quotes',
      value: 'off',
    });
    await value('settings.set', { key: 'approval.quotes', value: '' });
    await value('settings.set', { key: 'office.name', value: '  Ministerium für Soziales  ' });
    await value('settings.set', { key: 'office.address', value: 'Else-Josenhans-Straße 6\r\n70173 Stuttgart' });
    await value('settings.set', { key: 'office.url', value: 'https://sm.example.de/presse/' });
    await value('settings.set', { key: 'office.creditStyle', value: 'parentheses' });
    await value('settings.set', { key: 'office.numbering', value: 'PM {n}/{yyyy}' });
    expect(await listed()).toMatchObject({
      'office.name': 'Ministerium für Soziales',
      'office.address': 'Else-Josenhans-Straße 6\n70173 Stuttgart',
      'office.url': 'https://sm.example.de/presse/',
      'office.creditStyle': 'parentheses',
      'office.numbering': 'PM {n}/{yyyy}',
    });
    expect(await value('settings.get', { key: 'office.name' })).toEqual({
      key: 'office.name',
      value: 'Ministerium für Soziales',
    });
    expect(await value('settings.set', { key: 'office.name', value: '' })).toEqual({
      key: 'office.name',
      value: null,
    });
  });

  it('refuses unknown keys and values that do not fit, and keeps what was stored', async () => {
    await value('settings.set', { key: 'office.url', value: 'https://sm.example.de/' });
    await value('settings.set', { key: 'office.numbering', value: 'PM {n}/{yyyy}' });
    await value('settings.set', { key: 'office.creditStyle', value: 'line' });
    const before = await listed();
    expect(await codeOf('settings.get', { key: 'office.colour' })).toBe('SETTING_UNKNOWN');
    expect(await codeOf('settings.set', { key: 'office.colour', value: 'rot' })).toBe('SETTING_UNKNOWN');
    expect(await codeOf('settings.set', { key: 'backup.keep', value: '3' })).toBe('SETTING_UNKNOWN');
    expect(await codeOf('settings.set', { key: 'office.url', value: 'javascript:alert(1)' })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.url', value: 'sm.example.de' })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.creditStyle', value: 'unten' })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.numbering', value: 'PM {yyyy}' })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.numbering', value: 'PM {n}/{n}' })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.numbering', value: 'PM {n}/{jahr}' })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.name', value: 'x'.repeat(301) })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.logo', value: 'no-such-image' })).toBe('SETTING_INVALID');
    expect(await codeOf('settings.set', { key: 'office.logo', value: '../../etc/passwd' })).toBe('SETTING_INVALID');
    expect(await listed()).toEqual(before);
    const refused = await call('settings.set', { key: 'office.creditStyle', value: 'unten' });
    expect(refused.ok ? null : refused.error.details).toMatchObject({ key: 'office.creditStyle' });
  });

  it('takes a logo from the media library', async () => {
    const png = await sharp({ create: { width: 300, height: 100, channels: 4, background: '#c00000' } })
      .png()
      .toBuffer();
    const logo = await engineInternals(ws).assets.importBytes(png, 'logo.png');
    expect(await value('settings.set', { key: 'office.logo', value: logo.id })).toEqual({
      key: 'office.logo',
      value: logo.id,
    });
    expect(engineInternals(ws).settings.exportSettings().office.logoAssetId).toBe(logo.id);
  });

  it('reads the older export settings for the office name and website until the office has its own', async () => {
    const { settings } = engineInternals(ws);
    settings.set('export.office', {
      name: 'Stadt Köln',
      url: 'https://stadt-koeln.example/',
      logoUrl: 'https://x.example/l.png',
    });
    settings.set('export.baseUrl', 'https://stadt-koeln.example/presse/');
    expect(await listed()).toMatchObject({ 'office.name': 'Stadt Köln', 'office.url': 'https://stadt-koeln.example/' });
    expect(settings.exportSettings()).toMatchObject({
      office: { name: 'Stadt Köln', url: 'https://stadt-koeln.example/', logoUrl: 'https://x.example/l.png' },
      baseUrl: 'https://stadt-koeln.example/presse/',
    });
    await value('settings.set', { key: 'office.name', value: 'Stadt Köln – Presseamt' });
    expect(settings.exportSettings().office.name).toBe('Stadt Köln – Presseamt');
    // The older setting stays as it was.
    expect(settings.get('export.office', {})).toMatchObject({ name: 'Stadt Köln' });
  });

  it('prefills the default press contact and boilerplate in new releases, not in existing ones', async () => {
    const before = await value('releases.create', { headline: 'Vorher' });
    await value('settings.set', { key: 'office.contact', value: 'Pressestelle\npresse@sm.example.de' });
    await value('settings.set', { key: 'office.boilerplate', value: 'Das Ministerium …' });
    const after = await value('releases.create', { headline: 'Nachher' });
    expect(after).toMatchObject({
      pressContact: 'Pressestelle\npresse@sm.example.de',
      boilerplate: 'Das Ministerium …',
    });
    expect((await value('releases.get', { id: before.id })).pressContact).toBe('');
    const own = await value('releases.create', { headline: 'Eigener', pressContact: 'Frau Muster' });
    expect(own.pressContact).toBe('Frau Muster');
    expect(own.boilerplate).toBe('Das Ministerium …');
  });
});

describe('the release number', () => {
  it('is given at the first publication, counted per year, and never changed afterwards', async () => {
    const unnumbered = await publish('Ohne Schema');
    expect(unnumbered.releaseNumber).toBe('');
    await value('settings.set', { key: 'office.numbering', value: 'PM {n}/{yyyy}' });
    const first = await publish('Erste');
    const second = await publish('Zweite');
    expect([first.releaseNumber, second.releaseNumber]).toEqual(['PM 1/2026', 'PM 2/2026']);

    // A draft carries none, and a patch cannot set or change one.
    const draft = await value('releases.create', { headline: 'Entwurf', releaseNumber: 'PM 99/2026' });
    expect(draft.releaseNumber).toBe('');
    const current = await value('releases.get', { id: first.id });
    const corrected = await value('releases.save', {
      id: first.id,
      baseVersion: current.version,
      fields: { headline: 'Erste (korrigiert)', releaseNumber: 'PM 7/2026' },
    });
    expect(corrected.releaseNumber).toBe('PM 1/2026');
    // A changed scheme does not renumber what was published.
    await value('settings.set', { key: 'office.numbering', value: '{yy}-{nnn}' });
    expect((await value('releases.get', { id: second.id })).releaseNumber).toBe('PM 2/2026');
    const third = await publish('Dritte');
    expect(third.releaseNumber).toBe('26-003');

    // Berlin's New Year: 23:30 UTC on 31 December is already next year there.
    clock = '2026-12-31T23:30:00.000Z';
    expect((await publish('Neujahr')).releaseNumber).toBe('27-001');
    // Duplicates start without a number.
    expect((await value('releases.duplicate', { id: first.id })).releaseNumber).toBe('');
  });

  it('never gives a number twice, even when the counters were lost (a restored backup)', async () => {
    await value('settings.set', { key: 'office.numbering', value: 'PM {n}/{yyyy}' });
    expect((await publish('Erste')).releaseNumber).toBe('PM 1/2026');
    expect((await publish('Zweite')).releaseNumber).toBe('PM 2/2026');
    engineInternals(ws).db.exec('DELETE FROM release_number_counters');
    expect((await publish('Dritte')).releaseNumber).toBe('PM 3/2026');
  });

  it('stays when the release is imported again from a copy without it', async () => {
    await value('settings.set', { key: 'office.numbering', value: 'PM {n}/{yyyy}' });
    const published = await publish('Erste');
    const { releases } = engineInternals(ws);
    const stored = releases.get(published.id);
    const { id, correctedAt, createdAt, updatedAt, version, deletedAt, ...fields } = stored;
    void [correctedAt, createdAt, updatedAt, version, deletedAt];
    expect(releases.upsert({ ...fields, releaseNumber: '', teaser: 'Neu' }, { id })).toBe('updated');
    expect(releases.get(id)).toMatchObject({ releaseNumber: 'PM 1/2026', teaser: 'Neu' });
    expect(releases.upsert({ ...fields, releaseNumber: 'PM 9/2026', teaser: 'Neu' }, { id })).toBe('skipped');
    expect(releases.get(id).releaseNumber).toBe('PM 1/2026');
  });

  it('is not given away by a publication that is refused', async () => {
    await value('settings.set', { key: 'office.numbering', value: 'PM {n}/{yyyy}' });
    const created = await value('releases.create', { headline: 'Sprung' });
    expect(
      await codeOf('releases.save', { id: created.id, baseVersion: created.version, fields: { status: 'published' } }),
    ).toBe('FORBIDDEN_TRANSITION');
    expect((await publish('Erste')).releaseNumber).toBe('PM 1/2026');
  });
});

describe('the office and a restored backup', () => {
  it('keeps the workstation’s own office, and the restored releases keep their numbers', async () => {
    const source = openWorkstation({ dataDir: join(tmp.dir, 'source'), host: 'cli', now: () => new Date(clock) });
    const file = join(tmp.dir, 'fremd.db');
    try {
      await dispatch(source.handlers, 'settings.set', { key: 'office.name', value: 'Falsches Amt' });
      await dispatch(source.handlers, 'settings.set', { key: 'office.numbering', value: 'X-{n}' });
      const r = engineInternals(source).releases.create({ headline: 'Aus der Sicherung', status: 'approved' });
      expect(publishForTest(source, r.id).releaseNumber).toBe('X-1');
      await source.backupDatabase(file);
    } finally {
      source.close();
    }
    await value('settings.set', { key: 'office.name', value: 'Stadt Köln' });
    await value('settings.set', { key: 'office.numbering', value: 'X-{n}' });
    const dataDir = ws.dataDir;
    ws.close();
    const restored = await restoreDatabase(dataDir, file);
    expect(restored.dropped).toEqual(expect.arrayContaining(['setting:office.name', 'setting:office.numbering']));
    ws = openWorkstation({ dataDir, host: 'cli', now: () => new Date(clock) });
    expect(await listed()).toMatchObject({ 'office.name': 'Stadt Köln', 'office.numbering': 'X-{n}' });
    const [kept] = (await value('releases.list', {})).items;
    expect((await value('releases.get', { id: kept!.id })).releaseNumber).toBe('X-1');
    // The counters did not come along; the number in use is still not given again.
    expect((await publish('Neu')).releaseNumber).toBe('X-2');
  });
});
