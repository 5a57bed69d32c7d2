import type { ContractEvent, EventName } from '../../../shared/contract/engineEvents';
import type { Api } from '../api/types';

/** A long job as its events carry it. */
interface JobState {
  readonly jobId: string;
  readonly state: string;
  readonly done: number;
}

/** After this long without an event the job is asked once (a dropped event stream must not hang the screen). */
export const JOB_SILENCE_MS = 5000;

const FINISHED = new Set(['done', 'failed', 'cancelled']);

/**
 * Starts a long job and follows it by the events the engine pushes until it
 * ends: `start` is called after listening has begun, so no event is missed;
 * events of other jobs are ignored; an answer and an event that cross each
 * other never take a job backwards. Only if the engine stays silent for
 * {@link JOB_SILENCE_MS} is the job asked for its state (`ask`), once per
 * silence. Resolves with the final state.
 */
export async function followJob<J extends JobState>(
  api: Api,
  event: EventName,
  start: () => Promise<J>,
  ask: (jobId: string) => Promise<J>,
  onChange: (job: J) => void,
): Promise<J> {
  let current: J | null = null;
  const early: J[] = [];
  let finish: (job: J) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const finished = new Promise<J>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  let silence: ReturnType<typeof setTimeout> | null = null;

  const take = (job: J): void => {
    if (current && job.jobId !== current.jobId) return;
    if (current && FINISHED.has(current.state)) return;
    if (current && !FINISHED.has(job.state) && job.done < current.done) return;
    current = job;
    onChange(job);
    if (FINISHED.has(job.state)) finish(job);
    else watch();
  };
  const watch = (): void => {
    if (silence) clearTimeout(silence);
    silence = setTimeout(() => {
      if (!current) return;
      ask(current.jobId).then(take, fail);
    }, JOB_SILENCE_MS);
  };

  const off = api.subscribe?.((e: ContractEvent) => {
    if (e.name !== event) return;
    const job = e.payload as unknown as J;
    if (current) take(job);
    else early.push(job);
  });
  try {
    const started = await start();
    take(started);
    for (const job of early) if (job.jobId === started.jobId) take(job);
    // Without a host that pushes events (a test's scripted api), the silence watch asks in its place.
    return await finished;
  } finally {
    if (silence) clearTimeout(silence);
    off?.();
  }
}
