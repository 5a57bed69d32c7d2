import { join } from 'node:path';
import type { BrowserWindow, Dialog, Shell } from 'electron';
import type { FullBackupHostHooks } from '../services/backup/handlers';
import type { MenuLanguage } from './menu';

const TEXT = {
  de: {
    saveTitle: 'Vollsicherung exportieren',
    openTitle: 'Vollsicherung importieren',
    filter: 'Pressdesk-Vollsicherung',
    save: 'Exportieren',
    open: 'Importieren',
  },
  en: {
    saveTitle: 'Export full backup',
    openTitle: 'Import full backup',
    filter: 'Pressdesk full backup',
    save: 'Export',
    open: 'Import',
  },
} as const;

/**
 * The app's side of the full backup: the main process asks for the file in
 * the system's own dialogs (the page never names a path) and shows a written
 * archive in the file manager.
 */
export function fullBackupDialogHooks(deps: {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  shell: Pick<Shell, 'showItemInFolder'>;
  window: () => BrowserWindow | undefined;
  language: () => MenuLanguage;
  /** Where the save dialog starts (the documents folder). */
  defaultDir: () => string;
}): Required<FullBackupHostHooks> {
  const filters = (): { name: string; extensions: string[] }[] => [
    { name: TEXT[deps.language()].filter, extensions: ['zip'] },
  ];
  return {
    async chooseFullBackupTarget(suggestedName) {
      const text = TEXT[deps.language()];
      const options = {
        title: text.saveTitle,
        buttonLabel: text.save,
        defaultPath: join(deps.defaultDir(), suggestedName),
        filters: filters(),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as (
          'createDirectory' | 'showOverwriteConfirmation'
        )[],
      };
      const win = deps.window();
      const result = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseFullBackupSource() {
      const text = TEXT[deps.language()];
      const options = {
        title: text.openTitle,
        buttonLabel: text.open,
        filters: filters(),
        properties: ['openFile'] as 'openFile'[],
      };
      const win = deps.window();
      const result = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    showInFolder(file) {
      deps.shell.showItemInFolder(file);
    },
  };
}
