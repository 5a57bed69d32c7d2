import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;
beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
});

describe('settings: snippets', () => {
  it('creates, changes and deletes snippets and keeps the list current', async () => {
    expect(await store.getState().saveSnippet({ kind: 'pressContact', title: 'Pressestelle', text: 'Tel. 1' })).toBe(
      true,
    );
    const [created] = store.getState().settings.snippets;
    expect(created).toMatchObject({ kind: 'pressContact', title: 'Pressestelle', text: 'Tel. 1' });
    await store
      .getState()
      .saveSnippet({ id: created!.id, kind: 'pressContact', title: 'Pressestelle', text: 'Tel. 2' });
    expect(store.getState().settings.snippets.map((s) => s.text)).toEqual(['Tel. 2']);
    expect(await engine.elsewhere.call('snippets.list', {})).toMatchObject([{ id: created!.id, text: 'Tel. 2' }]);
    expect(await store.getState().deleteSnippet(created!.id)).toBe(true);
    expect(store.getState().settings.snippets).toEqual([]);
    expect(await engine.elsewhere.call('snippets.list', {})).toEqual([]);
  });

  it('reports a refused snippet and keeps the list unchanged', async () => {
    expect(await store.getState().saveSnippet({ kind: 'boilerplate', title: '   ', text: 'x' })).toBe(false);
    expect(store.getState().settings.error).toBe('INVALID_INPUT');
    expect(store.getState().settings.snippets).toEqual([]);
    expect(await engine.elsewhere.call('snippets.list', {})).toEqual([]);
    engine.failNext('snippets.list', 'DB_BUSY');
    await store.getState().loadSnippets();
    expect(store.getState().settings).toMatchObject({ status: 'error', error: 'DB_BUSY' });
  });
});
