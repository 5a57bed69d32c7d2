import { beforeEach, describe, expect, it } from 'vitest';
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
