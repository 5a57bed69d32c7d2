import { describe, expect, it } from 'vitest';
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import { BODY_SHORTCUTS } from './bodyExtensions';
import { toolLabel } from './EditorToolbar';

describe('toolLabel', () => {
  it('starts the spoken name with letters and digits the button shows', () => {
    expect(toolLabel('Ü2', 'Zwischenüberschrift')).toBe('Ü2 – Zwischenüberschrift');
    expect(toolLabel('1.', 'Numbered list')).toBe('1. – Numbered list');
  });

  it('does not echo pure symbols or a glyph that already is the label', () => {
    expect(toolLabel('¶', 'Absatz')).toBe('Absatz');
    expect(toolLabel('„“', 'Zitat')).toBe('Zitat');
    expect(toolLabel('Link', 'Link')).toBe('Link');
  });

  it.each([
    ['de', de.editor],
    ['en', en.editor],
  ] as const)('every %s tool whose glyph has letters or digits is named starting with it', (_language, texts) => {
    for (const action of Object.keys(BODY_SHORTCUTS) as (keyof typeof BODY_SHORTCUTS)[]) {
      const glyph = texts.glyph[action];
      const name = toolLabel(glyph, texts[action]);
      expect(name.endsWith(texts[action]), action).toBe(true);
      if (/[\p{L}\p{N}]/u.test(glyph)) expect(name.startsWith(glyph), action).toBe(true);
    }
  });
});
