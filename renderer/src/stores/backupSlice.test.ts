import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../../shared/contract';
import type { Api } from '../api/types';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

/** Web mode unless the app's dialogs are asked for. */
function open(options: { appDialogs?: boolean } = {}): void {
  engine = openTestEngine(options);
  store = createAppStore({ api: engine.api });
}

describe('backups', () => {
  beforeEach(() => open());

  it('backs up now, lists newest first and, after a restore, shows the restored archive', async () => {
    const release = await engine.seed({ headline: 'Sommerfest im Stadtpark' });
    expect(await store.getState().createBackup()).toBe(true);
    const { done, items } = store.getState().backup;
    expect(done).toMatchObject({ kind: 'created', backup: { kind: 'manual' } });
    expect(items.map((b) => b.kind)).toEqual(['manual']);

    await engine.editElsewhere(release.id, { headline: 'Sommerfest abgesagt' });
    await store.getState().loadArchive();
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Sommerfest abgesagt']);

    expect(await store.getState().restoreBackup(items[0]!.name)).toBe(true);
    expect(store.getState().backup).toMatchObject({
      busy: null,
      error: null,
      done: { kind: 'restored', backup: { name: items[0]!.name }, previous: { kind: 'before-restore' } },
    });
    expect(store.getState().backup.items.map((b) => b.kind)).toEqual(['before-restore', 'manual']);
    // The archive was reloaded without another navigation.
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Sommerfest im Stadtpark']);
    expect((await engine.stored(release.id)).headline).toBe('Sommerfest im Stadtpark');
  });

  it('tells what a restore left out: nothing for its own backup', async () => {
    await engine.seed({ headline: 'Sommerfest im Stadtpark' });
    await store.getState().createBackup();
    const [backup] = store.getState().backup.items;
    expect(await store.getState().restoreBackup(backup!.name)).toBe(true);
    expect(store.getState().backup.done).toMatchObject({ kind: 'restored', dropped: [], droppedCount: 0 });
  });

  it('passes on what the engine left out of a restore', async () => {
    // The engine's side is tested with hostile files (hostileRestore.test.ts); here only what the slice
    // makes of a non-empty answer, so the one answer is scripted and every other call reaches the engine.
    await store.getState().createBackup();
    const [backup] = store.getState().backup.items;
    const scripted = createAppStore({
      api: {
        call: async (channel: ChannelName, input: never) => {
          const answer = await engine.api.call(channel, input);
          return channel === 'backup.restore'
            ? { ...(answer as object), dropped: ['trigger:evil', 'setting:export.baseUrl'], droppedCount: 2 }
            : answer;
        },
      } as Api,
    });
    expect(await scripted.getState().restoreBackup(backup!.name)).toBe(true);
    expect(scripted.getState().backup.done).toMatchObject({
      kind: 'restored',
      dropped: ['trigger:evil', 'setting:export.baseUrl'],
      droppedCount: 2,
    });
  });

  it('reports a failed backup or restore with its code and keeps the list', async () => {
    await store.getState().createBackup();
    const before = store.getState().backup.items;
    expect(before).toHaveLength(1);
    engine.failNext('backup.create', 'DISK_FULL');
    expect(await store.getState().createBackup()).toBe(false);
    expect(store.getState().backup).toMatchObject({ error: 'DISK_FULL', busy: null, done: null, items: before });
    engine.failNext('backup.restore', 'DB_CORRUPT');
    expect(await store.getState().restoreBackup(before[0]!.name)).toBe(false);
    expect(store.getState().backup).toMatchObject({ error: 'DB_CORRUPT', busy: null, items: before });
    engine.failNext('backup.list', 'NETWORK');
    await store.getState().loadBackups();
    expect(store.getState().backup).toMatchObject({ status: 'error', error: 'NETWORK' });
    expect((await engine.elsewhere.call('backup.list', {})).items).toEqual(before);
  });

  it('reports a backup that is not there with NOT_FOUND', async () => {
    await store.getState().createBackup();
    const before = store.getState().backup.items;
    expect(await store.getState().restoreBackup('pressdesk-manual-20000101T000000000Z.db')).toBe(false);
    expect(store.getState().backup).toMatchObject({ error: 'NOT_FOUND', busy: null, done: null, items: before });
  });
});

