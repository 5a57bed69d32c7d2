import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, COMMAND_SHORTCUTS, toAccelerator, type AppCommand } from '../../shared/commands';
import { buildMenuTemplate, menuLanguageOf, type MenuLanguage } from './menu';

type Item = MenuItemConstructorOptions;

function items(template: readonly Item[]): Item[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

/** The menu's shape without its words: roles, commands, accelerators, separators, nesting. */
function shape(template: readonly Item[]): unknown[] {
  return template.map((item) => ({
    type: item.type ?? 'normal',
    role: item.role,
    id: item.id,
    accelerator: item.accelerator,
    submenu: Array.isArray(item.submenu) ? shape(item.submenu) : undefined,
  }));
}

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;

function build(
  language: MenuLanguage,
  platform: NodeJS.Platform,
  extra: { packaged?: boolean; development?: boolean } = {},
) {
  const sent: AppCommand[] = [];
  const template = buildMenuTemplate({
    language,
    platform,
    packaged: extra.packaged ?? true,
    development: extra.development ?? false,
    send: (c) => sent.push(c),
  });
  return { template, sent };
}

/** Words that are the same in German and English. */
const SAME_IN_BOTH = new Set(['Pressdesk']);

describe('application menu', () => {
  it.each(PLATFORMS)('has File, Edit, View, Release, Window and Help (%s)', (platform) => {
    const labels = build('de', platform).template.map((i) => i.label);
    const expected = ['Datei', 'Bearbeiten', 'Ansicht', 'Pressemitteilung', 'Fenster', 'Hilfe'];
    expect(labels).toEqual(platform === 'darwin' ? ['Pressdesk', ...expected] : expected);
    expect(build('en', platform).template.map((i) => i.label)).toEqual(
      platform === 'darwin'
        ? ['Pressdesk', 'File', 'Edit', 'View', 'Press Release', 'Window', 'Help']
        : ['File', 'Edit', 'View', 'Press Release', 'Window', 'Help'],
    );
  });

  it.each(PLATFORMS)('has the same structure in German and English, every item translated (%s)', (platform) => {
    for (const flags of [{}, { packaged: false, development: true }]) {
      const de = build('de', platform, flags).template;
      const en = build('en', platform, flags).template;
      expect(shape(de)).toEqual(shape(en));
      const deItems = items(de);
      const enItems = items(en);
      deItems.forEach((item, i) => {
        if (item.type === 'separator') return;
        expect(item.label, JSON.stringify(item.role ?? item.id)).toBeTruthy();
        expect(enItems[i]!.label).toBeTruthy();
        if (!SAME_IN_BOTH.has(item.label!)) expect(item.label).not.toBe(enItems[i]!.label);
      });
    }
  });

  it('shows no English word in the German menu', () => {
    const english =
      /\b(?:File|Edit|View|Window|Help|Undo|Redo|Cut|Copy|Paste|Select|Zoom In|Reload|Quit|Close|About|Hide|Show|Save|Export|Search|New|Settings|Minimize)\b/;
    for (const platform of PLATFORMS) {
      const labels = items(build('de', platform, { packaged: false, development: true }).template)
        .filter((i) => i.type !== 'separator')
        .map((i) => i.label!);
      expect(labels.filter((label) => english.test(label))).toEqual([]);
    }
  });

  it.each(PLATFORMS)('gives the app commands their keys, each key once (%s)', (platform) => {
    const all = items(build('de', platform, { packaged: false, development: true }).template);
    const accelerators = all.map((i) => i.accelerator).filter((a): a is string => typeof a === 'string');
    expect(new Set(accelerators).size).toBe(accelerators.length);
    const byId = new Map(all.filter((i) => i.id).map((i) => [i.id, i]));
    expect(byId.get('release.new')?.accelerator).toBe('CmdOrCtrl+N');
    expect(byId.get('release.save')?.accelerator).toBe('CmdOrCtrl+S');
    expect(byId.get('release.export')?.accelerator).toBe('CmdOrCtrl+E');
    expect(byId.get('archive.search')?.accelerator).toBe('CmdOrCtrl+Shift+F');
    expect(byId.get('app.preferences')?.accelerator).toBe('CmdOrCtrl+,');
    for (const [command, shortcut] of Object.entries(COMMAND_SHORTCUTS)) {
      expect(byId.get(command)?.accelerator).toBe(toAccelerator(shortcut));
    }
    // The page handles the keys; only macOS registers them (see buildMenuTemplate).
    for (const item of byId.values())
      if (item.accelerator) expect(item.registerAccelerator).toBe(platform === 'darwin');
  });

  it.each(PLATFORMS)('offers every command, and a click sends it (%s)', (platform) => {
    const { template, sent } = build('en', platform);
    const commandItems = items(template).filter((i) => i.id);
    expect(commandItems.map((i) => i.id).sort()).toEqual([...APP_COMMANDS].sort());
    for (const item of commandItems) (item.click as () => void)();
    expect(sent).toEqual(commandItems.map((i) => i.id));
  });

  it('has the standard editing, zoom, full-screen and window roles', () => {
    for (const platform of PLATFORMS) {
      const roles = items(build('de', platform).template).map((i) => i.role);
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut'])
        expect(roles).toContain(role);
      for (const role of ['togglefullscreen', 'minimize', 'close', 'about', 'quit']) expect(roles).toContain(role);
    }
  });

  it('offers reloading only in development and developer tools only when not installed', () => {
    const roles = (flags: { packaged: boolean; development: boolean }) =>
      items(build('de', 'linux', flags).template).map((i) => i.role);
    expect(roles({ packaged: true, development: false })).not.toContain('reload');
    expect(roles({ packaged: true, development: false })).not.toContain('toggleDevTools');
    expect(roles({ packaged: false, development: false })).toContain('toggleDevTools');
    expect(roles({ packaged: false, development: false })).not.toContain('reload');
    expect(roles({ packaged: false, development: true })).toContain('reload');
  });

  it('puts settings and quitting in the app menu on macOS and in File elsewhere', () => {
    const fileIds = (platform: NodeJS.Platform) => {
      const file = build('de', platform).template.find((i) => i.label === 'Datei')!;
      return (file.submenu as Item[]).map((i) => i.id ?? i.role ?? i.type);
    };
    expect(fileIds('darwin')).toEqual(['release.new', 'release.save']);
    expect(fileIds('win32')).toEqual([
      'release.new',
      'release.save',
      'separator',
      'app.preferences',
      'separator',
      'quit',
    ]);
  });

  it('follows the interface language', () => {
    expect(menuLanguageOf('en')).toBe('en');
    expect(menuLanguageOf('en-GB')).toBe('en');
    expect(menuLanguageOf('de-AT')).toBe('de');
    expect(menuLanguageOf('fr')).toBe('de');
    expect(menuLanguageOf(undefined)).toBe('de');
  });
});
