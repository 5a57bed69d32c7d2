import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const HEADLINE = 'Mehr Pflegekräfte für das Land';
const EML = [
  'From: Buero Amtschef <buero@example.org>',
  'To: presse@example.org',
  'Subject: Freigabe PM Pflegekraefte',
  '',
  'Freigegeben, Dr. Paul Pruefer',
  '',
].join('\r\n');

/** A collapsible section of the side panel, by its title. */
function section(compose: ComposeScreen, title: string): Locator {
  return compose.main
    .locator('details.panel-section')
    .filter({ has: compose.page.locator('summary').getByText(title, { exact: true }) });
}

test('the approval cycle: review, four-eyes, approval by e-mail with evidence, quote approval, a change makes both stale, publish and export', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();

  // Erika Muster (this workstation's profile) writes a release with a quote.
  await compose.fill({ headline: HEADLINE, topic: 'Pflege' });
  await compose.body.click();
  await page.keyboard.type('Das Land stellt 200 neue Pflegekräfte ein.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Pflege braucht Zeit.');
  await compose.tool('Zitat mit Sprecher/in').click();
  const quoteForm = compose.main.getByRole('group', { name: 'Zitat', exact: true });
  await quoteForm.getByLabel('Sprecher/in').fill('Manne Lucha');
  await quoteForm.getByLabel('Funktion').fill('Minister für Soziales');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  const approval = section(compose, 'Freigabe');
  const quotes = section(compose, 'Zitate');
  const status = compose.main.getByLabel('Status ändern');
  await expect(approval.getByText('Keine Freigabe')).toBeVisible();
  await expect(approval.getByRole('list', { name: 'Was fehlt noch' })).toContainText('Die Freigabe fehlt.');
  const quote = quotes.getByRole('listitem').filter({ hasText: 'Manne Lucha' });
  await expect(quote).toContainText('Minister für Soziales');
  await expect(quote).toContainText('Pflege braucht Zeit.');
  await expect(quote.locator('.quote-state')).toHaveText('offen');

  // Zur Prüfung geben: two reviewers and a deadline, sent with Enter.
  await approval.getByRole('button', { name: 'Zur Prüfung geben …' }).click();
  const review = page.getByRole('dialog', { name: 'Zur Prüfung geben' });
  await expect(review.getByLabel('Prüfer/in 1')).toBeFocused();
  await page.keyboard.type('Dr. Paul Prüfer');
  await review.getByRole('button', { name: 'Weitere Prüfer/in' }).click();
  await review.getByLabel('Prüfer/in 2').fill('Büro des Ministers');
  await review.getByLabel('Frist').fill('04.12.2030 12:00');
  await review.getByLabel('Frist').press('Enter');
  await expect(review).toBeHidden();
  await expect(compose.main.getByText('Status: In Prüfung')).toBeVisible();
  await expect(approval.getByText('Zur Prüfung bei Dr. Paul Prüfer, Büro des Ministers')).toContainText(
    'Frist: 04.12.2030, 12:00',
  );

  // „Freigegeben“ in the status choice opens the approval dialog; Escape leaves everything as it was.
  await status.selectOption({ label: 'Freigegeben' });
  const approve = page.getByRole('dialog', { name: 'Freigabe erfassen' });
  await expect(approve).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(approve).toBeHidden();
  await expect(compose.main.getByText('Status: In Prüfung')).toBeVisible();

  // Four-eyes: the author cannot approve her own text in Pressdesk.
  await status.selectOption({ label: 'Freigegeben' });
  await approve.getByLabel('Weg').selectOption({ label: 'in Pressdesk' });
  await expect(approve.getByLabel('Name', { exact: true })).toBeDisabled();
  await expect(approve.getByLabel('Name', { exact: true })).toHaveValue('Erika Muster');
  await approve.getByRole('button', { name: 'Freigabe erfassen' }).click();
  await expect(approve.getByRole('alert')).toHaveText(
    'Vier-Augen-Prinzip: Wer den Text zuletzt geändert hat, kann ihn nicht selbst freigeben.',
  );
  await expect(compose.main.getByText('Status: In Prüfung')).toBeVisible();

  // The approval came by e-mail from the head of office; the e-mail is kept as evidence.
  await approve.getByLabel('Weg').selectOption({ label: 'per E-Mail' });
  await approve.getByLabel('Name', { exact: true }).fill('Dr. Paul Prüfer');
  await approve.getByLabel('Funktion').fill('Amtschef');
  // A picture renamed to .eml is no evidence: refused in the dialog, nothing recorded.
  await approve.getByLabel('Nachweis').setInputFiles({
    name: 'Screenshot.eml',
    mimeType: 'message/rfc822',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
  });
  await approve.getByRole('button', { name: 'Freigabe erfassen' }).click();
  await expect(approve.getByRole('alert')).toHaveText(
    'Der Nachweis muss eine E-Mail (.eml, .msg) oder ein PDF sein, nicht leer und höchstens 10 MB groß.',
  );
  await expect(compose.main.getByText('Status: In Prüfung')).toBeVisible();
  await approve.getByLabel('Nachweis').setInputFiles({
    name: 'Freigabe.eml',
    mimeType: 'message/rfc822',
    buffer: Buffer.from(EML),
  });
  await approve.getByLabel('Funktion').press('Enter');
  await expect(approve).toBeHidden();
  await expect(compose.main.getByText('Status: Freigegeben')).toBeVisible();
  await expect(approval.locator('.approval-state')).toHaveText('Freigegeben');
  await expect(
    approval.getByText(/^von Dr\. Paul Prüfer \(Amtschef\), per E-Mail, am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/),
  ).toBeVisible();
  await expect(approval.getByText('Nachweis: Freigabe.eml')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await approval.getByRole('button', { name: 'Nachweis „Freigabe.eml“ speichern' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Freigabe.eml');
  expect(readFileSync(await download.path(), 'utf8')).toBe(EML);

  // Publishing waits for the quote, and says so.
  await status.selectOption({ label: 'Veröffentlicht' });
  await expect(
    compose.main.getByRole('alert').filter({ hasText: '„Veröffentlicht“ ist noch nicht möglich.' }),
  ).toContainText('Nicht alle Zitate sind freigegeben');
  await expect(compose.main.getByText('Status: Freigegeben')).toBeVisible();
  await expect(compose.main.getByText('konnte nicht in den Papierkorb verschoben werden')).toHaveCount(0);

  // The quote: asked for at the minister's office, approved by phone.
  await quote.getByRole('button', { name: 'Angefragt …' }).click();
  const asked = page.getByRole('dialog', { name: 'Zitat von Manne Lucha angefragt' });
  await expect(asked.getByLabel('Angefragt bei')).toHaveValue('Manne Lucha');
  await asked.getByLabel('Angefragt bei').fill('Büro Lucha');
  await asked.getByLabel('Angefragt bei').press('Enter');
  await expect(asked).toBeHidden();
  await expect(quote.locator('.quote-state')).toHaveText('angefragt');
  await expect(quote).toContainText('Angefragt bei Büro Lucha');
  await quote.getByRole('button', { name: 'Freigegeben …' }).click();
  const decided = page.getByRole('dialog', { name: 'Zitat von Manne Lucha freigegeben' });
  await decided.getByLabel('Weg').selectOption({ label: 'per Telefon' });
  await decided.getByRole('button', { name: 'Als freigegeben vermerken' }).click();
  await expect(decided).toBeHidden();
  await expect(quote.locator('.quote-state')).toHaveText('freigegeben');
  await expect(quote).toContainText('Freigegeben von Manne Lucha, per Telefon');
  // The refusal is answered: its message is gone.
  await expect(compose.main.getByRole('alert').filter({ hasText: 'ist noch nicht möglich' })).toHaveCount(0);
  await expect(compose.main.getByText('konnte nicht in den Papierkorb verschoben werden')).toHaveCount(0);
  await expect(approval.getByRole('list', { name: 'Was fehlt noch' })).toHaveCount(0);

  // The quote changes: it is open again, the approval is stale, and the export is blocked for both.
  await compose.body.locator('blockquote[data-type="quote"]').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Und Geld.');
  await compose.expectSaved();
  await expect(quote.locator('.quote-state')).toHaveText('offen');
  await expect(approval.locator('.approval-state')).toHaveText('Freigabe veraltet');
  const diff = approval.getByRole('group', { name: 'Geändert seit der Freigabe: Fließtext' });
  await expect(diff.locator('ins')).toContainText(['Geld.']);
  const panel = compose.exportPanel;
  const findings = panel.getByRole('list', { name: 'Ergebnisse der Prüfung' });
  await expect(findings).toContainText('Freigabe veraltet: Der Text wurde nach der Freigabe geändert.');
  await expect(findings).toContainText('Das Zitat von Manne Lucha ist nicht freigegeben.');
  await expect(panel.getByRole('button', { name: 'Als ZIP exportieren' })).toBeDisabled();
  // „Zur Stelle“ leads to the quote in the register.
  await findings
    .getByRole('listitem')
    .filter({ hasText: 'Das Zitat von Manne Lucha' })
    .getByRole('button', { name: 'Zur Stelle' })
    .click();
  await expect(quote.getByRole('button', { name: 'Angefragt …' })).toBeFocused();
  // Still „Freigegeben“ in the status, but publishing is refused for the stale approval.
  await status.selectOption({ label: 'Veröffentlicht' });
  await expect(
    compose.main.getByRole('alert').filter({ hasText: '„Veröffentlicht“ ist noch nicht möglich.' }),
  ).toContainText('Der Text wurde nach der Freigabe geändert.');

  // Approved again (by phone this time), the new quote too; then published and exported.
  await approval.getByRole('button', { name: 'Freigabe erfassen …' }).click();
  await approve.getByLabel('Weg').selectOption({ label: 'per Telefon' });
  await approve.getByLabel('Name', { exact: true }).fill('Dr. Paul Prüfer');
  await approve.getByRole('button', { name: 'Freigabe erfassen' }).click();
  await expect(approve).toBeHidden();
  await expect(approval.locator('.approval-state')).toHaveText('Freigegeben');
  await quote.getByRole('button', { name: 'Freigegeben …' }).click();
  await decided.getByRole('button', { name: 'Als freigegeben vermerken' }).click();
  await expect(quote.locator('.quote-state')).toHaveText('freigegeben');

  await status.selectOption({ label: 'Veröffentlicht' });
  await expect(compose.main.getByText('Status: Veröffentlicht')).toBeVisible();
  await expect(compose.main.getByRole('alert').filter({ hasText: 'ist noch nicht möglich' })).toHaveCount(0);
  const exportButton = panel.getByRole('button', { name: 'Als ZIP exportieren' });
  await expect(exportButton).toBeEnabled();
  const zipping = page.waitForEvent('download');
  await exportButton.click();
  const zip = await zipping;
  const entries = unzipSync(new Uint8Array(readFileSync(await zip.path())));
  const index = Object.keys(entries).find((name) => name === 'index.html' || name.endsWith('/index.html'));
  const html = strFromU8(entries[index!]!);
  expect(html).toContain(HEADLINE);
  expect(html).toContain('Pflege braucht Zeit. Und Geld.');

  // The log names every step of the approval.
  await page.getByRole('tab', { name: 'Verlauf' }).click();
  const log = compose.main.getByRole('list', { name: 'Protokoll' });
  await expect(log).toContainText('Zur Prüfung gegeben an Dr. Paul Prüfer, Büro des Ministers');
  await expect(log).toContainText('Freigabe erfasst Dr. Paul Prüfer, per E-Mail');
  await expect(log).toContainText('Zitatfreigabe Zitat von Manne Lucha freigegeben von Manne Lucha, per Telefon');

  // The editor kept up with every version the approval wrote: the text still saves without a conflict.
  await compose.body.locator('p').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Sofort.');
  await compose.expectSaved();
  await expect(compose.conflict).toHaveCount(0);
});

test('the approval rules are settings: without four-eyes the author approves in Pressdesk', async ({ page, host }) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen', exact: true }).click();
  const fourEyes = page.getByRole('main').getByLabel('Vier-Augen-Prinzip');
  const quotesRule = page.getByRole('main').getByLabel('Zitate müssen freigegeben sein');
  await expect(fourEyes).toBeChecked();
  await expect(quotesRule).toBeChecked();
  await fourEyes.uncheck();
  await expect(fourEyes).not.toBeChecked();

  await page.getByRole('navigation').getByRole('button', { name: 'Archiv', exact: true }).click();
  await archive.newRelease();
  await compose.fill({ headline: 'Allein freigegeben' });
  await compose.body.click();
  await page.keyboard.type('Ein kurzer Text.');
  await compose.saveWithShortcut();
  await compose.expectSaved();
  await section(compose, 'Freigabe').getByRole('button', { name: 'Freigabe erfassen …' }).click();
  const approve = page.getByRole('dialog', { name: 'Freigabe erfassen' });
  await approve.getByLabel('Weg').selectOption({ label: 'in Pressdesk' });
  await approve.getByRole('button', { name: 'Freigabe erfassen' }).click();
  await expect(approve).toBeHidden();
  await expect(compose.main.getByText('Status: Freigegeben')).toBeVisible();
  await expect(section(compose, 'Freigabe').getByText(/^von Erika Muster, in Pressdesk, am /)).toBeVisible();
});

test('a typo fixed after the approval is confirmed as a correction of form by the approver', async ({ page, host }) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Neue Radwege im Kreis' });
  await compose.body.click();
  await page.keyboard.type('Der Kreis baut zwölf Kilometer Radwege.');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  const approval = section(compose, 'Freigabe');
  await approval.getByRole('button', { name: 'Freigabe erfassen …' }).click();
  const approve = page.getByRole('dialog', { name: 'Freigabe erfassen' });
  await approve.getByLabel('Weg').selectOption({ label: 'persönlich' });
  await approve.getByLabel('Name', { exact: true }).fill('Landrat Heinz Huber');
  await approve.getByLabel('Name', { exact: true }).press('Enter');
  await expect(compose.main.getByText('Status: Freigegeben')).toBeVisible();

  await compose.headline.fill('Neue Radwege im Landkreis');
  await compose.expectSaved();
  await expect(approval.locator('.approval-state')).toHaveText('Freigabe veraltet');
  const diff = approval.getByRole('group', { name: 'Geändert seit der Freigabe: Überschrift' });
  await expect(diff.locator('del')).toHaveText(['Kreis']);
  await expect(diff.locator('ins')).toHaveText(['Landkreis']);

  await approval.getByRole('button', { name: 'Als Formkorrektur bestätigen …' }).click();
  const confirm = page.getByRole('dialog', { name: 'Als Formkorrektur bestätigen' });
  await expect(confirm).toContainText('Landrat Heinz Huber bestätigt');
  await confirm.getByLabel('Weg').selectOption({ label: 'per Telefon' });
  await confirm.getByLabel('Notiz').fill('Nur „Landkreis“ statt „Kreis“.');
  await confirm.getByRole('button', { name: 'Als Formkorrektur bestätigen' }).click();
  await expect(confirm).toBeHidden();
  await expect(approval.locator('.approval-state')).toHaveText('Freigegeben');
  await expect(approval.getByText(/^Formkorrektur bestätigt von Landrat Heinz Huber, per Telefon, am /)).toBeVisible();
  await expect(approval.getByRole('button', { name: 'Als Formkorrektur bestätigen …' })).toHaveCount(0);
  await expect(compose.main.getByText('Status: Freigegeben')).toBeVisible();
  await expect(compose.exportPanel.getByRole('button', { name: 'Als ZIP exportieren' })).toBeEnabled();
});
