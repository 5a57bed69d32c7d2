import { beforeEach, describe, expect, it } from 'vitest';
import { FakeEngine } from '../testing/fakeApi';
import { ARCHIVE_PAGE_SIZE } from './archiveSlice';
import { createAppStore, type AppStore } from './index';

let engine: FakeEngine;
let store: AppStore;

beforeEach(() => {
  engine = new FakeEngine();
  store = createAppStore({ api: engine.api });
});

describe('archive slice', () => {
  it('lists releases newest first, as the engine returns them', async () => {
    engine.seed({ headline: 'Älter' });
    engine.seed({ headline: 'Neuer' });
    await store.getState().loadArchive();
    expect(store.getState().archive.status).toBe('ready');
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Neuer', 'Älter']);
  });

  it('reports a failure with its code and recovers on retry', async () => {
    engine.seed({ headline: 'Da' });
    engine.failNext('releases.list', 'NETWORK');
    await store.getState().loadArchive();
    expect(store.getState().archive).toMatchObject({ status: 'error', error: 'NETWORK' });
    await store.getState().loadArchive();
    expect(store.getState().archive).toMatchObject({ status: 'ready', error: null, total: 1 });
  });

  it('loads further pages on request', async () => {
    for (let i = 0; i < ARCHIVE_PAGE_SIZE + 5; i++) engine.seed({ headline: `Meldung ${i}` });
    await store.getState().loadArchive();
    expect(store.getState().archive.items).toHaveLength(ARCHIVE_PAGE_SIZE);
    await store.getState().loadMoreArchive();
    expect(store.getState().archive.items).toHaveLength(ARCHIVE_PAGE_SIZE + 5);
    expect(new Set(store.getState().archive.items.map((r) => r.id)).size).toBe(ARCHIVE_PAGE_SIZE + 5);
  });
});
