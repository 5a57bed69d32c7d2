import { execFileSync } from 'node:child_process';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

test('a running embargo is shown everywhere, publishing under it asks first, and related releases the public may not see are left out', async ({
  page,
  host,
  dataDir,
}) => {
  execFileSync(process.execPath, ['--import', 'tsx', 'e2e/fixtures/seedGate.ts', dataDir], { stdio: 'inherit' });
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);

  // The archive: the embargo is a badge, a future publication date is a plan, a past one a fact.
  const embargoedRow = archive.list.getByRole('listitem').filter({ hasText: 'Haushalt 2099 beschlossen' });
  await expect(embargoedRow.getByText(/^Sperrfrist bis 15\. Januar 2099/)).toBeVisible();
  await expect(embargoedRow.getByText(/^Geplant für/)).toBeVisible();
  await expect(embargoedRow.getByText(/Veröffentlicht am/)).toHaveCount(0);
  const publishedRow = archive.list.getByRole('listitem').filter({ hasText: 'Sommerfest im Stadtpark' });
  await expect(publishedRow.getByText(/^Veröffentlicht am/)).toBeVisible();
  await expect(publishedRow.getByText(/Sperrfrist/)).toHaveCount(0);

  // Compose: the header names the embargo; „Veröffentlicht“ asks first, and Escape keeps the status.
  await archive.openRelease('Haushalt 2099 beschlossen');
  await compose.expectVisible();
  await expect(page.locator('.compose-head').getByText(/^Sperrfrist bis 15\. Januar 2099 um 10:00 MEZ/)).toBeVisible();
  const statusSelect = compose.main.getByLabel('Status ändern');
  await statusSelect.selectOption({ label: 'Veröffentlicht' });
  const dialog = page.getByRole('dialog', { name: 'Vor Ablauf der Sperrfrist veröffentlichen?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Die Sperrfrist läuft bis 15. Januar 2099 um 10:00 MEZ');
  await expect(dialog.getByRole('button', { name: 'Abbrechen' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(compose.main.getByText('Status: Freigegeben')).toBeVisible();
  await statusSelect.selectOption({ label: 'Veröffentlicht' });
  await dialog.getByRole('button', { name: 'Trotzdem als veröffentlicht markieren' }).click();
  await expect(compose.main.getByText('Status: Veröffentlicht')).toBeVisible();

  // The preview of the embargoed release says so above the page.
  const panel = compose.exportPanel;
  await panel.getByRole('button', { name: 'Vorschau', exact: true }).click();
  await expect(panel.locator('.export-preview-bar').getByText(/^Sperrfrist bis/)).toBeVisible();

  // Back in the archive it is published, but not „Veröffentlicht am“ before its time.
  await page.getByRole('button', { name: 'Zurück zum Archiv' }).click();
  await expect(embargoedRow.getByText('Veröffentlicht', { exact: true })).toBeVisible();
  await expect(embargoedRow.getByText(/Veröffentlicht am/)).toHaveCount(0);

  // The picker shows each candidate's status and embargo and says which the export leaves out.
  await archive.openRelease('Sommerfest im Stadtpark');
  await compose.expectVisible();
  const related = compose.main.getByRole('group', { name: 'Weitere Meldungen' });
  await related.getByLabel('Im Archiv suchen').fill('Haushalt');
  await related.getByLabel('Im Archiv suchen').press('Enter');
  const hit = related.getByRole('list', { name: 'Suchergebnisse' }).getByRole('listitem').first();
  await expect(hit).toContainText('Veröffentlicht');
  await expect(hit).toContainText('Sperrfrist bis 15. Januar 2099');
  await expect(hit).toContainText('wird im Export nicht gezeigt');
  await related.getByRole('button', { name: 'Hinzufügen: „Haushalt 2099 beschlossen“' }).click();
  await related.getByLabel('Im Archiv suchen').fill('Brückenbau');
  await related.getByLabel('Im Archiv suchen').press('Enter');
  await related.getByRole('button', { name: 'Hinzufügen: „Entwurf Brückenbau“' }).click();
  await compose.expectSaved();

  // Preflight names both, with the reason; the preview shows neither.
  const findings = panel.getByRole('list', { name: 'Ergebnisse der Prüfung' });
  await expect(findings).toContainText(
    'Die weitere Meldung „Haushalt 2099 beschlossen“ wird nicht gezeigt: ihre Sperrfrist läuft bis 15. Januar 2099',
  );
  await expect(findings).toContainText(
    'Die weitere Meldung „Entwurf Brückenbau“ wird nicht gezeigt: sie ist nicht veröffentlicht (Status: Entwurf)',
  );
  await panel.getByRole('button', { name: 'Vorschau', exact: true }).click();
  const preview = panel.locator('iframe').contentFrame();
  await expect(preview.getByRole('heading', { name: 'Sommerfest im Stadtpark' })).toBeVisible();
  await expect(preview.getByText('Haushalt 2099 beschlossen')).toHaveCount(0);
  await expect(preview.getByText('Entwurf Brückenbau')).toHaveCount(0);
});
