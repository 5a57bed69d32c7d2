import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { FakeEngine } from '../testing/fakeApi';
import { createAppStore, type AppStore } from './index';

let engine: FakeEngine;
let store: AppStore;
beforeEach(() => {
  engine = new FakeEngine();
  store = createAppStore({ api: engine.api });
});

describe('backups', () => {
  it('backs up now, lists newest first and, after a restore, shows the restored archive', async () => {
    const release = engine.seed({ headline: 'Sommerfest im Stadtpark' });
    expect(await store.getState().createBackup()).toBe(true);
    const { done, items } = store.getState().backup;
    expect(done).toMatchObject({ kind: 'created', backup: { kind: 'manual' } });
    expect(items.map((b) => b.kind)).toEqual(['manual']);

    engine.editElsewhere(release.id, 'Sommerfest abgesagt');
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
  });

  it('tells what a restore or an archive import left out', async () => {
    await store.getState().createBackup();
    const [backup] = store.getState().backup.items;
    engine.droppedNext = ['trigger:evil', 'setting:export.baseUrl'];
    expect(await store.getState().restoreBackup(backup!.name)).toBe(true);
    expect(store.getState().backup.done).toMatchObject({
      kind: 'restored',
      dropped: ['trigger:evil', 'setting:export.baseUrl'],
      droppedCount: 2,
    });
    // Nothing left out: an empty list.
    expect(await store.getState().restoreBackup(backup!.name)).toBe(true);
    expect(store.getState().backup.done).toMatchObject({ kind: 'restored', dropped: [], droppedCount: 0 });

    await store.getState().exportArchive();
    engine.chosenArchive = [...engine.archives.keys()][0]!;
    engine.droppedNext = ['asset:a1:ASSET_UNSUPPORTED'];
    expect(await store.getState().importArchive()).toBe(true);
    expect(store.getState().backup.done).toMatchObject({
      kind: 'imported',
      result: { dropped: ['asset:a1:ASSET_UNSUPPORTED'], droppedCount: 1 },
    });
  });

  it('reports a failed backup or restore with its code and keeps the list', async () => {
    await store.getState().createBackup();
    const before = store.getState().backup.items;
    engine.failNext('backup.create', 'DISK_FULL');
    expect(await store.getState().createBackup()).toBe(false);
    expect(store.getState().backup).toMatchObject({ error: 'DISK_FULL', busy: null, done: null, items: before });
    engine.failNext('backup.restore', 'DB_CORRUPT');
    expect(await store.getState().restoreBackup(before[0]!.name)).toBe(false);
    expect(store.getState().backup).toMatchObject({ error: 'DB_CORRUPT', busy: null, items: before });
    engine.failNext('backup.list', 'NETWORK');
    await store.getState().loadBackups();
    expect(store.getState().backup).toMatchObject({ status: 'error', error: 'NETWORK' });
  });
});

describe('number of automatic backups kept', () => {
  it('loads the number with the list and stores a new one', async () => {
    engine.backupKeep = 7;
    await store.getState().loadBackups();
    expect(store.getState().backup.keep).toBe(7);
    expect(await store.getState().saveBackupKeep(3)).toBe(true);
    expect(store.getState().backup).toMatchObject({ keep: 3, keepState: { kind: 'saved', keep: 3 } });
    expect(engine.backupKeep).toBe(3);
    expect(engine.callsOf('backup.setSettings').map((c) => c.input)).toEqual([{ keep: 3 }]);
  });

  it('refuses numbers outside 1 to 100 and fractions with INVALID_INPUT before sending; keeps the stored number', async () => {
    await store.getState().loadBackups();
    for (const bad of [0, 101, 2.5, -1, Number.NaN]) {
      expect(await store.getState().saveBackupKeep(bad)).toBe(false);
      expect(store.getState().backup).toMatchObject({ keep: 10, keepState: { kind: 'error', code: 'INVALID_INPUT' } });
    }
    expect(engine.callsOf('backup.setSettings')).toEqual([]);
    expect(engine.backupKeep).toBe(10);
  });

  it('reports a failure of the engine with its code', async () => {
    await store.getState().loadBackups();
    engine.failNext('backup.setSettings', 'DISK_FULL');
    expect(await store.getState().saveBackupKeep(5)).toBe(false);
    expect(store.getState().backup).toMatchObject({ keep: 10, keepState: { kind: 'error', code: 'DISK_FULL' } });
  });
});

describe('full archive', () => {
  it('web mode: exports as a download, imports an upload and shows the archive it brought', async () => {
    engine.seed({ headline: 'Umzug des Archivs' });
    const downloads: string[] = [];
    const uploaded: number[] = [];
    store = createAppStore({
      api: {
        ...engine.api,
        downloadArchive: (id, name) => void downloads.push(`${id} ${name}`),
        uploadArchive: async (file) => {
          uploaded.push(file.size);
          return engine.applyArchive(await file.text());
        },
      },
    });
    expect(store.getState().canUploadArchive()).toBe(true);
    expect(await store.getState().exportArchive()).toBe(true);
    const { done } = store.getState().backup;
    expect(done).toMatchObject({ kind: 'exported', result: { status: 'download', releases: 1 } });
    const download = done?.kind === 'exported' && done.result.status === 'download' ? done.result.download : '';
    expect(downloads).toEqual([`${download} pressdesk-archive-1.zip`]);

    engine.seed({ headline: 'Nur hier' });
    await store.getState().loadArchive();
    expect(store.getState().archive.items).toHaveLength(2);
    expect(await store.getState().importArchive(new Blob([download]))).toBe(true);
    expect(uploaded).toEqual([download.length]);
    expect(store.getState().backup).toMatchObject({
      busy: null,
      archiveError: null,
      done: { kind: 'imported', result: { releases: 1, previous: { kind: 'before-restore' } } },
    });
    // Reloaded without another navigation: the archive and the list of backups.
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Umzug des Archivs']);
    expect(store.getState().backup.items.map((b) => b.kind)).toEqual(['before-restore']);
  });

  it('refuses a file over 4 GB before sending it, and reports a refused upload with its code', async () => {
    let sent = 0;
    store = createAppStore({
      api: {
        ...engine.api,
        uploadArchive: () => {
          sent += 1;
          return Promise.reject(new ApiError('ARCHIVE_INVALID', 'damaged'));
        },
      },
    });
    expect(await store.getState().importArchive({ size: 5 * 1024 ** 3 } as Blob)).toBe(false);
    expect(store.getState().backup.archiveError).toBe('ARCHIVE_TOO_LARGE');
    expect(sent).toBe(0);
    expect(await store.getState().importArchive(new Blob(['x']))).toBe(false);
    expect(store.getState().backup).toMatchObject({ archiveError: 'ARCHIVE_INVALID', busy: null, done: null });
    expect(sent).toBe(1);
  });

  it('the app: the engine asks in its own dialogs; cancelling changes nothing', async () => {
    engine.seed({ headline: 'Bleibt' });
    expect(store.getState().canUploadArchive()).toBe(false);
    expect(await store.getState().importArchive()).toBe(false);
    expect(store.getState().backup).toMatchObject({ busy: null, done: null, archiveError: null });
    expect(engine.backups).toHaveLength(0);
    engine.failNext('backup.exportArchive', 'ARCHIVE_TOO_LARGE');
    expect(await store.getState().exportArchive()).toBe(false);
    expect(store.getState().backup).toMatchObject({ busy: null, archiveError: 'ARCHIVE_TOO_LARGE' });
    // The error of the full archive is its own: the backups section shows none.
    expect(store.getState().backup.error).toBeNull();
  });
});
