import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
/** German caption, a credit longer than IIM allows, alt text in XMP. */
const SCHLOSS = join(FIXTURES, 'de-xmp-long.jpg');
/** IPTC's reference image: every field set. */
const IPTC_REF = join(FIXTURES, 'IPTC-PhotometadataRef-Std2021.1.jpg');

test('a photo dropped into the body arrives with its caption, credit and alt text; edits and the lead image survive a restart', async ({
  page,
  host,
}) => {
  const first = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(first.url);
  await archive.newRelease();
  await compose.headline.fill('Schloss nach Sanierung wieder geöffnet');
  await compose.body.click();
  await page.keyboard.type('Nach drei Jahren ist die Sanierung abgeschlossen.');

  await compose.dropImageIntoBody(SCHLOSS);
  await expect(compose.figures).toHaveCount(1);
  const figure = compose.figureFields(compose.figures.first());
  await expect(figure.caption).toHaveValue(
    'Die sanierte Fassade des Schlosses nach Abschluss der Arbeiten, aufgenommen im Frühjahr',
  );
  // The credit in the house format: "Foto: © Holder".
  await expect(figure.creditPrefix).toHaveValue('Foto');
  await expect(figure.creditHolder).toHaveValue('Landesamt für Denkmalpflege im Regierungspräsidium Stuttgart/Müller');
  await expect(figure.alt).toHaveValue('Helle Schlossfassade mit drei Türmen vor blauem Himmel');

  await figure.caption.fill('Die sanierte Schlossfassade im Frühjahr 2025');
  await figure.creditHolder.fill('Land Baden-Württemberg/Anna Müller');
  await figure.alt.fill('Helle Fassade mit drei Türmen, davor ein Rasen');

  // The lead image, picked with its own button, prefilled the same way.
  await compose.pickLeadImage(IPTC_REF);
  const lead = compose.figureFields(compose.leadImage);
  await expect(lead.caption).toHaveValue('The description aka caption (ref2021.1)');
  await expect(lead.creditPrefix).toHaveValue('Foto');
  await expect(lead.creditHolder).toHaveValue('Credit Line (ref2021.1)');
  await expect(lead.alt).toHaveValue('This is the Alt Text description to support accessibility in 2021.1');
  await lead.caption.fill('Die Ministerin eröffnet das Schloss.');

  await compose.expectSaved();
  await expect(compose.saveState).not.toContainText('Nicht gespeichert');

  await first.stop();
  const second = await host();
  await archive.open(second.url);
  // the archive shows the lead image's thumbnail in the row
  const thumb = archive.release('Schloss nach Sanierung wieder geöffnet').locator('img.row-thumb');
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await archive.openRelease('Schloss nach Sanierung wieder geöffnet');
  await compose.expectVisible();
  await expect(compose.figures).toHaveCount(1);
  const again = compose.figureFields(compose.figures.first());
  await expect(again.caption).toHaveValue('Die sanierte Schlossfassade im Frühjahr 2025');
  await expect(again.creditPrefix).toHaveValue('Foto');
  await expect(again.creditHolder).toHaveValue('Land Baden-Württemberg/Anna Müller');
  await expect(again.alt).toHaveValue('Helle Fassade mit drei Türmen, davor ein Rasen');
  await expect(compose.body).toContainText('Nach drei Jahren ist die Sanierung abgeschlossen.');
  const leadAgain = compose.figureFields(compose.leadImage);
  await expect(leadAgain.caption).toHaveValue('Die Ministerin eröffnet das Schloss.');
  await expect(leadAgain.creditHolder).toHaveValue('Credit Line (ref2021.1)');
  // The pictures themselves come from the engine.
  await expect(compose.figures.first().locator('img')).toHaveJSProperty('complete', true);
  expect(
    await compose.figures
      .first()
      .locator('img')
      .evaluate((img: HTMLImageElement) => img.naturalWidth),
  ).toBeGreaterThan(0);
});

