import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentNode } from '../../../shared/document';
import { DEFAULT_LANGUAGE } from '../../../shared/domain/constants';
import { memoryRecoveryStore } from '../lib/recovery';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { BODY_SYNC_DELAY_MS, emptyDraft, RETRY_DELAY_MS } from './composeSlice';
import { createAppStore, type AppStore } from './index';

const body = (text: string): DocumentNode => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const compose = () => store.getState().compose;

/** A lead image of a picture stored in the media library. */
async function storedLeadImage(texts: { caption: string; credit: string; creditRaw: string; alt: string }) {
  const asset = await engine.importImage();
  return { assetId: asset.id, ...texts, decorative: false };
}

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
    const seeded = await engine.seed({ body: body('Text') });
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
    const stored = await engine.stored(created.releaseId!);
    expect(stored).toMatchObject({ version: 2, teaser: 'Über 200 Einsatzkräfte üben den Ernstfall.' });
    expect(stored.body).toEqual(body('Erster Absatz'));
  });

  it('keeps the text and stays dirty when a save conflicts, and can save it on top afterwards', async () => {
    const seeded = await engine.seed({ headline: 'Alt', body: body('Alt') });
    await store.getState().openRelease(seeded.id);
    await engine.editElsewhere(seeded.id, { headline: 'Aus dem anderen Fenster' });

    store.getState().setField('headline', 'Meine Überschrift');
    store.getState().setBody(body('Mein Text, der nicht verloren gehen darf'));
    expect(await store.getState().saveRelease()).toBe(false);

    expect(compose().save).toEqual({ kind: 'error', code: 'CONFLICT' });
    expect(compose().dirty).toBe(true);
    expect(compose().draft.headline).toBe('Meine Überschrift');
    expect(compose().draft.body).toEqual(body('Mein Text, der nicht verloren gehen darf'));
    expect(await engine.stored(seeded.id)).toMatchObject({ headline: 'Aus dem anderen Fenster', version: 2 });

    expect(await store.getState().saveRelease({ overwrite: true })).toBe(true);
    expect(compose().dirty).toBe(false);
    const stored = await engine.stored(seeded.id);
    expect(stored).toMatchObject({ headline: 'Meine Überschrift', version: 3 });
    expect(compose().baseVersion).toBe(stored.version);
  });

  it('keeps a new release unsaved and dirty when its creation fails', async () => {
    store.getState().startNewRelease();
    store.getState().setField('headline', 'Entwurf');
    engine.failNext('releases.create', 'DISK_FULL');
    expect(await store.getState().saveRelease()).toBe(false);
    expect(compose()).toMatchObject({ releaseId: null, dirty: true, save: { kind: 'error', code: 'DISK_FULL' } });
    expect(await engine.storedHeadlines()).toEqual([]);
    expect(await store.getState().saveRelease()).toBe(true);
    expect(engine.callsOf('releases.create')).toHaveLength(2);
    expect(compose().dirty).toBe(false);
    expect(await engine.storedHeadlines()).toEqual(['Entwurf']);
  });

  it('reports a body the engine refuses, and keeps the text', async () => {
    const seeded = await engine.seed({ headline: 'Mit Bild' });
    await store.getState().openRelease(seeded.id);
    const missingImage = {
      type: 'doc',
      content: [{ type: 'figure', attrs: { assetId: 'nicht-in-der-mediathek', caption: 'Bild' } }],
    } as unknown as DocumentNode;
    store.getState().setBody(missingImage);
    expect(await store.getState().saveRelease()).toBe(false);
    expect(compose()).toMatchObject({ dirty: true, save: { kind: 'error', code: 'INVALID_DOCUMENT' } });
    expect(compose().draft.body).toEqual(missingImage);
    expect((await engine.stored(seeded.id)).version).toBe(1);
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
    expect(await engine.storedHeadlines()).toEqual(['Zwei']);
  });

  it('stays dirty when the text changed while the save was running', async () => {
    store.getState().startNewRelease();
    store.getState().setField('headline', 'Vorher');
    const saving = store.getState().saveRelease();
    store.getState().setField('headline', 'Nachher');
    await saving;
    expect(compose().dirty).toBe(true);
    expect(compose().draft.headline).toBe('Nachher');
    expect(await engine.storedHeadlines()).toEqual(['Vorher']);
  });

  it('loads, tracks and saves the lead image like any other field', async () => {
    const lead = await storedLeadImage({
      caption: 'Die Ministerin bei der Eröffnung',
      credit: 'Foto: © dpa',
      creditRaw: 'dpa',
      alt: 'Eine Frau schneidet ein Band durch.',
    });
    const seeded = await engine.seed({ headline: 'Eröffnung', leadImage: lead });
    await store.getState().openRelease(seeded.id);
    expect(compose().draft.leadImage).toEqual(lead);
    expect(compose().dirty).toBe(false);

    // The same image built in another field order is no change.
    const { decorative, alt, creditRaw, credit, caption, assetId } = lead;
    store.getState().setFields({ leadImage: { decorative, alt, creditRaw, credit, caption, assetId } });
    expect(compose().dirty).toBe(false);

    store.getState().setFields({ leadImage: { ...lead, credit: 'Foto: © Stadt Köln' } });
    expect(compose().dirty).toBe(true);
    expect(await store.getState().saveRelease()).toBe(true);
    expect(engine.callsOf('releases.save')[0]!.input).toMatchObject({
      fields: { leadImage: { assetId: lead.assetId, credit: 'Foto: © Stadt Köln' } },
    });
    expect(compose().dirty).toBe(false);
    expect((await engine.stored(seeded.id)).leadImage?.credit).toBe('Foto: © Stadt Köln');

    store.getState().setFields({ leadImage: null });
    expect(compose().dirty).toBe(true);
    expect(await store.getState().saveRelease()).toBe(true);
    expect((await engine.stored(seeded.id)).leadImage).toBeNull();
  });

  it('counts the lead image as saved when the engine stores its texts trimmed', async () => {
    const lead = await storedLeadImage({ caption: ' Bild ', credit: 'Foto: © LKA ', creditRaw: '', alt: 'Wagen ' });
    store.getState().startNewRelease();
    store.getState().setFields({ leadImage: lead });
    expect(await store.getState().saveRelease()).toBe(true);
    const stored = await engine.stored(compose().releaseId!);
    expect(stored.leadImage).toMatchObject({ caption: 'Bild', credit: 'Foto: © LKA', alt: 'Wagen' });
    expect(compose().dirty).toBe(false);
  });

  it('sends the lead image when a new release is created', async () => {
    store.getState().startNewRelease();
    const lead = await storedLeadImage({ caption: '', credit: 'Foto: © LKA', creditRaw: '', alt: 'Ein Streifenwagen' });
    store.getState().setFields({ leadImage: lead });
    expect(compose().dirty).toBe(true);
    expect(await store.getState().saveRelease()).toBe(true);
    expect(engine.callsOf('releases.create')[0]!.input).toMatchObject({ leadImage: lead });
    expect((await engine.stored(compose().releaseId!)).leadImage).toEqual(lead);
  });

  it('refuses a lead image that is not in the media library', async () => {
    store.getState().startNewRelease();
    store.getState().setFields({
      leadImage: {
        assetId: 'a-2',
        caption: '',
        credit: 'Foto: © LKA',
        creditRaw: '',
        alt: 'Ein Wagen',
        decorative: false,
      },
    });
    expect(await store.getState().saveRelease()).toBe(false);
    expect(compose()).toMatchObject({
      releaseId: null,
      dirty: true,
      save: { kind: 'error', code: 'INVALID_DOCUMENT' },
    });
  });

  it('restores the lead image from a kept unsaved draft', async () => {
    const slots = memoryRecoveryStore();
    const lead = await storedLeadImage({ caption: 'Bild', credit: 'Foto: © X', creditRaw: '', alt: 'Alt' });
    const seeded = await engine.seed({ headline: 'Mit Bild' });
    slots.put({
      releaseId: seeded.id,
      baseVersion: seeded.version,
      keptAt: '2025-03-01T10:00:00Z',
      draft: { headline: 'Mit Bild', body: seeded.body, leadImage: lead },
    });
    const withSlots = createAppStore({ api: engine.api, now: () => new Date(), recovery: slots });
    await withSlots.getState().openRelease(seeded.id);
    expect(withSlots.getState().compose.recovery).not.toBeNull();
    withSlots.getState().acceptRecovery();
    expect(withSlots.getState().compose.draft.leadImage).toEqual(lead);
    expect(withSlots.getState().compose.dirty).toBe(true);
    expect(await withSlots.getState().saveRelease()).toBe(true);
    expect((await engine.stored(seeded.id)).leadImage).toEqual(lead);
  });

  it('reports a release that cannot be loaded', async () => {
    await store.getState().openRelease('missing');
    expect(compose()).toMatchObject({ loadStatus: 'error', loadError: 'NOT_FOUND' });
  });
});

