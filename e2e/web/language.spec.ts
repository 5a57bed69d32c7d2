import { expect, test } from '../fixtures/webHost';

// A browser set to American English, with no language stored by the app.
test.use({ locale: 'en-US' });

test('the interface follows the browser language until a language is chosen, and the choice persists', async ({
  page,
  host,
}) => {
  const running = await host();
  await page.goto(running.url);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('Archive');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // An embargo shows in the English format, in Berlin time with the zone.
  await page.getByRole('main').getByRole('button', { name: 'New release', exact: true }).click();
  await page.getByRole('main').getByLabel('Headline', { exact: true }).fill('Bridge reopens');
  const embargo = page.getByRole('main').getByLabel('Embargo until', { exact: true });
  await embargo.fill('2027-05-01T09:30');
  const embargoText = page.locator('[data-field="embargoUntil"] .hint');
  // (ICU versions differ in the joint between date and time.)
  await expect(embargoText).toHaveText(/^May 1, 2027\D+09:30 AM GMT\+2$/);

  const nav = page.getByRole('navigation');
  await nav.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(heading).toHaveText('Settings');
  const system = page.getByRole('radio', { name: 'System language (English)' });
  await expect(system).toBeChecked();

  // Choosing German switches at once and survives a reload.
  await page.getByRole('radio', { name: 'Deutsch', exact: true }).check();
  await expect(heading).toHaveText('Einstellungen');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.reload();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Archiv', exact: true })).toBeVisible();
  await nav.getByRole('button', { name: 'Einstellungen', exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Deutsch', exact: true })).toBeChecked();

  // Dates follow the interface language.
  await nav.getByRole('button', { name: 'Archiv', exact: true }).click();
  await page
    .getByRole('list', { name: 'Meldungen' })
    .getByRole('button', { name: /^Bridge reopens/ })
    .click();
  await expect(embargoText).toHaveText(/^1\. Mai 2027\D+09:30 MESZ$/);

  // "System language" forgets the choice: English again, also after a reload.
  await nav.getByRole('button', { name: 'Einstellungen', exact: true }).click();
  await page.getByRole('radio', { name: 'Systemsprache (English)' }).check();
  await expect(heading).toHaveText('Settings');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Archive', exact: true })).toBeVisible();

  // The header switch stores an explicit choice as well.
  await page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: /^DE/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.reload();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Archiv', exact: true })).toBeVisible();
});
