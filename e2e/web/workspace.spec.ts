import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

/** Whether the page is wider than the window (something scrolls sideways). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

test.describe('the compose workspace', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('shows the body and the checks at 1280×800 without scrolling, and nothing scrolls sideways', async ({
    page,
    host,
  }) => {
    const running = await host();
    const archive = new ArchiveScreen(page);
    const compose = new ComposeScreen(page);
    await archive.open(running.url);
    expect(await scrollsSideways(page)).toBe(false);
    await archive.newRelease();
    await compose.fill({ headline: 'Integration aus einem Guss', dateline: 'Stuttgart' });
    await compose.body.click();
    await page.keyboard.type('Das Land bündelt seine Angebote.');
    await compose.saveWithShortcut();
    await compose.expectSaved();
    expect(await scrollsSideways(page)).toBe(false);

    // The body and the checks are both in the first screenful; the release's data is beside them.
    await page.evaluate(() => window.scrollTo(0, 0));
    const checks = page.getByRole('tab', { name: /^Prüfen & Exportieren/ });
    for (const target of [compose.body, checks]) await expect(target).toBeInViewport();
    await expect(page.getByRole('complementary', { name: 'Angaben zur Meldung' })).toBeInViewport();
    // The number of findings is part of the tab's name, so it is always in view.
    await expect(checks).toHaveAccessibleName(/\b1 Hinweis\b/);

    // The panels collapse, the document keeps the room, and they come back.
    const before = (await compose.body.boundingBox())!.width;
    await page.getByRole('button', { name: 'Angaben', exact: true }).click();
    await page.getByRole('button', { name: 'Prüfung', exact: true }).click();
    await expect(page.getByRole('complementary', { name: 'Angaben zur Meldung' })).toHaveCount(0);
    expect((await compose.body.boundingBox())!.width).toBeGreaterThanOrEqual(before);
    await page.getByRole('button', { name: 'Angaben', exact: true }).click();
    await page.getByRole('button', { name: 'Prüfung', exact: true }).click();
    await expect(page.getByRole('complementary', { name: 'Angaben zur Meldung' })).toBeVisible();

    // History is the other tab.
    await page.getByRole('tab', { name: 'Verlauf' }).click();
    await expect(page.getByRole('region', { name: 'Verlauf der Meldung' })).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await expect(checks).toBeFocused();
    await expect(compose.exportPanel).toBeVisible();
  });

  test('F6 and Shift+F6 move the focus through the regions of the window', async ({ page, host }) => {
    const running = await host();
    const archive = new ArchiveScreen(page);
    const compose = new ComposeScreen(page);
    await archive.open(running.url);
    await archive.newRelease();
    await compose.fill({ headline: 'Regionen' });
    await compose.saveWithShortcut();
    await compose.expectSaved();
    await compose.headline.focus();
    const regionOfFocus = () =>
      page.evaluate(() => document.activeElement?.closest('[data-region]')?.getAttribute('data-region') ?? null);
    expect(await regionOfFocus()).toBe('document');
    const order: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('F6');
      order.push(await regionOfFocus());
    }
    expect(order).toEqual(['tools', 'details', 'app', 'header']);
    await page.keyboard.press('Shift+F6');
    expect(await regionOfFocus()).toBe('app');
    await page.keyboard.press('Shift+F6');
    expect(await regionOfFocus()).toBe('details');
  });
});

test.describe('the archive workspace', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('shows more rows than before, and the release the keyboard is on beside the list', async ({ page, host }) => {
    const running = await host();
    const archive = new ArchiveScreen(page);
    await archive.open(running.url);
    await page.evaluate(async () => {
      for (let i = 1; i <= 20; i++) {
        const response = await fetch('/api/releases.create', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ headline: `Meldung Nummer ${i}`, topic: 'Verkehr', teaser: `Vorspann ${i}.` }),
        });
        if (!response.ok) throw new Error(await response.text());
      }
    });
    await page.reload();
    await archive.expectVisible();
    const rows = archive.list.locator('button.release-row');
    await expect(rows.first()).toBeVisible();
    let inView = 0;
    for (const row of await rows.all())
      if (await row.evaluate((el) => el.getBoundingClientRect().bottom <= innerHeight)) inView += 1;
    expect(inView).toBeGreaterThanOrEqual(7);
    expect(await scrollsSideways(page)).toBe(false);

    const preview = page.getByRole('complementary', { name: 'Vorschau' });
    await expect(preview).toContainText('Eine Meldung in der Liste');
    await archive.search.focus();
    await page.keyboard.press('ArrowDown');
    const first = (await rows.first().locator('.row-headline').textContent())!;
    await expect(preview.getByRole('heading', { level: 2 })).toHaveText(first);
    await page.keyboard.press('ArrowDown');
    const second = (await rows.nth(1).locator('.row-headline').textContent())!;
    await expect(preview.getByRole('heading', { level: 2 })).toHaveText(second);
    await expect(preview).toContainText('VERKEHR', { ignoreCase: true });
    await preview.getByRole('button', { name: 'Öffnen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Meldung bearbeiten' })).toBeVisible();
  });
});

test.describe('screenshots of every screen', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  for (const language of ['de', 'en'] as const) {
    test(`in ${language === 'de' ? 'German' : 'English'}`, async ({ page, host }, testInfo) => {
      const running = await host();
      const archive = new ArchiveScreen(page);
      await archive.open(running.url);
      if (language === 'en') await page.getByRole('button', { name: /English/ }).click();
      const shoot = async (name: string): Promise<void> => {
        // Kept in the test's output folder (test-results/…) and attached to the report.
        const path = testInfo.outputPath(`${language}-${name}.png`);
        await page.screenshot({ path, fullPage: true });
        await testInfo.attach(`${language}-${name}.png`, { path, contentType: 'image/png' });
      };
      await shoot('archive-empty');
      await page.keyboard.press('Control+n');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await shoot('compose-new');
      const headline = page.getByLabel(language === 'de' ? 'Überschrift' : 'Headline', { exact: true });
      await headline.fill(language === 'de' ? 'Integration aus einem Guss' : 'Integration in one piece');
      await page.keyboard.press('Control+s');
      await expect(page.locator('.save-bar').getByRole('status')).toHaveText(/Gespeichert|Saved/);
      await shoot('compose-saved');
      await page.getByRole('tab', { name: language === 'de' ? 'Verlauf' : 'History' }).click();
      await shoot('compose-history');
      await page.keyboard.press('Control+f');
      await shoot('archive-one');
      await page.keyboard.press('Control+,');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await shoot('settings');
    });
  }
});
