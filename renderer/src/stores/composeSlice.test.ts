import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentNode } from '../../../shared/document';
import { FakeEngine } from '../testing/fakeApi';
import { DEFAULT_LANGUAGE } from '../../../shared/domain/constants';
import { createAppStore, type AppStore } from './index';

const body = (text: string): DocumentNode => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

let engine: FakeEngine;
let store: AppStore;

beforeEach(() => {
  engine = new FakeEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const compose = () => store.getState().compose;

describe('compose slice', () => {
  it('starts new releases in the default language of the engine', () => {
    store.getState().startNewRelease();
    expect(compose().draft.language).toBe(DEFAULT_LANGUAGE);
  });

  it('tracks unsaved changes against what was last saved', () => {
    store.getState().startNewRelease();
    expect(compose().dirty).toBe(false);
    store.getState().setField('headline', 'Neue Kita eröffnet');
    expect(compose().dirty).toBe(true);
    store.getState().setField('headline', '');
    expect(compose().dirty).toBe(false);
  });

  it('ignores attributes the editor adds but the vocabulary drops', async () => {
    const seeded = engine.seed({ body: body('Text') });
    await store.getState().openRelease(seeded.id);
    store.getState().setBody({
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { textAlign: null }, content: [{ type: 'text', text: 'Text' }] }],
    } as unknown as DocumentNode);
    expect(compose().dirty).toBe(false);
  });

  it('creates a new release on its first save only, then saves with the version it was based on', async () => {
    store.getState().startNewRelease();
    expect(engine.calls.filter((c) => c.channel !== 'releases.topics')).toEqual([]);

    store.getState().setField('headline', 'Großübung in Köln-Mülheim');
    store.getState().setBody(body('Erster Absatz'));
    expect(await store.getState().saveRelease()).toBe(true);
    expect(engine.callsOf('releases.create')).toHaveLength(1);
    const created = compose();
    expect(created.releaseId).not.toBeNull();
    expect(created.baseVersion).toBe(1);
    expect(created.dirty).toBe(false);
    expect(created.save).toEqual({ kind: 'saved', at: '2025-03-01T10:15:00.000Z' });

    store.getState().setField('teaser', 'Über 200 Einsatzkräfte üben den Ernstfall.');
    expect(await store.getState().saveRelease()).toBe(true);
    expect(engine.callsOf('releases.create')).toHaveLength(1);
    const saves = engine.callsOf('releases.save');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.input).toMatchObject({
      id: created.releaseId,
      baseVersion: 1,
      fields: { headline: 'Großübung in Köln-Mülheim', teaser: 'Über 200 Einsatzkräfte üben den Ernstfall.' },
    });
    expect(compose().baseVersion).toBe(2);
    expect(engine.releases.get(created.releaseId!)?.teaser).toBe('Über 200 Einsatzkräfte üben den Ernstfall.');
  });

  it('keeps the text and stays dirty when a save conflicts, and can save it on top afterwards', async () => {
    const seeded = engine.seed({ headline: 'Alt', body: body('Alt') });
    await store.getState().openRelease(seeded.id);
    engine.editElsewhere(seeded.id, 'Aus dem anderen Fenster');

    store.getState().setField('headline', 'Meine Überschrift');
    store.getState().setBody(body('Mein Text, der nicht verloren gehen darf'));
    expect(await store.getState().saveRelease()).toBe(false);

    expect(compose().save).toEqual({ kind: 'error', code: 'CONFLICT' });
    expect(compose().dirty).toBe(true);
    expect(compose().draft.headline).toBe('Meine Überschrift');
    expect(compose().draft.body).toEqual(body('Mein Text, der nicht verloren gehen darf'));
    expect(engine.releases.get(seeded.id)?.headline).toBe('Aus dem anderen Fenster');

    expect(await store.getState().saveRelease({ overwrite: true })).toBe(true);
    expect(compose().dirty).toBe(false);
    expect(engine.releases.get(seeded.id)?.headline).toBe('Meine Überschrift');
    expect(compose().baseVersion).toBe(engine.releases.get(seeded.id)?.version);
  });

  it('keeps a new release unsaved and dirty when its creation fails', async () => {
    store.getState().startNewRelease();
    store.getState().setField('headline', 'Entwurf');
    engine.failNext('releases.create', 'DISK_FULL');
    expect(await store.getState().saveRelease()).toBe(false);
    expect(compose()).toMatchObject({ releaseId: null, dirty: true, save: { kind: 'error', code: 'DISK_FULL' } });
    expect(await store.getState().saveRelease()).toBe(true);
    expect(engine.callsOf('releases.create')).toHaveLength(2);
    expect(compose().dirty).toBe(false);
  });

  it('runs saves one after another, so a second save uses the version of the first', async () => {
    store.getState().startNewRelease();
    store.getState().setField('headline', 'Eins');
    const first = store.getState().saveRelease();
    store.getState().setField('headline', 'Zwei');
    const second = store.getState().saveRelease();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(engine.callsOf('releases.create')).toHaveLength(1);
    expect(engine.callsOf('releases.save')[0]?.input).toMatchObject({ baseVersion: 1, fields: { headline: 'Zwei' } });
    expect(compose().dirty).toBe(false);
  });

  it('stays dirty when the text changed while the save was running', async () => {
    store.getState().startNewRelease();
    store.getState().setField('headline', 'Vorher');
    const saving = store.getState().saveRelease();
    store.getState().setField('headline', 'Nachher');
    await saving;
    expect(compose().dirty).toBe(true);
    expect(compose().draft.headline).toBe('Nachher');
  });

  it('reports a release that cannot be loaded', async () => {
    await store.getState().openRelease('missing');
    expect(compose()).toMatchObject({ loadStatus: 'error', loadError: 'NOT_FOUND' });
  });
});

