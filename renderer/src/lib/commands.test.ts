import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, COMMAND_SHORTCUTS } from '../../../shared/commands';
import { commandForKey, handleCommand, runScreenCommand } from './commands';
import { matchesShortcut } from './shortcuts';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('command keys', () => {
  it('maps the menu keys to their commands on Windows and Linux', () => {
    expect(commandForKey(key({ key: 'n', ctrlKey: true }), false)).toBe('release.new');
    expect(commandForKey(key({ key: 's', ctrlKey: true }), false)).toBe('release.save');
    expect(commandForKey(key({ key: 'e', ctrlKey: true }), false)).toBe('release.export');
    expect(commandForKey(key({ key: 'F', ctrlKey: true, shiftKey: true }), false)).toBe('archive.search');
    expect(commandForKey(key({ key: ',', ctrlKey: true }), false)).toBe('app.preferences');
  });

  it('uses Cmd on macOS', () => {
    expect(commandForKey(key({ key: 'n', metaKey: true }), true)).toBe('release.new');
    expect(commandForKey(key({ key: 'n', ctrlKey: true }), true)).toBeNull();
    expect(commandForKey(key({ key: 'f', metaKey: true, shiftKey: true }), true)).toBe('archive.search');
  });

  it('leaves other keys to the page and the editor', () => {
    for (const init of [
      { key: 'n' },
      { key: 'f', ctrlKey: true, altKey: true },
      { key: 'k', ctrlKey: true },
      { key: 's', ctrlKey: true, shiftKey: true },
      { key: 's', ctrlKey: true, altKey: true },
      { key: 'n', ctrlKey: true, metaKey: true },
      { key: 'e', metaKey: true },
    ]) {
      expect(commandForKey(key(init), false), JSON.stringify(init)).toBeNull();
    }
  });

  it('takes Mod-F, as well as Mod-Shift-F, for searching the archive', () => {
    expect(commandForKey(key({ key: 'f', ctrlKey: true }), false)).toBe('archive.search');
    expect(commandForKey(key({ key: 'F', ctrlKey: true, shiftKey: true }), false)).toBe('archive.search');
    expect(commandForKey(key({ key: 'f', metaKey: true }), true)).toBe('archive.search');
  });

  it('gives every shortcut of the list exactly one command', () => {
    const shortcuts = Object.values(COMMAND_SHORTCUTS);
    expect(new Set(shortcuts).size).toBe(shortcuts.length);
    for (const command of APP_COMMANDS) {
      const shortcut = COMMAND_SHORTCUTS[command];
      if (!shortcut) continue;
      const parts = shortcut.split('-');
      const event = key({ key: parts.at(-1)!, ctrlKey: true, shiftKey: parts.includes('Shift') });
      expect(matchesShortcut(event, shortcut, false)).toBe(true);
      expect(commandForKey(event, false)).toBe(command);
    }
  });
});

describe('screen commands', () => {
  it('runs the newest handler while it is registered', () => {
    const ran: string[] = [];
    expect(runScreenCommand('release.export')).toBe(false);
    const stopA = handleCommand('release.export', () => ran.push('a'));
    const stopB = handleCommand('release.export', () => ran.push('b'));
    expect(runScreenCommand('release.export')).toBe(true);
    stopB();
    expect(runScreenCommand('release.export')).toBe(true);
    stopA();
    expect(runScreenCommand('release.export')).toBe(false);
    expect(ran).toEqual(['b', 'a']);
  });
});
