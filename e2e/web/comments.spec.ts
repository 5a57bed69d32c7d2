import { expectNoSeriousAxeViolations } from '../fixtures/axe';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

/** A word of the comment that must never show outside the workstation. */
const MARKER = 'Baumartvermerk';

test('a comment on a word: reply, the anchor stays on its word while the text changes, resolve; the export shows no comment', async ({
  page,
  host,
}) => {
  const running = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(running.url);
  await archive.newRelease();
  await compose.fill({ headline: 'Neue Bäume für den Ring', dateline: 'Musterstadt' });
  await compose.body.click();
  await page.keyboard.type('Die Stadt pflanzt Linden am Ring.');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  // Select „Linden“ with the keyboard and comment on it (Ctrl+Alt+M).
  await page.keyboard.press('Home');
  for (let i = 0; i < 'Die Stadt pflanzt '.length; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 'Linden'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Control+Alt+m');
  const form = compose.main.getByRole('form', { name: 'Kommentieren' });
  await form.getByLabel('Kommentar', { exact: true }).fill(`${MARKER}: Winterlinden oder Sommerlinden?`);
  await form.getByRole('button', { name: 'Kommentar hinzufügen' }).click();
  await expect(form).toHaveCount(0);
  await expect(compose.body.locator('[data-comment-id]')).toHaveText('Linden');

  const side = page.getByRole('complementary', { name: 'Angaben zur Meldung' });
  const thread = side.getByRole('article', { name: 'Kommentar von Erika Muster' });
  await expect(thread).toContainText('„Linden“');
  await expect(thread.getByRole('button', { name: 'Zur Textstelle „Linden“' })).toBeVisible();
  await expect(thread).not.toContainText('gelöscht');
  await expect(thread).toContainText(`${MARKER}: Winterlinden oder Sommerlinden?`);
  // The time in German: dd.mm.yyyy, hh:mm.
  await expect(thread.locator('time').first()).toHaveText(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);

  await thread.getByRole('button', { name: 'Antworten' }).click();
  await thread.getByLabel('Antwort').fill('Winterlinden, laut Grünflächenamt.');
  await thread.getByRole('button', { name: 'Antworten' }).click();
  await expect(thread.locator('.comment-replies')).toContainText('Winterlinden, laut Grünflächenamt.');

  // Text written before the anchor and text deleted before it: the anchor stays on „Linden“.
  await compose.body.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Heute: ');
  await compose.saveWithShortcut();
  await compose.expectSaved();
  await page.reload();
  await compose.expectReopened('Neue Bäume für den Ring');
  await expect(compose.body).toHaveText('Heute: Die Stadt pflanzt Linden am Ring.');
  await expect(compose.body.locator('[data-comment-id]')).toHaveText('Linden');
  await expect(thread.locator('.comment-replies')).toContainText('Winterlinden, laut Grünflächenamt.');

  // Clicking the thread selects its words in the body.
  await thread.getByRole('button', { name: 'Zur Textstelle „Linden“' }).click();
  await expect(compose.body).toBeFocused();
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('Linden');

  // Resolved, it leaves the open ones; all shows it with „Wieder öffnen“.
  await thread.getByRole('button', { name: 'Erledigt' }).click();
  await expect(thread).toHaveCount(0);
  await expect(side).toContainText('Keine offenen Kommentare.');
  await side.getByLabel('Zeigen').selectOption({ label: 'Alle' });
  await expect(thread.getByRole('button', { name: 'Wieder öffnen' })).toBeVisible();
  await expect(thread).toContainText('Erledigt von Erika Muster');

  // The history's filter shows the comment entries.
  await page.getByRole('tab', { name: 'Verlauf' }).click();
  const log = compose.main.getByRole('region', { name: 'Protokoll' });
  await log.getByLabel('Einträge').selectOption({ label: 'Kommentare' });
  await expect(log.getByRole('listitem')).toHaveCount(3);
  await expect(log.getByRole('listitem').first()).toContainText('Kommentar hinzugefügt');

  // The export's preview has the text, and nothing of the comment.
  await page.getByRole('tab', { name: /^Prüfen & Exportieren/ }).click();
  await compose.exportPanel.getByRole('button', { name: 'Vorschau', exact: true }).click();
  const preview = compose.exportPanel.locator('iframe[title="Vorschau der exportierten Seite"]').contentFrame();
  await expect(preview.locator('body')).toContainText('Heute: Die Stadt pflanzt Linden am Ring.');
  await expect(preview.locator('[data-comment-id], .comment-anchor')).toHaveCount(0);
  expect(await preview.locator('html').innerHTML()).not.toContain(MARKER);
});

test.describe('accessibility', () => {
  // The app's strict CSP would refuse the injected axe-core script; nothing else differs.
  test.use({ bypassCSP: true });

  test('the comment form, a thread with a reply and the reply form have no serious axe-core findings', async ({
    page,
    host,
  }, testInfo) => {
    const running = await host();
    const archive = new ArchiveScreen(page);
    const compose = new ComposeScreen(page);
    await archive.open(running.url);
    await archive.newRelease();
    await compose.fill({ headline: 'Barrierefrei kommentieren' });
    await compose.body.click();
    await page.keyboard.type('Ein Satz mit einem Wort.');
    await compose.saveWithShortcut();
    await compose.expectSaved();
    await page.keyboard.press('Shift+Home');
    await compose.tool('Kommentieren').click();
    const form = compose.main.getByRole('form', { name: 'Kommentieren' });
    await form.getByLabel('Kommentar', { exact: true }).fill('Zu lang?');
    await expectNoSeriousAxeViolations(page, testInfo, 'comment form');
    await form.getByRole('button', { name: 'Kommentar hinzufügen' }).click();
    const thread = page.getByRole('article', { name: 'Kommentar von Erika Muster' });
    await thread.getByRole('button', { name: 'Antworten' }).click();
    await thread.getByLabel('Antwort').fill('Nein.');
    await thread.getByRole('button', { name: 'Antworten' }).click();
    await expect(thread.locator('.comment-replies')).toContainText('Nein.');
    await thread.getByRole('button', { name: 'Antworten' }).click();
    await expectNoSeriousAxeViolations(page, testInfo, 'comments panel');
    // Without a selection the form says what to do instead of taking a comment.
    await compose.body.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Alt+m');
    await expect(compose.main.getByRole('form', { name: 'Kommentieren' })).toContainText(
      'Markieren Sie zuerst die Textstelle',
    );
  });
});
