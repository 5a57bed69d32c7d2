import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation, type Workstation } from '../services/workstation';
import { fullBackupDialogHooks } from './fullBackupDialogs';
import { engineInternals } from '../services/testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
const open: Workstation[] = [];
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  tmp.cleanup();
});

/** The system dialogs, answering as the user would; every question is recorded. */
function fakeDialogs(answers: { save: string | null; open: string | null }) {
  const asked: { kind: string; options: Record<string, unknown>; parent: boolean }[] = [];
  const shown: string[] = [];
  let language: 'de' | 'en' = 'de';
  const win = {} as BrowserWindow;
  const hooks = fullBackupDialogHooks({
    dialog: {
      showSaveDialog: ((parent: unknown, options?: Record<string, unknown>) => {
        asked.push({ kind: 'save', options: options ?? (parent as Record<string, unknown>), parent: !!options });
        return Promise.resolve({ canceled: answers.save === null, filePath: answers.save ?? '' });
      }) as never,
      showOpenDialog: ((parent: unknown, options?: Record<string, unknown>) => {
        asked.push({ kind: 'open', options: options ?? (parent as Record<string, unknown>), parent: !!options });
        return Promise.resolve({ canceled: answers.open === null, filePaths: answers.open ? [answers.open] : [] });
      }) as never,
    },
    shell: { showItemInFolder: (file) => void shown.push(file) },
    window: () => win,
    language: () => language,
    defaultDir: () => join(tmp.dir, 'Dokumente'),
  });
  return { hooks, asked, shown, setLanguage: (l: 'de' | 'en') => (language = l) };
}

async function call(w: Workstation, channel: string): Promise<unknown> {
  const answer = await dispatch(w.handlers, channel, {});
  return answer.ok ? answer.value : answer.error.code;
}

describe('the app asks for the full backup in its own dialogs', () => {
  it('exports where the save dialog says, shows it in the folder, and imports what the open dialog chose', async () => {
    const target = join(tmp.dir, 'Umzug.zip');
    const a = fakeDialogs({ save: target, open: null });
    const source = openWorkstation({ dataDir: join(tmp.dir, 'a'), host: 'electron', hostHooks: a.hooks });
    open.push(source);
    engineInternals(source).releases.create({ headline: 'Umzug' });
    expect(await call(source, 'backup.exportFullBackup')).toMatchObject({ status: 'saved', fileName: 'Umzug.zip' });
    expect(existsSync(target)).toBe(true);
    expect(a.asked[0]).toMatchObject({
      kind: 'save',
      parent: true,
      options: { title: 'Vollsicherung exportieren', filters: [{ extensions: ['zip'] }] },
    });
    expect(String(a.asked[0]!.options.defaultPath)).toMatch(/Dokumente[\\/]pressdesk-archive-\d{8}T\d{9}Z\.zip$/);
    expect(await call(source, 'backup.revealFullBackup')).toEqual({ shown: true });
    expect(a.shown).toEqual([target]);
    // Chosen again (the dialog asked whether to replace it): the finished archive replaces the file.
    engineInternals(source).releases.create({ headline: 'Zweite Meldung' });
    expect(await call(source, 'backup.exportFullBackup')).toMatchObject({ status: 'saved', releases: 2 });
    engineInternals(source).releases.create({ headline: 'Dritte Meldung' });
    expect(await call(source, 'backup.exportFullBackup')).toMatchObject({ status: 'saved', releases: 3 });
    expect(readdirSync(tmp.dir).filter((n) => n.includes('.partial'))).toEqual([]);

    const b = fakeDialogs({ save: null, open: target });
    b.setLanguage('en');
    const dest = openWorkstation({ dataDir: join(tmp.dir, 'b'), host: 'electron', hostHooks: b.hooks });
    open.push(dest);
    expect(await call(dest, 'backup.exportFullBackup')).toEqual({ status: 'cancelled' });
    expect(await call(dest, 'backup.importFullBackup')).toMatchObject({ status: 'imported', releases: 3 });
    expect(
      engineInternals(dest)
        .releases.list()
        .items.map((r) => r.headline)
        .sort(),
    ).toEqual(['Dritte Meldung', 'Umzug', 'Zweite Meldung']);
    expect(b.asked.map((q) => [q.kind, q.options.title])).toEqual([
      ['save', 'Export full backup'],
      ['open', 'Import full backup'],
    ]);
  });
});
