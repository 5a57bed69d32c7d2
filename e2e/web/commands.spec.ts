import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

// The keys of the app's commands, the same as the Electron app's menu shows ("Mod" is Ctrl here).
test('the command keys create, save, export, search and open the settings from anywhere', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);

  await page.keyboard.press('Control+n');
  await compose.expectVisible();
  await compose.fill({ headline: 'Mit der Tastatur angelegt' });
  await page.keyboard.press('Control+s');
  await compose.expectSaved();

  // Export: the panel of the stored release takes the focus.
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('heading', { level: 2, name: 'Export', exact: true })).toBeFocused();

  // Search the archive from the compose screen: back to the archive, into the search field.
  await page.keyboard.press('Control+Shift+F');
  await archive.expectVisible();
  await expect(archive.search).toBeFocused();
  await expect(archive.release('Mit der Tastatur angelegt')).toBeVisible();

  await page.keyboard.press('Control+Comma');
  await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();

  // The shortcut help lists the app's keys too.
  await page.keyboard.press('Control+n');
  await compose.expectVisible();
  await page.getByRole('button', { name: 'Tastenkürzel' }).click();
  const help = page.getByRole('dialog', { name: 'Tastenkürzel' });
  await expect(help.getByRole('row', { name: /Archiv durchsuchen/ })).toContainText('Strg+Umschalt+F');
  await expect(help.getByRole('row', { name: /Zum Export/ })).toContainText('Strg+E');
});

test('the export key without a saved release says what to do instead of doing nothing', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);

  await page.keyboard.press('Control+e');
  await expect(page.getByRole('status').filter({ hasText: 'Zum Exportieren' })).toHaveText(
    /Zum Exportieren zuerst eine gespeicherte Pressemitteilung öffnen\./,
  );

  await page.keyboard.press('Control+n');
  await compose.expectVisible();
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('status').filter({ hasText: 'Zum Exportieren zuerst speichern' })).toContainText(
    'Diese Pressemitteilung ist noch nicht gespeichert. Zum Exportieren zuerst speichern.',
  );
  await expect(page.getByRole('heading', { level: 2, name: 'Export', exact: true })).toHaveCount(0);

  // Once saved, the same key leads to the export panel.
  await compose.fill({ headline: 'Jetzt exportierbar' });
  await page.keyboard.press('Control+s');
  await compose.expectSaved();
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('heading', { level: 2, name: 'Export', exact: true })).toBeFocused();

  // In the settings too.
  await page.keyboard.press('Control+Comma');
  await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('status').filter({ hasText: 'Zum Exportieren' })).toBeVisible();
});
