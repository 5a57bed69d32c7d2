import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

test('the history compares any revision word by word with the current text and restores it', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);
  await archive.newRelease();
  await compose.headline.fill('Haushalt 2026 beschlossen');
  await compose.body.click();
  await page.keyboard.type('Der Rat beschließt 12 Millionen Euro für Schulen.');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  await compose.body.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Der Rat beschließt 21 Millionen Euro für Schulen und Kitas.');
  await compose.saveWithShortcut();
  await expect(compose.saveState).toContainText('Gespeichert um');

  await compose.main.getByRole('button', { name: 'Verlauf' }).click();
  const panel = compose.main.getByRole('region', { name: 'Verlauf der Meldung' });
  await expect(panel).toBeVisible();
  // Kept: the first autosave (the new release, headline only) and both explicit saves; not every autosave.
  const items = panel.getByRole('listitem');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('10 Wörter');
  await expect(items.nth(0)).toContainText('Entwurf');
  await expect(items.nth(1)).toContainText('8 Wörter');
  await expect(items.nth(2)).toContainText('0 Wörter');

  await items.nth(1).getByRole('button').click();
  const diff = panel.getByRole('group', { name: /^Unterschiede zwischen Version \d+ und dem aktuellen Text$/ });
  await expect(diff.locator('del').first()).toHaveText('12');
  await expect(diff.locator('ins').first()).toHaveText('21');
  await expect(diff.locator('ins').last()).toContainText('Kitas');

  await panel.getByRole('button', { name: /^Version \d+ wiederherstellen$/ }).click();
  await expect(compose.body).toHaveText('Der Rat beschließt 12 Millionen Euro für Schulen.');
  // The restore is a version of its own, on top of the kept previous state.
  await expect(items).toHaveCount(4);
  await expect(items.nth(0)).toContainText('8 Wörter');
  await expect(items.nth(1)).toContainText('10 Wörter');

  await page.reload();
  await compose.expectReopened('Haushalt 2026 beschlossen');
  await expect(compose.body).toHaveText('Der Rat beschließt 12 Millionen Euro für Schulen.');
});
