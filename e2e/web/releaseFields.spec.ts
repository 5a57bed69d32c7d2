import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

test('a full release with all fields, snippets from the settings and the workflow', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);

  // Settings: a press contact snippet.
  await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen' }).click();
  await page.getByRole('button', { name: 'Baustein anlegen' }).click();
  await page.getByLabel('Art', { exact: true }).selectOption('pressContact');
  await page.getByLabel('Bezeichnung').fill('Pressestelle Rathaus');
  await page.getByLabel('Text', { exact: true }).fill('Pressestelle der Stadt\nTelefon 0711 216-0');
  await page.getByRole('button', { name: 'Baustein speichern' }).click();
  await expect(page.getByText('Pressestelle Rathaus', { exact: true })).toBeVisible();

  await page.getByRole('navigation').getByRole('button', { name: 'Archiv' }).click();
  await archive.newRelease();
  await compose.fill({
    topic: 'Bildung',
    headline: 'Neue Kita in Stuttgart-Vaihingen eröffnet',
    subheadline: '80 Plätze für Kinder unter drei Jahren',
    teaser: 'Die Stadt eröffnet am Montag eine neue Kindertagesstätte.',
    dateline: 'Stuttgart',
  });
  await compose.language.selectOption('en');
  await compose.language.selectOption('de');
  await compose.main.getByLabel('Veröffentlichung').fill('2025-05-02T09:30');
  await expect(compose.main.getByText(/2\. Mai 2025.*09:30.*MESZ/)).toBeVisible();
  await compose.main.getByLabel('Sperrfrist bis').fill('2025-05-02T08:00');
  await compose.main.getByLabel('Schlagwörter').fill('Kita, Bildung, Vaihingen');
  await compose.body.click();
  await page.keyboard.type('Die neue Kita bietet "80 Plätze" - mehr als geplant...');
  await expect(compose.main.getByText('9 Wörter · Lesezeit etwa 1 Minute')).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Wir freuen uns auf die Kinder.');
  await page.keyboard.press('Control+Shift+q');
  await compose.main.getByLabel('Sprecher/in', { exact: true }).fill('Frank Nopper');
  await compose.main.getByLabel('Funktion', { exact: true }).fill('Oberbürgermeister');
  await expect(compose.body.locator('blockquote[data-type="quote"]')).toHaveAttribute('data-speaker', 'Frank Nopper');

  // Help lists the shortcuts.
  await compose.main.getByRole('button', { name: 'Tastenkürzel' }).click();
  const help = page.getByRole('dialog', { name: 'Tastenkürzel' });
  await expect(help.getByRole('row', { name: /Zitat mit Sprecher\/in/ })).toContainText('Umschalt');
  await help.getByRole('button', { name: 'Schließen' }).click();
  await expect(help).toBeHidden();

  await compose.main.getByLabel('Baustein einfügen').first().selectOption({ label: 'Pressestelle Rathaus' });
  await expect(compose.main.getByLabel('Pressekontakt')).toHaveValue('Pressestelle der Stadt\nTelefon 0711 216-0');
  await compose.main.getByLabel('Über uns (Boilerplate)').fill('Stuttgart ist die Landeshauptstadt.');

  await compose.main.getByRole('button', { name: 'Link hinzufügen' }).click();
  await compose.main.getByLabel('Titel von Link 1').fill('Kita-Portal');
  await compose.main.getByLabel('Adresse von Link 1').fill('javascript:alert(1)');
  await expect(compose.main.getByText('Nur vollständige Webadressen')).toBeVisible();
  await compose.main.getByLabel('Adresse von Link 1').fill('https://www.stuttgart.de/kita');
  await expect(compose.main.getByText('Nur vollständige Webadressen')).toHaveCount(0);
  await compose.saveWithShortcut();
  await compose.expectSaved();

  // Workflow: only allowed next steps are offered („Freigegeben“ straight away asks for the approval).
  const statusSelect = compose.main.getByLabel('Status ändern');
  await expect(statusSelect.locator('option')).toHaveText([
    'Nächster Schritt …',
    'In Prüfung',
    'Freigegeben',
    'Zurückgezogen',
  ]);
  await statusSelect.selectOption({ label: 'In Prüfung' });
  await expect(compose.main.getByText('Status: In Prüfung')).toBeVisible();

  await page.reload();
  await compose.expectReopened('Neue Kita in Stuttgart-Vaihingen eröffnet');
  await compose.expectValues({
    topic: 'Bildung',
    subheadline: '80 Plätze für Kinder unter drei Jahren',
    dateline: 'Stuttgart',
  });
  await expect(compose.main.getByText('Status: In Prüfung')).toBeVisible();
  await expect(compose.main.getByLabel('Veröffentlichung')).toHaveValue('02.05.2025 09:30');
  await expect(compose.main.getByLabel('Sperrfrist bis')).toHaveValue('02.05.2025 08:00');
  await expect(compose.main.getByLabel('Schlagwörter')).toHaveValue('Kita, Bildung, Vaihingen');
  await expect(compose.main.getByLabel('Pressekontakt')).toHaveValue('Pressestelle der Stadt\nTelefon 0711 216-0');
  await expect(compose.main.getByLabel('Über uns (Boilerplate)')).toHaveValue('Stuttgart ist die Landeshauptstadt.');
  await expect(compose.main.getByLabel('Adresse von Link 1')).toHaveValue('https://www.stuttgart.de/kita');
  await expect(compose.body.locator('p').first()).toHaveText('Die neue Kita bietet „80 Plätze“ – mehr als geplant…');
  const quote = compose.body.locator('blockquote[data-type="quote"]');
  await expect(quote).toHaveText('Wir freuen uns auf die Kinder.');
  await expect(quote).toHaveAttribute('data-speaker', 'Frank Nopper');
  await expect(quote).toHaveAttribute('data-role', 'Oberbürgermeister');

  // A copy: a new draft with the same content, its headline marked as a copy until it is changed.
  await compose.main.getByRole('button', { name: 'Kopie anlegen' }).click();
  await expect(compose.main.getByText('Status: Entwurf')).toBeVisible();
  await expect(compose.headline).toHaveValue('Kopie – Neue Kita in Stuttgart-Vaihingen eröffnet');
  await expect(compose.main.getByLabel('Veröffentlichung')).toHaveValue('');
});

