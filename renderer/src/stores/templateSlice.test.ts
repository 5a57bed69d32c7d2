import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
});

const body = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Hintergrund' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'Text der Vorlage.' }] },
  ],
} as const;

describe('templates in the window', () => {
  it("save the open release's structure as a template and start a new release from it, untouched", async () => {
    const source = await engine.seed({
      headline: 'Kabinettsbericht März',
      topic: 'Kabinett',
      teaser: 'Vorspann.',
      body,
    });
    await store.getState().openRelease(source.id);
    const saved = await store.getState().saveAsTemplate('Kabinettsbericht');
    expect(saved).toMatchObject({ name: 'Kabinettsbericht' });
    expect(store.getState().templates.items.map((t) => t.name)).toEqual(['Kabinettsbericht']);

    expect(await store.getState().newFromTemplate(saved!.id)).toBe(true);
    const compose = store.getState().compose;
    expect(store.getState().route).toEqual({ screen: 'compose', releaseId: null });
    expect(compose.releaseId).toBeNull();
    expect(compose.draft).toMatchObject({ headline: '', topic: 'Kabinett', teaser: 'Vorspann.', body });
    // Nothing to save until the user types: no empty release appears in the archive.
    expect(compose.dirty).toBe(false);
    expect(store.getState().pendingTemplate).toBeNull();
    expect(engine.callsOf('releases.create')).toHaveLength(0);

    // The next new release is blank again.
    store.getState().navigate({ screen: 'compose', releaseId: null });
    expect(store.getState().compose.draft.topic).toBe('');
  });

  it('delete a template, and a template that is gone reports its code', async () => {
    const source = await engine.seed({ headline: 'Quelle' });
    await store.getState().openRelease(source.id);
    const saved = (await store.getState().saveAsTemplate('Weg damit'))!;
    expect(await store.getState().deleteTemplate(saved.id)).toBe(true);
    expect(store.getState().templates.items).toEqual([]);
    expect(await store.getState().newFromTemplate(saved.id)).toBe(false);
    expect(store.getState().templates.error).toBe('NOT_FOUND');
  });
});
