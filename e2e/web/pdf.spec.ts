import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const HEADLINE = 'Neue Radwege für Köln';

test('exports a release as a PDF on the letterhead: a download that poppler reads back', async ({ page, host }) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({
    topic: 'Verkehr',
    headline: HEADLINE,
    teaser: 'Die Stadt baut „sichere“ Wege für Radfahrerinnen und Fußgänger.',
    dateline: 'Köln',
  });
  await compose.body.click();
  await page.keyboard.type('Die ersten Abschnitte sind fertig.');
  await compose.expectSaved();

  const panel = compose.exportPanel;
  const button = panel.getByRole('button', { name: 'Als PDF exportieren' });
  await expect(button).toBeEnabled();
  const downloading = page.waitForEvent('download');
  await button.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^neue-radwege-fuer-koeln-[0-9a-f-]{8}\.pdf$/);
  const path = await download.path();
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  expect(text).toContain(HEADLINE);
  expect(text).toContain('Die Stadt baut „sichere“ Wege für Radfahrerinnen und Fußgänger.');
  expect(text).toContain('Die ersten Abschnitte sind fertig.');
  expect(text).toContain('Seite 1 von 1');
  expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
  await expect(panel.getByRole('status').filter({ hasText: 'PDF gespeichert:' })).toContainText('(1 Seite)');
});