test('an image from the media library is reused in a second release, in the body and as lead image', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.headline.fill('Erste Meldung mit Bild');
  await compose.body.click();
  await compose.insertImageFromToolbar(IPTC_REF);
  await expect(compose.figures).toHaveCount(1);
  await compose.expectSaved();

  await compose.backButton.click();
  await archive.newRelease();
  await compose.headline.fill('Zweite Meldung, gleiches Bild');
  await compose.body.click();
  await page.keyboard.type('Ein Absatz.');

  const library = await compose.openMediaLibrary();
  await library.getByLabel('Suchen in Bildunterschrift, Nachweis und Urheber').fill('ref2021');
  const item = library.getByRole('listitem').filter({ hasText: 'The description aka caption (ref2021.1)' });
  await expect(item).toHaveCount(1);
  await item.getByRole('button', { name: 'Wo verwendet?' }).click();
  await expect(item).toContainText('Verwendet in: Erste Meldung mit Bild');
  await item.getByRole('button', { name: 'In den Text einfügen' }).click();
  await expect(library).toBeHidden();
  await expect(compose.figures).toHaveCount(1);
  const figure = compose.figureFields(compose.figures.first());
  await expect(figure.caption).toHaveValue('The description aka caption (ref2021.1)');
  await expect(figure.creditHolder).toHaveValue('Credit Line (ref2021.1)');
  // The copied texts now belong to this figure.
  await figure.caption.fill('Eigene Bildunterschrift der zweiten Meldung');

  const again = await compose.openMediaLibrary();
  await again
    .getByRole('listitem')
    .filter({ hasText: 'The description aka caption (ref2021.1)' })
    .getByRole('button', { name: 'Als Aufmacherbild verwenden' })
    .click();
  await expect(again).toBeHidden();
  await expect(compose.figureFields(compose.leadImage).caption).toHaveValue('The description aka caption (ref2021.1)');
  await compose.expectSaved();

  await compose.backButton.click();
  await archive.openRelease('Erste Meldung mit Bild');
  await expect(compose.figureFields(compose.figures.first()).caption).toHaveValue(
    'The description aka caption (ref2021.1)',
  );
});

test('a text file named .jpg is refused with a translated error and nothing is inserted', async ({ page, host }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pressdesk-bad-image-'));
  const fake = join(dir, 'foto.jpg');
  writeFileSync(fake, 'Dies ist kein Bild, sondern Text.\n');
  try {
    const running = await host();
    const archive = new ArchiveScreen(page);
    const compose = new ComposeScreen(page);
    await archive.open(running.url);
    await archive.newRelease();
    await compose.headline.fill('Meldung ohne Bild');
    await compose.body.click();
    await page.keyboard.type('Nur Text.');

    await compose.insertImageFromToolbar(fake);
    await expect(compose.notice).toContainText('Diese Datei ist kein unterstütztes Bild.');
    await expect(compose.figures).toHaveCount(0);

    await compose.dropImageIntoBody(fake);
    await expect(compose.notice).toContainText('Diese Datei ist kein unterstütztes Bild.');
    await expect(compose.figures).toHaveCount(0);
    await expect(compose.body).toHaveText('Nur Text.');

    const library = await compose.openMediaLibrary();
    await expect(library.getByRole('status')).toHaveText('0 Bilder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a photo pasted into the body is placed with its metadata; the image tools speak English too', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.headline.fill('Eingefügtes Foto');
  await compose.body.click();
  await page.keyboard.type('Vor dem Bild.');
  await compose.pasteImageIntoBody(IPTC_REF);
  await expect(compose.figures).toHaveCount(1);
  const figure = compose.figureFields(compose.figures.first());
  await expect(figure.caption).toHaveValue('The description aka caption (ref2021.1)');
  await expect(figure.alt).toHaveValue('This is the Alt Text description to support accessibility in 2021.1');
  await compose.expectSaved();

  await page.getByRole('group', { name: 'Sprache der Oberfläche' }).getByRole('button', { name: 'English' }).click();
  const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
  await expect(toolbar.getByRole('button', { name: 'Insert image', exact: true })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Media library', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Lead image', exact: true })).toBeVisible();
});
