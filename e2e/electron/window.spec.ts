import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { electronSkipReason, expect, test } from '../fixtures/electronApp';
import { ArchiveScreen } from '../models/ArchiveScreen';

const skipReason = electronSkipReason();
test.skip(skipReason !== undefined, skipReason);

function bounds(app: ElectronApplication) {
  return app.evaluate(({ BrowserWindow }) => {
    const [win] = BrowserWindow.getAllWindows();
    if (!win) throw new Error('no window');
    return { ...win.getNormalBounds(), maximized: win.isMaximized() };
  });
}

test('the window opens where it was left, across a restart', async ({ launch }) => {
  const first = await launch();
  await new ArchiveScreen(await first.firstWindow()).expectVisible();
  const wanted = { x: 60, y: 40, width: 1024, height: 720 };
  await first.evaluate(({ BrowserWindow }, rect) => BrowserWindow.getAllWindows()[0]?.setBounds(rect), wanted);
  await expect
    .poll(async () => {
      const b = await bounds(first);
      return [b.width, b.height];
    })
    .toEqual([wanted.width, wanted.height]);
  const placed = await bounds(first);
  await first.close();

  const second = await launch();
  await new ArchiveScreen(await second.firstWindow()).expectVisible();
  const restored = await bounds(second);
  expect(restored).toEqual({ ...placed, maximized: false });
});

test('a window placed off every screen opens on the screen again', async ({ launch, dataDir }) => {
  const first = await launch();
  await new ArchiveScreen(await first.firstWindow()).expectVisible();
  await first.close();
  writeFileSync(
    join(dataDir, 'window-state.json'),
    JSON.stringify({ x: -40000, y: -40000, width: 1100, height: 760, maximized: false }),
  );

  const second = await launch();
  await new ArchiveScreen(await second.firstWindow()).expectVisible();
  const [restored, displays] = await Promise.all([
    bounds(second),
    second.evaluate(({ screen }) => screen.getAllDisplays().map((d) => d.workArea)),
  ]);
  const onScreen = displays.some(
    (area) =>
      restored.x >= area.x &&
      restored.y >= area.y &&
      restored.x < area.x + area.width &&
      restored.y < area.y + area.height,
  );
  expect(onScreen).toBe(true);
  // The saved size went with the saved place: the window has its default size again.
  expect([restored.width, restored.height]).not.toEqual([1100, 760]);
});
