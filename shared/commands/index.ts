/**
 * The app's commands: what the application menu sends to the window and what
 * the keyboard shortcuts run. The preload forwards only these names, so the
 * list is the allow-list of the main → renderer direction. It imports nothing,
 * so that the preload bundles no more than these names.
 */
export const APP_COMMANDS = [
  'release.new',
  'release.save',
  'release.export',
  'release.send',
  'archive.search',
  'app.preferences',
  'help.shortcuts',
] as const;

export type AppCommand = (typeof APP_COMMANDS)[number];

export function isAppCommand(value: unknown): value is AppCommand {
  return typeof value === 'string' && (APP_COMMANDS as readonly string[]).includes(value);
}

/**
 * Keys of the commands that have one, in TipTap's notation ("Mod" is Cmd on
 * macOS and Ctrl elsewhere). The menu shows the same keys as the page handles,
 * converted with `toAccelerator`. Mod-Shift-F searches the archive from
 * anywhere (Mod-K is the editor's link form); Mod-F does too, see
 * `COMMAND_KEY_ALIASES`.
 */
export const COMMAND_SHORTCUTS: Readonly<Partial<Record<AppCommand, string>>> = {
  'release.new': 'Mod-n',
  'release.save': 'Mod-s',
  'release.export': 'Mod-e',
  'release.send': 'Mod-Shift-m',
  'archive.search': 'Mod-Shift-f',
  'app.preferences': 'Mod-,',
};

/**
 * Further keys of a command, handled by the page but not shown in the menu:
 * Mod-F is what users press to search, and the app has no page search of its
 * own, so it searches the archive from any screen.
 */
export const COMMAND_KEY_ALIASES: Readonly<Partial<Record<AppCommand, readonly string[]>>> = {
  'archive.search': ['Mod-f'],
};

/** The IPC channel on which main sends a command to a window (checked again by the preload). */
export const COMMAND_CHANNEL = 'pressdesk:command';

/** "Mod-Shift-f" → "CmdOrCtrl+Shift+F", Electron's accelerator notation. */
export function toAccelerator(shortcut: string): string {
  return shortcut
    .split('-')
    .filter((p) => p !== '')
    .map((p) => (p === 'Mod' ? 'CmdOrCtrl' : p.length === 1 ? p.toUpperCase() : p))
    .join('+');
}