describe('status changes', () => {
  it('saves the text first, then moves the release along the workflow', async () => {
    const seeded = await engine.seed({ headline: 'Entwurf' });
    await store.getState().openRelease(seeded.id);
    store.getState().setField('headline', 'Zur Prüfung');
    expect(await store.getState().changeStatus('review')).toBe(true);
    expect(engine.calls.filter((c) => c.channel === 'releases.save').map((c) => c.input)).toMatchObject([
      { baseVersion: 1, fields: { headline: 'Zur Prüfung' } },
      { baseVersion: 2, fields: { status: 'review' }, checkpoint: true },
    ]);
    expect(compose()).toMatchObject({ status: 'review', baseVersion: 3, dirty: false, actionError: null });
    expect(await engine.stored(seeded.id)).toMatchObject({ headline: 'Zur Prüfung', status: 'review', version: 3 });
  });

  it('shows the release number the engine gives at the first publication, and keeps it through later saves', async () => {
    await engine.elsewhere.call('settings.set', { key: 'office.numbering', value: 'PM {n}/{yyyy}' });
    const seeded = await engine.seed({ headline: 'Freigegeben', status: 'approved' });
    await store.getState().openRelease(seeded.id);
    expect(compose().releaseNumber).toBe('');
    expect(await store.getState().changeStatus('published')).toBe(true);
    const number = compose().releaseNumber;
    expect(number).toMatch(/^PM 1\/\d{4}$/);
    store.getState().setField('teaser', 'Korrektur');
    expect(await store.getState().saveRelease()).toBe(true);
    expect(compose()).toMatchObject({ releaseNumber: number, dirty: false });
    expect(await engine.stored(seeded.id)).toMatchObject({ releaseNumber: number, teaser: 'Korrektur' });
  });

  it('reports a step the workflow does not allow and leaves the release as it was', async () => {
    const seeded = await engine.seed({ headline: 'Entwurf' });
    await store.getState().openRelease(seeded.id);
    expect(await store.getState().changeStatus('published')).toBe(false);
    expect(compose()).toMatchObject({ status: 'draft', baseVersion: 1, actionError: 'FORBIDDEN_TRANSITION' });
    expect(await engine.stored(seeded.id)).toMatchObject({ status: 'draft', version: 1 });
  });
});

