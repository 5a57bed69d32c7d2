import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

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

test('the inline figure form looks like the lead image form, and a disabled button looks disabled', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Formulare' });
  await compose.insertImageFromToolbar(SCHLOSS);
  await expect(compose.figures).toHaveCount(1);
  await compose.pickLeadImage(SCHLOSS);
  const inline = compose.figureFields(compose.figures.first());

  // A checkbox is as wide as a checkbox, not stretched over the form.
  const checkboxWidth = (await inline.decorative.boundingBox())!.width;
  expect(checkboxWidth).toBeLessThan(40);

  const style = (locator: typeof inline.caption, property: 'fontFamily' | 'fontWeight') =>
    locator.evaluate((el, p) => getComputedStyle(el)[p], property);
  const label = (scope: typeof compose.leadImage) => scope.locator('label').filter({ hasText: 'Bildunterschrift' });
  // The same labels and the same interface font for fields and buttons in both forms.
  expect(await style(label(compose.figures.first()), 'fontWeight')).toBe(
    await style(label(compose.leadImage), 'fontWeight'),
  );
  expect(await style(label(compose.figures.first()), 'fontFamily')).toBe(
    await style(label(compose.leadImage), 'fontFamily'),
  );
  const inlineButton = compose.figures.first().getByRole('button').first();
  const leadButton = compose.leadImage.getByRole('button').first();
  expect(await style(inlineButton, 'fontFamily')).toBe(await style(leadButton, 'fontFamily'));

  // A disabled button does not look like the active one beside it.
  const looks = await page.evaluate(() => {
    const make = (disabled: boolean): string => {
      const b = document.createElement('button');
      b.className = 'primary';
      b.textContent = 'x';
      if (disabled) b.disabled = true;
      document.body.append(b);
      const s = getComputedStyle(b);
      const look = `${s.backgroundColor}|${s.color}|${s.cursor}`;
      b.remove();
      return look;
    };
    return { active: make(false), disabled: make(true) };
  });
  expect(looks.disabled).not.toBe(looks.active);
});

test('a link error sits at its field, offers to add https://, and the save state never claims the link was saved', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Links' });
  await compose.main.getByRole('button', { name: 'Link hinzufügen' }).click();
  const url = compose.main.getByLabel('Adresse von Link 1', { exact: true });
  await url.fill('www.integration-bw.de');
  await compose.saveWithShortcut();
  await expect(compose.saveState).toHaveText(/ein ungültiger Link ist noch nicht gespeichert/);
  // The error is described by and placed right after its field, before the row's remove button.
  const error = compose.main.locator('.related-link-error');
  await expect(error).toContainText('Nur vollständige Webadressen');
  expect(await url.evaluate((el) => el.nextElementSibling?.classList.contains('related-link-error'))).toBe(true);
  await expect(url).toHaveAttribute('aria-describedby', (await error.getAttribute('id'))!);
  await error.getByRole('button', { name: 'https:// ergänzen' }).click();
  await expect(url).toHaveValue('https://www.integration-bw.de');
  await expect(error).toHaveCount(0);
  await compose.saveWithShortcut();
  await expect(compose.saveState).toHaveText(/^Gespeichert um \d\d:\d\d$/);
});

test('date and time fields follow the interface language, not the browser', async ({ page, host }) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Termine' });
  const embargo = compose.main.getByLabel('Sperrfrist bis');
  await expect(embargo).toHaveAttribute('placeholder', 'TT.MM.JJJJ HH:MM');
  await embargo.fill('2.5.2099 8:00');
  const hint = compose.main.locator('[data-field="embargoUntil"] .hint');
  await expect(hint).toHaveText(/^2\. Mai 2099\D+08:00 MESZ$/);
  await compose.headline.focus();
  await expect(embargo).toHaveValue('02.05.2099 08:00');
  await embargo.fill('31.02.2099 08:00');
  await expect(embargo).toHaveAttribute('aria-invalid', 'true');
  await expect(hint).toContainText('Kein gültiges Datum');
  await compose.headline.focus();
  // The last valid value stays.
  await expect(embargo).toHaveValue('02.05.2099 08:00');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(compose.main.getByLabel('Embargo until')).toHaveValue('2099-05-02 08:00');
});
