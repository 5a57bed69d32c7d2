import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractEvent } from '../../../shared/contract/engineEvents';
import type { Api } from '../api/types';
import { followJob, JOB_SILENCE_MS } from './followJob';

type Job = { jobId: string; state: string; done: number; total: number };

function pushingApi() {
  const listeners = new Set<(event: ContractEvent) => void>();
  const api = {
    call: () => Promise.reject(new Error('not used')),
    subscribe(listener: (event: ContractEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Api;
  const push = (payload: Job, name = 'archive.onDidChangeImportJob') => {
    for (const l of listeners) l({ name, payload } as unknown as ContractEvent);
  };
  return { api, push, listeners };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('following a job by its events', () => {
  it('hears events sent before the start answered, ignores other jobs and never goes backwards', async () => {
    const { api, push, listeners } = pushingApi();
    const seen: number[] = [];
    const following = followJob<Job>(
      api,
      'archive.onDidChangeImportJob',
      () => {
        // The job's first events overtake the answer of its start.
        push({ jobId: 'a', state: 'running', done: 1, total: 3 });
        push({ jobId: 'other', state: 'running', done: 2, total: 9 });
        return Promise.resolve({ jobId: 'a', state: 'running', done: 0, total: 3 });
      },
      () => Promise.reject(new Error('no need to ask')),
      (job) => seen.push(job.done),
    );
    await Promise.resolve();
    await Promise.resolve();
    push({ jobId: 'a', state: 'running', done: 2, total: 3 });
    push({ jobId: 'a', state: 'running', done: 1, total: 3 });
    push({ jobId: 'a', state: 'done', done: 3, total: 3 }, 'export.onDidChangeExportJob');
    push({ jobId: 'a', state: 'done', done: 3, total: 3 });
    await expect(following).resolves.toMatchObject({ state: 'done', done: 3 });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(listeners.size).toBe(0);
  });

  it('asks for the job only when the engine stays silent, once per silence', async () => {
    vi.useFakeTimers();
    const { api } = pushingApi();
    const ask = vi.fn((jobId: string) =>
      Promise.resolve({ jobId, state: ask.mock.calls.length < 2 ? 'running' : 'cancelled', done: 1, total: 2 }),
    );
    const following = followJob<Job>(
      api,
      'archive.onDidChangeImportJob',
      () => Promise.resolve({ jobId: 'a', state: 'running', done: 0, total: 2 }),
      ask,
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(JOB_SILENCE_MS - 1);
    expect(ask).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ask).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(JOB_SILENCE_MS);
    await expect(following).resolves.toMatchObject({ state: 'cancelled' });
    expect(ask).toHaveBeenCalledTimes(2);
  });
});
