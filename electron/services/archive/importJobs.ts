import type { ImportJob } from '../../../shared/contract/archive';
import { PressdeskError } from '../../../shared/errors';
import { emptySummary } from '../releases/interchange';
import type { AssetStore } from '../assets/assetStore';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { EventHub } from '../engine/eventHub';
import { JobRegistry, type JobKind } from '../engine/jobs';
import { importSources, type ImportSource } from './importer';
import type { RecordThread } from './recordThread';

/**
 * Background imports: `start` returns a job id at once, every change of the
 * job's state is pushed as `archive.onDidChangeImportJob`, `progress` tells
 * where it stands for whoever asks, `cancel` stops it after the current file.
 * The jobs live in the engine's one registry (`engine/jobs.ts`).
 */
export class ImportJobs {
  private readonly jobs: JobKind<ImportJob>;

  constructor(
    private readonly repo: ReleaseRepository,
    events?: EventHub,
    registry: JobRegistry = new JobRegistry(),
    /** Where images of imported files go (the pictures of Word files); without it they are left out. */
    private readonly assets?: AssetStore,
    /** Reads and checks the records of NDJSON files ahead of the write. */
    private readonly records?: RecordThread,
  ) {
    this.jobs = registry.kind<ImportJob>({
      unknown: (jobId) => new PressdeskError('IMPORT_JOB_UNKNOWN', `No import job ${jobId}.`, { jobId }),
      active: (job) => job.state === 'running',
      emit: (job) => events?.emit('archive.onDidChangeImportJob', job),
      snapshot: (job) => ({ ...job, summary: { ...job.summary, errors: [...job.summary.errors] } }),
    });
  }

  start(sources: readonly ImportSource[]): ImportJob {
    const summary = emptySummary();
    const job = this.jobs.create({ state: 'running', done: 0, total: sources.length, summary });
    const run = async (): Promise<void> => {
      // Let the caller receive the job id before the first file is read.
      await new Promise<void>((r) => setImmediate(r));
      try {
        await importSources(
          this.repo,
          sources,
          {
            signal: job.signal,
            batchSize: 100,
            wordAssets: this.assets,
            records: this.records,
            onProgress: ({ done, total }) => this.jobs.update(job, { done, total }),
          },
          summary,
        );
      } catch (error) {
        summary.errors.push({
          file: '',
          code: error instanceof PressdeskError ? error.code : 'INTERNAL',
          message: 'The import stopped.',
        });
      }
      this.jobs.finish(job, { state: job.signal.aborted ? 'cancelled' : 'done' });
    };
    void run();
    return this.jobs.snapshot(job);
  }

  progress(jobId: string): ImportJob {
    return this.jobs.snapshot(this.jobs.get(jobId));
  }

  cancel(jobId: string): ImportJob {
    return this.jobs.cancel(jobId);
  }

  /** Resolves when the job has finished (tests, CLI). */
  settled(jobId: string): Promise<ImportJob> {
    return this.jobs.settled(jobId);
  }
}