describe('navigation with unsaved changes', () => {
  it('asks before leaving, and leaves only after the choice', async () => {
    store.getState().navigate({ screen: 'compose', releaseId: null });
    store.getState().setField('headline', 'Ungespeichert');
    store.getState().requestNavigation({ screen: 'archive' });
    expect(store.getState().route.screen).toBe('compose');
    expect(store.getState().pendingRoute).toEqual({ screen: 'archive' });

    await store.getState().resolvePendingNavigation('cancel');
    expect(store.getState().route.screen).toBe('compose');
    expect(compose().draft.headline).toBe('Ungespeichert');

    store.getState().requestNavigation({ screen: 'archive' });
    await store.getState().resolvePendingNavigation('save');
    expect(store.getState().route.screen).toBe('archive');
    expect([...engine.releases.values()].map((r) => r.headline)).toEqual(['Ungespeichert']);
  });

  it('stays on the release when saving before leaving fails', async () => {
    store.getState().navigate({ screen: 'compose', releaseId: null });
    store.getState().setField('headline', 'Bleibt hier');
    store.getState().requestNavigation({ screen: 'archive' });
    engine.failNext('releases.create', 'NETWORK');
    await store.getState().resolvePendingNavigation('save');
    expect(store.getState().route.screen).toBe('compose');
    expect(compose()).toMatchObject({ dirty: true, save: { kind: 'error', code: 'NETWORK' } });
  });

  it('moves a saved release to the trash and can bring it back', async () => {
    const seeded = engine.seed({ headline: 'Weg damit' });
    store.getState().navigate({ screen: 'compose', releaseId: seeded.id });
    await vi.waitFor(() => expect(compose().loadStatus).toBe('ready'));
    expect(await store.getState().trashRelease()).toBe(true);
    expect(store.getState().route.screen).toBe('archive');
    expect(store.getState().notice).toEqual({ kind: 'trashed', releaseId: seeded.id, headline: 'Weg damit' });
    expect(engine.releases.get(seeded.id)?.deletedAt).not.toBeNull();
    expect(await store.getState().restoreRelease(seeded.id)).toBe(true);
    expect(engine.releases.get(seeded.id)?.deletedAt).toBeNull();
  });
});
