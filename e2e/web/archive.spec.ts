import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'electron',
  'services',
  'archive',
  'fixtures',
);

test('import a folder, search German-aware, filter by a facet and open a result', async ({ page, host }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));

  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await expect(archive.emptyState).toBeVisible();

  await archive.importFolder(FIXTURES);
  await expect(archive.importStatus).toContainText('Import abgeschlossen: 5 neu');
  await expect(archive.importStatus).toContainText('1 nicht importiert');
  await expect(page.getByText('leer.html')).toBeVisible();
  await expect(archive.release('Neuer Radweg an der Ruhr freigegeben')).toBeVisible();

  // Ctrl+F goes to the search; "strasse" finds "Straße", with the hit marked in the excerpt.
  await page.keyboard.press('Control+f');
  await expect(archive.search).toBeFocused();
  await page.keyboard.type('strasse');
  await expect(page.getByRole('heading', { name: /Treffer/ })).toHaveText('2 Treffer');
  await expect(archive.highlights().first()).toHaveText(/Straße/);

  // A facet narrows the results and shows up in the query.
  await archive.search.fill('eröffnet OR radweg OR kita');
  await expect(page.getByRole('heading', { name: /Treffer/ })).toHaveText('2 Treffer');
  await archive.facet('Thema', 'Familie').click();
  await expect(archive.search).toHaveValue(/thema:Familie/);
  await expect(page.getByRole('heading', { name: /Treffer/ })).toHaveText('1 Treffer');
  await expect(archive.facet('Thema', 'Familie')).toHaveAttribute('aria-pressed', 'true');

  // Keyboard: into the list with Tab… ↓/↑ move, Enter opens.
  await archive.search.fill('Beispielhausen');
  await expect(page.getByRole('heading', { name: /Treffer/ })).toHaveText('2 Treffer');
  await archive.list.getByRole('button').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  const focused = (await page.locator(':focus').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await compose.expectVisible();
  await expect(compose.headline).toHaveValue(/Radweg|Grünflächen/);
  expect(focused).toContain(await compose.headline.inputValue());

  expect(problems).toEqual([]);
});

test('the archive list keeps only the visible rows in the page and scrolls through all releases', async ({
  page,
  host,
  dataDir,
}) => {
  const lines = Array.from({ length: 1500 }, (_, i) =>
    JSON.stringify({
      format: 'pressdesk.release/1',
      id: `viel-${i}`,
      headline: `Meldung Nummer ${String(i).padStart(4, '0')}`,
      status: 'published',
      publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
    }),
  );
  const file = join(dataDir, 'viele.ndjson');
  writeFileSync(file, lines.join('\n'));
  const running = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(running.url);
  const upload = page.locator('input[type="file"]:not([webkitdirectory])');
  await upload.setInputFiles(file);
  await expect(archive.importStatus).toContainText('1.500 neu');

  await expect(page.getByRole('heading', { name: '1.500 Meldungen' })).toBeVisible();
  await expect(archive.release('Meldung Nummer 1499')).toBeVisible();
  expect(await archive.list.getByRole('listitem').count()).toBeLessThan(80);

  // End jumps to the last loaded row; the list loads further pages as it goes.
  await archive.release('Meldung Nummer 1499').focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('End');
  await expect(archive.release('Meldung Nummer 0000')).toBeFocused({ timeout: 20_000 });
  expect(await archive.list.getByRole('listitem').count()).toBeLessThan(80);
  await page.keyboard.press('ArrowUp');
  await expect(archive.release('Meldung Nummer 0001')).toBeFocused();
});
