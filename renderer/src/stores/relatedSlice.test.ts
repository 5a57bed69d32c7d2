import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
});

const picker = () => store.getState().relatedPicker;

describe('related releases picker', () => {
  it('searches the archive and remembers the headlines of what it found', async () => {
    const fest = await engine.seed({ headline: 'Sommerfest im Stadtpark', topic: 'Kultur' });
    await engine.seed({ headline: 'Neue Radwege', topic: 'Verkehr' });
    await store.getState().searchRelated('  sommerfest ');
    expect(picker()).toMatchObject({
      status: 'ready',
      query: 'sommerfest',
      hits: [{ id: fest.id, headline: 'Sommerfest im Stadtpark', topic: 'Kultur' }],
      error: null,
    });
    expect(picker().hits).toHaveLength(1);
    expect(picker().known[fest.id]?.headline).toBe('Sommerfest im Stadtpark');
    await store.getState().searchRelated('');
    expect(picker()).toMatchObject({ status: 'idle', hits: [] });
    expect(engine.callsOf('archive.search')).toHaveLength(1);
  });

  it('looks up chosen releases once, and marks deleted or missing ones', async () => {
    const kept = await engine.seed({
      headline: 'Haushalt 2025',
      topic: 'Finanzen',
      status: 'approved',
      embargoUntil: '2099-01-01T08:00:00.000Z',
    });
    const trashed = await engine.seed({ headline: 'Alt' });
    await engine.elsewhere.call('releases.trash', { id: trashed.id });
    await store.getState().describeRelated([kept.id, trashed.id, 'gone']);
    expect(picker().known).toEqual({
      [kept.id]: {
        id: kept.id,
        headline: 'Haushalt 2025',
        topic: 'Finanzen',
        status: 'approved',
        embargoUntil: '2099-01-01T08:00:00.000Z',
        missing: false,
      },
      [trashed.id]: { id: trashed.id, headline: 'Alt', topic: '', status: 'draft', embargoUntil: null, missing: true },
      gone: { id: 'gone', headline: '', topic: '', missing: true },
    });
    await store.getState().describeRelated([kept.id]);
    expect(engine.callsOf('releases.get')).toHaveLength(3);
  });

  it('reports a failed search with its code', async () => {
    engine.failNext('archive.search', 'NETWORK');
    await store.getState().searchRelated('radweg');
    expect(picker()).toMatchObject({ status: 'error', error: 'NETWORK' });
  });
});
