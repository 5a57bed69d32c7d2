import { join } from 'node:path';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { ExportHostHooks } from '../services/export/exportJobs';

/** The parts of Electron the export needs; passed in so that the wiring can be tested without Electron. */
export interface ExportShell {
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showItemInFolder(path: string): void;
  /** The app's locale (`app.getLocale()`). */
  readonly locale: string;
  /** Where the dialog starts (`app.getPath('documents')`). */
  readonly documentsDir: string;
}

/**
 * The export's desktop side: the user picks where a bundle goes in a save
 * dialog of the main process (the renderer never names a path), and the
 * finished bundle is shown in the file manager.
 */
export function createExportHooks(shell: ExportShell): ExportHostHooks {
  const german = shell.locale.toLowerCase().startsWith('de');
  return {
    async chooseExportTarget(kind, suggestedName) {
      const result = await shell.showSaveDialog({
        title: german ? 'Exportpaket speichern' : 'Save export bundle',
        defaultPath: join(shell.documentsDir, suggestedName),
        buttonLabel: german ? 'Exportieren' : 'Export',
        // Only a zip file may be replaced (after the dialog asked); an existing folder is refused by the engine.
        properties: kind === 'zip' ? ['createDirectory', 'showOverwriteConfirmation'] : ['createDirectory'],
        filters: kind === 'zip' ? [{ name: german ? 'ZIP-Archiv' : 'ZIP archive', extensions: ['zip'] }] : [],
      });
      if (result.canceled || !result.filePath) return undefined;
      // A zip keeps its extension even when the user typed a name without it.
      return kind === 'zip' && !/\.zip$/i.test(result.filePath) ? `${result.filePath}.zip` : result.filePath;
    },
    revealPath(path) {
      shell.showItemInFolder(path);
    },
  };
}
