import { detectBackupKind } from '../../services/backup/fullBackupFormat';
import { restoreFullBackup } from '../../services/backup/fullBackupRestore';
import { exportFullBackup } from '../../services/backup/fullBackupWriter';
import { backupDatabase, restoreDatabase } from '../../services/backup/backupService';
import { UsageError, type Command } from '../command';

export const backupCommand: Command = {
  name: 'backup',
  synopsis: 'backup --out FILE [--full]',
  summary: 'Write a consistent copy of the database (safe while the app runs); --full adds every image',
  options: {
    out: { type: 'string', description: 'the backup file to create; must not exist' },
    full: {
      type: 'boolean',
      description: 'write a portable archive (ZIP: database, all image originals, manifest with checksums)',
    },
  },
  async run({ args, options, json, io, workstation }) {
    if (args.length > 0) throw new UsageError('backup takes no arguments');
    if (typeof options.out !== 'string' || options.out === '') throw new UsageError('backup needs --out FILE');
    if (options.full === true) {
      const ws = workstation();
      const result = await exportFullBackup(ws.db, ws.dataDir, options.out);
      io.out(
        json
          ? JSON.stringify({ kind: 'archive', ...result })
          : `Archive written to ${result.file} (${result.releases} releases, ${result.assets} images, ${Math.round(result.bytes / 1024)} KB).`,
      );
      return 0;
    }
    const result = await backupDatabase(workstation().db, options.out);
    io.out(json ? JSON.stringify(result) : `Backup written to ${result.file} (${Math.round(result.bytes / 1024)} KB).`);
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  synopsis: 'restore FILE',
  summary:
    'Replace the data with a backup or a full backup (recognised by content; the current database is backed up first); close the app before',
  async run({ args, json, io, dataDir: chosenDataDir }) {
    const [file] = args;
    if (!file || args.length > 1) throw new UsageError('restore needs exactly one FILE');
    // The data directory is not opened: the restore replaces its database while nothing has it open.
    const dataDir = chosenDataDir();
    const kind = await detectBackupKind(file);
    if (kind === 'archive') {
      const result = await restoreFullBackup(dataDir, file);
      io.out(
        json
          ? JSON.stringify({ restored: file, kind, ...result })
          : `Restored ${result.releases} releases and ${result.assets} images from ${file}.${result.previous ? ` The previous database was kept as ${result.previous}.` : ''}${droppedText(result)}`,
      );
      return 0;
    }
    // Anything that is not a ZIP is read as a database backup (which refuses it with DB_CORRUPT).
    const result = await restoreDatabase(dataDir, file);
    io.out(
      json
        ? JSON.stringify({
            restored: file,
            kind,
            previous: result.previous,
            dropped: result.dropped,
            droppedCount: result.droppedCount,
          })
        : `Restored from ${file}.${result.previous ? ` The previous database was kept as ${result.previous}.` : ''}${droppedText(result)}`,
    );
    return 0;
  },
};

/** What a restore left out, for the terminal: one line per item. */
function droppedText(result: { dropped: readonly string[]; droppedCount: number }): string {
  if (result.droppedCount === 0) return '';
  const more = result.droppedCount - result.dropped.length;
  return `\n${result.droppedCount} entries were not carried over:\n${result.dropped.map((d) => `  ${d}`).join('\n')}${more > 0 ? `\n  … and ${more} more` : ''}`;
}
