import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  UI_LANGUAGE_STORAGE_KEY,
  i18next,
  initI18n,
  onUiLanguageChoiceChange,
  resolveUiLanguage,
  setUiLanguage,
  setUiLanguageChoice,
  storedUiLanguage,
  storedUiLanguageChoice,
} from './index';

describe('resolveUiLanguage', () => {
  it('takes an explicit stored choice over the system languages', () => {
    expect(resolveUiLanguage('de', ['en-US', 'en'])).toBe('de');
    expect(resolveUiLanguage('en', ['de-DE'])).toBe('en');
  });

  it('otherwise takes the first system language that is German or English', () => {
    expect(resolveUiLanguage(null, ['en-US', 'de-DE'])).toBe('en');
    expect(resolveUiLanguage(null, ['de-AT', 'en'])).toBe('de');
    expect(resolveUiLanguage(null, ['fr-FR', 'nl', 'en-GB', 'de'])).toBe('en');
    expect(resolveUiLanguage(null, ['EN_us'])).toBe('en');
  });

  it('ignores stored values that are no interface language', () => {
    expect(resolveUiLanguage('system', ['en-US'])).toBe('en');
    expect(resolveUiLanguage('fr', ['en-US'])).toBe('en');
    expect(resolveUiLanguage('', ['de'])).toBe('de');
  });

  it('falls back to German when the system asks for neither', () => {
    expect(resolveUiLanguage(null, ['fr-FR', 'it'])).toBe('de');
    expect(resolveUiLanguage(null, [])).toBe('de');
    // "den" (Slave) and "enm" (Middle English) are other languages, not de or en.
    expect(resolveUiLanguage(null, ['den', 'enm-GB'])).toBe('de');
  });
});

describe('the stored choice', () => {
  let languages: string[];

  beforeEach(() => {
    languages = ['en-US', 'en'];
    vi.spyOn(window.navigator, 'languages', 'get').mockImplementation(() => languages);
    window.localStorage.clear();
    initI18n('de');
  });

  afterEach(() => {
    vi.restoreAllMocks();
    window.localStorage.clear();
  });

  it('follows the system while nothing is stored', () => {
    expect(storedUiLanguageChoice()).toBe('system');
    expect(storedUiLanguage()).toBe('en');
    languages = ['de-CH'];
    expect(storedUiLanguage()).toBe('de');
  });

  it('keeps an explicit language and switches the interface to it', () => {
    setUiLanguage('de');
    expect(window.localStorage.getItem(UI_LANGUAGE_STORAGE_KEY)).toBe('de');
    expect(storedUiLanguageChoice()).toBe('de');
    expect(storedUiLanguage()).toBe('de');
    expect(i18next.language).toBe('de');
    expect(document.documentElement.lang).toBe('de');
  });

  it('"system" forgets the explicit language and follows the system again', () => {
    setUiLanguageChoice('de');
    const changes = vi.fn();
    const stop = onUiLanguageChoiceChange(changes);
    setUiLanguageChoice('system');
    stop();
    expect(window.localStorage.getItem(UI_LANGUAGE_STORAGE_KEY)).toBeNull();
    expect(storedUiLanguageChoice()).toBe('system');
    expect(i18next.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it('treats a damaged stored value as "follow the system"', () => {
    window.localStorage.setItem(UI_LANGUAGE_STORAGE_KEY, 'klingon');
    expect(storedUiLanguageChoice()).toBe('system');
    expect(storedUiLanguage()).toBe('en');
  });
});

describe('numbers in the interface', () => {
  afterEach(() => {
    window.localStorage.clear();
  });

  it('are grouped as the interface language writes them', () => {
    initI18n('de');
    setUiLanguage('de');
    expect(i18next.t('archive.count', { count: 12345 })).toBe('12.345 Meldungen');
    expect(i18next.t('editor.stats.words', { count: 1 })).toBe('1 Wort');
    setUiLanguage('en');
    expect(i18next.t('archive.count', { count: 12345 })).toBe('12,345 releases');
    expect(i18next.t('archive.shown', { shown: 1000, total: 104000 })).toBe('Showing 1,000 of 104,000 releases.');
  });
});
