import { beforeEach, describe, expect, it } from 'vitest';
import { localLastReleaseStore, memoryLastReleaseStore, type LastReleaseStore } from '../lib/lastRelease';
import { FakeEngine } from '../testing/fakeApi';
import { createAppStore, type AppStore } from './index';

// The fake engine names its data directory "memory".
const SCOPE = 'memory';

let engine: FakeEngine;
let remembered: LastReleaseStore;
let store: AppStore;

/** Lets the fake engine's answers to loads started by a navigation arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  engine = new FakeEngine();
  remembered = memoryLastReleaseStore();
  store = createAppStore({ api: engine.api, lastRelease: remembered });
});

describe('start: the last open release', () => {
  it('starts in the archive when nothing is remembered', async () => {
    engine.seed({ headline: 'Irgendwas' });
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'archive' });
  });

  it('reopens the release that was open, in compose', async () => {
    const release = engine.seed({ headline: 'Brücke wieder frei' });
    remembered.set(SCOPE, release.id);
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'compose', releaseId: release.id });
    await settle();
    expect(store.getState().compose.draft.headline).toBe('Brücke wieder frei');
  });

  it('shows the archive and forgets the release when it is in the trash or gone', async () => {
    const trashed = engine.seed({ headline: 'Im Papierkorb' });
    await engine.api.call('releases.trash', { id: trashed.id });
    remembered.set(SCOPE, trashed.id);
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'archive' });
    expect(remembered.get(SCOPE)).toBeNull();

    const other = createAppStore({ api: engine.api, lastRelease: remembered });
    remembered.set(SCOPE, 'gibt-es-nicht');
    await other.getState().start();
    expect(other.getState().route).toEqual({ screen: 'archive' });
    expect(remembered.get(SCOPE)).toBeNull();
  });

  it('keeps the release of another data directory apart', async () => {
    const release = engine.seed({ headline: 'Anderes Archiv' });
    remembered.set('/elsewhere', release.id);
    await store.getState().start();
    expect(store.getState().route).toEqual({ screen: 'archive' });
    expect(remembered.get('/elsewhere')).toBe(release.id);
  });

  it('remembers the release opened later, a new one once saved, and forgets it on leaving compose', async () => {
    const release = engine.seed({ headline: 'Erste' });
    await store.getState().start();
    store.getState().navigate({ screen: 'compose', releaseId: release.id });
    await settle();
    expect(remembered.get(SCOPE)).toBe(release.id);

    store.getState().navigate({ screen: 'compose', releaseId: null });
    expect(remembered.get(SCOPE)).toBeNull();
    store.getState().setFields({ headline: 'Ganz neu' });
    expect(await store.getState().saveRelease()).toBe(true);
    const saved = store.getState().compose.releaseId;
    expect(saved).not.toBeNull();
    expect(remembered.get(SCOPE)).toBe(saved);

    store.getState().navigate({ screen: 'settings' });
    expect(remembered.get(SCOPE)).toBeNull();
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
    const release = engine.seed({ headline: 'Offen' });
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
