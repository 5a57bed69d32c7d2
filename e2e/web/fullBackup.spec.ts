import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

/** IPTC's reference image: every field set. */
const IPTC_REF = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'electron',
  'services',
  'assets',
  'fixtures',
  'IPTC-PhotometadataRef-Std2021.1.jpg',
);
const HEADLINE = 'Schloss nach Sanierung wieder geöffnet';

/** axe-core's violations inside `selector` (evaluated through the debugger, so the app's CSP stays as it is). */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async (include) => {
    const result = await (
      window as unknown as {
        axe: {
          run: (context: unknown) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe.run({ include: [include] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length}`);
  }, selector);
}

test('export the full backup as a download, import it into an empty data directory: the release and its image appear', async ({
  page,
  host,
}) => {
  const work = mkdtempSync(join(tmpdir(), 'pressdesk-e2e-archive-'));
  try {
    const first = await host();
    const archive = new ArchiveScreen(page);
    const compose = new ComposeScreen(page);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await archive.open(first.url);
    await archive.newRelease();
    await compose.headline.fill(HEADLINE);
    await compose.pickLeadImage(IPTC_REF);
    const lead = compose.figureFields(compose.leadImage);
    await lead.caption.fill('Die Ministerin eröffnet das Schloss.');
    await compose.saveWithShortcut();
    await compose.expectSaved();

    await nav.getByRole('button', { name: 'Einstellungen' }).click();
    const section = page.getByRole('region', { name: 'Vollsicherung' });
    const downloading = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Vollsicherung exportieren' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^pressdesk-archive-\d{8}T\d{9}Z\.zip$/);
    const saved = join(work, download.suggestedFilename());
    await download.saveAs(saved);
    await expect(section.getByRole('status')).toContainText(
      /Vollsicherung wird heruntergeladen: pressdesk-archive-.+\.zip \(.+ (kB|MB); Meldungen: 1, Bilder: 1\)/,
    );
    expect(statSync(saved).size).toBeGreaterThan(1000);

    // A new computer: an empty data directory.
    const second = await host(mkdtempSync(join(work, 'neu-')));
    await archive.open(second.url);
    await expect(archive.release(HEADLINE)).toHaveCount(0);
    await nav.getByRole('button', { name: 'Einstellungen' }).click();
    const importButton = section.getByRole('button', { name: 'Vollsicherung importieren …' });
    const dialog = page.getByRole('dialog', { name: 'Vollsicherung importieren?' });

    // The confirmation first: the safe choice has the focus, Escape cancels and nothing happens.
    await importButton.click();
    await expect(dialog).toContainText('Der aktuelle Stand wird vorher gesichert');
    await expect(dialog.getByRole('button', { name: 'Abbrechen' })).toBeFocused();
    expect(await axeViolations(page, 'dialog')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(importButton).toBeFocused();

    // A damaged archive, through the same upload: refused with its reason, nothing changed.
    const damaged = join(work, 'beschaedigt.zip');
    const bytes = readFileSync(saved);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(damaged, bytes);
    await importButton.click();
    let chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Vollsicherung wählen und importieren' }).click();
    await (await chooser).setFiles(damaged);
    await expect(section.getByRole('alert')).toContainText('Die Vollsicherung wurde nicht übernommen.');
    await expect(section.getByRole('alert')).toContainText('Die Sicherung ist beschädigt');
    const backups = page.getByRole('region', { name: 'Sicherungen' }).getByRole('row');
    await expect(backups.filter({ hasText: 'automatisch' })).toHaveCount(1);
    await expect(backups.filter({ hasText: 'vor einer Wiederherstellung' })).toHaveCount(0);
    await nav.getByRole('button', { name: 'Archiv' }).click();
    await expect(archive.release(HEADLINE)).toHaveCount(0);
    await nav.getByRole('button', { name: 'Einstellungen' }).click();

    await importButton.click();
    chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Vollsicherung wählen und importieren' }).click();
    await (await chooser).setFiles(saved);
    await expect(section.getByRole('status')).toContainText(
      /Die Vollsicherung ist eingespielt \(Meldungen: 1, Bilder: 1, davon neu: 1\)\. Der vorherige Stand wurde als pressdesk-before-restore-\d{8}T\d{9}Z\.db gesichert\./,
    );
    await expect(section.getByRole('alert')).toHaveCount(0);
    await expect(backups.filter({ hasText: 'vor einer Wiederherstellung' })).toHaveCount(1);
    expect(await axeViolations(page, '.archive-file-section')).toEqual([]);

    await nav.getByRole('button', { name: 'Archiv' }).click();
    const row = archive.release(HEADLINE);
    await expect(row).toBeVisible();
    // The thumbnail is made again from the original the archive carried.
    const thumb = row.locator('img.row-thumb');
    await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await archive.openRelease(HEADLINE);
    await expect(compose.figureFields(compose.leadImage).caption).toHaveValue('Die Ministerin eröffnet das Schloss.');
    await expect
      .poll(() =>
        compose.leadImage
          .locator('img')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
