import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

test('a release saved as a named template starts the next release with its structure and fields', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Kabinettsbericht vom 3. Dezember', dateline: 'Stuttgart' });
  await compose.topic.fill('Kabinett');
  await compose.teaser.fill('Das Kabinett hat heute beschlossen:');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  await compose.main.getByRole('button', { name: 'Als Vorlage speichern …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Als Vorlage speichern' });
  await expect(dialog.getByLabel('Name der Vorlage')).toHaveValue('Kabinett');
  await dialog.getByLabel('Name der Vorlage').fill('Kabinettsbericht');
  await dialog.getByRole('button', { name: 'Vorlage speichern' }).click();
  await expect(
    compose.main.getByRole('status').filter({ hasText: 'Vorlage „Kabinettsbericht“ gespeichert.' }),
  ).toBeVisible();

  await compose.backButton.click();
  await archive.expectVisible();
  await page.getByLabel('Neue Meldung aus Vorlage').selectOption({ label: 'Kabinettsbericht' });
  await expect(page.getByRole('heading', { level: 1, name: 'Neue Meldung' })).toBeVisible();
  await expect(compose.headline).toHaveValue('');
  await expect(compose.topic).toHaveValue('Kabinett');
  await expect(compose.teaser).toHaveValue('Das Kabinett hat heute beschlossen:');
  await expect(compose.dateline).toHaveValue('Stuttgart');
  // Untouched until typed: leaving creates nothing.
  await compose.backButton.click();
  await expect(archive.list.locator('button.release-row')).toHaveCount(1);

  // Settings list the template and delete it.
  await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen' }).click();
  await page.getByRole('button', { name: 'Vorlage „Kabinettsbericht“ löschen' }).click();
  await expect(page.getByText('Noch keine Vorlagen.')).toBeVisible();
});
