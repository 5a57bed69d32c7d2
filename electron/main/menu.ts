import type { MenuItemConstructorOptions } from 'electron';
import { COMMAND_SHORTCUTS, toAccelerator, type AppCommand } from '../../shared/commands';

/** Languages of the interface, and so of the menus. */
export type MenuLanguage = 'de' | 'en';

export function menuLanguageOf(tag: string | undefined | null): MenuLanguage {
  return (tag ?? '').toLowerCase().startsWith('en') ? 'en' : 'de';
}

const LABELS = {
  de: {
    about: 'Über Pressdesk',
    services: 'Dienste',
    hide: 'Pressdesk ausblenden',
    hideOthers: 'Andere ausblenden',
    unhide: 'Alle einblenden',
    quitMac: 'Pressdesk beenden',
    file: 'Datei',
    newRelease: 'Neue Pressemitteilung',
    save: 'Speichern',
    preferences: 'Einstellungen …',
    quit: 'Beenden',
    edit: 'Bearbeiten',
    undo: 'Rückgängig',
    redo: 'Wiederholen',
    cut: 'Ausschneiden',
    copy: 'Kopieren',
    paste: 'Einfügen',
    selectAll: 'Alles auswählen',
    view: 'Ansicht',
    reload: 'Neu laden',
    devTools: 'Entwicklerwerkzeuge',
    resetZoom: 'Originalgröße',
    zoomIn: 'Vergrößern',
    zoomOut: 'Verkleinern',
    fullscreen: 'Vollbild',
    release: 'Pressemitteilung',
    export: 'Exportieren …',
    send: 'Versenden …',
    searchArchive: 'Archiv durchsuchen …',
    window: 'Fenster',
    minimize: 'Minimieren',
    zoomWindow: 'Zoomen',
    front: 'Alle nach vorne bringen',
    close: 'Fenster schließen',
    help: 'Hilfe',
    shortcuts: 'Tastenkürzel',
  },
  en: {
    about: 'About Pressdesk',
    services: 'Services',
    hide: 'Hide Pressdesk',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quitMac: 'Quit Pressdesk',
    file: 'File',
    newRelease: 'New Press Release',
    save: 'Save',
    preferences: 'Settings…',
    quit: 'Exit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    devTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullscreen: 'Full Screen',
    release: 'Press Release',
    export: 'Export…',
    send: 'Send…',
    searchArchive: 'Search Archive…',
    window: 'Window',
    minimize: 'Minimize',
    zoomWindow: 'Zoom',
    front: 'Bring All to Front',
    close: 'Close Window',
    help: 'Help',
    shortcuts: 'Keyboard Shortcuts',
  },
} as const satisfies Record<MenuLanguage, Record<string, string>>;

export type MenuLabelKey = keyof (typeof LABELS)['de'];

export interface MenuOptions {
  readonly language: MenuLanguage;
  readonly platform: NodeJS.Platform;
  /** An installed app: no developer tools. */
  readonly packaged: boolean;
  /** Started from a source checkout for development: reloading the page is offered. */
  readonly development: boolean;
  /** Sends a command to the focused window (the renderer runs it like its keyboard shortcut). */
  readonly send: (command: AppCommand) => void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

/**
 * The application menu in the interface language. Items that belong to the
 * app send a command to the window; everything else is a standard role, with
 * its label given here so that no English is left in the German menu.
 *
 * Keyboard shortcuts and double firing: the page sees every keydown before
 * the menu does, and handles the command keys itself (the same keys in web
 * mode). It calls preventDefault() on them, and Chromium passes only unhandled
 * key events on to the menu's accelerators, so a key runs its command once. On
 * Windows and Linux the app's accelerators are in addition not registered
 * (`registerAccelerator: false`): the menu shows them, the page alone handles
 * them. Clicking a menu item always sends the command.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const l = LABELS[options.language];
  const mac = options.platform === 'darwin';
  const command = (label: string, name: AppCommand): MenuItemConstructorOptions => {
    const shortcut = COMMAND_SHORTCUTS[name];
    return {
      id: name,
      label,
      ...(shortcut ? { accelerator: toAccelerator(shortcut), registerAccelerator: mac } : {}),
      click: () => options.send(name),
    };
  };

  const appMenu: MenuItemConstructorOptions = {
    label: 'Pressdesk',
    submenu: [
      { role: 'about', label: l.about },
      separator,
      command(l.preferences, 'app.preferences'),
      separator,
      { role: 'services', label: l.services },
      separator,
      { role: 'hide', label: l.hide },
      { role: 'hideOthers', label: l.hideOthers },
      { role: 'unhide', label: l.unhide },
      separator,
      { role: 'quit', label: l.quitMac },
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: l.file,
    submenu: [
      command(l.newRelease, 'release.new'),
      command(l.save, 'release.save'),
      ...(mac
        ? []
        : [separator, command(l.preferences, 'app.preferences'), separator, { role: 'quit', label: l.quit } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: l.edit,
    submenu: [
      { role: 'undo', label: l.undo },
      { role: 'redo', label: l.redo },
      separator,
      { role: 'cut', label: l.cut },
      { role: 'copy', label: l.copy },
      { role: 'paste', label: l.paste },
      { role: 'selectAll', label: l.selectAll },
    ],
  };

  const development: MenuItemConstructorOptions[] = [
    ...(options.development ? [{ role: 'reload', label: l.reload } as const] : []),
    ...(options.packaged ? [] : [{ role: 'toggleDevTools', label: l.devTools } as const]),
  ];
  const view: MenuItemConstructorOptions = {
    label: l.view,
    submenu: [
      ...development,
      ...(development.length > 0 ? [separator] : []),
      { role: 'resetZoom', label: l.resetZoom },
      { role: 'zoomIn', label: l.zoomIn },
      { role: 'zoomOut', label: l.zoomOut },
      separator,
      { role: 'togglefullscreen', label: l.fullscreen },
    ],
  };

  const release: MenuItemConstructorOptions = {
    label: l.release,
    submenu: [
      command(l.export, 'release.export'),
      command(l.send, 'release.send'),
      separator,
      command(l.searchArchive, 'archive.search'),
    ],
  };

  const window: MenuItemConstructorOptions = {
    label: l.window,
    role: 'windowMenu',
    submenu: [
      { role: 'minimize', label: l.minimize },
      ...(mac ? [{ role: 'zoom', label: l.zoomWindow } as const] : []),
      { role: 'close', label: l.close },
      ...(mac ? [separator, { role: 'front', label: l.front } as const] : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: l.help,
    role: 'help',
    submenu: [
      command(l.shortcuts, 'help.shortcuts'),
      ...(mac ? [] : [separator, { role: 'about', label: l.about } as const]),
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, release, window, help];
}
