import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

// These tests are about the first start: their data directories have no profile yet.
test.use({ profile: false });

test('the first start asks who works here; the log names them for every save', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);

  const prompt = page.getByRole('region', { name: 'Wer arbeitet hier?' });
  await expect(prompt).toBeVisible();
  // Without a name nothing is stored (the browser asks for it).
  await prompt.getByRole('button', { name: 'Profil speichern' }).click();
  await expect(prompt).toBeVisible();
  await prompt.getByLabel('Name').fill('Anna Beispiel');
  await prompt.getByLabel('Funktion').fill('Pressesprecherin');
  await prompt.getByLabel('E-Mail-Adresse').fill('anna@example.org');
  await prompt.getByRole('button', { name: 'Profil speichern' }).click();
  await expect(prompt).toBeHidden();

  await archive.newRelease();
  await compose.headline.fill('Neue Kita eröffnet');
  await compose.saveWithShortcut();
  await compose.expectSaved();
  await compose.body.click();
  await page.keyboard.type('Die Stadt eröffnet die zwölfte Kita.');
  await compose.saveWithShortcut();
  await expect(compose.saveState).toContainText('Gespeichert um');
  await compose.main.getByRole('button', { name: 'Verlauf' }).click();
  const log = compose.main.getByRole('region', { name: 'Protokoll' });
  const entries = log.getByRole('listitem');
  await expect(entries.first()).toContainText('Angelegt');
  await expect(entries.first()).toContainText('Anna Beispiel, Pressesprecherin');
  await expect(entries.last()).toContainText('Gespeichert');

  await log.getByLabel('Einträge').selectOption({ label: 'Statuswechsel' });
  await expect(log).toContainText('Noch keine Einträge.');
  await log.getByLabel('Einträge').selectOption({ label: 'Alle' });
  await expect(entries.first()).toContainText('Angelegt');

  // Stored: the next start does not ask again, and Settings shows the profile.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Wer arbeitet hier?' })).toBeHidden();
  await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen' }).click();
  const section = page.getByRole('main').getByRole('region', { name: 'Ihr Profil' });
  await expect(section.getByLabel('Name')).toHaveValue('Anna Beispiel');
});

test('the profile can be put off for the session', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(h.url);
  const prompt = page.getByRole('region', { name: 'Wer arbeitet hier?' });
  await prompt.getByRole('button', { name: 'Später' }).click();
  await expect(prompt).toBeHidden();
});
