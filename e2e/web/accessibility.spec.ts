import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoSeriousAxeViolations } from '../fixtures/axe';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const SCHLOSS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'electron',
  'services',
  'assets',
  'fixtures',
  'de-xmp-long.jpg',
);

// The app's strict CSP would refuse the injected axe-core script; nothing else differs.
test.use({ bypassCSP: true });

test('archive, compose, export, settings and the dialogs have no serious or critical axe-core findings', async ({
  page,
  host,
}, testInfo) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await expectNoSeriousAxeViolations(page, testInfo, 'empty archive');

  // Compose: a release with body text, a quote and a figure with caption and credit.
  await archive.newRelease();
  await compose.fill({ headline: 'Schloss nach Sanierung wieder geöffnet', dateline: 'Stuttgart' });
  await compose.main.getByLabel('Sperrfrist bis').fill('2099-05-02T08:00');
  await compose.body.click();
  await page.keyboard.type('Nach drei Jahren ist die Sanierung abgeschlossen.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Shift+q');
  await page.keyboard.type('Ein Juwel ist zurück.');
  await compose.main.getByLabel('Sprecher/in', { exact: true }).fill('Anna Müller');
  await compose.insertImageFromToolbar(SCHLOSS);
  await expect(compose.figures).toHaveCount(1);
  await expect(compose.figureFields(compose.figures.first()).creditHolder).not.toHaveValue('');
  await compose.saveWithShortcut();
  await compose.expectSaved();
  await expectNoSeriousAxeViolations(page, testInfo, 'compose');

  // Export panel with preflight findings and the preview.
  const panel = compose.exportPanel;
  await expect(panel.getByRole('listitem').filter({ hasText: 'Die Sperrfrist läuft noch' })).toBeVisible();
  await panel.getByLabel(/Gesperrte Fassung exportieren/).check();
  await panel.getByRole('button', { name: 'Vorschau', exact: true }).click();
  await expect(panel.locator('iframe')).toBeVisible();
  await expect(panel.getByRole('listitem').first()).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, 'export panel');

  // The shortcut help dialog.
  await compose.main.getByRole('button', { name: 'Tastenkürzel', exact: true }).click();
  const help = page.getByRole('dialog', { name: 'Tastenkürzel' });
  await expect(help).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, 'shortcut help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // The media library dialog.
  const library = await compose.openMediaLibrary();
  await expect(library.getByRole('img').first()).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, 'media library');
  await page.keyboard.press('Escape');
  await expect(library).toBeHidden();

  // The link form over the body (Ctrl+K).
  await compose.focusBodyEnd();
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Control+k');
  await expect(compose.main.getByLabel('Linkadresse')).toBeFocused();
  await expectNoSeriousAxeViolations(page, testInfo, 'link form');
  await page.keyboard.press('Escape');

  // The history with a comparison open.
  await compose.main.getByRole('button', { name: 'Verlauf', exact: true }).click();
  const history = compose.main.getByRole('region', { name: 'Verlauf der Meldung' });
  await expect(history.getByRole('listitem').first()).toBeVisible();
  await history.getByRole('listitem').last().getByRole('button').first().click();
  await expect(history.getByRole('group', { name: /^Unterschiede zwischen Version/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, 'history');

  // The archive with releases listed and a search running.
  await compose.backButton.click();
  await archive.expectVisible();
  await archive.newRelease();
  await compose.fill({ headline: 'Radweg an der Hauptstraße freigegeben', topic: 'Verkehr' });
  await compose.expectSaved();
  await compose.backButton.click();
  await expect(archive.release('Radweg an der Hauptstraße freigegeben')).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, 'archive');
  await archive.search.fill('Sanierung');
  await expect(archive.release('Schloss nach Sanierung wieder geöffnet')).toBeVisible();
  await expect(archive.release('Radweg an der Hauptstraße freigegeben')).toHaveCount(0);
  await expect(archive.highlights().first()).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, 'archive search');

  // Settings with a snippet listed and the form open.
  await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen', exact: true }).click();
  await page.getByRole('button', { name: 'Baustein anlegen' }).click();
  await page.getByLabel('Bezeichnung').fill('Pressestelle');
  await page.getByLabel('Text', { exact: true }).fill('Pressestelle der Stadt, Telefon 0711 123');
  await page.getByRole('button', { name: 'Baustein speichern' }).click();
  await expect(page.getByRole('button', { name: '„Pressestelle“ bearbeiten' })).toBeVisible();
  await page.getByRole('button', { name: 'Baustein anlegen' }).click();
  await expectNoSeriousAxeViolations(page, testInfo, 'settings');

  // The same in English.
  await page.getByRole('group', { name: 'Sprache der Oberfläche' }).getByRole('button', { name: /^EN/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expectNoSeriousAxeViolations(page, testInfo, 'settings (English)');
  await page.getByRole('navigation').getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Releases' })).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, 'archive (English)');
});
