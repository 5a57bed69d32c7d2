import type { ContactImportJob } from '../../../shared/contract/contacts';
import { PressdeskError } from '../../../shared/errors';
import type { EventHub } from '../engine/eventHub';
import { JobRegistry, type JobKind } from '../engine/jobs';
import { runContactImport, type ContactImportFile } from './contactImport';
import type { ContactRepository } from './contactRepository';

/**
 * Contact imports in the background: `start` answers the job at once, every
 * change is pushed as `contacts.onDidChangeImportJob` (rows checked of all
 * rows, files written), `cancel` stops it. A cancelled import keeps the files
 * written before and leaves out the file in progress and those after it
 * whole (see `runContactImport`). The jobs live in the engine's one registry.
 */
export class ContactImportJobs {
  private readonly jobs: JobKind<ContactImportJob>;

  constructor(
    private readonly repo: ContactRepository,
    /** Called after a job wrote anything (the host pushes `contacts.onDidChange`). */
    private readonly changed: () => void,
    events?: EventHub,
    registry: JobRegistry = new JobRegistry(),
    private readonly now?: () => Date,
  ) {
    this.jobs = registry.kind<ContactImportJob>({
      unknown: (jobId) => new PressdeskError('IMPORT_JOB_UNKNOWN', `No contact import job ${jobId}.`, { jobId }),
      active: (job) => job.state === 'running',
      emit: (job) => events?.emit('contacts.onDidChangeImportJob', job),
      snapshot: (job) => ({
        ...job,
        files: job.files.map((f) => ({ ...f })),
        summary: { ...job.summary, errors: job.summary.errors.map((e) => ({ ...e })) },
      }),
    });
  }

  start(files: readonly ContactImportFile[], list?: string): ContactImportJob {
    const job = this.jobs.create({
      state: 'running',
      done: 0,
      total: 0,
      files: [],
      summary: { imported: 0, updated: 0, skipped: 0, errors: [] },
    });
    const run = async (): Promise<void> => {
      // Let the caller receive the job before the first file is read.
      await new Promise<void>((r) => setImmediate(r));
      let wrote = 0;
      try {
        const result = await runContactImport(this.repo, files, {
          list,
          now: this.now,
          signal: job.signal,
          onProgress: ({ done, total, files: written, summary }) => {
            if (written.length !== wrote) {
              wrote = written.length;
              this.changed();
            }
            this.jobs.update(job, {
              done,
              total,
              files: written.map((f) => ({ ...f })),
              summary: { ...summary, errors: [...summary.errors] },
            });
          },
        });
        this.jobs.finish(job, {
          state: result.cancelled ? 'cancelled' : 'done',
          files: result.files,
          summary: result.summary,
        });
      } catch (error) {
        // A store failure: the file it happened in is rolled back whole.
        const summary = job.state.summary;
        this.jobs.finish(job, {
          state: job.signal.aborted ? 'cancelled' : 'done',
          summary: {
            ...summary,
            errors: [
              ...summary.errors,
              {
                file: '',
                line: 0,
                code: error instanceof PressdeskError ? error.code : 'INTERNAL',
                message: 'The import stopped.',
              },
            ],
          },
        });
      }
    };
    void run();
    return this.jobs.snapshot(job);
  }

  progress(jobId: string): ContactImportJob {
    return this.jobs.snapshot(this.jobs.get(jobId));
  }

  cancel(jobId: string): ContactImportJob {
    return this.jobs.cancel(jobId);
  }

  /** Resolves when the job has finished (tests). */
  settled(jobId: string): Promise<ContactImportJob> {
    return this.jobs.settled(jobId);
  }
}
