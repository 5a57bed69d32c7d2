import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import mammoth from 'mammoth';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const HEADLINE = 'Stadt öffnet neue Bücherei in Mülheim';

test('exports the release as a Word file and copies its wire text to the clipboard', async ({
  page,
  context,
  host,
}) => {
  const running = await host();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.origin });
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({
    topic: 'Kultur',
    headline: HEADLINE,
    teaser: 'Die Bücherei hat 40.000 Bücher.',
    dateline: 'Köln',
  });
  await compose.body.click();
  await page.keyboard.type('Die Bücherei öffnet am Montag.');
  await compose.expectSaved();

  const panel = compose.exportPanel;
  const word = panel.getByRole('button', { name: 'Als Word-Datei exportieren' });
  await expect(word).toBeEnabled();
  const downloading = page.waitForEvent('download');
  await word.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const html = (await mammoth.convertToHtml({ buffer: readFileSync(await download.path()) })).value;
  expect(html).toContain(`<h1>${HEADLINE}</h1>`);
  expect(html).toContain('Die Bücherei öffnet am Montag.');
  await expect(panel.getByRole('status').filter({ hasText: 'Word-Datei erstellt:' })).toBeVisible();

  await panel.getByRole('button', { name: 'Agenturtext kopieren' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'in die Zwischenablage kopiert' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(HEADLINE);
  expect(copied).toContain('Köln (ots) - Die Bücherei öffnet am Montag.');
});

test('imports a Word file as a release with its headline', async ({ page, host, dataDir }) => {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Landrat eröffnet Brücke über die Töss', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Nach zwei Jahren '),
              new TextRun({ text: 'Bauzeit', bold: true }),
              new TextRun(' ist sie fertig.'),
            ],
          }),
        ],
      },
    ],
  });
  const file = join(dataDir, 'Brücke.docx');
  writeFileSync(file, await Packer.toBuffer(doc));
  const running = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(running.url);
  await page.locator('input[type="file"]:not([webkitdirectory])').setInputFiles(file);
  await expect(archive.importStatus).toContainText('1 neu');
  await expect(archive.release('Landrat eröffnet Brücke über die Töss')).toBeVisible();
  await archive.openRelease('Landrat eröffnet Brücke über die Töss');
  const compose = new ComposeScreen(page);
  await expect(compose.headline).toHaveValue('Landrat eröffnet Brücke über die Töss');
  await expect(compose.body).toContainText('Nach zwei Jahren Bauzeit ist sie fertig.');
  await expect(compose.body.locator('strong')).toHaveText('Bauzeit');
});
