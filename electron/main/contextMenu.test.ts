import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildContextMenuTemplate, spellcheckLanguagesFor, type ContextMenuInput } from './contextMenu';

const allFlags = {
  canUndo: true,
  canRedo: true,
  canCut: true,
  canCopy: true,
  canPaste: true,
  canDelete: true,
  canSelectAll: true,
  canEditRichly: true,
};

function params(patch: Partial<ContextMenuInput>): ContextMenuInput {
  return {
    misspelledWord: '',
    dictionarySuggestions: [],
    isEditable: true,
    selectionText: '',
    editFlags: allFlags,
    ...patch,
  };
}

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      replaceMisspelling: (w: string) => calls.push(`replace:${w}`),
      addToDictionary: (w: string) => calls.push(`add:${w}`),
    },
  };
}

const summary = (items: MenuItemConstructorOptions[]) =>
  items.map((i) => (i.type === 'separator' ? '-' : `${i.label}${i.enabled === false ? ' (off)' : ''}`));

describe('context menu', () => {
  it('offers the suggestions for a misspelled word, replaces it and adds words to the dictionary', () => {
    const { calls, actions } = recorder();
    const template = buildContextMenuTemplate(
      params({ misspelledWord: 'Bürgermiester', dictionarySuggestions: ['Bürgermeister', 'Bürgermeisters'] }),
      'de',
      actions,
    );
    expect(summary(template)).toEqual([
      'Bürgermeister',
      'Bürgermeisters',
      '-',
      'Zum Wörterbuch hinzufügen',
      '-',
      'Ausschneiden',
      'Kopieren',
      'Einfügen',
      '-',
      'Alles auswählen',
    ]);
    (template[1]!.click as () => void)();
    (template[3]!.click as () => void)();
    expect(calls).toEqual(['replace:Bürgermeisters', 'add:Bürgermiester']);
  });

  it('says so when there is no suggestion, in the interface language', () => {
    const { calls, actions } = recorder();
    const template = buildContextMenuTemplate(params({ misspelledWord: 'Xqzt' }), 'en', actions);
    expect(summary(template).slice(0, 3)).toEqual(['No suggestions (off)', '-', 'Add to dictionary']);
    expect(template[0]!.click).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('limits the suggestions to five', () => {
    const words = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
    const template = buildContextMenuTemplate(
      params({ misspelledWord: 'a', dictionarySuggestions: words }),
      'de',
      recorder().actions,
    );
    expect(summary(template).slice(0, 6)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', '-']);
  });

  it('enables the editing items as the page allows', () => {
    const template = buildContextMenuTemplate(
      params({ editFlags: { ...allFlags, canCut: false, canCopy: false } }),
      'de',
      recorder().actions,
    );
    expect(summary(template)).toEqual(['Ausschneiden (off)', 'Kopieren (off)', 'Einfügen', '-', 'Alles auswählen']);
    expect(template.map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });

  it('offers only copying for a selection in text that cannot be edited', () => {
    const template = buildContextMenuTemplate(
      params({
        isEditable: false,
        selectionText: 'Pressemitteilung',
        editFlags: { ...allFlags, canCut: false, canPaste: false },
      }),
      'en',
      recorder().actions,
    );
    expect(summary(template)).toEqual(['Copy', 'Select all']);
    expect(template.map((i) => i.role)).toEqual(['copy', 'selectAll']);
  });

  it('shows nothing where there is nothing to do', () => {
    const template = buildContextMenuTemplate(params({ isEditable: false }), 'de', recorder().actions);
    expect(template).toEqual([]);
  });

  it('never offers spelling help outside editable text', () => {
    const template = buildContextMenuTemplate(
      params({ isEditable: false, misspelledWord: 'Xqzt', dictionarySuggestions: ['X'], selectionText: 'Xqzt' }),
      'de',
      recorder().actions,
    );
    expect(summary(template)).toEqual(['Kopieren', 'Alles auswählen']);
  });
});

describe('spell-checker languages', () => {
  it('puts the dictionary of the release first', () => {
    expect(spellcheckLanguagesFor('de-DE')).toEqual(['de-DE', 'en-US']);
    expect(spellcheckLanguagesFor('de-AT')).toEqual(['de-DE', 'en-US']);
    expect(spellcheckLanguagesFor('en-GB')).toEqual(['en-US', 'de-DE']);
    expect(spellcheckLanguagesFor('en')).toEqual(['en-US', 'de-DE']);
  });

  it('adds the release language where the system has a dictionary for it', () => {
    expect(spellcheckLanguagesFor('fr-FR', ['de-DE', 'en-US', 'fr-FR'])).toEqual(['fr-FR', 'de-DE', 'en-US']);
    expect(spellcheckLanguagesFor('fr-CA', ['fr'])).toEqual(['fr', 'de-DE', 'en-US']);
    expect(spellcheckLanguagesFor('tr', ['de-DE', 'en-US'])).toEqual(['de-DE', 'en-US']);
  });
});