test('editing a published release makes a correction; the published text stays in the history', async ({
  page,
  host,
}) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);
  await archive.newRelease();
  await compose.headline.fill('Wahlergebnis der Bezirksbeiratswahl');
  await compose.body.click();
  await page.keyboard.type('Die Wahlbeteiligung lag bei 48 Prozent.');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  const statusSelect = compose.main.getByLabel('Status ändern');
  await statusSelect.selectOption({ label: 'In Prüfung' });
  await expect(compose.main.getByText('Status: In Prüfung')).toBeVisible();
  // „Freigegeben“ comes with the approval: who gave it, and how.
  await statusSelect.selectOption({ label: 'Freigegeben' });
  const approve = page.getByRole('dialog', { name: 'Freigabe erfassen' });
  await approve.getByLabel('Weg').selectOption({ label: 'per Telefon' });
  await approve.getByLabel('Name', { exact: true }).fill('Dr. Paul Prüfer');
  await approve.getByLabel('Name', { exact: true }).press('Enter');
  await expect(compose.main.getByText('Status: Freigegeben')).toBeVisible();
  await statusSelect.selectOption({ label: 'Veröffentlicht' });
  await expect(compose.main.getByText('Status: Veröffentlicht')).toBeVisible();
  // Published: only withdrawing is offered, and changes are corrections.
  await expect(statusSelect.locator('option')).toHaveText(['Nächster Schritt …', 'Zurückgezogen']);
  await expect(compose.main.getByText('Änderungen werden als Korrektur gespeichert')).toBeVisible();

  await compose.body.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Die Wahlbeteiligung lag bei 51 Prozent.');
  await compose.expectSaved();
  await expect(compose.main.getByText(/^Korrigiert am .*MEZ|^Korrigiert am .*MESZ/)).toBeVisible();
  await expect(compose.main.getByText('Status: Veröffentlicht')).toBeVisible();

  await compose.main.getByRole('button', { name: 'Verlauf' }).click();
  const panel = compose.main.getByRole('region', { name: 'Verlauf der Meldung' });
  const published = panel.getByRole('listitem').filter({ hasText: 'Veröffentlicht' });
  await expect(published.first()).toBeVisible();
  await published.last().getByRole('button').click();
  const diff = panel.getByRole('group', { name: /^Unterschiede zwischen Version \d+ und dem aktuellen Text$/ });
  await expect(diff.locator('del')).toHaveText(['48']);
  await expect(diff.locator('ins')).toHaveText(['51']);
});
