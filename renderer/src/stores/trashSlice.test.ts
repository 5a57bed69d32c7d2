import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
});

/** Seeds a release and moves it to the trash. */
async function trashed(headline: string): Promise<string> {
  const release = await engine.seed({ headline });
  await engine.api.call('releases.trash', { id: release.id });
  return release.id;
}

describe('trash slice', () => {
  it('is reached from the archive and lists the releases in the trash only', async () => {
    await engine.seed({ headline: 'Im Archiv' });
    await trashed('Alter Entwurf');
    store.getState().navigate({ screen: 'trash' });
    expect(store.getState().route).toEqual({ screen: 'trash' });
    await store.getState().loadTrash();
    expect(store.getState().trash).toMatchObject({ status: 'ready', total: 1, error: null, busyId: null });
    expect(store.getState().trash.items.map((r) => r.headline)).toEqual(['Alter Entwurf']);
    expect(store.getState().trash.items[0]!.deletedAt).not.toBeNull();
  });

  it('restores a release into the archive and says so', async () => {
    const id = await trashed('Zurückgeholt');
    await store.getState().loadTrash();
    expect(await store.getState().restoreFromTrash(id)).toBe(true);
    expect(store.getState().notice).toEqual({ kind: 'restored', releaseId: id, headline: 'Zurückgeholt' });
    expect(store.getState().trash).toMatchObject({ status: 'ready', items: [], total: 0, busyId: null });
    expect((await engine.api.call('releases.get', { id })).deletedAt).toBeNull();
    await store.getState().loadArchive();
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Zurückgeholt']);
  });

  it('deletes a release for good, naming it in the notice; the engine no longer knows it', async () => {
    const id = await trashed('Weg damit');
    const other = await trashed('Bleibt im Papierkorb');
    await store.getState().loadTrash();
    expect(await store.getState().purgeRelease(id)).toBe(true);
    expect(store.getState().notice).toEqual({ kind: 'purged', releaseId: id, headline: 'Weg damit' });
    expect(store.getState().trash.items.map((r) => r.id)).toEqual([other]);
    await expect(engine.api.call('releases.get', { id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a refused deletion with its translated code and lists the trash as it is now', async () => {
    const release = await engine.seed({ headline: 'Nicht im Papierkorb' });
    await store.getState().loadTrash();
    expect(await store.getState().purgeRelease(release.id)).toBe(false);
    expect(store.getState().notice).toEqual({ kind: 'error', code: 'NOT_IN_TRASH' });
    expect((await engine.api.call('releases.get', { id: release.id })).deletedAt).toBeNull();
    const gone = await trashed('Schon weg');
    await store.getState().loadTrash();
    await engine.api.call('releases.purge', { id: gone });
    expect(await store.getState().restoreFromTrash(gone)).toBe(false);
    expect(store.getState().notice).toEqual({ kind: 'error', code: 'NOT_FOUND' });
    await store.getState().loadTrash();
    expect(store.getState().trash.items).toEqual([]);
  });

  it('shows a failed load with its code and recovers on retry', async () => {
    await trashed('Da');
    engine.failNext('releases.list', 'NETWORK');
    await store.getState().loadTrash();
    expect(store.getState().trash).toMatchObject({ status: 'error', error: 'NETWORK' });
    await store.getState().loadTrash();
    expect(store.getState().trash).toMatchObject({ status: 'ready', error: null, total: 1 });
  });
});
