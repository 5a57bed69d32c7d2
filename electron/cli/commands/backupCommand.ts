import { resolveDataDir } from '../../services/workstation';
import { backupDatabase, restoreDatabase } from '../../services/backup/backupService';
import { UsageError, type Command } from '../command';

export const backupCommand: Command = {
  name: 'backup',
  synopsis: 'backup --out FILE',
  summary: 'Write a consistent copy of the database (safe while the app runs)',
  options: { out: { type: 'string', description: 'the backup file to create; must not exist' } },
  async run({ args, options, json, io, workstation }) {
    if (args.length > 0) throw new UsageError('backup takes no arguments');
    if (typeof options.out !== 'string' || options.out === '') throw new UsageError('backup needs --out FILE');
    const result = await backupDatabase(workstation().db, options.out);
    io.out(json ? JSON.stringify(result) : `Backup written to ${result.file} (${Math.round(result.bytes / 1024)} KB).`);
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  synopsis: 'restore FILE',
  summary: 'Replace the database with a backup (the current one is backed up first); close the app before',
  async run({ args, options, json, io }) {
    const [file] = args;
    if (!file || args.length > 1) throw new UsageError('restore needs exactly one FILE');
    const dataDir = resolveDataDir(
      typeof options['data-dir'] === 'string' ? ['--data-dir', options['data-dir']] : [],
      process.env,
    );
    const result = await restoreDatabase(dataDir, file);
    io.out(
      json
        ? JSON.stringify({ restored: file, previous: result.previous })
        : `Restored from ${file}.${result.previous ? ` The previous database was kept as ${result.previous}.` : ''}`,
    );
    return 0;
  },
};
