import { electronSkipReason, expect, test } from '../fixtures/electronApp';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const skipReason = electronSkipReason();
test.skip(skipReason !== undefined, skipReason);

const RELEASE = {
  topic: 'Justiz',
  headline: 'Neues Justizzentrum in Düsseldorf eröffnet',
  teaser: 'Die Ministerin übergibt das Gebäude am Montag seiner Bestimmung.',
  dateline: 'Düsseldorf',
};

test('a release written in the app survives a restart of the app', async ({ launch }) => {
  const first = await launch();
  const page = await first.firstWindow();
  expect(page.url()).toBe('pressdesk://app/index.html');
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.expectVisible();
  await archive.newRelease();
  await compose.expectVisible();
  await compose.fill(RELEASE);
  await compose.body.click();
  await page.keyboard.type('Das Gebäude bietet Platz für ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('600');
  await page.keyboard.press('Control+b');
  await page.keyboard.type(' Beschäftigte.');
  await compose.saveWithShortcut();
  await compose.expectSaved();

  // The sandboxed page sees only the bridge, never Node.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as { pressdesk: object }).pressdesk))).toEqual([
    'invoke',
    'onCommand',
  ]);
  await first.close();

  const second = await launch();
  const again = await second.firstWindow();
  const compose2 = new ComposeScreen(again);
  // The release open at the end of the last run is open again.
  await compose2.expectReopened(RELEASE.headline);
  await compose2.expectValues(RELEASE);
  await expect(compose2.body.locator('strong')).toHaveText('600');
  await expect(compose2.body).toContainText('Das Gebäude bietet Platz für 600 Beschäftigte.');
});
