import { Extension } from '@tiptap/core';

export interface LinkShortcutOptions {
  /**
   * Called when the shortcut is pressed; opens the app's link form. Return
   * true when handled, so the browser's own binding does not run.
   * @default () => false
   */
  onRequest: () => boolean;
  /**
   * The key binding, in TipTap's notation.
   * @default 'Mod-k'
   */
  shortcut: string;
}

/**
 * Binds Mod-K to the link form. Link itself ships without a shortcut because
 * editing a link needs UI; this extension only asks the app to show it.
 */
export const LinkShortcut = Extension.create<LinkShortcutOptions>({
  name: 'linkShortcut',

  addOptions() {
    return { onRequest: () => false, shortcut: 'Mod-k' };
  },

  addKeyboardShortcuts() {
    return { [this.options.shortcut]: () => this.options.onRequest() };
  },
});
