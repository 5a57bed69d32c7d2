import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { initI18n } from './i18n';
import de from './i18n/de.json';
import { appStore, resetAppStore, setApi } from './stores';
import { openTestEngine, type TestEngine } from './testing/engine';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let engine: TestEngine;
let container: HTMLDivElement;
let root: Root;

/** Runs a user action and lets the engine's answers arrive, all inside act(). */
async function run(action: () => void): Promise<void> {
  await act(async () => {
    action();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function start(): Promise<void> {
  await run(() => {
    appStore.getState().navigate({ screen: 'archive' });
    root.render(<App />);
  });
}

function buttonNamed(name: string, scope: ParentNode = container): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.replace('←', '').trim()) === name,
  );
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

function inputLabelled(label: string): HTMLInputElement {
  const labelElement = [...container.querySelectorAll('label')].find((l) => l.textContent === label);
  const input = labelElement && document.getElementById(labelElement.htmlFor);
  if (!(input instanceof HTMLInputElement)) throw new Error(`no input labelled "${label}"`);
  return input;
}

/** Types into a controlled input the way the browser reports it to React. */
async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  await run(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeEach(() => {
  initI18n('de');
  engine = openTestEngine();
  setApi(engine.api);
  localStorage.clear();
  resetAppStore();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('archive screen', () => {
  it('lists releases as buttons named by their headline, with Berlin dates', async () => {
    await engine.seed({
      headline: 'Haushalt 2026 beschlossen',
      topic: 'Finanzen',
      status: 'published',
      publishedAt: '2025-03-31T23:30:00.000Z',
    });
    await engine.seed({ headline: '' });
    await start();

    expect(container.querySelector('main h1')?.textContent).toBe('Archiv');
    const rows = [...container.querySelectorAll('ul[aria-label="Meldungen"] > li > button')];
    expect(rows).toHaveLength(2);
    const published = rows.find((r) => r.textContent?.includes('Haushalt 2026 beschlossen'));
    expect(published?.textContent).toContain('Finanzen');
    expect(published?.textContent).toContain('Veröffentlicht');
    expect(published?.textContent).toContain('Veröffentlicht am 01.04.2025, 01:30');
    expect(rows.some((r) => r.textContent?.includes('(ohne Überschrift)'))).toBe(true);
  });

  it('searches as you type and marks hits as text, never as markup', async () => {
    await engine.seed({
      headline: 'Radweg <img src=x onerror=alert(1)> eröffnet',
      teaser: 'Der neue Radweg <b onclick=alert(1)>an</b> der Ringstraße ist fertig.',
      topic: 'Verkehr',
    });
    await engine.seed({ headline: 'Kita eröffnet', topic: 'Familie' });
    await start();
    await typeInto(inputLabelled('Archiv durchsuchen'), 'radweg');
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    const rows = [...container.querySelectorAll('ul[aria-label="Meldungen"] > li > button')];
    expect(rows).toHaveLength(1);
    // The engine marks the hit in an excerpt of the teaser; headline and teaser stay text.
    expect([...rows[0]!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Radweg']);
    expect(rows[0]!.textContent).toContain('Radweg <img src=x onerror=alert(1)> eröffnet');
    expect(rows[0]!.textContent).toContain('<b onclick=alert(1)>an</b>');
    expect(rows[0]!.querySelector('img, b')).toBeNull();
    expect(container.textContent).toContain('1 Treffer');
    expect(container.querySelector('aside')?.textContent).toContain('Verkehr');
  });

  it('lists releases without a date under „ohne Datum“ in the year facet, and filters to them on a click', async () => {
    await engine.seed({ headline: 'Hafen datiert', status: 'published', publishedAt: '2019-05-07T08:00:00.000Z' });
    await engine.seed({ headline: 'Hafen undatiert' });
    await start();
    await typeInto(inputLabelled('Archiv durchsuchen'), 'hafen');
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    const year = container.querySelector('aside section[aria-label="Jahr"]');
    expect([...year!.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['2019 1', 'ohne Datum 1']);
    await run(() => buttonNamed('ohne Datum 1').click());
    expect(inputLabelled('Archiv durchsuchen').value).toBe('hafen datum:ohne ');
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    const rows = [...container.querySelectorAll('ul[aria-label="Meldungen"] > li > button')];
    expect(rows.map((r) => r.querySelector('.row-headline')?.textContent)).toEqual(['Hafen undatiert']);
    expect(buttonNamed('ohne Datum 1').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows an empty state, and a translated error with a retry', async () => {
    engine.failNext('releases.list', 'NETWORK');
    await start();
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(de.errors.NETWORK);

    await run(() => buttonNamed('Erneut versuchen').click());
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(container.textContent).toContain('Noch keine Meldungen');
  });
});

describe('trash screen', () => {
  it('is reached from the archive, restores a release, and deletes one for good after a question naming it', async () => {
    const keep = await engine.seed({ headline: 'Hafenfest verschoben' });
    const gone = await engine.seed({ headline: 'Alter Entwurf' });
    await engine.api.call('releases.trash', { id: keep.id });
    await engine.api.call('releases.trash', { id: gone.id });
    await start();
    await run(() => buttonNamed('Papierkorb').click());
    expect(container.querySelector('main h1')?.textContent).toBe('Papierkorb');
    expect(document.title).toContain('Papierkorb');
    const list = container.querySelector('ul[aria-label="Meldungen im Papierkorb"]')!;
    expect([...list.querySelectorAll('.row-headline')].map((h) => h.textContent).sort()).toEqual([
      'Alter Entwurf',
      'Hafenfest verschoben',
    ]);
    // Every action is a button named after its release, so it is reachable and distinguishable by keyboard.
    const purge = buttonNamed('„Alter Entwurf“ endgültig löschen');
    expect(purge.tagName).toBe('BUTTON');
    await run(() => purge.click());
    const dialog = container.querySelector('dialog')!;
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.textContent).toContain('„Alter Entwurf“ endgültig löschen?');
    expect(document.activeElement?.textContent).toBe('Abbrechen');
    await run(() => buttonNamed('Abbrechen', dialog).click());
    expect(dialog.hasAttribute('open')).toBe(false);
    expect((await engine.api.call('releases.get', { id: gone.id })).deletedAt).not.toBeNull();

    await run(() => buttonNamed('„Alter Entwurf“ endgültig löschen').click());
    await run(() => buttonNamed('Endgültig löschen', dialog).click());
    await run(() => undefined);
    expect(container.querySelector('[role="status"]')?.textContent).toContain(
      '„Alter Entwurf“ wurde endgültig gelöscht.',
    );
    await expect(engine.api.call('releases.get', { id: gone.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await run(() => buttonNamed('„Hafenfest verschoben“ wiederherstellen').click());
    await run(() => undefined);
    expect(container.textContent).toContain('Der Papierkorb ist leer');
    await run(() => buttonNamed('Zurück zum Archiv').click());
    const rows = [...container.querySelectorAll('ul[aria-label="Meldungen"] .row-headline')];
    expect(rows.map((r) => r.textContent)).toEqual(['Hafenfest verschoben']);
  });
});

describe('compose screen', () => {
  it('opens a release, saves it with Ctrl+S and shows the save state', async () => {
    const seeded = await engine.seed({ headline: 'Alte Überschrift' });
    await start();
    await run(() => container.querySelector<HTMLButtonElement>('ul[aria-label="Meldungen"] button')!.click());

    const headline = inputLabelled('Überschrift');
    expect(headline.value).toBe('Alte Überschrift');
    const body = container.querySelector('[role="textbox"][aria-multiline="true"]');
    expect(body?.getAttribute('aria-label')).toBe('Fließtext');

    await typeInto(headline, 'Neue Überschrift');
    const status = container.querySelector('main [role="status"]');
    expect(status?.textContent).toBe('Nicht gespeichert');

    const event = new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true, cancelable: true });
    await run(() => headline.dispatchEvent(event));
    expect(event.defaultPrevented).toBe(true);
    expect(engine.callsOf('releases.save')).toHaveLength(1);
    expect(status?.textContent).toMatch(/^Gespeichert um \d{2}:\d{2}$/);
    expect(await engine.stored(seeded.id)).toMatchObject({ headline: 'Neue Überschrift', version: 2 });
  });

  it('saves when leaving, and asks in an in-app dialog only when that save fails', async () => {
    await start();
    await run(() => buttonNamed('Neue Meldung', container.querySelector('main')!).click());
    await typeInto(inputLabelled('Überschrift'), 'Noch nicht gespeichert');

    engine.failNext('releases.create', 'DISK_FULL');
    await run(() => buttonNamed('Zurück zum Archiv').click());
    const dialog = container.ownerDocument.querySelector('dialog[open]');
    expect(dialog).not.toBeNull();
    expect(dialog?.querySelector('h2')?.textContent).toBe('Ungespeicherte Änderungen');
    expect(appStore.getState().route.screen).toBe('compose');
    // The text that could not be stored is also kept in the window.
    expect(localStorage.getItem('pressdesk.recovery.new')).toContain('Noch nicht gespeichert');

    await run(() => buttonNamed('Änderungen verwerfen', dialog!).click());
    expect(appStore.getState().route.screen).toBe('archive');
    expect(engine.callsOf('releases.create')).toHaveLength(1);
    expect(await engine.storedHeadlines()).toEqual([]);
    // After a restart the archive offers the kept text.
    expect(container.querySelector('.recoverable-list')?.textContent).toContain('„Noch nicht gespeichert“ öffnen');
  });

  it('saves on leaving without asking when the save succeeds', async () => {
    await start();
    await run(() => buttonNamed('Neue Meldung', container.querySelector('main')!).click());
    await typeInto(inputLabelled('Überschrift'), 'Gleich gespeichert');
    await run(() => buttonNamed('Zurück zum Archiv').click());
    expect(container.ownerDocument.querySelector('dialog[open]')).toBeNull();
    expect(appStore.getState().route.screen).toBe('archive');
    expect(await engine.storedHeadlines()).toEqual(['Gleich gespeichert']);
  });
});

describe('app commands (keys and the application menu)', () => {
  const keydown = (init: KeyboardEventInit, target: EventTarget = document.body) => {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(event);
    return event;
  };

  /** The Electron bridge as the preload exposes it, with the menu's side in the test's hand. */
  function installBridge() {
    const listeners = new Set<(command: string) => void>();
    Object.defineProperty(window, 'pressdesk', {
      configurable: true,
      value: {
        invoke: () => Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'unused' } }),
        onCommand: (listener: (command: string) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
    });
    return {
      listeners,
      send: (command: string) => run(() => listeners.forEach((l) => l(command))),
    };
  }

  afterEach(() => {
    delete (window as { pressdesk?: unknown }).pressdesk;
  });

  it('runs a menu command like its key: new release, settings, search, keyboard help', async () => {
    const menu = installBridge();
    await start();
    expect(menu.listeners.size).toBe(1);
    await menu.send('release.new');
    expect(appStore.getState().route).toEqual({ screen: 'compose', releaseId: null });
    await menu.send('app.preferences');
    expect(appStore.getState().route.screen).toBe('settings');
    await menu.send('archive.search');
    expect(appStore.getState().route.screen).toBe('archive');
    expect(document.activeElement?.id).toBe('archive-search');
    await menu.send('help.shortcuts');
    const dialog = document.querySelector('dialog[open]');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Tastenkürzel');
    expect(dialog?.textContent).toContain('Archiv durchsuchen');
    expect(dialog?.textContent).toContain('Strg+Umschalt+F');
    act(() => root.unmount());
    expect(menu.listeners.size).toBe(0);
    root = createRoot(container);
  });

  it('runs a key once, even with the menu listening, and leaves other keys alone', async () => {
    installBridge();
    await start();
    const first = keydown({ key: 'n', ctrlKey: true });
    await run(() => undefined);
    expect(first.defaultPrevented).toBe(true);
    expect(appStore.getState().route).toEqual({ screen: 'compose', releaseId: null });
    expect(appStore.getState().navigations).toBe(2);
    // Mod+K is the editor's link form, not an app command.
    expect(keydown({ key: 'k', ctrlKey: true }).defaultPrevented).toBe(false);
    const search = keydown({ key: 'F', ctrlKey: true, shiftKey: true });
    await run(() => undefined);
    expect(search.defaultPrevented).toBe(true);
    expect(appStore.getState().route.screen).toBe('archive');
    expect(document.activeElement?.id).toBe('archive-search');
  });

  it('brings the export panel of a stored release into view with Ctrl+E', async () => {
    await engine.seed({ headline: 'Zum Export' });
    await start();
    await run(() => container.querySelector<HTMLButtonElement>('ul[aria-label="Meldungen"] button')!.click());
    const event = keydown({ key: 'e', ctrlKey: true });
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement?.textContent).toBe('Export');
    expect(document.activeElement?.closest('.export-panel')).not.toBeNull();
  });

  it('says why Ctrl+E or the menu export nothing without a saved release, on each screen', async () => {
    const menu = installBridge();
    const notice = () => container.querySelector('.notice-region')?.textContent ?? '';
    await start();
    expect(notice()).toBe('');
    await run(() => keydown({ key: 'e', ctrlKey: true }));
    expect(notice()).toContain('Zum Exportieren zuerst eine gespeicherte Pressemitteilung öffnen.');
    expect(container.querySelector('.notice-region')?.getAttribute('role')).toBe('status');

    // A new release that was never saved: save it first.
    await menu.send('release.new');
    expect(notice()).toBe('');
    await menu.send('release.export');
    expect(notice()).toContain('Diese Pressemitteilung ist noch nicht gespeichert. Zum Exportieren zuerst speichern.');
    expect(container.querySelector('.export-panel')).toBeNull();

    // Settings has the notice area too.
    await menu.send('app.preferences');
    await menu.send('release.export');
    expect(notice()).toContain('Zum Exportieren zuerst eine gespeicherte Pressemitteilung öffnen.');
    await run(() => buttonNamed('Hinweis schließen').click());
    expect(notice()).toBe('');
  });

  it('tells the host the language of the release being edited', async () => {
    await engine.seed({ headline: 'In English', language: 'en-GB' });
    await start();
    expect(engine.callsOf('app.setSpellcheckLanguage')).toEqual([]);
    await run(() => container.querySelector<HTMLButtonElement>('ul[aria-label="Meldungen"] button')!.click());
    expect(engine.callsOf('app.setSpellcheckLanguage').map((c) => c.input)).toContainEqual({ language: 'en-GB' });
  });
});

describe('settings: the press office', () => {
  /** The input of the office section labelled `label` (the label wraps it). */
  function officeInput(label: string): HTMLInputElement {
    const labels = [...container.querySelectorAll('.office-section label')];
    const found = labels.find((l) => l.firstChild?.textContent === label)?.querySelector('input');
    if (!(found instanceof HTMLInputElement)) throw new Error(`no office input "${label}"`);
    return found;
  }

  async function leave(input: HTMLInputElement): Promise<void> {
    await run(() => input.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
  }

  it('stores the office name on leaving the field and shows a refused website address in German', async () => {
    await start();
    await run(() => appStore.getState().navigate({ screen: 'settings' }));
    expect(container.querySelector('.office-section h2')?.textContent).toBe(de.settings.office.heading);
    const name = officeInput(de.settings.office.name);
    await typeInto(name, 'Stadt Köln');
    await leave(name);
    expect(await engine.elsewhere.call('settings.get', { key: 'office.name' })).toEqual({
      key: 'office.name',
      value: 'Stadt Köln',
    });
    const url = officeInput(de.settings.office.url);
    await typeInto(url, 'keine Adresse');
    await leave(url);
    expect(container.querySelector('.office-section [role="alert"]')?.textContent).toBe(de.errors.SETTING_INVALID);
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect((await engine.elsewhere.call('settings.get', { key: 'office.url' })).value).toBeNull();
  });
});
