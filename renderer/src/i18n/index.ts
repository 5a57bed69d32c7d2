import i18next, { type i18n as I18n } from 'i18next';
import { useSyncExternalStore } from 'react';
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

/** What the user chose in the settings: follow the system, or one language. */
export const UI_LANGUAGE_CHOICES = ['system', ...UI_LANGUAGES] as const;
export type UiLanguageChoice = (typeof UI_LANGUAGE_CHOICES)[number];

/**
 * The interface language: an explicit choice stored on this machine wins;
 * otherwise the first system language that is German or English decides
 * ("de-AT" → de, "en-US" → en); otherwise German.
 */
export function resolveUiLanguage(stored: unknown, preferred: readonly string[]): UiLanguage {
  if (isUiLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isUiLanguage(base)) return base;
  }
  return DEFAULT_UI_LANGUAGE;
}

function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages.length > 0 ? navigator.languages : navigator.language ? [navigator.language] : [];
}

function readStoredChoice(): string | null {
  try {
    return window.localStorage.getItem(UI_LANGUAGE_STORAGE_KEY);
  } catch {
    // Storage can be unavailable (privacy settings); the system language decides then.
    return null;
  }
}

/** The stored choice; anything but an explicit, known language means "follow the system". */
export function storedUiLanguageChoice(): UiLanguageChoice {
  const stored = readStoredChoice();
  return isUiLanguage(stored) ? stored : 'system';
}

/** The language the system asks for (German if it asks for neither German nor English). */
export function systemUiLanguage(): UiLanguage {
  return resolveUiLanguage(null, systemLanguages());
}

/** The language to start with: the stored choice, else the system's, else German. */
export function storedUiLanguage(): UiLanguage {
  return resolveUiLanguage(readStoredChoice(), systemLanguages());
}

const choiceListeners = new Set<() => void>();

/** Tells `listener` when the stored choice changes; returns the unsubscribe function. */
export function onUiLanguageChoiceChange(listener: () => void): () => void {
  choiceListeners.add(listener);
  return () => choiceListeners.delete(listener);
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
  setUiLanguageChoice(language);
}

/** Remembers the choice ("system" forgets an explicit one) and switches the interface to it. */
export function setUiLanguageChoice(choice: UiLanguageChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(UI_LANGUAGE_STORAGE_KEY);
    else window.localStorage.setItem(UI_LANGUAGE_STORAGE_KEY, choice);
  } catch {
    // Not remembered, but switched for this session.
  }
  void i18next.changeLanguage(choice === 'system' ? systemUiLanguage() : choice);
  for (const listener of choiceListeners) listener();
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

/** The stored language choice; re-renders when it changes (in the settings or the header). */
export function useUiLanguageChoice(): UiLanguageChoice {
  return useSyncExternalStore(onUiLanguageChoiceChange, storedUiLanguageChoice, () => 'system');
}
