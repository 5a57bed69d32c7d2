import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { electronSkipReason, expect, test } from '../fixtures/electronApp';
import { ArchiveScreen } from '../models/ArchiveScreen';
import { ComposeScreen } from '../models/ComposeScreen';

const skipReason = electronSkipReason();
test.skip(skipReason !== undefined, skipReason);

/** What the stubbed dialog and file manager of the main process were asked. */
interface DesktopCalls {
  readonly dialogs: { properties?: string[]; defaultPath?: string }[];
  readonly shown: string[];
}

/**
 * Replaces the main process's save dialog (answering `target`) and its "show
 * in folder", recording what they were asked; the real ones would wait for a
 * person or open a file manager.
 */
async function stubDesktop(app: ElectronApplication, target: string): Promise<void> {
  await app.evaluate(({ dialog, shell }, chosen) => {
    const calls: DesktopCalls = { dialogs: [], shown: [] };
    (globalThis as { desktopCalls?: DesktopCalls }).desktopCalls = calls;
    // Called as showSaveDialog(window, options) or showSaveDialog(options): the options come last.
    dialog.showSaveDialog = (...args: unknown[]) => {
      calls.dialogs.push(args.at(-1) as DesktopCalls['dialogs'][number]);
      return Promise.resolve({ canceled: false, filePath: chosen });
    };
    shell.showItemInFolder = (path: string) => {
      calls.shown.push(path);
    };
  }, target);
}

function desktopCalls(app: ElectronApplication): Promise<DesktopCalls> {
  return app.evaluate(() => (globalThis as unknown as { desktopCalls: DesktopCalls }).desktopCalls);
}

test('"Als Ordner speichern …" writes the bundle where the save dialog says, and "Im Ordner zeigen" shows it', async ({
  launch,
  dataDir,
}) => {
  const app = await launch();
  const page = await app.firstWindow();
  const archive = new ArchiveScreen(page);
  const compose = new ComposeScreen(page);
  await archive.expectVisible();
  await archive.newRelease();
  await compose.expectVisible();
  await compose.fill({ topic: 'Verkehr', headline: 'Neue Radwege für die Südstadt', dateline: 'Köln' });
  await compose.saveWithShortcut();
  await compose.expectSaved();

  const exports = join(dataDir, 'exports');
  mkdirSync(exports);
  const target = join(exports, 'radwege-suedstadt');
  await stubDesktop(app, target);

  const panel = compose.exportPanel;
  await panel.getByRole('button', { name: 'Als Ordner speichern …' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Exportiert:' })).toBeVisible({ timeout: 30_000 });

  // The dialog was asked for a folder (a folder is never replaced, so no overwrite confirmation).
  const asked = await desktopCalls(app);
  expect(asked.dialogs).toHaveLength(1);
  expect(asked.dialogs[0]!.properties).toEqual(['createDirectory']);

  // The bundle is there, complete, and nothing partial is left beside it.
  expect(existsSync(join(target, 'index.html'))).toBe(true);
  expect(readFileSync(join(target, 'index.html'), 'utf8')).toContain('Neue Radwege für die Südstadt');
  const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as {
    format: string;
    files: { path: string }[];
  };
  expect(manifest.format).toBe('pressdesk.bundle/1');
  expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['index.html', 'release.json']));
  expect(readdirSync(exports)).toEqual(['radwege-suedstadt']);

  await panel.getByRole('button', { name: 'Im Ordner zeigen' }).click();
  await expect.poll(async () => (await desktopCalls(app)).shown).toEqual([target]);
});
