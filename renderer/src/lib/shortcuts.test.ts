import { describe, expect, it } from 'vitest';
import { ariaShortcut, formatShortcut, isModKey } from './shortcuts';

const de = { mod: 'Strg', shift: 'Umschalt', alt: 'Alt' };

describe('shortcuts', () => {
  it('formats shortcuts for the platform', () => {
    expect(formatShortcut('Mod-Shift-7', de, false)).toBe('Strg+Umschalt+7');
    expect(formatShortcut('Mod-Alt-2', de, false)).toBe('Strg+Alt+2');
    expect(formatShortcut('Mod-b', de, true)).toBe('⌘B');
    expect(ariaShortcut('Mod-Shift-b', false)).toBe('Control+Shift+B');
    expect(ariaShortcut('Mod-k', true)).toBe('Meta+K');
  });

  it('recognizes Mod+key presses only', () => {
    expect(isModKey(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }), 's', false)).toBe(true);
    expect(isModKey(new KeyboardEvent('keydown', { key: 'S', ctrlKey: true }), 's', false)).toBe(true);
    expect(isModKey(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, shiftKey: true }), 's', false)).toBe(false);
    expect(isModKey(new KeyboardEvent('keydown', { key: 's', metaKey: true }), 's', false)).toBe(false);
    expect(isModKey(new KeyboardEvent('keydown', { key: 's', metaKey: true }), 's', true)).toBe(true);
  });
});
