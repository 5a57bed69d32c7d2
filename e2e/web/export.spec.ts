import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'electron',
  'services',
  'assets',
  'fixtures',
);
const SCHLOSS = join(FIXTURES, 'de-xmp-long.jpg');

const HEADLINE = 'Land fördert Dorfläden mit 5 Millionen Euro';
const CAPTION = 'Die sanierte Fassade des Schlosses nach Abschluss der Arbeiten, aufgenommen im Frühjahr';
const CREDIT = 'Foto: © Land Baden-Württemberg/Anna Müller';

/** The text of the first element matching `pattern` in an HTML page, tags removed. */
function textOf(html: string, pattern: RegExp): string {
  const match = pattern.exec(html);
  if (!match) throw new Error(`not found: ${pattern}`);
  return match[1]!
    .replace(/<[^<>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

test('preflight blocks a figure without credit, the fix enables export, the ZIP and the preview show the same page', async ({
  page,
  host,
}) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({
    topic: 'Wirtschaft',
    headline: HEADLINE,
    teaser: 'Das Land unterstützt Dorfläden im ländlichen Raum.',
    dateline: 'Stuttgart',
  });
  await compose.body.click();
  await page.keyboard.type('Dorfläden sichern die Nahversorgung.');
  await compose.insertImageFromToolbar(SCHLOSS);
  await expect(compose.figures).toHaveCount(1);

  // The credit is cleared: an error that blocks the export.
  const figure = compose.figureFields(compose.figures.first());
  await figure.creditHolder.fill('');
  await compose.expectSaved();
  const panel = compose.exportPanel;
  await expect(panel).toBeVisible();
  const finding = panel.getByRole('listitem').filter({ hasText: 'Einem Bild fehlt der Bildnachweis.' });
  await expect(finding).toBeVisible();
  await expect(finding).toContainText('Fehler:');
  const exportButton = panel.getByRole('button', { name: 'Als ZIP exportieren' });
  await expect(exportButton).toBeDisabled();

  // "Zur Stelle" leads to the empty credit of that figure.
  await finding.getByRole('button', { name: 'Zur Stelle' }).click();
  await expect(figure.creditHolder).toBeFocused();
  // Typed as a user types, spaces included.
  await page.keyboard.type('Land Baden-Württemberg/Anna Müller');
  await expect(figure.creditHolder).toHaveValue('Land Baden-Württemberg/Anna Müller');
  await compose.expectSaved();
  await expect(finding).toHaveCount(0);
  await expect(exportButton).toBeEnabled();

  const downloading = page.waitForEvent('download');
  await exportButton.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const path = await download.path();
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  const indexName = Object.keys(entries).find((name) => name === 'index.html' || name.endsWith('/index.html'));
  expect(indexName, Object.keys(entries).join(', ')).toBeDefined();
  const html = strFromU8(entries[indexName!]!);
  expect(html).toContain(HEADLINE);
  expect(html).toContain(CREDIT);
  await expect(panel.getByRole('status').filter({ hasText: 'Exportiert:' })).toBeVisible();

  // The preview is the exported page: same headline, caption and credit.
  await panel.getByRole('button', { name: 'Vorschau', exact: true }).click();
  const frameElement = panel.locator('iframe[title="Vorschau der exportierten Seite"]');
  await expect(frameElement).toHaveAttribute('sandbox', 'allow-same-origin');
  const preview = frameElement.contentFrame();
  const exportedHeadline = textOf(html, /<h1[^>]*>([\s\S]*?)<\/h1>/);
  const exportedCaption = textOf(html, /<figure[^>]*>[\s\S]*?<figcaption>([\s\S]*?)<span class="credit">/);
  const exportedCredit = textOf(html, /<span class="credit">([\s\S]*?)<\/span>/);
  expect(exportedHeadline).toBe(HEADLINE);
  expect(exportedCaption).toBe(CAPTION);
  expect(exportedCredit).toBe(CREDIT);
  await expect(preview.locator('h1')).toHaveText(exportedHeadline);
  await expect(preview.locator('figcaption .credit').first()).toHaveText(exportedCredit);
  await expect(preview.locator('figcaption').first()).toContainText(exportedCaption);
  // The theme is served by the app and applies inside the frame; the picture loads.
  await expect
    .poll(() => preview.locator('link[rel="stylesheet"]').evaluate((l: HTMLLinkElement) => l.sheet !== null))
    .toBe(true);
  await expect
    .poll(() =>
      preview
        .locator('figure img')
        .first()
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBeGreaterThan(0);
  expect(cspViolations).toEqual([]);
});

test('each finding jumps to its field; an embargo needs the embargoed bundle; the toolbar is reachable by keyboard', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.headline.fill('Neue Radwege im Kreis');
  await compose.main.getByLabel('Sperrfrist bis').fill('2099-05-02T08:00');
  // A small photo as lead image (too narrow for social previews).
  await compose.pickLeadImage(SCHLOSS);
  await expect(compose.figureFields(compose.leadImage).caption).toHaveValue(CAPTION);

  // Keyboard only: into the toolbar, to its end, open the media library.
  await compose.body.click();
  await page.keyboard.type('Der Kreis baut neue Radwege.');
  await page.keyboard.press('Shift+Tab');
  await expect(compose.tool('Absatz')).toBeFocused();
  await page.keyboard.press('End');
  await expect(compose.tool('Mediathek')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(compose.tool('Bild einfügen')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const library = page.getByRole('dialog', { name: 'Mediathek' });
  await expect(library).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(library).toBeHidden();

  await compose.expectSaved();
  const panel = compose.exportPanel;
  const finding = (text: string) => panel.getByRole('listitem').filter({ hasText: text });
  const exportButton = panel.getByRole('button', { name: 'Als ZIP exportieren' });

  await expect(finding('Es ist kein Thema gesetzt.')).toContainText('Hinweis:');
  await finding('Es ist kein Thema gesetzt.').getByRole('button', { name: 'Zur Stelle' }).click();
  await expect(compose.topic).toBeFocused();

  await finding('Das Aufmacherbild ist').getByRole('button', { name: 'Zur Stelle' }).click();
  await expect(compose.figureFields(compose.leadImage).caption).toBeFocused();

  const embargo = finding('Die Sperrfrist läuft noch');
  await expect(embargo).toContainText('Fehler:');
  await expect(exportButton).toBeDisabled();
  await embargo.getByRole('button', { name: 'Zur Stelle' }).click();
  await expect(compose.main.getByLabel('Sperrfrist bis')).toBeFocused();

  // Choosing the embargoed bundle lifts the block; the preview carries the notice.
  await panel.getByLabel(/Gesperrte Fassung exportieren/).check();
  await expect(embargo).toHaveCount(0);
  await expect(exportButton).toBeEnabled();
  await panel.getByRole('button', { name: 'Vorschau', exact: true }).click();
  await expect(
    panel
      .locator('iframe')
      .contentFrame()
      .getByText(/SPERRFRIST/),
  ).toBeVisible();
});
