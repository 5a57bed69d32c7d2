import { describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { JobRegistry, KEEP_FINISHED_MS } from './jobs';

interface Counted {
  readonly jobId: string;
  readonly state: 'running' | 'done' | 'cancelled';
  readonly done: number;
}

function kindOf(registry: JobRegistry, code: 'IMPORT_JOB_UNKNOWN' | 'EXPORT_JOB_UNKNOWN', pushed: Counted[] = []) {
  return registry.kind<Counted>({
    unknown: (jobId) => new PressdeskError(code, `No job ${jobId}.`, { jobId }),
    active: (job) => job.state === 'running',
    emit: (job) => pushed.push(job),
  });
}

describe('the job registry', () => {
  it('numbers jobs, pushes every change as a copy, and cancels only what is still going', async () => {
    const pushed: Counted[] = [];
    const kind = kindOf(new JobRegistry(), 'IMPORT_JOB_UNKNOWN', pushed);
    const job = kind.create({ state: 'running', done: 0 });
    expect(job.state.jobId).toMatch(/^[0-9a-f-]{36}$/);
    kind.update(job, { done: 3 });
    const snapshot = kind.snapshot(job);
    kind.update(job, { done: 4 });
    expect(snapshot.done).toBe(3);
    expect(pushed.map((p) => p.done)).toEqual([3, 4]);
    expect(kind.cancel(job.state.jobId).state).toBe('running');
    expect(job.signal.aborted).toBe(true);
    const settled = kind.settled(job.state.jobId);
    kind.finish(job, { state: 'cancelled' });
    await expect(settled).resolves.toMatchObject({ state: 'cancelled', done: 4 });
    // A finished job is not aborted again (nothing is going).
    const other = kind.create({ state: 'running', done: 0 });
    kind.finish(other, { state: 'done' });
    kind.cancel(other.state.jobId);
    expect(other.signal.aborted).toBe(false);
  });

  it("keeps each kind's ids to itself, with the kind's own error", () => {
    const registry = new JobRegistry();
    const imports = kindOf(registry, 'IMPORT_JOB_UNKNOWN');
    const exports = kindOf(registry, 'EXPORT_JOB_UNKNOWN');
    const job = imports.create({ state: 'running', done: 0 });
    expect(() => exports.get(job.state.jobId)).toThrow(expect.objectContaining({ code: 'EXPORT_JOB_UNKNOWN' }));
    expect(() => imports.get('nope')).toThrow(expect.objectContaining({ code: 'IMPORT_JOB_UNKNOWN' }));
    expect(imports.get(job.state.jobId)).toBe(job);
  });

  it('forgets finished jobs after a while, never running ones', () => {
    let now = 1_000_000;
    const registry = new JobRegistry(() => now);
    const kind = kindOf(registry, 'IMPORT_JOB_UNKNOWN');
    const finished = kind.create({ state: 'running', done: 0 });
    kind.finish(finished, { state: 'done' });
    const running = kind.create({ state: 'running', done: 0 });
    now += KEEP_FINISHED_MS + 1;
    kind.create({ state: 'running', done: 0 });
    expect(() => kind.get(finished.state.jobId)).toThrow(PressdeskError);
    expect(kind.get(running.state.jobId)).toBe(running);
    expect(registry.running).toBe(2);
  });

  it('stops every running job of every kind when the engine closes, and starts new ones stopped', () => {
    const registry = new JobRegistry();
    const a = kindOf(registry, 'IMPORT_JOB_UNKNOWN').create({ state: 'running', done: 0 });
    const exports = kindOf(registry, 'EXPORT_JOB_UNKNOWN');
    const b = exports.create({ state: 'running', done: 0 });
    registry.abortAll();
    expect([a.signal.aborted, b.signal.aborted]).toEqual([true, true]);
    expect(exports.create({ state: 'running', done: 0 }).signal.aborted).toBe(true);
  });
});
