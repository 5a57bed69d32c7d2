import { beforeEach, describe, expect, it, vi } from 'vitest';
import { localLastReleaseStore, memoryLastReleaseStore, type LastReleaseStore } from '../lib/lastRelease';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let remembered: LastReleaseStore;
let store: AppStore;
/** The last release is remembered per data directory: this engine's. */
let scope: string;

/** Lets the engine's answers to loads started by a navigation arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  engine = openTestEngine();
  scope = engine.harness.dataDir;
  remembered = memoryLastReleaseStore();
  store = createAppStore({ api: engine.api, lastRelease: remembered });
});

describe('start: the last open release', () => {
  it('starts in the archive when nothing is remembered', async () => {
    await engine.seed({ headline: 'Irgendwas' });
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'archive' });
  });

  it('reopens the release that was open, in compose', async () => {
    const release = await engine.seed({ headline: 'Brücke wieder frei' });
    remembered.set(scope, release.id);
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'compose', releaseId: release.id });
    await vi.waitFor(() => expect(store.getState().compose.draft.headline).toBe('Brücke wieder frei'));
  });

  it('shows the archive and forgets the release when it is in the trash or gone', async () => {
    const trashed = await engine.seed({ headline: 'Im Papierkorb' });
    await engine.elsewhere.call('releases.trash', { id: trashed.id });
    remembered.set(scope, trashed.id);
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'archive' });
    expect(remembered.get(scope)).toBeNull();

    const other = createAppStore({ api: engine.api, lastRelease: remembered });
    remembered.set(scope, 'gibt-es-nicht');
    await other.getState().start();
    expect(other.getState().route).toEqual({ screen: 'archive' });
    expect(remembered.get(scope)).toBeNull();
  });

  it('keeps the release of another data directory apart', async () => {
    const release = await engine.seed({ headline: 'Anderes Archiv' });
    remembered.set('/elsewhere', release.id);
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'archive' });
    expect(remembered.get('/elsewhere')).toBe(release.id);
  });

  it('remembers the release opened later, a new one once saved, and forgets it on leaving compose', async () => {
    const release = await engine.seed({ headline: 'Erste' });
    await store.getState().start();
    store.getState().navigate({ screen: 'compose', releaseId: release.id });
    await settle();
    expect(remembered.get(scope)).toBe(release.id);

    store.getState().navigate({ screen: 'compose', releaseId: null });
    expect(remembered.get(scope)).toBeNull();
    store.getState().setFields({ headline: 'Ganz neu' });
    expect(await store.getState().saveRelease()).toBe(true);
    const saved = store.getState().compose.releaseId;
    expect(saved).not.toBeNull();
    expect(remembered.get(scope)).toBe(saved);
    expect((await engine.stored(saved!)).headline).toBe('Ganz neu');

    store.getState().navigate({ screen: 'settings' });
    expect(remembered.get(scope)).toBeNull();
  });
});

describe('localLastReleaseStore', () => {
  it('keeps one release per data directory and ignores a slot that is no release id', () => {
    const slots = localLastReleaseStore(window.localStorage);
    slots.set('/data/a', 'abc-123');
    slots.set('/data/b', 'def-456');
    expect(slots.get('/data/a')).toBe('abc-123');
    expect(slots.get('/data/b')).toBe('def-456');
    slots.set('/data/a', null);
    expect(slots.get('/data/a')).toBeNull();
    window.localStorage.setItem('pressdesk.lastRelease./data/c', '../../etc <script>');
    expect(slots.get('/data/c')).toBeNull();
    window.localStorage.clear();
  });
});

describe('searchArchive', () => {
  it('goes to the archive and asks once for the search field', async () => {
    const release = await engine.seed({ headline: 'Offen' });
    await store.getState().start();
    store.getState().navigate({ screen: 'compose', releaseId: release.id });
    await settle();
    store.getState().searchArchive();
    await settle();
    expect(store.getState().route).toEqual({ screen: 'archive' });
    expect(store.getState().takeSearchFocus()).toBe(true);
    expect(store.getState().takeSearchFocus()).toBe(false);
  });

  it('stays on the archive when it is shown already', async () => {
    await store.getState().start();
    const navigations = store.getState().navigations;
    store.getState().searchArchive();
    expect(store.getState().navigations).toBe(navigations);
    expect(store.getState().searchFocusPending).toBe(true);
  });
});