describe('navigation with unsaved changes', () => {
  it('saves before leaving, without asking', async () => {
    store.getState().navigate({ screen: 'compose', releaseId: null });
    store.getState().setField('headline', 'Ungespeichert');
    store.getState().requestNavigation({ screen: 'archive' });
    await vi.waitFor(() => expect(store.getState().route.screen).toBe('archive'));
    expect(store.getState().pendingRoute).toBeNull();
    expect(await engine.storedHeadlines()).toEqual(['Ungespeichert']);
  });

  it('stays on the release and asks when saving before leaving fails, then leaves only after the choice', async () => {
    store.getState().navigate({ screen: 'compose', releaseId: null });
    store.getState().setField('headline', 'Bleibt hier');
    engine.failNext('releases.create', 'NETWORK');
    store.getState().requestNavigation({ screen: 'archive' });
    await vi.waitFor(() => expect(store.getState().pendingRoute).toEqual({ screen: 'archive' }));
    expect(store.getState().route.screen).toBe('compose');
    expect(compose()).toMatchObject({ dirty: true, save: { kind: 'error', code: 'NETWORK' } });
    expect(await engine.storedHeadlines()).toEqual([]);

    await store.getState().resolvePendingNavigation('cancel');
    expect(store.getState().route.screen).toBe('compose');
    expect(compose().draft.headline).toBe('Bleibt hier');

    store.getState().requestNavigation({ screen: 'archive' });
    await vi.waitFor(() => expect(store.getState().route.screen).toBe('archive'));
    expect(await engine.storedHeadlines()).toEqual(['Bleibt hier']);
  });

  it('moves a saved release to the trash and can bring it back', async () => {
    const seeded = await engine.seed({ headline: 'Weg damit' });
    store.getState().navigate({ screen: 'compose', releaseId: seeded.id });
    await vi.waitFor(() => expect(compose().loadStatus).toBe('ready'));
    expect(await store.getState().trashRelease()).toBe(true);
    expect(store.getState().route.screen).toBe('archive');
    expect(store.getState().notice).toEqual({ kind: 'trashed', releaseId: seeded.id, headline: 'Weg damit' });
    expect((await engine.stored(seeded.id)).deletedAt).not.toBeNull();
    expect(await engine.storedHeadlines()).toEqual([]);
    expect(await store.getState().restoreRelease(seeded.id)).toBe(true);
    expect((await engine.stored(seeded.id)).deletedAt).toBeNull();
    expect(store.getState().archive.items.map((r) => r.headline)).toEqual(['Weg damit']);
  });
});

