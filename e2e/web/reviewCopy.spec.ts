import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

test('hands out the review copy as PDF and Word file, even while preflight blocks the export', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  // A topic but no headline: the public exports are blocked, the copy for approval is not.
  await compose.fill({ topic: 'Verkehr', teaser: 'Die Stadt baut Radwege.' });
  await compose.body.click();
  await page.keyboard.type('Die ersten Abschnitte sind fertig.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ein guter Tag für Köln.');
  await compose.tool('Zitat mit Sprecher/in').click();
  await compose.main.getByLabel('Sprecher/in', { exact: true }).fill('Anna Beispiel');
  await compose.main.getByLabel('Funktion', { exact: true }).fill('Oberbürgermeisterin');
  await compose.body.click();
  await compose.expectSaved();

  const panel = compose.exportPanel;
  await expect(panel.getByRole('button', { name: 'Als PDF exportieren' })).toBeDisabled();
  const pdfButton = panel
    .getByRole('group', { name: 'Freigabeexemplar' })
    .getByRole('button', { name: 'PDF', exact: true });
  await expect(pdfButton).toBeEnabled();
  const downloading = page.waitForEvent('download');
  await pdfButton.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-entwurf-v\d+\.pdf$/);
  const path = await download.path();
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  expect(text).toContain('ENTWURF – nicht zur Veröffentlichung');
  expect(text).toMatch(/^ *\d+ {2,}Die ersten Abschnitte sind fertig\./m);
  expect(text).toContain('Zitate zur Freigabe');
  expect(text).toContain('Anna Beispiel, Oberbürgermeisterin');
  expect(text).toContain('Status: offen');
  await expect(panel.getByRole('status').filter({ hasText: 'Freigabeexemplar gespeichert:' })).toBeVisible();

  const wordDownload = page.waitForEvent('download');
  await panel
    .getByRole('group', { name: 'Freigabeexemplar' })
    .getByRole('button', { name: 'Word', exact: true })
    .click();
  const word = await wordDownload;
  expect(word.suggestedFilename()).toMatch(/-entwurf-v\d+\.docx$/);
  const files = unzipSync(new Uint8Array(readFileSync(await word.path())));
  expect(strFromU8(files['word/document.xml']!)).toContain('<w:lnNumType');
});
