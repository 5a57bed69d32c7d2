import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
});

const comments = () => store.getState().comments;

describe('comments slice', () => {
  it('loads the open release’s threads, adds, replies, resolves and reopens', async () => {
    const seeded = await engine.seed({ headline: 'Neue Bäume' });
    await store.getState().openRelease(seeded.id);
    await store.getState().loadComments();
    expect(comments()).toMatchObject({ releaseId: seeded.id, status: 'ready', threads: [], filter: 'open' });

    expect(await store.getState().addComment('c-1', 'Baumart prüfen', 'Linden')).toBe(true);
    expect(comments().threads).toMatchObject([{ id: 'c-1', text: 'Baumart prüfen', anchorText: 'Linden' }]);
    expect(await store.getState().replyComment('c-1', 'Winterlinden')).toBe(true);
    expect(comments().threads[0]!.replies).toMatchObject([{ text: 'Winterlinden' }]);
    expect(await store.getState().resolveComment('c-1', true)).toBe(true);
    expect(comments().threads[0]!.resolvedAt).not.toBeNull();
    expect(await store.getState().resolveComment('c-1', false)).toBe(true);
    expect(comments().threads[0]!.resolvedAt).toBeNull();
    // What the engine has is what the slice shows.
    await store.getState().loadComments();
    expect(comments().threads).toHaveLength(1);
    expect(comments().threads[0]!.replies).toHaveLength(1);
  });

  it('stores a new release first, so that its first comment has a release', async () => {
    store.getState().startNewRelease();
    store.getState().setFields({ headline: 'Noch nicht gespeichert' });
    expect(store.getState().compose.releaseId).toBeNull();
    expect(await store.getState().addComment('neu', 'Erster Kommentar', 'Text')).toBe(true);
    const releaseId = store.getState().compose.releaseId;
    expect(releaseId).not.toBeNull();
    expect(comments()).toMatchObject({ releaseId, threads: [{ id: 'neu' }] });
  });

  it('keeps a failure for the panel and changes nothing', async () => {
    const seeded = await engine.seed({ headline: 'Neue Bäume' });
    await store.getState().openRelease(seeded.id);
    await store.getState().loadComments();
    engine.failNext('comments.add', 'DISK_FULL');
    expect(await store.getState().addComment('c-1', 'Text', 'Anker')).toBe(false);
    expect(comments()).toMatchObject({ error: 'DISK_FULL', threads: [] });
    expect(await store.getState().replyComment('unbekannt', 'x')).toBe(false);
    expect(comments().error).toBe('NOT_FOUND');
  });
});