describe('number of automatic backups kept', () => {
  beforeEach(() => open());

  it('loads the number with the list and stores a new one', async () => {
    await engine.elsewhere.call('backup.setSettings', { keep: 7 });
    await store.getState().loadBackups();
    expect(store.getState().backup.keep).toBe(7);
    expect(await store.getState().saveBackupKeep(3)).toBe(true);
    expect(store.getState().backup).toMatchObject({ keep: 3, keepState: { kind: 'saved', keep: 3 } });
    expect(await engine.elsewhere.call('backup.settings', {})).toEqual({ keep: 3 });
    expect(engine.callsOf('backup.setSettings').map((c) => c.input)).toEqual([{ keep: 3 }]);
  });

  it('refuses numbers outside 1 to 100 and fractions with INVALID_INPUT before sending; keeps the stored number', async () => {
    await store.getState().loadBackups();
    for (const bad of [0, 101, 2.5, -1, Number.NaN]) {
      expect(await store.getState().saveBackupKeep(bad)).toBe(false);
      expect(store.getState().backup).toMatchObject({ keep: 10, keepState: { kind: 'error', code: 'INVALID_INPUT' } });
    }
    expect(engine.callsOf('backup.setSettings')).toEqual([]);
    expect(await engine.elsewhere.call('backup.settings', {})).toEqual({ keep: 10 });
    // The engine refuses what the slice refuses.
    await expect(engine.elsewhere.call('backup.setSettings', { keep: 101 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('reports a failure of the engine with its code', async () => {
    await store.getState().loadBackups();
    engine.failNext('backup.setSettings', 'DISK_FULL');
    expect(await store.getState().saveBackupKeep(5)).toBe(false);
    expect(store.getState().backup).toMatchObject({ keep: 10, keepState: { kind: 'error', code: 'DISK_FULL' } });
    expect(await engine.elsewhere.call('backup.settings', {})).toEqual({ keep: 10 });
  });
});

describe('full backup', () => {
  beforeEach(() => open());

  it('web mode: exports as a download, imports an upload and shows the archive it brought', async () => {
    await engine.seed({ headline: 'Umzug des Archivs' });
    expect(store.getState().canUploadArchive()).toBe(true);
    expect(await store.getState().exportFullBackup()).toBe(true);
    const { done } = store.getState().backup;
    expect(done).toMatchObject({ kind: 'exported', result: { status: 'download', releases: 1, assets: 0 } });
    const fileName = done?.kind === 'exported' ? done.result.fileName : '';
    expect(fileName).toMatch(/^pressdesk-archive-\d{8}T\d{9}Z\.zip$/);
    expect(engine.downloads.map((d) => d.fileName)).toEqual([fileName]);
    const archive = await engine.downloads[0]!.bytes;

    await engine.seed({ headline: 'Nur hier' });
    await store.getState().loadArchive();
    expect(store.getState().archive.items).toHaveLength(2);
    expect(await store.getState().importFullBackup(new Blob([archive.slice()]))).toBe(true);
    expect(store.getState().backup).toMatchObject({
      busy: null,
      archiveError: null,
      done: { kind: 'imported', result: { releases: 1, assets: 0, previous: { kind: 'before-restore' } } },
    });
    // Reloaded without another navigation: the archive and the list of backups.
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Umzug des Archivs']);
    expect(store.getState().backup.items.map((b) => b.kind)).toEqual(['before-restore']);
    expect(await engine.storedHeadlines()).toEqual(['Umzug des Archivs']);
  });

  it('refuses a file over 4 GB before sending it, and reports a refused upload with its code', async () => {
    await engine.seed({ headline: 'Bleibt' });
    let sent = 0;
    const upload = engine.api.uploadFullBackup!;
    store = createAppStore({
      api: {
        ...engine.api,
        uploadFullBackup: (file) => {
          sent += 1;
          return upload(file);
        },
      },
    });
    expect(await store.getState().importFullBackup({ size: 5 * 1024 ** 3 } as Blob)).toBe(false);
    expect(store.getState().backup.archiveError).toBe('ARCHIVE_TOO_LARGE');
    expect(sent).toBe(0);
    expect(await store.getState().importFullBackup(new Blob(['kein Archiv']))).toBe(false);
    expect(store.getState().backup).toMatchObject({ archiveError: 'ARCHIVE_UNSUPPORTED', busy: null, done: null });
    expect(sent).toBe(1);
    expect(await engine.storedHeadlines()).toEqual(['Bleibt']);
    expect((await engine.elsewhere.call('backup.list', {})).items).toEqual([]);
  });
});

describe('full backup in the app', () => {
  beforeEach(() => open({ appDialogs: true }));

  it('the engine asks in its own dialogs; cancelling changes nothing', async () => {
    await engine.seed({ headline: 'Bleibt' });
    expect(store.getState().canUploadArchive()).toBe(false);
    expect(await store.getState().importFullBackup()).toBe(false);
    expect(store.getState().backup).toMatchObject({ busy: null, done: null, archiveError: null });
    expect((await engine.elsewhere.call('backup.list', {})).items).toEqual([]);
    expect(await store.getState().exportFullBackup()).toBe(false);
    expect(store.getState().backup).toMatchObject({ busy: null, done: null, archiveError: null });
    engine.failNext('backup.exportFullBackup', 'ARCHIVE_TOO_LARGE');
    expect(await store.getState().exportFullBackup()).toBe(false);
    expect(store.getState().backup).toMatchObject({ busy: null, archiveError: 'ARCHIVE_TOO_LARGE' });
    // The error of the full backup is its own: the backups section shows none.
    expect(store.getState().backup.error).toBeNull();
    expect(await engine.storedHeadlines()).toEqual(['Bleibt']);
  });

  it('saves the archive where the dialog says and brings it back from there', async () => {
    await engine.seed({ headline: 'Gesichert' });
    engine.harness.answerDialogs('accept');
    expect(await store.getState().exportFullBackup()).toBe(true);
    expect(store.getState().backup.done).toMatchObject({ kind: 'exported', result: { status: 'saved', releases: 1 } });

    await engine.seed({ headline: 'Danach geschrieben' });
    expect(await store.getState().importFullBackup()).toBe(true);
    expect(store.getState().backup.done).toMatchObject({ kind: 'imported', result: { releases: 1 } });
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Gesichert']);
    expect(store.getState().backup.items.map((b) => b.kind)).toEqual(['before-restore']);
  });
});
