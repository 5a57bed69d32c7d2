import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoSeriousAxeViolations } from '../fixtures/axe';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';

// axe is injected as a script, which the page's CSP would block.
test.use({ bypassCSP: true });

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'electron',
  'services',
  'contacts',
  'fixtures',
);

test('the press list: import Outlook and Excel files, see the bad rows, opt a contact out, export for Excel', async ({
  page,
  host,
}, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const running = await host();
  await new ArchiveScreen(page).open(running.url);

  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('button', { name: 'Presseverteiler' })
    .click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: 'Presseverteiler' })).toBeVisible();
  await expect(main.getByText('Hier stehen noch keine Kontakte.')).toBeVisible();

  // A list to import onto, made with the keyboard.
  await main.getByRole('textbox', { name: 'Neue Liste', exact: true }).fill('Landespresse');
  await main.getByRole('textbox', { name: 'Neue Liste', exact: true }).press('Enter');
  const lists = main.getByRole('complementary', { name: 'Listen' });
  await expect(lists.getByRole('button', { name: /Landespresse\s*0/ })).toHaveAttribute('aria-current', 'true');

  await main
    .locator('input[type="file"]')
    .setInputFiles([
      join(FIXTURES, 'outlook-en.csv'),
      join(FIXTURES, 'excel-de-1252.csv'),
      join(FIXTURES, 'bad-rows.csv'),
    ]);
  const result = main.getByRole('region', { name: 'Ergebnis des Imports' });
  await expect(result.getByRole('status')).toHaveText('7 Kontakte neu, 1 ergänzt, 0 unverändert, 5 Zeilen abgelehnt.');
  // The progress bar and „Import abbrechen“ were there only while the import ran.
  await expect(main.getByRole('progressbar')).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'Import abbrechen' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'Importieren …' }).first()).toBeEnabled();
  const refused = result.getByRole('list', { name: 'Abgelehnte Zeilen' });
  await expect(refused.getByRole('listitem')).toHaveCount(5);
  await expect(refused.getByRole('listitem').first()).toContainText(
    'bad-rows.csv, Zeile 3: Die Zeile hat keine E-Mail-Adresse.',
  );
  await expect(lists.getByRole('button', { name: /Landespresse\s*7/ })).toBeVisible();

  // The contacts, with umlauts from the Windows-1252 file, filtered by text.
  const table = main.getByRole('table', { name: 'Kontakte des Presseverteilers' });
  await expect(table.getByRole('button', { name: 'Günter Grüßer bearbeiten' })).toBeVisible();
  await main.getByRole('searchbox', { name: 'Kontakte filtern' }).fill('swr');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expectNoSeriousAxeViolations(page, testInfo, 'press list');
  await table.getByRole('button', { name: 'Jörg Weiß bearbeiten' }).click();

  // Opting out asks first and says that it is for good.
  const form = main.getByRole('region', { name: 'Kontakt „Jörg Weiß“' });
  await expect(form.getByRole('textbox', { name: 'E-Mail-Adresse' })).toHaveValue('Joerg.Weiss@swr.example.de');
  await expectNoSeriousAxeViolations(page, testInfo, 'contact form');
  await form.getByRole('button', { name: 'Abmelden …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Joerg.Weiss@swr.example.de dauerhaft abmelden?' });
  await expect(dialog).toContainText('nie wieder');
  await expect(dialog.getByRole('button', { name: 'Abbrechen' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Dauerhaft abmelden' }).click();
  await expect(form).toHaveCount(0);
  await expect(table.getByRole('row').nth(1)).toContainText('Abgemeldet');

  // The export: a CSV for Excel with the opt-out in it.
  await main.getByRole('searchbox', { name: 'Kontakte filtern' }).fill('');
  await expect(table.getByRole('row')).toHaveCount(8);
  const downloading = page.waitForEvent('download');
  await main.getByRole('button', { name: 'Als CSV exportieren' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Landespresse-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text.split('\r\n')).toHaveLength(7 + 1 + 1);
  expect(text).toContain('Jörg Weiß;SWR Aktuell;Reporter;Joerg.Weiss@swr.example.de;');
  // The note's line break stays inside its quoted cell; the opt-out is in the "Abgemeldet" column.
  expect(text).toContain('"Zwei Zeilen:\nbitte nur vormittags anrufen";;;ja;Landespresse\r\n');
  expect(text).toContain(`"'=HYPERLINK(`);
  expect(problems).toEqual([]);
});
