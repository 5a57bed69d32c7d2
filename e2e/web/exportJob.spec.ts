import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';
import type { Page } from '@playwright/test';

/** axe-core's violations inside the element matching `selector` (evaluated past the app's CSP, as a debugger would). */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: Element) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document.querySelector(sel)!);
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length}`);
  }, selector);
}

test('the export shows its progress and can be cancelled; a picked related release appears as a card and the download works', async ({
  page,
  host,
  dataDir,
}) => {
  test.setTimeout(180_000);
  execFileSync(process.execPath, ['--import', 'tsx', 'e2e/fixtures/seedExportJob.ts', dataDir, '8'], {
    stdio: 'inherit',
  });
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.openRelease('Neue Radwege für die Südstadt');
  await compose.expectVisible();

  // Weitere Meldungen: search the archive and pick one, by keyboard.
  const related = compose.main.getByRole('group', { name: 'Weitere Meldungen' });
  await related.getByLabel('Im Archiv suchen').fill('Sommerfest');
  await related.getByLabel('Im Archiv suchen').press('Enter');
  await expect(related.getByRole('status')).toHaveText('1 Treffer');
  const add = related.getByRole('button', { name: 'Hinzufügen: „Sommerfest im Stadtpark“' });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(related.getByRole('button', { name: 'Ausgewählt: „Sommerfest im Stadtpark“' })).toBeDisabled();
  await expect(related.getByRole('list', { name: 'Ausgewählte Meldungen' }).getByRole('listitem')).toHaveText(
    /Sommerfest im Stadtpark/,
  );
  await compose.expectSaved();
  expect(await axeViolations(page, '.related-releases')).toEqual([]);

  // The preview shows it as a teaser card.
  const panel = compose.exportPanel;
  await panel.getByRole('button', { name: 'Vorschau', exact: true }).click();
  const preview = panel.locator('iframe').contentFrame();
  await expect(preview.getByText('Sommerfest im Stadtpark')).toBeVisible();

  // Start, watch the progress bar move, cancel: a clear message and no download.
  let downloads = 0;
  page.on('download', () => downloads++);
  const exportButton = panel.getByRole('button', { name: 'Als ZIP exportieren' });
  await expect(exportButton).toBeEnabled();
  await exportButton.click();
  const bar = panel.getByRole('progressbar', { name: 'Fortschritt des Exports' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuemax', '10');
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const seen = Number(await bar.getAttribute('aria-valuenow'));
  expect(seen).toBeLessThan(10);
  await panel.getByRole('button', { name: 'Export abbrechen' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Abgebrochen. Es wurde nichts geschrieben.');
  await expect(bar).toBeHidden();
  expect(downloads).toBe(0);
  expect(await axeViolations(page, '.export-panel')).toEqual([]);

  // Again, to the end: the download carries the related release's card.
  const downloading = page.waitForEvent('download', { timeout: 150_000 });
  await exportButton.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^neue-radwege-fuer-die-suedstadt-.*\.zip$/);
  const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const html = strFromU8(entries['index.html']!);
  expect(html).toContain('Sommerfest im Stadtpark');
  expect(Object.keys(entries).filter((name) => /^images\/image-\d+-480\.jpg$/.test(name))).toHaveLength(10);
  await expect(panel.getByRole('status').filter({ hasText: 'Exportiert:' })).toBeVisible();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Im Ordner zeigen' })).toHaveCount(0);
});
