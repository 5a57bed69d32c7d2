import { restoreDataDir } from '../../services/workstation';
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
      // Ctrl+C stops the archive while its images stream; the engine then removes what it had written.
      const cancel = new AbortController();
      const handBack = io.catchInterrupt?.(() => cancel.abort());
      let result;
      try {
        result = await ws.writeFullBackup(options.out, { signal: cancel.signal });
      } finally {
        handBack?.();
      }
      io.out(
        json
          ? JSON.stringify({ kind: 'archive', ...result })
          : `Archive written to ${result.file} (${result.releases} releases, ${result.assets} images, ${Math.round(result.bytes / 1024)} KB).`,
      );
      return 0;
    }
    const result = await workstation().backupDatabase(options.out);
    io.out(json ? JSON.stringify(result) : `Backup written to ${result.file} (${Math.round(result.bytes / 1024)} KB).`);
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  synopsis: 'restore FILE',
  summary:
    'Replace the data with a backup or a full backup (recognised by content; the current database is backed up first); close the app before',
  async run({ args, json, io, dataDir }) {
    const [file] = args;
    if (!file || args.length > 1) throw new UsageError('restore needs exactly one FILE');
    // The data directory is not opened: the restore replaces its database while nothing has it open.
    const result = await restoreDataDir(dataDir(), file);
    if (result.kind === 'archive') {
      const { kind, ...restored } = result;
      io.out(
        json
          ? JSON.stringify({ restored: file, kind, ...restored })
          : `Restored ${result.releases} releases and ${result.assets} images from ${file}.${result.previous ? ` The previous database was kept as ${result.previous}.` : ''}${droppedText(result)}`,
      );
      return 0;
    }
    io.out(
      json
        ? JSON.stringify({
            restored: file,
            kind: result.kind,
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
