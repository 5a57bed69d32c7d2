import { randomUUID } from 'node:crypto';
import type { ImportJob } from '../../../shared/contract/archive';
import { PressdeskError } from '../../../shared/errors';
import { emptySummary } from '../releases/interchange';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { EventHub } from '../engine/eventHub';
import { importSources, type ImportSource } from './importer';

/** Finished jobs are kept this long for a last poll. */
const KEEP_FINISHED_MS = 10 * 60 * 1000;

interface Job {
  state: ImportJob;
  readonly abort: { aborted: boolean };
  finishedAt: number | null;
}

/**
 * Background imports: `start` returns a job id at once, every change of the
 * job's state is pushed as `archive.onDidChangeImportJob`, `progress` tells
 * where it stands for whoever asks, `cancel` stops it after the current file.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly repo: ReleaseRepository,
    private readonly events?: EventHub,
  ) {}

  private changed(job: Job): void {
    this.events?.emit('archive.onDidChangeImportJob', this.snapshot(job));
  }

  start(sources: readonly ImportSource[]): ImportJob {
    this.forgetOld();
    const jobId = randomUUID();
    const summary = emptySummary();
    const job: Job = {
      state: { jobId, state: 'running', done: 0, total: sources.length, summary },
      abort: { aborted: false },
      finishedAt: null,
    };
    this.jobs.set(jobId, job);
    const run = async (): Promise<void> => {
      // Let the caller receive the job id before the first file is read.
      await new Promise<void>((r) => setImmediate(r));
      try {
        await importSources(
          this.repo,
          sources,
          {
            signal: job.abort,
            batchSize: 100,
            onProgress: ({ done, total }) => {
              job.state = { ...job.state, done, total };
              this.changed(job);
            },
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
      job.state = { ...job.state, state: job.abort.aborted ? 'cancelled' : 'done' };
      job.finishedAt = Date.now();
      this.changed(job);
    };
    void run();
    return this.snapshot(job);
  }

  progress(jobId: string): ImportJob {
    return this.snapshot(this.get(jobId));
  }

  cancel(jobId: string): ImportJob {
    const job = this.get(jobId);
    if (job.state.state === 'running') job.abort.aborted = true;
    return this.snapshot(job);
  }

  /** Resolves when the job has finished (tests, CLI). */
  async settled(jobId: string): Promise<ImportJob> {
    while (this.get(jobId).state.state === 'running') await new Promise((r) => setTimeout(r, 5));
    return this.progress(jobId);
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new PressdeskError('IMPORT_JOB_UNKNOWN', `No import job ${jobId}.`, { jobId });
    return job;
  }

  private snapshot(job: Job): ImportJob {
    const s = job.state;
    return { ...s, summary: { ...s.summary, errors: [...s.summary.errors] } };
  }

  private forgetOld(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
  }
}