describe('never losing a word', () => {
  let slots: ReturnType<typeof memoryRecoveryStore>;
  beforeEach(() => {
    vi.useFakeTimers();
    slots = memoryRecoveryStore();
    store = createAppStore({
      api: engine.api,
      now: () => new Date('2025-03-01T10:15:00Z'),
      recovery: slots,
      autosaveDelayMs: 800,
    });
  });
  afterEach(() => vi.useRealTimers());

  it('autosaves once the user pauses, not on every keystroke', async () => {
    store.getState().startNewRelease();
    for (const headline of ['G', 'Gr', 'Groß', 'Großübung']) {
      store.getState().setField('headline', headline);
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(engine.callsOf('releases.create')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(600);
    expect(engine.callsOf('releases.create')).toHaveLength(1);
    expect(compose()).toMatchObject({ dirty: false, save: { kind: 'saved' } });
    expect(await engine.storedHeadlines()).toEqual(['Großübung']);

    store.getState().setField('teaser', 'Zweiter Schritt');
    await vi.advanceTimersByTimeAsync(1000);
    expect(engine.callsOf('releases.save')).toHaveLength(1);
    expect(engine.callsOf('releases.save')[0]?.input).toMatchObject({ checkpoint: false, baseVersion: 1 });
    expect((await engine.stored(compose().releaseId!)).teaser).toBe('Zweiter Schritt');
  });

  it('marks an explicit save as a checkpoint, even right after an autosave', async () => {
    const seeded = await engine.seed({ headline: 'Alt' });
    await store.getState().openRelease(seeded.id);
    store.getState().setField('headline', 'Neu');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await store.getState().saveRelease({ checkpoint: true })).toBe(true);
    const saves = engine.callsOf('releases.save').map((c) => c.input);
    expect(saves).toMatchObject([{ checkpoint: false }, { checkpoint: true, fields: {} }]);
    // A second explicit save with nothing new does not call the engine again.
    expect(await store.getState().saveRelease({ checkpoint: true })).toBe(true);
    expect(engine.callsOf('releases.save')).toHaveLength(2);
    // The autosave (version 2) was too soon to be kept; the explicit save kept the text as a revision.
    const revisions = await engine.elsewhere.call('releases.revisions', { id: seeded.id });
    expect(revisions.map((r) => r.version).sort()).toEqual([1, 3]);
    expect(revisions.find((r) => r.version === 3)?.headline).toBe('Neu');
  });

  it('flushes a pending autosave at once', async () => {
    store.getState().startNewRelease();
    store.getState().setField('headline', 'Sofort');
    expect(await store.getState().flushSave()).toBe(true);
    expect(engine.callsOf('releases.create')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(engine.callsOf('releases.create')).toHaveLength(1);
    expect(engine.callsOf('releases.save')).toHaveLength(0);
  });

  it('keeps text that could not be saved in the recovery slot and offers it when the release is opened again', async () => {
    const seeded = await engine.seed({ headline: 'Gespeichert', body: body('Alt') });
    await store.getState().openRelease(seeded.id);
    store.getState().setBody(body('Wichtiger neuer Absatz'));
    engine.failNext('releases.save', 'DISK_FULL');
    await vi.advanceTimersByTimeAsync(1000);
    expect(compose()).toMatchObject({ dirty: true, save: { kind: 'error', code: 'DISK_FULL' } });
    expect(compose().draft.body).toEqual(body('Wichtiger neuer Absatz'));
    expect(slots.get(seeded.id)?.draft.body).toEqual(body('Wichtiger neuer Absatz'));

    // A new window (restart): the archive lists it, the release offers it.
    const restarted = createAppStore({ api: engine.api, recovery: slots, autosaveDelayMs: 800 });
    restarted.getState().navigate({ screen: 'archive' });
    expect(restarted.getState().compose.recoverable.map((e) => e.releaseId)).toEqual([seeded.id]);
    await restarted.getState().openRelease(seeded.id);
    expect(restarted.getState().compose.recovery?.draft.body).toEqual(body('Wichtiger neuer Absatz'));
    expect(restarted.getState().compose.draft.body).toEqual(body('Alt'));
    restarted.getState().acceptRecovery();
    expect(restarted.getState().compose.draft.body).toEqual(body('Wichtiger neuer Absatz'));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await engine.stored(seeded.id)).body).toEqual(body('Wichtiger neuer Absatz'));
    expect(slots.get(seeded.id)).toBeNull();
  });

  it('retries a failed save on its own after a while, without more typing', async () => {
    const seeded = await engine.seed({ headline: 'Alt' });
    await store.getState().openRelease(seeded.id);
    store.getState().setField('headline', 'Neu');
    engine.failNext('releases.save', 'NETWORK');
    await vi.advanceTimersByTimeAsync(1000);
    expect(compose().save).toEqual({ kind: 'error', code: 'NETWORK' });
    await vi.advanceTimersByTimeAsync(RETRY_DELAY_MS - 1100);
    expect(engine.callsOf('releases.save')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1100);
    expect(engine.callsOf('releases.save')).toHaveLength(2);
    expect(compose()).toMatchObject({ dirty: false, save: { kind: 'saved' } });
    expect((await engine.stored(seeded.id)).headline).toBe('Neu');
    expect(slots.get(seeded.id)).toBeNull();
  });

  it('drops a kept text that equals what is stored, and can discard an offered one', async () => {
    const seeded = await engine.seed({ headline: 'Gleich' });
    slots.put({
      releaseId: seeded.id,
      baseVersion: 1,
      keptAt: '2025-03-01T08:00:00Z',
      draft: { ...emptyDraft(), headline: 'Gleich' },
    });
    await store.getState().openRelease(seeded.id);
    expect(compose().recovery).toBeNull();
    expect(slots.get(seeded.id)).toBeNull();

    slots.put({
      releaseId: null,
      baseVersion: null,
      keptAt: '2025-03-01T08:00:00Z',
      draft: { ...emptyDraft(), headline: 'Neu' },
    });
    store.getState().startNewRelease();
    expect(compose().recovery?.draft.headline).toBe('Neu');
    store.getState().dismissRecovery();
    expect(compose().recovery).toBeNull();
    expect(slots.get(null)).toBeNull();
    expect(compose().draft.headline).toBe('');
  });

  it('on a conflict shows the stored version next to mine, stops autosaving, and lets the user choose', async () => {
    const seeded = await engine.seed({ headline: 'Alt', body: body('Alt') });
    await store.getState().openRelease(seeded.id);
    await engine.editElsewhere(seeded.id, { headline: 'Aus dem anderen Fenster' });
    store.getState().setField('headline', 'Meine Überschrift');
    await vi.advanceTimersByTimeAsync(1000);
    expect(compose().save).toEqual({ kind: 'error', code: 'CONFLICT' });
    expect(compose().conflict?.theirs).toMatchObject({ headline: 'Aus dem anderen Fenster', version: 2 });
    expect(slots.get(seeded.id)?.draft.headline).toBe('Meine Überschrift');

    const savesBefore = engine.callsOf('releases.save').length;
    store.getState().setField('headline', 'Meine Überschrift, weiter getippt');
    await vi.advanceTimersByTimeAsync(RETRY_DELAY_MS * 2);
    expect(engine.callsOf('releases.save')).toHaveLength(savesBefore);
    expect((await engine.stored(seeded.id)).headline).toBe('Aus dem anderen Fenster');

    expect(await store.getState().resolveConflict('theirs')).toBe(true);
    expect(compose()).toMatchObject({ conflict: null, dirty: false, baseVersion: 2 });
    expect(compose().draft.headline).toBe('Aus dem anderen Fenster');
    expect(slots.get(seeded.id)).toBeNull();
  });

  it('resolves a conflict with my version on top of the stored one', async () => {
    const seeded = await engine.seed({ headline: 'Alt' });
    await store.getState().openRelease(seeded.id);
    await engine.editElsewhere(seeded.id, { headline: 'Andere' });
    store.getState().setField('headline', 'Meine');
    await vi.advanceTimersByTimeAsync(1000);
    expect(compose().conflict).not.toBeNull();
    expect(await store.getState().resolveConflict('mine')).toBe(true);
    expect(await engine.stored(seeded.id)).toMatchObject({ headline: 'Meine', version: 3 });
    expect(compose()).toMatchObject({ conflict: null, dirty: false, baseVersion: 3, save: { kind: 'saved' } });
    // The other window's text stays in the history.
    const revisions = await engine.elsewhere.call('releases.revisions', { id: seeded.id });
    expect(revisions.map((r) => r.headline)).toContain('Andere');
  });
});

