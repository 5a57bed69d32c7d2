import type { ElectronApplication } from '@playwright/test';
import { electronSkipReason, expect, test } from '../fixtures/electronApp';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const skipReason = electronSkipReason();
test.skip(skipReason !== undefined, skipReason);

interface MenuEntry {
  readonly label: string;
  readonly id: string;
  readonly accelerator: string | null;
  readonly items: readonly MenuEntry[];
}

/** The application menu as main holds it: labels, ids, accelerators, nested. */
function applicationMenu(app: ElectronApplication): Promise<MenuEntry[]> {
  return app.evaluate(({ Menu }) => {
    type Item = Electron.MenuItem;
    const read = (items: Item[]): MenuEntry[] =>
      items.map((item) => ({
        label: item.label,
        id: item.id ?? '',
        accelerator: item.accelerator ?? null,
        items: item.submenu ? read(item.submenu.items) : [],
      }));
    return read(Menu.getApplicationMenu()?.items ?? []);
  });
}

/** Clicks a menu item by its id, as the user would pick it from the menu bar. */
async function clickMenuItem(app: ElectronApplication, id: string): Promise<void> {
  await app.evaluate(({ Menu, BrowserWindow }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId);
    if (!item) throw new Error(`no menu item ${itemId}`);
    const [win] = BrowserWindow.getAllWindows();
    win?.focus();
    (item.click as (event?: unknown, window?: unknown) => void)(undefined, win);
  }, id);
}

function flatten(entries: readonly MenuEntry[]): MenuEntry[] {
  return entries.flatMap((e) => [e, ...flatten(e.items)]);
}

test('the application menu speaks German with the interface, and English after the switch', async ({ launch }) => {
  const app = await launch();
  const page = await app.firstWindow();
  await new ArchiveScreen(page).expectVisible();

  await expect
    .poll(async () => (await applicationMenu(app)).map((m) => m.label))
    .toEqual(expect.arrayContaining(['Datei', 'Bearbeiten', 'Ansicht', 'Pressemitteilung', 'Fenster', 'Hilfe']));
  const items = flatten(await applicationMenu(app));
  const byId = new Map(items.map((i) => [i.id, i]));
  expect(byId.get('release.new')).toMatchObject({ label: 'Neue Pressemitteilung', accelerator: 'CmdOrCtrl+N' });
  expect(byId.get('release.save')).toMatchObject({ label: 'Speichern', accelerator: 'CmdOrCtrl+S' });
  expect(byId.get('release.export')).toMatchObject({ label: 'Exportieren …', accelerator: 'CmdOrCtrl+E' });
  expect(byId.get('archive.search')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+F' });
  expect(byId.get('app.preferences')).toMatchObject({ accelerator: 'CmdOrCtrl+,' });

  await page.getByRole('group', { name: 'Sprache der Oberfläche' }).getByRole('button', { name: 'English' }).click();
  await expect.poll(async () => (await applicationMenu(app)).map((m) => m.label)).toContain('File');
  const english = new Map(flatten(await applicationMenu(app)).map((i) => [i.id, i]));
  expect(english.get('release.new')?.label).toBe('New Press Release');
});

test('"Neue Pressemitteilung" and "Speichern" from the menu create a release', async ({ launch }) => {
  const app = await launch();
  const page = await app.firstWindow();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.expectVisible();

  await clickMenuItem(app, 'release.new');
  await compose.expectVisible();
  await compose.fill({ headline: 'Aus dem Menü angelegt' });
  await clickMenuItem(app, 'release.save');
  await compose.expectSaved();

  const list = await page.evaluate(async () => {
    const bridge = (globalThis as unknown as { pressdesk: { invoke(c: string, i: unknown): Promise<unknown> } })
      .pressdesk;
    return (await bridge.invoke('releases.list', {})) as { ok: boolean; value: { items: { headline: string }[] } };
  });
  expect(list.ok).toBe(true);
  expect(list.value.items.map((r) => r.headline)).toEqual(['Aus dem Menü angelegt']);

  // "Archiv durchsuchen" goes back to the archive with the focus in its search field.
  await clickMenuItem(app, 'archive.search');
  await archive.expectVisible();
  await expect(archive.search).toBeFocused();
});
