import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const RELEASE = {
  topic: 'Katastrophenschutz',
  headline: 'Großübung der Rettungskräfte in Köln-Mülheim: Ämter üben für den Ernstfall',
  subheadline: 'Über 200 Einsatzkräfte von Feuerwehr, Polizei und Hilfsorganisationen beteiligt',
  teaser:
    'Am Samstag üben Feuerwehr, Polizei und Hilfsorganisationen gemeinsam den Ernstfall. Anwohnerinnen und Anwohner müssen mit Lärm rechnen.',
  dateline: 'Köln',
};

test('a release typed in the UI survives a restart of the engine intact', async ({ page, host }) => {
  // A blocked inline style or script (Content-Security-Policy) or an uncaught error shows up here.
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`${message.text()} ${message.location().url}`);
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));

  const first = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);

  await archive.open(first.url);
  await expect(archive.emptyState).toBeVisible();
  await archive.newRelease();
  await compose.expectVisible();
  await expect(compose.saveState).toHaveText('Noch nicht gespeichert');

  await compose.fill(RELEASE);
  // Autosave: no explicit save needed for the fields.
  await compose.expectSaved();

  // Body: a subheading through the toolbar, a bold word and a bullet list through shortcuts.
  await compose.body.click();
  await page.keyboard.type('Ablauf der Übung');
  await compose.tool('Ü2 – Zwischenüberschrift').click();
  await expect(compose.tool('Ü2 – Zwischenüberschrift')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Die Übung beginnt ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('pünktlich');
  await page.keyboard.press('Control+b');
  await page.keyboard.type(' um 9 Uhr.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Shift+8');
  await page.keyboard.type('Feuerwehr');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Polizei und Rettungsdienst');

  await compose.saveWithShortcut();
  await compose.expectSaved();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meldung bearbeiten');

  await first.stop();
  const second = await host();
  await archive.open(second.url);

  const row = archive.release(RELEASE.headline);
  await expect(row).toBeVisible();
  await expect(row).toContainText(RELEASE.topic);
  await expect(row).toContainText('Entwurf');
  await row.press('Enter');

  await compose.expectVisible();
  await compose.expectValues(RELEASE);
  await expect(compose.language).toHaveValue('de');
  await expect(compose.body.getByRole('heading', { level: 2 })).toHaveText('Ablauf der Übung');
  await expect(compose.body.locator('p').first()).toHaveText('Die Übung beginnt pünktlich um 9 Uhr.');
  await expect(compose.body.locator('strong')).toHaveText('pünktlich');
  await expect(compose.body.getByRole('list').getByRole('listitem')).toHaveText([
    'Feuerwehr',
    'Polizei und Rettungsdienst',
  ]);
  await expect(compose.saveState).toContainText('Zuletzt geändert am');

  await expect(page.locator('style')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('an Arabic release shows its fields right to left', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  const headline = 'مؤتمر صحفي حول الاندماج في شتوتغارت';

  await archive.open(h.url);
  await archive.newRelease();
  await expect(compose.headline).toHaveAttribute('dir', 'ltr');
  await compose.language.selectOption('ar');

  for (const field of [compose.topic, compose.headline, compose.subheadline, compose.teaser, compose.dateline]) {
    await expect(field).toHaveAttribute('dir', 'rtl');
    await expect(field).toHaveAttribute('lang', 'ar');
  }
  await expect(compose.body).toHaveAttribute('dir', 'rtl');

  await compose.fill({ topic: 'الاندماج', headline, dateline: 'شتوتغارت' });
  await compose.body.click();
  await page.keyboard.type('تقدم الوزارة اليوم برنامجها الجديد.');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  await page.reload();
  await compose.expectReopened(headline);
  await expect(compose.language).toHaveValue('ar');
  await expect(compose.headline).toHaveAttribute('dir', 'rtl');
  await expect(compose.body).toHaveAttribute('dir', 'rtl');
  await expect(compose.body).toHaveText('تقدم الوزارة اليوم برنامجها الجديد.');
  await compose.backButton.click();
  await archive.expectVisible();
  await expect(archive.release(headline).locator('[dir="auto"]').first()).toHaveText(headline);
});

test('a save over a newer version elsewhere shows the conflict and keeps the text', async ({ page, host }) => {
  const h = await host();
  const archiveA = new ArchiveScreen(page);
  const composeA = new ComposeScreen(page);
  await archiveA.open(h.url);
  await archiveA.newRelease();
  await composeA.fill({ headline: 'Neue Kita in Stuttgart-Vaihingen eröffnet' });
  await composeA.body.click();
  await page.keyboard.type('Erster Absatz.');
  await composeA.saveButton.click();
  await composeA.expectSaved();

  const pageB = await page.context().newPage();
  const composeB = new ComposeScreen(pageB);
  // A second window (same storage) starts on the release open in the first.
  await pageB.goto(h.app);
  await composeB.expectReopened('Neue Kita in Stuttgart-Vaihingen eröffnet');

  await composeA.headline.fill('Fassung aus Fenster A');
  await composeA.saveWithShortcut();
  await composeA.expectSaved();

  await composeB.headline.fill('Fassung aus Fenster B');
  await composeB.focusBodyEnd();
  await pageB.keyboard.type(' Satz aus Fenster B.');
  await composeB.saveWithShortcut();

  await expect(composeB.saveState).toContainText('Diese Meldung wurde an anderer Stelle geändert');
  await expect(composeB.headline).toHaveValue('Fassung aus Fenster B');
  await expect(composeB.body).toHaveText('Erster Absatz. Satz aus Fenster B.');

  // Both versions side by side, with the words that differ.
  await expect(composeB.conflict).toBeVisible();
  await expect(composeB.conflict.getByRole('group', { name: 'Unterschiede Wort für Wort' })).toBeVisible();
  await expect(composeB.conflict.locator('del')).toContainText(['A']);
  await expect(composeB.conflict.locator('ins')).toContainText(['B', 'Satz aus Fenster B.']);
  // Nothing was overwritten meanwhile, even though autosave would have run.
  await pageB.waitForTimeout(1500);
  await page.reload();
  await composeA.expectReopened('Fassung aus Fenster A');

  // Leaving now still asks: the text is unsaved.
  await composeB.backButton.click();
  await expect(composeB.leaveDialog).toBeVisible();
  await composeB.leaveDialog.getByRole('button', { name: 'Weiter bearbeiten' }).click();
  await expect(composeB.leaveDialog).toBeHidden();

  await pageB.getByRole('button', { name: 'Meine Fassung speichern' }).click();
  await composeB.expectSaved();

  await expect(composeB.conflict).toBeHidden();
  await page.reload();
  await composeA.expectReopened('Fassung aus Fenster B');
  await pageB.close();
});

test('switching the interface to English changes the visible strings and is remembered', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(h.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  const switcher = page.getByRole('group', { name: 'Sprache der Oberfläche' });
  await switcher.getByRole('button', { name: 'English' }).click();

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Archive');
  await expect(page.getByRole('main').getByRole('button', { name: 'New release' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No releases yet' })).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: 'English' }),
  ).toHaveAttribute('aria-pressed', 'true');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Archive');
  await page.getByRole('main').getByRole('button', { name: 'New release' }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Body text' })).toBeVisible();
  await expect(page.getByRole('main').locator('.save-bar').getByRole('status')).toHaveText('Not saved yet');
  await page.getByLabel('Headline', { exact: true }).fill('Press conference on integration');
  await expect(page.getByRole('main').locator('.save-bar').getByRole('status')).toHaveText(/^Saved at \d{2}:\d{2}/);

  await page.getByRole('button', { name: 'Deutsch' }).click();
  await expect(page.getByLabel('Überschrift', { exact: true })).toHaveValue('Press conference on integration');
  await expect(page.getByRole('main').locator('.save-bar').getByRole('status')).toHaveText(
    /^Gespeichert um \d{2}:\d{2}/,
  );
});

test('leaving a release saves it; only a failed save asks first, in the app', async ({ page, host }) => {
  const first = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(first.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Verkehrsfreigabe der Neckarbrücke' });

  await compose.backButton.click();
  await archive.expectVisible();
  await expect(archive.release('Verkehrsfreigabe der Neckarbrücke')).toBeVisible();

  await archive.openRelease('Verkehrsfreigabe der Neckarbrücke');
  await compose.expectVisible();
  await first.stop('SIGKILL');
  await compose.headline.fill('Neckarbrücke wird freigegeben');
  await compose.backButton.click();
  await expect(compose.leaveDialog).toBeVisible();
  await compose.leaveDialog.getByRole('button', { name: 'Weiter bearbeiten' }).click();
  await expect(compose.leaveDialog).toBeHidden();
  await expect(compose.headline).toHaveValue('Neckarbrücke wird freigegeben');
  await expect(compose.saveState).toContainText('Nicht gespeichert.');
  await expect(compose.main.getByRole('button', { name: 'Erneut speichern' })).toBeVisible();

  await page.getByRole('navigation').getByRole('button', { name: 'Archiv' }).click();
  await expect(compose.leaveDialog).toBeVisible();
  await compose.leaveDialog.getByRole('button', { name: 'Änderungen verwerfen' }).click();
  await expect(archive.heading).toBeVisible();
});

test('links are set through the inline form and only to allowed addresses', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Mehr Informationen online' });
  await compose.body.click();
  await page.keyboard.type('Alle Details im Netz');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Control+k');

  const address = page.getByLabel('Linkadresse');
  await expect(address).toBeFocused();
  await address.fill('javascript:alert(1)');
  await address.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Diese Adresse ist nicht erlaubt');
  await expect(compose.body.locator('a')).toHaveCount(0);

  await address.fill('www.stuttgart.de/presse');
  await address.press('Enter');
  await expect(address).toBeHidden();
  await expect(compose.body.locator('a')).toHaveAttribute('href', 'https://www.stuttgart.de/presse');

  await compose.saveWithShortcut();
  await compose.expectSaved();
  await page.reload();
  await compose.expectReopened('Mehr Informationen online');
  await expect(compose.body.getByRole('link', { name: 'Alle Details im Netz' })).toHaveAttribute(
    'href',
    'https://www.stuttgart.de/presse',
  );
});

test('a saved release can be moved to the trash and brought back', async ({ page, host }) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Versehentlich angelegt' });
  await compose.saveWithShortcut();
  await compose.expectSaved();

  await compose.main.getByRole('button', { name: 'In den Papierkorb' }).click();
  const dialog = page.getByRole('dialog', { name: 'Meldung in den Papierkorb verschieben?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'In den Papierkorb verschieben' }).click();

  await archive.expectVisible();
  await expect(page.getByRole('status')).toContainText('„Versehentlich angelegt“ liegt jetzt im Papierkorb.');
  await expect(archive.release('Versehentlich angelegt')).toHaveCount(0);
  await page.getByRole('button', { name: 'Rückgängig' }).click();
  await expect(archive.release('Versehentlich angelegt')).toBeVisible();
});

test('the printed address signs in once: the token leaves the address bar and is refused afterwards', async ({
  page,
  host,
  browser,
}) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(h.url);
  expect(page.url()).toBe(h.app);
  const cookies = await page.context().cookies(h.origin);
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
  expect(cookies[0]!.value).not.toBe(new URL(h.url).searchParams.get('token'));
  // The page's script cannot read the session.
  expect(await page.evaluate('document.cookie')).toBe('');

  // Another browser that got hold of the printed address later is not let in.
  const other = await browser.newContext();
  try {
    const late = await other.newPage();
    const answer = await late.goto(h.url);
    expect(answer?.status()).toBe(401);
    await expect(late.getByText('UNAUTHORIZED')).toBeVisible();
    expect((await late.goto(h.app))?.status()).toBe(401);
  } finally {
    await other.close();
  }
  // The signed-in window works on.
  await page.reload();
  await archive.expectVisible();
});
