import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

test('the release open before a restart is open again afterwards; a trashed one is not', async ({
  page,
  host,
  browser,
}) => {
  const first = await host();
  const port = Number(new URL(first.origin).port);
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(first.url);
  for (const headline of ['Stadtwerke senken Strompreis', 'Hallenbad öffnet nach Sanierung']) {
    await archive.newRelease();
    await compose.headline.fill(headline);
    await compose.expectSaved();
    await compose.backButton.click();
    await archive.expectVisible();
  }
  await archive.openRelease('Stadtwerke senken Strompreis');
  await compose.body.click();
  await page.keyboard.type('Ab Januar sinkt der Preis um zwei Cent.');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  // The engine restarts on the same data directory and address; the app starts again.
  await first.stop();
  const second = await host(undefined, port);
  await page.goto(second.url);
  await compose.expectReopened('Stadtwerke senken Strompreis');
  await expect(compose.body).toHaveText('Ab Januar sinkt der Preis um zwei Cent.');

  // Trashed in another window while it is remembered here: the next start shows the archive.
  const other = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  // The address signs in once; the other window shares the first one's session.
  await other.addCookies(await page.context().cookies(second.origin));
  const pageB = await other.newPage();
  const archiveB = new ArchiveScreen(pageB);
  const composeB = new ComposeScreen(pageB);
  await archiveB.open(second.app);
  await archiveB.openRelease('Stadtwerke senken Strompreis');
  await composeB.expectVisible();
  await composeB.main.getByRole('button', { name: 'In den Papierkorb', exact: true }).click();
  await pageB.getByRole('dialog').getByRole('button', { name: 'In den Papierkorb verschieben' }).click();
  await archiveB.expectVisible();
  await other.close();

  await second.stop();
  const third = await host(undefined, port);
  await page.goto(third.url);
  await archive.expectVisible();
  await expect(archive.release('Hallenbad öffnet nach Sanierung')).toBeVisible();
  await expect(archive.release('Stadtwerke senken Strompreis')).toHaveCount(0);
  await expect(compose.headline).toHaveCount(0);
});
