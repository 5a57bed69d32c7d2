import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

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

test('back up, change a release, restore: the change is gone and the archive shows the backed-up state', async ({
  page,
  host,
}) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await archive.open(h.url);
  await archive.newRelease();
  await compose.headline.fill('Sommerfest im Stadtpark');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  await nav.getByRole('button', { name: 'Einstellungen' }).click();
  const section = page.getByRole('region', { name: 'Sicherungen' });
  const table = section.getByRole('table', { name: 'Vorhandene Sicherungen, neueste zuerst' });
  // The automatic backup made at start is listed.
  await expect(table.getByRole('row').filter({ hasText: 'automatisch' })).toHaveCount(1);
  // Keyboard only: focus the button and press Enter.
  await section.getByRole('button', { name: 'Jetzt sichern' }).focus();
  await page.keyboard.press('Enter');
  await expect(section.locator('.backup-status')).toContainText(/Gesichert um .+: pressdesk-manual-\d{8}T\d{9}Z\.db/);
  const manualRow = table.getByRole('row').filter({ hasText: 'von Hand' });
  await expect(manualRow).toHaveCount(1);
  await expect(manualRow).toContainText(/(?<!\d)\d+(?:,\d)? kB/);
  await expect(table.getByRole('row').nth(1)).toContainText('von Hand');
  expect(await axeViolations(page, '.backup-section')).toEqual([]);

  await nav.getByRole('button', { name: 'Archiv' }).click();
  await archive.openRelease('Sommerfest im Stadtpark');
  await compose.headline.fill('Sommerfest abgesagt');
  await compose.saveWithShortcut();
  await compose.expectSaved();
  await nav.getByRole('button', { name: 'Archiv' }).click();
  await expect(archive.release('Sommerfest abgesagt')).toBeVisible();

  await nav.getByRole('button', { name: 'Einstellungen' }).click();
  await manualRow.getByRole('button', { name: /^Stand vom .+ wiederherstellen$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Sicherung wiederherstellen?' });
  await expect(dialog).toContainText('Der aktuelle Stand wird vorher gesichert');
  // The safe choice has the focus; Escape cancels and nothing happens.
  await expect(dialog.getByRole('button', { name: 'Abbrechen' })).toBeFocused();
  expect(await axeViolations(page, 'dialog')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(section.locator('.backup-status')).not.toContainText('wiederhergestellt');

  await manualRow.getByRole('button', { name: /^Stand vom .+ wiederherstellen$/ }).click();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Wiederherstellen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(section.locator('.backup-status')).toContainText(
    /ist wiederhergestellt\. Der vorherige Stand wurde als pressdesk-before-restore-\d{8}T\d{9}Z\.db gesichert\./,
  );
  await expect(table.getByRole('row').filter({ hasText: 'vor einer Wiederherstellung' })).toHaveCount(1);

  await nav.getByRole('button', { name: 'Archiv' }).click();
  await expect(archive.release('Sommerfest im Stadtpark')).toBeVisible();
  await expect(archive.release('Sommerfest abgesagt')).toHaveCount(0);
  await archive.openRelease('Sommerfest im Stadtpark');
  await expect(compose.headline).toHaveValue('Sommerfest im Stadtpark');

  // After a reload (a new session of the page) the engine still serves the restored state:
  // the release open before reopens with the restored text.
  await page.reload();
  await compose.expectReopened('Sommerfest im Stadtpark');
  await nav.getByRole('button', { name: 'Archiv' }).click();
  await archive.expectVisible();
  await expect(archive.release('Sommerfest im Stadtpark')).toBeVisible();
  await expect(archive.release('Sommerfest abgesagt')).toHaveCount(0);
});

test('the number of automatic backups kept: refused out of range, stored, and used at the next start', async ({
  page,
  host,
}) => {
  const first = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(first.url);
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await nav.getByRole('button', { name: 'Einstellungen' }).click();
  const section = page.getByRole('region', { name: 'Sicherungen' });
  const field = section.getByLabel('Automatische Sicherungen aufbewahren (Anzahl)');
  await expect(field).toHaveValue('10');
  await expect(field).toHaveAccessibleDescription(/1 bis 100/);

  // Out of range: a clear message at the field, nothing stored.
  await field.fill('0');
  await field.press('Enter');
  await expect(section.getByRole('alert')).toHaveText('Bitte eine ganze Zahl von 1 bis 100 eingeben.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('101');
  await section.getByRole('button', { name: 'Anzahl übernehmen' }).click();
  await expect(section.getByRole('alert')).toBeVisible();

  await field.fill('1');
  await field.press('Enter');
  await expect(section.getByRole('group', { name: 'Automatische Sicherungen' }).getByRole('status')).toHaveText(
    'Gespeichert: Die neueste automatische Sicherung wird aufbewahrt.',
  );
  await expect(section.getByRole('alert')).toHaveCount(0);
  expect(await axeViolations(page, '.backup-section')).toEqual([]);

  // The next start makes an automatic backup and keeps only the newest one (with 10 there would be two).
  await first.stop();
  const second = await host();
  await archive.open(second.url);
  await nav.getByRole('button', { name: 'Einstellungen' }).click();
  await expect(field).toHaveValue('1');
  const table = section.getByRole('table', { name: 'Vorhandene Sicherungen, neueste zuerst' });
  await expect(table.getByRole('row').filter({ hasText: 'automatisch' })).toHaveCount(1);
});
