import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { startTestSmtp, type TestSmtp } from '../../electron/services/testing/smtp';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';

const HEADLINE = 'Grünflächen für Übermorgen: Stadt pflanzt 500 Bäume';

let smtp: TestSmtp;
test.beforeEach(async () => {
  // A real SMTP server on 127.0.0.1 that refuses one address of the agencies' list.
  smtp = await startTestSmtp({ refuse: (address) => address.startsWith('unbekannt@') });
});
test.afterEach(async () => {
  await smtp.close();
});

test('a test mail first, then the release to the lists: progress, result with the refused address, the send log', async ({
  page,
  host,
  dataDir,
}) => {
  test.setTimeout(120_000);
  execFileSync(process.execPath, ['--import', 'tsx', 'e2e/fixtures/seedMail.ts', dataDir, String(smtp.port)], {
    stdio: 'inherit',
  });
  const running = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(running.url);
  await archive.openRelease(HEADLINE);
  const main = page.locator('main');
  const checks = main.getByRole('tab', { name: /^Prüfen & Exportieren/ });
  if (await checks.count()) await checks.click();

  await main.getByRole('button', { name: 'Versenden …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pressemitteilung versenden' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: 'Presse (2 Empfänger, 1 gesperrt)' })).toBeVisible();

  // The test mail to oneself goes first, to that address only.
  await dialog.getByLabel('Testmail an').fill('ich@musterstadt.example');
  await dialog.getByRole('button', { name: 'Testmail senden' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: '1 von 1 angenommen' })).toBeVisible();
  expect(smtp.messages.map((m) => m.to)).toEqual([['ich@musterstadt.example']]);

  await dialog.getByRole('checkbox', { name: /^Presse/ }).check();
  await dialog.getByRole('checkbox', { name: /^Agenturen/ }).check();
  await expect(dialog.getByRole('status').filter({ hasText: '4 Empfänger, 1 gesperrte' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Jetzt senden (4)' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: '3 von 4 angenommen, 1 abgelehnt' })).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Abgelehnte Empfänger' })).toContainText(
    'unbekannt@agentur.example: 550',
  );
  expect(smtp.messages.slice(1).map((m) => m.to[0])).toEqual([
    'anna@zeitung.example',
    'ben@radio.example',
    'dpa@agentur.example',
  ]);
  const mail = await simpleParser(smtp.messages[1]!.raw);
  expect(mail.subject).toContain('PM 7/2026: ' + HEADLINE);
  expect(mail.subject).toMatch(/^SPERRFRIST: /);

  // Sent again to the same lists only on purpose.
  await dialog.getByRole('checkbox', { name: /^Presse/ }).uncheck();
  await dialog.getByRole('checkbox', { name: /^Presse/ }).check();
  await expect(dialog.getByRole('button', { name: /^Jetzt senden/ })).toBeDisabled();
  await expect(dialog.getByRole('checkbox', { name: /^Erneut senden/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Schließen' }).click();

  // The send log: the mailing and the exact message as sent.
  const log = main.getByRole('list', { name: 'Versandprotokoll' });
  await expect(log).toContainText('Presse, Agenturen: 3 von 4 angenommen, 1 abgelehnt');
  await expect(log).toContainText('Testmail: 1 von 1 angenommen');
  await log.getByRole('button', { name: 'Nachricht ansehen' }).first().click();
  await expect(main.getByLabel('Nachricht, wie versendet')).toContainText('To: =?UTF-8?Q?Anna_M=C3=BCller?=');

  // „Als E-Mail-Datei speichern“: a draft a mail program opens for editing.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main.getByRole('button', { name: 'Als E-Mail-Datei speichern' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.eml$/);
  const draft = await simpleParser(readFileSync(await download.path()));
  expect(draft.headers.get('x-unsent')).toBe('1');
  expect(draft.to).toBeUndefined();
  expect(draft.subject).toContain(HEADLINE);
});

test('settings: the E-Mail-Versand section stores the server and explains the password in web mode', async ({
  page,
  host,
}) => {
  const running = await host();
  await page.goto(running.url);
  const settings = () =>
    page.getByRole('navigation').getByRole('button', { name: 'Einstellungen', exact: true }).click();
  await settings();
  const main = page.locator('main');
  const section = main.getByRole('region', { name: 'E-Mail-Versand' });
  await expect(section).toContainText('PRESSDESK_SMTP_PASSWORD');
  await section.getByLabel('Server').fill('smtp.musterstadt.example');
  await section.getByLabel('Port').fill('587');
  await section.getByLabel('Absender').fill('Pressestelle <presse@musterstadt.example>');
  await section.getByLabel('Port').focus();
  await section.getByLabel('Antwortadresse').fill('keine adresse');
  await section.getByLabel('Server').focus();
  await expect(section.getByRole('alert')).toBeVisible();
  await page.reload();
  await settings();
  const again = page.locator('main').getByRole('region', { name: 'E-Mail-Versand' });
  await expect(again.getByLabel('Server')).toHaveValue('smtp.musterstadt.example');
  await expect(again.getByLabel('Absender')).toHaveValue('Pressestelle <presse@musterstadt.example>');
  await expect(again.getByLabel('Antwortadresse')).toHaveValue('');
});
