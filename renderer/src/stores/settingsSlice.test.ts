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

describe('settings: the press office', () => {
  it('stores office settings, reports a refused value and keeps the stored one', async () => {
    await store.getState().loadOffice();
    expect(store.getState().settings.office['office.name']).toBeNull();
    expect(await store.getState().saveOfficeSetting('office.name', 'Stadt Köln')).toBe(true);
    expect(await store.getState().saveOfficeSetting('office.url', 'https://stadt-koeln.example/')).toBe(true);
    expect(store.getState().settings.office).toMatchObject({
      'office.name': 'Stadt Köln',
      'office.url': 'https://stadt-koeln.example/',
    });
    expect(await store.getState().saveOfficeSetting('office.url', 'javascript:alert(1)')).toBe(false);
    expect(store.getState().settings.officeError).toEqual({ key: 'office.url', code: 'SETTING_INVALID' });
    expect(store.getState().settings.office['office.url']).toBe('https://stadt-koeln.example/');
    expect(await engine.elsewhere.call('settings.get', { key: 'office.url' })).toEqual({
      key: 'office.url',
      value: 'https://stadt-koeln.example/',
    });
  });

  it('uploads a logo into the media library and refuses a file that is no image', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 200, height: 60, channels: 4, background: '#004b87' } })
      .png()
      .toBuffer();
    expect(await store.getState().uploadOfficeLogo(new File([new Uint8Array(png)], 'logo.png'))).toBe(true);
    const logo = store.getState().settings.office['office.logo'];
    expect(logo).toMatch(/^[a-z0-9-]+$/i);
    expect(await store.getState().uploadOfficeLogo(new File(['kein Bild'], 'logo.png'))).toBe(false);
    expect(store.getState().settings.officeError).toEqual({ key: 'office.logo', code: 'ASSET_UNSUPPORTED' });
    expect((await engine.elsewhere.call('settings.get', { key: 'office.logo' })).value).toBe(logo);
  });

  it('prefills a new release with the default press contact and boilerplate, unsaved until the user types', async () => {
    await engine.elsewhere.call('settings.set', { key: 'office.contact', value: 'Pressestelle\npresse@stadt.example' });
    await engine.elsewhere.call('settings.set', { key: 'office.boilerplate', value: 'Die Stadt …' });
    await store.getState().loadOffice();
    store.getState().startNewRelease();
    const compose = store.getState().compose;
    expect(compose.draft).toMatchObject({
      pressContact: 'Pressestelle\npresse@stadt.example',
      boilerplate: 'Die Stadt …',
    });
    expect(compose.dirty).toBe(false);
    store.getState().setField('headline', 'Neu');
    expect(await store.getState().saveRelease()).toBe(true);
    const created = await engine.elsewhere.call('releases.get', { id: store.getState().compose.releaseId! });
    expect(created).toMatchObject({ pressContact: 'Pressestelle\npresse@stadt.example', boilerplate: 'Die Stadt …' });
  });
});