describe('a body read from the editor only when needed', () => {
  let slots: ReturnType<typeof memoryRecoveryStore>;
  /** Stands in for the editor: its current text, and how often the body was read (serialized). */
  let typed: string;
  let reads: number;
  const read = (): DocumentNode => {
    reads++;
    return body(typed);
  };
  const type = (text: string): void => {
    typed = text;
    store.getState().bodyChanged(read);
  };

  beforeEach(async () => {
    vi.useFakeTimers();
    slots = memoryRecoveryStore();
    store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z'), recovery: slots });
    reads = 0;
    typed = 'Alt';
    const seeded = await engine.seed({ headline: 'Haushalt', body: body('Alt') });
    await store.getState().openRelease(seeded.id);
  });
  afterEach(() => vi.useRealTimers());

  const storedBody = async () => (await engine.stored(compose().releaseId!)).body;

  it('does not read the body per keystroke, but once typing pauses, and autosaves the latest text', async () => {
    for (const text of ['AltN', 'AltNe', 'AltNeu']) {
      type(text);
      await vi.advanceTimersByTimeAsync(BODY_SYNC_DELAY_MS - 50);
    }
    expect(reads).toBe(0);
    expect(compose().dirty).toBe(true);
    expect(compose().draft.body).toEqual(body('Alt'));
    await vi.advanceTimersByTimeAsync(100);
    expect(reads).toBe(1);
    expect(compose().draft.body).toEqual(body('AltNeu'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(engine.callsOf('releases.save')).toHaveLength(1);
    expect(await storedBody()).toEqual(body('AltNeu'));
    expect(compose()).toMatchObject({ dirty: false, save: { kind: 'saved' } });
  });

  it('saves the text typed just before leaving (blur, navigation) without waiting for the pause', async () => {
    type('Letzter Satz vor dem Wechsel');
    expect(await store.getState().flushSave()).toBe(true);
    expect(await storedBody()).toEqual(body('Letzter Satz vor dem Wechsel'));
    expect(compose().dirty).toBe(false);
  });

  it('saves body text typed while a save was on its way, once typing pauses', async () => {
    store.getState().setField('headline', 'Neue Überschrift');
    const saving = store.getState().saveRelease();
    type('Während des Speicherns getippt');
    expect(await saving).toBe(true);
    expect(engine.callsOf('releases.save')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(engine.callsOf('releases.save')).toHaveLength(2);
    expect(await storedBody()).toEqual(body('Während des Speicherns getippt'));
    expect(compose()).toMatchObject({ dirty: false, save: { kind: 'saved' } });
  });

  it('starts the last save at once when the window closes', async () => {
    type('Beim Schließen getippt');
    const closing = store.getState().flushSave();
    // The page may be gone before anything else runs: the save is on its way already.
    expect(engine.callsOf('releases.save').map((c) => c.input.fields)).toMatchObject([
      { body: body('Beim Schließen getippt') },
    ]);
    expect(await closing).toBe(true);
    expect(await storedBody()).toEqual(body('Beim Schließen getippt'));
  });

  it('puts the latest text into the recovery slot at once when the window is hidden or closed', () => {
    type('Noch nicht gespeichert');
    store.getState().keepUnsaved();
    expect(slots.get(compose().releaseId)?.draft.body).toEqual(body('Noch nicht gespeichert'));
  });

  it('does not save a change that was taken back before the pause', async () => {
    type('AltX');
    type('Alt');
    await vi.advanceTimersByTimeAsync(2000);
    expect(compose().dirty).toBe(false);
    expect(engine.callsOf('releases.save')).toHaveLength(0);
  });

  it('keeps the typed body when another field is edited before the pause', async () => {
    type('Neuer Fließtext');
    store.getState().setField('headline', 'Neue Überschrift');
    await vi.advanceTimersByTimeAsync(1000);
    const stored = await engine.stored(compose().releaseId!);
    expect(stored.headline).toBe('Neue Überschrift');
    expect(stored.body).toEqual(body('Neuer Fließtext'));
  });

  it('saves the typed body before moving the release to the trash', async () => {
    type('Vor dem Löschen geschrieben');
    const id = compose().releaseId!;
    expect(await store.getState().trashRelease()).toBe(true);
    expect(engine.callsOf('releases.save')).toHaveLength(1);
    expect(engine.callsOf('releases.save')[0]?.input).toMatchObject({
      fields: { body: body('Vor dem Löschen geschrieben') },
    });
    const stored = await engine.stored(id);
    expect(stored.body).toEqual(body('Vor dem Löschen geschrieben'));
    expect(stored.deletedAt).not.toBeNull();
  });

  it('never reads the editor of a release that was replaced by another one', async () => {
    type('Aus dem alten Editor');
    const other = await engine.seed({ headline: 'Andere', body: body('Andere Meldung') });
    await store.getState().openRelease(other.id);
    await vi.advanceTimersByTimeAsync(2000);
    expect(reads).toBe(0);
    expect(compose().draft.body).toEqual(body('Andere Meldung'));
    expect(compose().dirty).toBe(false);
    expect(engine.callsOf('releases.save')).toHaveLength(0);
  });
});
