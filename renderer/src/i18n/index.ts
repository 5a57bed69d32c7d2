import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import de from './de.json';
import en from './en.json';

/** Languages of the interface (the language of a release is independent of these). */
export const UI_LANGUAGES = ['de', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export const DEFAULT_UI_LANGUAGE: UiLanguage = 'de';
export const UI_LANGUAGE_STORAGE_KEY = 'pressdesk.uiLanguage';

export const resources = {
  de: { translation: de },
  en: { translation: en },
} as const;

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** The language chosen earlier on this machine, else German. */
export function storedUiLanguage(): UiLanguage {
  try {
    const stored = window.localStorage.getItem(UI_LANGUAGE_STORAGE_KEY);
    return isUiLanguage(stored) ? stored : DEFAULT_UI_LANGUAGE;
  } catch {
    // Storage can be unavailable (privacy settings); German is the default then.
    return DEFAULT_UI_LANGUAGE;
  }
}

function applyToDocument(language: string): void {
  document.documentElement.lang = language;
}

/** Initializes i18next synchronously with the bundled resources. */
export function initI18n(language: UiLanguage = storedUiLanguage()): I18n {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: DEFAULT_UI_LANGUAGE,
      supportedLngs: [...UI_LANGUAGES],
      initAsync: false,
      interpolation: { escapeValue: false },
      returnEmptyString: false,
    });
    i18next.on('languageChanged', applyToDocument);
  } else if (i18next.language !== language) {
    void i18next.changeLanguage(language);
  }
  applyToDocument(i18next.language);
  return i18next;
}

export function currentUiLanguage(): UiLanguage {
  return isUiLanguage(i18next.language) ? i18next.language : DEFAULT_UI_LANGUAGE;
}

/** Switches the interface language and remembers the choice. */
export function setUiLanguage(language: UiLanguage): void {
  void i18next.changeLanguage(language);
  try {
    window.localStorage.setItem(UI_LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered, but switched for this session.
  }
}

/**
 * The locale for dates and numbers: the user's own regional variant of the
 * interface language if the system has one ("de-AT", "en-GB"), else a default.
 */
export function uiLocale(language: UiLanguage): string {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  const match = preferred.find((tag) => tag.toLowerCase().split('-')[0] === language && tag.includes('-'));
  if (match) {
    try {
      return Intl.getCanonicalLocales(match)[0] ?? match;
    } catch {
      // an odd system tag: use the default below
    }
  }
  return language === 'de' ? 'de-DE' : 'en-GB';
}

export { i18next };

/** The locale for formatting in the current interface language; re-renders on a switch. */
export function useUiLocale(): string {
  const { i18n } = useTranslation();
  return uiLocale(isUiLanguage(i18n.language) ? i18n.language : DEFAULT_UI_LANGUAGE);
}
