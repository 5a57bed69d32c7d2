import { basename } from 'node:path';
import type { HandlersOf } from '../../../shared/contract';
import type { archiveChannels } from '../../../shared/contract/archive';
import type { ImportJobs } from './importJobs';
import type { ImportSource } from './importer';
import type { SearchService } from './searchService';

/** The archive channels: search, similar releases and uploads imported in the background. */
export function archiveHandlers(search: SearchService, jobs: ImportJobs): HandlersOf<typeof archiveChannels> {
  return {
    'archive.search': (input) => search.searchAsync(input),
    'archive.similar': ({ id, limit }) => search.similar(id, limit),
    'archive.importStart': ({ files }) => {
      // Uploads carry bytes only; their names are labels, never paths on this machine.
      const sources: ImportSource[] = files.map((f) => {
        const name = basename(f.name.replace(/\\/g, '/'));
        return { name, read: () => Promise.resolve(f.bytes) };
      });
      return jobs.start(sources);
    },
    'archive.importProgress': ({ jobId }) => jobs.progress(jobId),
    'archive.importCancel': ({ jobId }) => jobs.cancel(jobId),
  };
}
