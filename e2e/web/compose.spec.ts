import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

test('autosaved text survives a crash of the engine (SIGKILL) right after "saved" was shown', async ({
  page,
  host,
}) => {
  const first = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(first.url);
  await archive.newRelease();
  await compose.headline.fill('Stadtbibliothek verlängert Öffnungszeiten');
  await compose.body.click();
  await page.keyboard.type('Ab dem 1. April öffnet die Stadtbibliothek auch sonntags.');
  // No explicit save: the pause after typing is enough.
  await compose.expectSaved();
  await expect(compose.saveState).not.toContainText('Nicht gespeichert');

  await first.stop('SIGKILL');
  const second = await host();
  await archive.open(second.url);
  await archive.openRelease('Stadtbibliothek verlängert Öffnungszeiten');
  await compose.expectVisible();
  await expect(compose.body).toHaveText('Ab dem 1. April öffnet die Stadtbibliothek auch sonntags.');
});

test('text typed right before leaving the release is saved, and the word count follows the pause', async ({
  page,
  host,
}) => {
  const h = await host();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(h.url);
  await archive.newRelease();
  await compose.headline.fill('Neue Radwege am Ring');
  await compose.body.click();
  await page.keyboard.type('Der Ring bekommt Radwege.');
  await expect(compose.main.getByText('4 Wörter · Lesezeit etwa 1 Minute')).toBeVisible();
  await compose.expectSaved();

  // Typed and left at once: no pause, no autosave in between.
  await compose.focusBodyEnd();
  await page.keyboard.type(' Baubeginn ist im Mai.');
  await compose.backButton.click();
  await expect(archive.heading).toBeVisible();
  await archive.openRelease('Neue Radwege am Ring');
  await compose.expectVisible();
  await expect(compose.body).toHaveText('Der Ring bekommt Radwege. Baubeginn ist im Mai.');
  await expect(compose.main.getByText('8 Wörter · Lesezeit etwa 1 Minute')).toBeVisible();
});

test('text that cannot be saved is kept in the window and offered again after a restart', async ({ page, host }) => {
  const first = await host();
  const port = Number(new URL(first.origin).port);
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.open(first.url);
  await archive.newRelease();
  await compose.headline.fill('Sperrung der Königstraße');
  await compose.body.click();
  await page.keyboard.type('Erster Absatz.');
  await compose.expectSaved();

  await first.stop('SIGKILL');
  await compose.focusBodyEnd();
  await page.keyboard.type(' Dieser Satz erreicht die Engine nicht.');
  await expect(compose.saveState).toContainText('Nicht gespeichert.');
  await expect(compose.main.getByText('zusätzlich in diesem Fenster gesichert')).toBeVisible();
  await expect(compose.body).toHaveText('Erster Absatz. Dieser Satz erreicht die Engine nicht.');

  // The window is closed while the engine is still down.
  const context = page.context();
  await page.close();

  // The engine comes back on the same address (same origin, same window storage), the app starts again.
  const second = await host(undefined, port);
  const next = await context.newPage();
  const archive2 = new ArchiveScreen(next);
  const compose2 = new ComposeScreen(next);
  await next.goto(second.url);
  // It starts on the release that was open and offers the kept text there ...
  await expect(compose2.headline).toHaveValue('Sperrung der Königstraße');
  await expect(compose2.recoveryOffer).toBeVisible();
  // ... and the archive lists the kept text as well.
  await compose2.backButton.click();
  await archive2.expectVisible();
  const kept = next.getByRole('button', { name: '„Sperrung der Königstraße“ öffnen' });
  await expect(kept).toBeVisible();
  await kept.click();
  await expect(compose2.recoveryOffer).toBeVisible();
  await expect(compose2.body).toHaveText('Erster Absatz.');
  await compose2.recoveryOffer.getByRole('button', { name: 'Text wiederherstellen' }).click();
  await expect(compose2.body).toHaveText('Erster Absatz. Dieser Satz erreicht die Engine nicht.');
  await compose2.expectSaved();

  // The app starts again on the release that was open; the kept text is stored now.
  await next.reload();
  await compose2.expectReopened('Sperrung der Königstraße');
  await expect(compose2.body).toHaveText('Erster Absatz. Dieser Satz erreicht die Engine nicht.');
  await expect(compose2.recoveryOffer).toHaveCount(0);
  await compose2.backButton.click();
  await archive2.expectVisible();
  await expect(kept).toHaveCount(0);
});
