import { randomUUID } from 'node:crypto';
import type { PressdeskError } from '../../../shared/errors';

/** Finished jobs are kept this long for a last look (a window that missed the final event asks). */
export const KEEP_FINISHED_MS = 10 * 60 * 1000;

/** What every job's state has. */
export interface JobState {
  readonly jobId: string;
  readonly state: string;
}

/** One job as its kind sees it: its state, its cancel signal, when it ended. */
export interface Job<S extends JobState> {
  state: S;
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  finishedAt: number | null;
}

export interface JobKindSpec<S extends JobState> {
  /** The error for an id this kind does not know (each kind has its own code). */
  unknown(jobId: string): PressdeskError;
  /** Whether a state is still going (cancel stops only those; `settled` waits for the rest). */
  active(state: S): boolean;
  /** Pushes a copy of the state (the contract's `…onDidChange…Job` event). */
  emit?(state: S): void;
  /** The copy handed out (deep where the state holds lists). Default: a shallow copy. */
  snapshot?(state: S): S;
}

/** The jobs of one kind (imports, exports): start, update, finish, cancel, look up. */
export interface JobKind<S extends JobState> {
  create(initial: Omit<S, 'jobId'>): Job<S>;
  get(jobId: string): Job<S>;
  /** Changes a job's state and pushes it. */
  update(job: Job<S>, patch: Partial<Omit<S, 'jobId'>>): void;
  /** Ends a job with its last state. */
  finish(job: Job<S>, patch: Partial<Omit<S, 'jobId'>>): void;
  /** Aborts a job that is still going; answers its state. */
  cancel(jobId: string): S;
  snapshot(job: Job<S>): S;
  /** Resolves with the final state once the job has ended (tests, the CLI). */
  settled(jobId: string): Promise<S>;
}

interface Entry {
  /** The kind the job belongs to: another kind's id is unknown to it. */
  readonly kind: object;
  readonly job: { readonly controller: AbortController; finishedAt: number | null };
}

/**
 * The engine's one registry of long work. Each kind of job (import, export)
 * gets its typed view; the registry keeps them all, forgets finished ones
 * after `KEEP_FINISHED_MS`, and stops every running one when the engine
 * closes, so no job writes to a closed store.
 */
export class JobRegistry {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly clock: () => number = Date.now) {}

  kind<S extends JobState>(spec: JobKindSpec<S>): JobKind<S> {
    const token = {};
    const snapshot = (job: Job<S>): S => (spec.snapshot ? spec.snapshot(job.state) : { ...job.state });
    const get = (jobId: string): Job<S> => {
      const entry = this.entries.get(jobId);
      if (!entry || entry.kind !== token) throw spec.unknown(jobId);
      return entry.job as Job<S>;
    };
    const self: JobKind<S> = {
      create: (initial) => {
        this.forgetOld();
        const controller = new AbortController();
        // A job started while the engine closes is stopped before it begins.
        if (this.closed) controller.abort();
        const job: Job<S> = {
          state: { ...initial, jobId: randomUUID() } as S,
          controller,
          signal: controller.signal,
          finishedAt: null,
        };
        this.entries.set(job.state.jobId, { kind: token, job });
        return job;
      },
      get,
      update: (job, patch) => {
        job.state = { ...job.state, ...patch };
        spec.emit?.(snapshot(job));
      },
      finish: (job, patch) => {
        job.finishedAt = this.clock();
        self.update(job, patch);
      },
      cancel: (jobId) => {
        const job = get(jobId);
        if (spec.active(job.state)) job.controller.abort();
        return snapshot(job);
      },
      snapshot,
      settled: async (jobId) => {
        while (spec.active(get(jobId).state)) await new Promise((r) => setTimeout(r, 5));
        return snapshot(get(jobId));
      },
    };
    return self;
  }

  /** How many jobs have not ended. */
  get running(): number {
    let n = 0;
    for (const { job } of this.entries.values()) if (job.finishedAt === null) n += 1;
    return n;
  }

  /** The engine closes: every job still going is aborted, and new ones start aborted. */
  abortAll(): void {
    this.closed = true;
    for (const { job } of this.entries.values()) if (job.finishedAt === null) job.controller.abort();
  }

  private forgetOld(): void {
    const now = this.clock();
    for (const [id, { job }] of this.entries)
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.entries.delete(id);
  }
}
