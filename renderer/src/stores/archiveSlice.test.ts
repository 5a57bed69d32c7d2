import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { ARCHIVE_PAGE_SIZE, SEARCH_DEBOUNCE_MS } from './archiveSlice';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
});

describe('archive slice', () => {
  it('lists releases newest first, as the engine returns them', async () => {
    await engine.seed({ headline: 'Älter' });
    await engine.seed({ headline: 'Neuer' });
    await store.getState().loadArchive();
    expect(store.getState().archive.status).toBe('ready');
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Neuer', 'Älter']);
  });

  it('reports a failure with its code and recovers on retry', async () => {
    await engine.seed({ headline: 'Da' });
    engine.failNext('releases.list', 'NETWORK');
    await store.getState().loadArchive();
    expect(store.getState().archive).toMatchObject({ status: 'error', error: 'NETWORK' });
    await store.getState().loadArchive();
    expect(store.getState().archive).toMatchObject({ status: 'ready', error: null, total: 1 });
  });

  it('loads further pages on request', async () => {
    for (let i = 0; i < ARCHIVE_PAGE_SIZE + 5; i++) await engine.seed({ headline: `Meldung ${i}` });
    await store.getState().loadArchive();
    expect(store.getState().archive.items).toHaveLength(ARCHIVE_PAGE_SIZE);
    expect(store.getState().archive.total).toBe(ARCHIVE_PAGE_SIZE + 5);
    await store.getState().loadMoreArchive();
    expect(store.getState().archive.items).toHaveLength(ARCHIVE_PAGE_SIZE + 5);
    expect(new Set(store.getState().archive.items.map((r) => r.id)).size).toBe(ARCHIVE_PAGE_SIZE + 5);
    expect(engine.callsOf('releases.list').map((c) => c.input.offset)).toEqual([0, ARCHIVE_PAGE_SIZE]);
  });
});

describe('archive search', () => {
  it('searches after a pause in typing and keeps only the newest answer', async () => {
    await engine.seed({ headline: 'Radweg eröffnet', topic: 'Verkehr' });
    await engine.seed({ headline: 'Kita eröffnet', topic: 'Familie' });
    vi.useFakeTimers();
    try {
      store.getState().setArchiveQuery('rad');
      store.getState().setArchiveQuery('radweg');
      expect(engine.callsOf('archive.search')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 10);
      expect(engine.callsOf('archive.search').map((c) => c.input.query)).toEqual(['radweg']);
      expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Radweg eröffnet']);
      expect(store.getState().archive.facets?.topic).toEqual([{ value: 'Verkehr', count: 1 }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops a slow answer that arrives after a newer one', async () => {
    await engine.seed({ headline: 'Erster Entwurf' });
    await engine.seed({ headline: 'Alt' });
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const api = engine.api;
    const delayed = createAppStore({
      api: {
        call: async (channel, input) => {
          if (channel === 'archive.search' && (input as { query: string }).query === 'erst') await slow;
          return api.call(channel, input);
        },
      },
    });
    delayed.setState((s) => ({ archive: { ...s.archive, query: 'erst' } }));
    const first = delayed.getState().loadArchive();
    delayed.setState((s) => ({ archive: { ...s.archive, query: 'alt' } }));
    await delayed.getState().loadArchive();
    release();
    await first;
    // The slow search reached the engine too, but its answer came after the newer one.
    expect(engine.callsOf('archive.search').map((c) => c.input.query)).toEqual(['alt', 'erst']);
    expect(delayed.getState().archive.items.map((r) => r.headline)).toEqual(['Alt']);
  });

  it('uploads files to an import job, follows it and reloads the list', async () => {
    const page =
      '<!doctype html><html lang="de"><head><title>Radweg fertig</title></head><body><article>' +
      '<h1>Radweg an der Ringstraße fertig</h1><p>Die Stadt hat den neuen Radweg an der Ringstraße freigegeben.</p>' +
      '</article></body></html>';
    await store.getState().importFiles([{ name: 'radweg.html', bytes: new TextEncoder().encode(page) }]);
    expect(store.getState().importer).toMatchObject({ status: 'done', imported: 1, done: 1, errors: [] });
    const start = engine.callsOf('archive.importStart')[0]!.input;
    expect(new TextDecoder().decode(start.files[0]!.bytes)).toBe(page);
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Radweg an der Ringstraße fertig']);
  });
});
