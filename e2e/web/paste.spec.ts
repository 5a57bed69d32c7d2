import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'renderer',
  'src',
  'features',
  'compose',
  'paste',
  'fixtures',
);

const CASES = [
  { file: 'word.html', heading: 'Stadt fördert Sanierung von Schulen', listItems: 3, bold: '24 Millionen Euro' },
  {
    file: 'google-docs.html',
    heading: 'Neue Buslinie verbindet Vaihingen und Möhringen',
    listItems: 2,
    bold: 'alle zehn Minuten',
  },
  {
    file: 'news-page.html',
    heading: 'Hitzeschutz: Stadt öffnet kühle Räume',
    listItems: 2,
    bold: 'Während der Hitzewelle',
  },
];

for (const c of CASES) {
  test(`pasting ${c.file} arrives as clean content and is stored`, async ({ page, host }) => {
    const html = readFileSync(join(FIXTURES, c.file), 'utf8');
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const h = await host();
    const archive = new ArchiveScreen(page);
    const compose = new ComposeScreen(page);
    await archive.open(h.url);
    await archive.newRelease();
    await compose.headline.fill(`Eingefügt aus ${c.file}`);
    await compose.body.click();
    // A real paste event with the clipboard's HTML, as the browser delivers it.
    // (Given as source: the e2e project is type-checked without the DOM library.)
    await page.evaluate(`(() => {
      const transfer = new DataTransfer();
      transfer.setData('text/html', ${JSON.stringify(html)});
      transfer.setData('text/plain', 'Klartext');
      document.querySelector('.body-editor').dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    })()`);

    await expect(compose.body.getByRole('heading', { level: 2, name: c.heading })).toBeVisible();
    await expect(compose.body.getByRole('listitem')).toHaveCount(c.listItems);
    await expect(compose.body.locator('strong').first()).toHaveText(c.bold);
    const inner = await compose.body.innerHTML();
    expect(inner).not.toMatch(
      /style=|class="(?!ProseMirror)|onclick|javascript:|<img|<iframe|<script|Anzeige|Startseite|Abonnieren/,
    );
    await compose.expectSaved();

    await page.reload();
    await compose.expectReopened(`Eingefügt aus ${c.file}`);
    await expect(compose.body.getByRole('heading', { level: 2, name: c.heading })).toBeVisible();
    await expect(compose.body.getByRole('listitem')).toHaveCount(c.listItems);
    expect(problems).toEqual([]);
  });
}
