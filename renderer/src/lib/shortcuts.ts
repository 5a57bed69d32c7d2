/**
 * Keyboard shortcuts in TipTap's notation ("Mod-Shift-7"), shown in titles and
 * announced through aria-keyshortcuts. "Mod" is Cmd on macOS and Ctrl elsewhere.
 */
export function isApplePlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /Mac|iPhone|iPad|iPod/i.test(navigator.platform || navigator.userAgent);
}

export interface KeyNames {
  readonly mod: string;
  readonly shift: string;
  readonly alt: string;
}

function parts(shortcut: string): string[] {
  return shortcut.split('-').filter((p) => p !== '');
}

/** "Mod-Shift-7" → "Strg+Umschalt+7" (or "⌘⇧7" on a Mac). */
export function formatShortcut(shortcut: string, names: KeyNames, apple = isApplePlatform()): string {
  const keys = parts(shortcut).map((p) => {
    switch (p) {
      case 'Mod':
        return apple ? '⌘' : names.mod;
      case 'Shift':
        return apple ? '⇧' : names.shift;
      case 'Alt':
        return apple ? '⌥' : names.alt;
      default:
        return p.length === 1 ? p.toUpperCase() : p;
    }
  });
  return keys.join(apple ? '' : '+');
}

/** "Mod-Shift-7" → "Control+Shift+7", the form aria-keyshortcuts expects. */
export function ariaShortcut(shortcut: string, apple = isApplePlatform()): string {
  return parts(shortcut)
    .map((p) => (p === 'Mod' ? (apple ? 'Meta' : 'Control') : p.length === 1 ? p.toUpperCase() : p))
    .join('+');
}

/** Whether a keydown is Mod plus `key` (and nothing else but the listed modifiers). */
export function isModKey(event: KeyboardEvent, key: string, apple = isApplePlatform()): boolean {
  const mod = apple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === key;
}

/** Whether a keydown is exactly `shortcut` ("Mod-Shift-f", "Mod-,"): the same modifiers, no others. */
export function matchesShortcut(event: KeyboardEvent, shortcut: string, apple = isApplePlatform()): boolean {
  const keys = parts(shortcut);
  const key = keys.at(-1);
  if (!key) return false;
  const mod = keys.includes('Mod');
  const ctrl = apple ? event.ctrlKey : event.ctrlKey !== mod;
  const meta = apple ? event.metaKey !== mod : event.metaKey;
  if (ctrl || meta) return false;
  if (event.shiftKey !== keys.includes('Shift') || event.altKey !== keys.includes('Alt')) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}
