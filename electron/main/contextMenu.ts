import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';
import type { MenuLanguage } from './menu';

const LABELS = {
  de: {
    noSuggestions: 'Keine Vorschläge',
    addToDictionary: 'Zum Wörterbuch hinzufügen',
    cut: 'Ausschneiden',
    copy: 'Kopieren',
    paste: 'Einfügen',
    selectAll: 'Alles auswählen',
  },
  en: {
    noSuggestions: 'No suggestions',
    addToDictionary: 'Add to dictionary',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
  },
} as const satisfies Record<MenuLanguage, Record<string, string>>;

/** What the context menu can do with the page it was opened on. */
export interface ContextMenuActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
}

export type ContextMenuInput = Pick<
  ContextMenuParams,
  'misspelledWord' | 'dictionarySuggestions' | 'isEditable' | 'selectionText' | 'editFlags'
>;

/** At most this many suggestions are offered (Chromium's own menu shows a handful too). */
const MAX_SUGGESTIONS = 5;

/**
 * The context menu of the page: spelling suggestions and "add to dictionary"
 * for a misspelled word, then cut, copy, paste and select all as far as the
 * page allows them (`editFlags`). An empty template means no menu.
 */
export function buildContextMenuTemplate(
  params: ContextMenuInput,
  language: MenuLanguage,
  actions: ContextMenuActions,
): MenuItemConstructorOptions[] {
  const l = LABELS[language];
  const items: MenuItemConstructorOptions[] = [];
  const word = params.misspelledWord.trim();
  if (params.isEditable && word !== '') {
    const suggestions = params.dictionarySuggestions.filter((s) => s.trim() !== '').slice(0, MAX_SUGGESTIONS);
    if (suggestions.length === 0) items.push({ label: l.noSuggestions, enabled: false });
    for (const suggestion of suggestions) {
      items.push({ label: suggestion, click: () => actions.replaceMisspelling(suggestion) });
    }
    items.push({ type: 'separator' }, { label: l.addToDictionary, click: () => actions.addToDictionary(word) });
    items.push({ type: 'separator' });
  }
  const flags = params.editFlags;
  const edit: MenuItemConstructorOptions[] = [];
  if (params.isEditable) {
    edit.push({ role: 'cut', label: l.cut, enabled: flags.canCut });
    edit.push({ role: 'copy', label: l.copy, enabled: flags.canCopy });
    edit.push({ role: 'paste', label: l.paste, enabled: flags.canPaste });
    edit.push({ type: 'separator' }, { role: 'selectAll', label: l.selectAll, enabled: flags.canSelectAll });
  } else if (params.selectionText.trim() !== '') {
    edit.push({ role: 'copy', label: l.copy, enabled: flags.canCopy });
    if (flags.canSelectAll) edit.push({ role: 'selectAll', label: l.selectAll });
  }
  items.push(...edit);
  while (items.length > 0 && items[items.length - 1]!.type === 'separator') items.pop();
  return items;
}

/** The dictionaries Pressdesk offers: German and (US) English. */
export const SPELLCHECK_LANGUAGES = ['de-DE', 'en-US'] as const;

/**
 * Spell-checker languages for a release written in `releaseLanguage`: its
 * dictionary first, the other one second, so that quoted English in a German
 * release (and the reverse) is not marked wrong. A release in another
 * language puts its own dictionary first where the system has one.
 */
export function spellcheckLanguagesFor(releaseLanguage: string, available: readonly string[] = []): string[] {
  const tag = releaseLanguage.trim();
  const primary = tag.toLowerCase().split(/[-_]/)[0] ?? '';
  const ordered: string[] = primary === 'en' ? ['en-US', 'de-DE'] : ['de-DE', 'en-US'];
  if (primary !== 'en' && primary !== 'de') {
    const own =
      available.find((a) => a.toLowerCase() === tag.toLowerCase()) ??
      available.find((a) => a.toLowerCase().split(/[-_]/)[0] === primary);
    if (own) ordered.unshift(own);
  }
  return ordered;
}
