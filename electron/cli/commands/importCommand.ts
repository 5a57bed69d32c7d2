import { UsageError, type Command } from '../command';

export const importCommand: Command = {
  name: 'import',
  synopsis: 'import PATH...',
  summary:
    'Import releases from files, folders and ZIPs (pressdesk.release/1 JSON/NDJSON, HTML pages, Word files .docx)',
  async run({ args, json, io, workstation }) {
    if (args.length === 0) throw new UsageError('import needs at least one PATH');
    const summary = await workstation().importFiles(args);
    if (json) io.out(JSON.stringify(summary));
    else {
      io.out(
        `Imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.skipped}, refused ${summary.errors.length}.`,
      );
      for (const e of summary.errors) io.err(`  ${e.file}${e.record ? `#${e.record}` : ''}: ${e.message} [${e.code}]`);
    }
    return summary.errors.length > 0 ? 1 : 0;
  },
};
