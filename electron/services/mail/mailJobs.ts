import type { MailJob } from '../../../shared/contract/mail';
import { PressdeskError, toErrorPayload } from '../../../shared/errors';
import type { EventHub } from '../engine/eventHub';
import { JobRegistry, type Job, type JobKind } from '../engine/jobs';
import type { MailAttachment } from './message';
import type { MailService } from './mailService';

/** How long a mailing waits in the outbox before the next attempt, attempt by attempt (the last repeats). */
export const RETRY_DELAYS_MS = [30_000, 60_000, 120_000, 300_000, 600_000] as const;

export interface MailJobsDeps {
  readonly service: MailService;
  readonly jobs?: JobRegistry;
  readonly events?: EventHub;
  /** The files a mailing of a release carries (the PDF of the release, once wired); none by default. */
  readonly attachments?: (releaseId: string, wanted: { pdf: boolean }) => Promise<readonly MailAttachment[]>;
  readonly retryDelays?: readonly number[];
  readonly now?: () => Date;
}

export interface MailJobInput {
  readonly id: string;
  readonly lists: readonly string[];
  readonly test?: string;
  readonly again?: boolean;
  /** Attach the release as a PDF on the letterhead. */
  readonly attachPdf?: boolean;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Mailings in the background, as jobs of the engine's registry: `start`
 * answers at once, each message sent is pushed as `mail.onDidChangeMailJob`,
 * `cancel` stops between two messages (the rest stays in the outbox). When
 * the server cannot be reached the job waits (`waiting`, with the time of
 * the next attempt) and tries again, later and later, until it has sent
 * everything or is cancelled.
 */
export class MailJobs {
  private readonly jobs: JobKind<MailJob>;

  constructor(private readonly deps: MailJobsDeps) {
    this.jobs = (deps.jobs ?? new JobRegistry()).kind<MailJob>({
      unknown: (jobId) => new PressdeskError('MAIL_JOB_UNKNOWN', `No mail job ${jobId}.`, { jobId }),
      active: (job) => job.state === 'preparing' || job.state === 'sending' || job.state === 'waiting',
      emit: (job) => deps.events?.emit('mail.onDidChangeMailJob', job),
      snapshot: (job) => ({
        ...job,
        result: job.result
          ? { ...job.result, refused: [...job.result.refused], uncertain: [...job.result.uncertain] }
          : null,
      }),
    });
  }

  start(input: MailJobInput): MailJob {
    // What can be told at once is told at once: an unknown release, a mail server or sender not set.
    this.deps.service.sender();
    const registered = this.jobs.create({
      state: 'preparing',
      mailing: null,
      test: input.test !== undefined,
      done: 0,
      total: 0,
      accepted: 0,
      refused: 0,
      retryAt: null,
      error: null,
      result: null,
    });
    this.jobs.update(registered, {});
    void this.run(registered, input);
    return this.jobs.snapshot(registered);
  }

  /**
   * Starts a job for every mailing left in the outbox (the server was not
   * reachable, or the app was closed while it waited): each goes on where it
   * stopped, and waits for the server as a new mailing would. Without mail
   * settings nothing starts. Returns the jobs started.
   */
  resumeOutbox(): MailJob[] {
    const started: MailJob[] = [];
    for (const mailing of this.deps.service.store.outbox()) {
      try {
        started.push(this.start({ id: mailing.releaseId, lists: mailing.lists }));
      } catch {
        // Not sendable now (no server or sender set, the release gone): it stays in the outbox for the user.
      }
    }
    return started;
  }

  progress(jobId: string): MailJob {
    return this.jobs.snapshot(this.jobs.get(jobId));
  }

  cancel(jobId: string): MailJob {
    return this.jobs.cancel(jobId);
  }

  settled(jobId: string): Promise<MailJob> {
    return this.jobs.settled(jobId);
  }

  /** The mailing's summary, or none once the store is gone (the engine closed while the job ended). */
  private summaryOf(mailing: string): MailJob['result'] {
    try {
      return this.deps.service.store.summary(mailing);
    } catch {
      return null;
    }
  }

  private async run(job: Job<MailJob>, input: MailJobInput): Promise<void> {
    const { signal } = job;
    const service = this.deps.service;
    let mailing: string | null = null;
    try {
      const attachments = await this.deps.attachments?.(input.id, { pdf: input.attachPdf === true });
      const prepared = await service.prepare(
        { releaseId: input.id, lists: input.lists, test: input.test, again: input.again, attachments },
        signal,
      );
      mailing = prepared.mailing;
      const delays = this.deps.retryDelays ?? RETRY_DELAYS_MS;
      for (let attempt = 0; ; attempt++) {
        this.jobs.update(job, { state: 'sending', mailing, retryAt: null });
        try {
          const result = await service.send(mailing, {
            signal,
            onProgress: (p) => this.jobs.update(job, p),
          });
          this.jobs.finish(job, { state: 'done', result, error: null });
          return;
        } catch (error) {
          if (!(error instanceof PressdeskError) || error.code !== 'MAIL_SERVER_UNREACHABLE') throw error;
          const delay = delays[Math.min(attempt, delays.length - 1)] ?? 60_000;
          const now = (this.deps.now ?? (() => new Date()))();
          this.jobs.update(job, {
            state: 'waiting',
            retryAt: new Date(now.getTime() + delay).toISOString(),
            error: toErrorPayload(error),
          });
          await wait(delay, signal);
          if (signal.aborted) throw new PressdeskError('CANCELLED', 'Sending was cancelled; the rest waits.');
        }
      }
    } catch (error) {
      const cancelled = error instanceof PressdeskError && error.code === 'CANCELLED';
      // Stopped by the user (also while it waited for the server): it never resumes by itself.
      if (cancelled && mailing) {
        try {
          service.store.setPaused(mailing, true);
        } catch {
          // The engine closed meanwhile: nothing to mark.
        }
      }
      this.jobs.finish(job, {
        state: cancelled ? 'cancelled' : 'failed',
        retryAt: null,
        error: toErrorPayload(error),
        result: mailing ? this.summaryOf(mailing) : null,
      });
    }
  }
}
