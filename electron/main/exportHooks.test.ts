import { join } from 'node:path';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { describe, expect, it } from 'vitest';
import { createExportHooks } from './exportHooks';

function fakeShell(answer: SaveDialogReturnValue, locale = 'de-DE') {
  const asked: SaveDialogOptions[] = [];
  const shown: string[] = [];
  const hooks = createExportHooks({
    showSaveDialog: (options) => {
      asked.push(options);
      return Promise.resolve(answer);
    },
    showItemInFolder: (path) => shown.push(path),
    locale,
    documentsDir: '/home/presse/Dokumente',
  });
  return { hooks, asked, shown };
}

describe('export hooks of the app', () => {
  it('asks in a save dialog that starts in the documents folder, in the app language', async () => {
    const { hooks, asked } = fakeShell({ canceled: false, filePath: '/srv/web/radwege.zip' });
    expect(await hooks.chooseExportTarget('zip', 'radwege-1234.zip')).toBe('/srv/web/radwege.zip');
    expect(asked[0]).toMatchObject({
      title: 'Exportpaket speichern',
      defaultPath: join('/home/presse/Dokumente', 'radwege-1234.zip'),
      filters: [{ name: 'ZIP-Archiv', extensions: ['zip'] }],
    });
    const english = fakeShell({ canceled: false, filePath: '/srv/web/radwege' }, 'en-GB');
    expect(await english.hooks.chooseExportTarget('folder', 'radwege-1234')).toBe('/srv/web/radwege');
    expect(english.asked[0]).toMatchObject({ title: 'Save export bundle', filters: [] });
  });

  it('adds .zip to a zip name typed without it, and answers nothing for a closed dialog', async () => {
    expect(
      await fakeShell({ canceled: false, filePath: '/srv/web/radwege' }).hooks.chooseExportTarget('zip', 'x.zip'),
    ).toBe('/srv/web/radwege.zip');
    expect(await fakeShell({ canceled: true, filePath: '' }).hooks.chooseExportTarget('zip', 'x.zip')).toBeUndefined();
  });

  it('shows a written bundle in the file manager', async () => {
    const { hooks, shown } = fakeShell({ canceled: true, filePath: '' });
    await hooks.revealPath('/srv/web/radwege.zip');
    expect(shown).toEqual(['/srv/web/radwege.zip']);
  });
});
