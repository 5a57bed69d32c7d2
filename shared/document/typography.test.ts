import { describe, expect, it } from 'vitest';
import { typographicEdit, typographicReplacement } from './typography';

/** Types `text` character by character through the shared rule, as the editor and the fields do. */
function typeThrough(text: string, language: string): string {
  let value = '';
  for (const ch of text) {
    const next = value + ch;
    value = typographicEdit(value, next, next.length, language)?.value ?? next;
  }
  return value;
}

describe('typographicReplacement', () => {
  it('closes a double quote after a closed single quote (German ‘ is a closing mark)', () => {
    expect(typographicReplacement('„Zitat im ‚Zitat‘', '"', 'de')).toEqual({ text: '\u201c', replace: 0 });
    expect(typographicReplacement('“Quote in ‘quote’', '"', 'en')).toEqual({ text: '\u201d', replace: 0 });
  });

  it('opens after an opening mark of the language, a space or a bracket', () => {
    expect(typographicReplacement('„', "'", 'de')?.text).toBe('\u201a');
    expect(typographicReplacement('“', "'", 'en-GB')?.text).toBe('\u2018');
    expect(typographicReplacement('(', '"', 'de')?.text).toBe('\u201e');
    expect(typographicReplacement('', '"', 'en')?.text).toBe('\u201c');
  });

  it('dashes and ellipses in every language, quotes only in German and English', () => {
    expect(typographicReplacement('Bonn -', ' ', 'fr')).toEqual({ text: '\u2013 ', replace: 1 });
    expect(typographicReplacement('Und..', '.', 'de')).toEqual({ text: '\u2026', replace: 2 });
    expect(typographicReplacement('', '"', 'fr')).toBeNull();
    // After a closing German single quote too.
    expect(typographicReplacement('‚Haus‘ -', ' ', 'de')).toEqual({ text: '\u2013 ', replace: 1 });
  });
});

describe('typographicEdit (plain fields)', () => {
  it.each([
    ['"Zitat im \'Zitat\'".', 'de', '„Zitat im ‚Zitat‘“.'],
    ['"Quote in \'quote\'".', 'en', '“Quote in ‘quote’”.'],
    ['Stadt - Land...', 'de', 'Stadt – Land…'],
    ["Das geht's", 'de', 'Das geht’s'],
  ])('%s (%s) → %s', (input, language, output) => {
    expect(typeThrough(input, language)).toBe(output);
  });

  it('changes the typed character in the middle of a value and puts the caret after the replacement', () => {
    expect(typographicEdit('Er sagte  heute', 'Er sagte " heute', 10, 'de')).toEqual({
      value: 'Er sagte „ heute',
      caret: 10,
    });
    expect(typographicEdit('Ende..', 'Ende...', 7, 'de')).toEqual({ value: 'Ende…', caret: 5 });
  });

  it('reads the rule from the start of the line in a multi-line field', () => {
    expect(typographicEdit('Zeile eins.\n', 'Zeile eins.\n"', 13, 'de')?.value).toBe('Zeile eins.\n„');
  });

  it('leaves pastes, deletions and replaced selections as they are', () => {
    expect(typographicEdit('', '"Hallo"', 7, 'de')).toBeNull();
    expect(typographicEdit('Hallo"', 'Hallo', 5, 'de')).toBeNull();
    expect(typographicEdit('ab', 'a"', 2, 'de')).toBeNull();
    expect(typographicEdit('abc', 'abcd', 4, 'de')).toBeNull();
  });
});
