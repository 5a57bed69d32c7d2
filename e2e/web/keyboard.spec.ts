import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';
import { tabThrough, tabTo } from '../models/keyboard';

const SCHLOSS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'electron',
  'services',
  'assets',
  'fixtures',
  'de-xmp-long.jpg',
);

test('a release is written, saved, found and opened again with the keyboard alone', async ({ page, host }) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await page.goto(running.url);
  await archive.expectVisible();

  // New release (Ctrl+N); focus lands on the screen's heading, then Tab leads to the fields.
  await page.keyboard.press('Control+n');
  await expect(page.getByRole('heading', { level: 1, name: 'Neue Meldung' })).toBeFocused();
  await tabTo(page, compose.headline);
  await page.keyboard.type('Hafenfest lockt 40.000 Gäste an die Promenade');
  await tabTo(page, compose.body);
  await page.keyboard.type('Drei Tage Musik, Theater und Feuerwerk am Hafen.');
  await page.keyboard.press('Control+s');
  await compose.expectSaved();

  // Ctrl+F goes to the archive and into its search field.
  await page.keyboard.press('Control+f');
  await archive.expectVisible();
  await expect(archive.search).toBeFocused();
  await page.keyboard.type('Feuerwerk');
  await expect(archive.list.getByRole('button', { name: /^Hafenfest/ })).toBeVisible();
  await expect(archive.highlights().first()).toHaveText('Feuerwerk');

  // Down arrow to the first result, Enter opens it.
  await page.keyboard.press('ArrowDown');
  await expect(archive.release('Hafenfest lockt 40.000 Gäste an die Promenade')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Meldung bearbeiten' })).toBeFocused();
  await expect(compose.headline).toHaveValue('Hafenfest lockt 40.000 Gäste an die Promenade');
  await expect(compose.body).toHaveText('Drei Tage Musik, Theater und Feuerwerk am Hafen.');
});

test('every control reached with Tab shows that it has the focus', async ({ page, host }) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.headline.fill('Neue Buslinie zum Klinikum');
  await compose.main.getByLabel('Sperrfrist bis').fill('2099-05-02T08:00');
  await compose.body.click();
  await page.keyboard.type('Ab Montag fährt die Linie 42.');
  await compose.insertImageFromToolbar(SCHLOSS);
  await expect(compose.figures).toHaveCount(1);
  await compose.expectSaved();

  const screens: [string, () => Promise<void>][] = [
    ['compose', () => expect(compose.body).toBeVisible()],
    [
      'archive',
      async () => {
        await page.getByRole('navigation').getByRole('button', { name: 'Archiv' }).click();
        await archive.expectVisible();
        await expect(archive.release('Neue Buslinie zum Klinikum')).toBeVisible();
      },
    ],
    [
      'settings',
      async () => {
        await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen' }).click();
        await page.getByRole('button', { name: 'Baustein anlegen' }).click();
      },
    ],
  ];
  for (const [screen, open] of screens) {
    await open();
    const stops = await tabThrough(page);
    // Each screen has more than a handful of controls; a short walk means Tab got stuck.
    expect(stops.length, `${screen}: ${stops.map((s) => s.name).join(', ')}`).toBeGreaterThan(8);
    expect(
      stops.filter((s) => !s.visible).map((s) => s.name),
      `${screen}: controls without a visible focus indicator`,
    ).toEqual([]);
  }
});
