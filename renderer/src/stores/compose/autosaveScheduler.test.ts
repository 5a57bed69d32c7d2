import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutosaveScheduler } from './autosaveScheduler';

const DELAY = 800;
const RETRY = 5000;

/** A save whose answer the test gives, to hold it on its way. */
function pendingSave() {
  let answer!: (ok: boolean) => void;
  const promise = new Promise<boolean>((resolve) => (answer = resolve));
  return { promise, answer };
}

let wanted: boolean;
let due: number;
let scheduler: AutosaveScheduler;

beforeEach(() => {
  vi.useFakeTimers();
  wanted = true;
  due = 0;
  scheduler = new AutosaveScheduler({
    delayMs: DELAY,
    retryDelayMs: RETRY,
    wanted: () => wanted,
    due: () => void due++,
  });
});
afterEach(() => {
  scheduler.cancel();
  vi.useRealTimers();
});

describe('autosave scheduler: when a save is due', () => {
  it('is due once typing pauses, and every change starts the pause anew', () => {
    scheduler.changed();
    vi.advanceTimersByTime(DELAY - 1);
    scheduler.changed();
    vi.advanceTimersByTime(DELAY - 1);
    expect(due).toBe(0);
    expect(scheduler.scheduled).toBe(true);
    vi.advanceTimersByTime(1);
    expect(due).toBe(1);
    expect(scheduler.scheduled).toBe(false);
    vi.advanceTimersByTime(DELAY * 10);
    expect(due).toBe(1);
  });

  it('schedules nothing while saving on its own is not wanted (nothing changed, a conflict)', () => {
    wanted = false;
    scheduler.changed();
    expect(scheduler.scheduled).toBe(false);
    vi.advanceTimersByTime(DELAY * 10);
    expect(due).toBe(0);
  });

  it('drops a scheduled save when a change makes it unwanted', () => {
    scheduler.changed();
    wanted = false;
    scheduler.changed();
    vi.advanceTimersByTime(DELAY * 10);
    expect(due).toBe(0);
  });

  it('drops the scheduled save on cancel', () => {
    scheduler.changed();
    scheduler.cancel();
    expect(scheduler.scheduled).toBe(false);
    vi.advanceTimersByTime(DELAY * 10);
    expect(due).toBe(0);
  });
});

describe('autosave scheduler: after a save', () => {
  it('after a stored save, schedules what was typed meanwhile after a full pause', () => {
    scheduler.changed();
    vi.advanceTimersByTime(DELAY - 100);
    scheduler.saved();
    vi.advanceTimersByTime(DELAY - 1);
    expect(due).toBe(0);
    vi.advanceTimersByTime(1);
    expect(due).toBe(1);
  });

  it('after a stored save with nothing wanted, leaves a scheduled save alone', () => {
    // A change the owner has not read yet: it decides when the save is due.
    scheduler.changed();
    wanted = false;
    scheduler.saved();
    expect(scheduler.scheduled).toBe(true);
    vi.advanceTimersByTime(DELAY);
    expect(due).toBe(1);
  });

  it('after a stored save with nothing typed, schedules nothing', () => {
    wanted = false;
    scheduler.saved();
    vi.advanceTimersByTime(RETRY * 2);
    expect(due).toBe(0);
  });

  it('tries a failed save again after the retry delay, without more typing', () => {
    scheduler.failed();
    vi.advanceTimersByTime(RETRY - 1);
    expect(due).toBe(0);
    vi.advanceTimersByTime(1);
    expect(due).toBe(1);
  });

  it('after a failure, keeps the sooner save that newer typing scheduled', () => {
    scheduler.changed();
    scheduler.failed();
    vi.advanceTimersByTime(DELAY);
    expect(due).toBe(1);
    vi.advanceTimersByTime(RETRY);
    expect(due).toBe(1);
  });

  it('does not retry when nothing is wanted any more', () => {
    wanted = false;
    scheduler.failed();
    vi.advanceTimersByTime(RETRY * 2);
    expect(due).toBe(0);
  });
});

describe('autosave scheduler: one save at a time', () => {
  it('starts a save at once when none is on its way, and it takes the place of a scheduled one', async () => {
    scheduler.changed();
    const started: string[] = [];
    const result = scheduler.run(() => {
      started.push('now');
      return Promise.resolve(true);
    });
    // Started synchronously: it takes the text as it is at this moment.
    expect(started).toEqual(['now']);
    expect(scheduler.scheduled).toBe(false);
    expect(await result).toBe(true);
    vi.advanceTimersByTime(DELAY * 10);
    expect(due).toBe(0);
  });

  it('runs a second save only after the first has answered, and passes on each answer', async () => {
    const first = pendingSave();
    const order: string[] = [];
    const one = scheduler.run(() => {
      order.push('first starts');
      return first.promise;
    });
    const two = scheduler.run(() => {
      order.push('second starts');
      return Promise.resolve(true);
    });
    await vi.advanceTimersByTimeAsync(RETRY);
    expect(order).toEqual(['first starts']);
    first.answer(false);
    expect(await one).toBe(false);
    expect(await two).toBe(true);
    expect(order).toEqual(['first starts', 'second starts']);
  });

  it('queues a third save behind the second, not beside it', async () => {
    const first = pendingSave();
    const second = pendingSave();
    const order: string[] = [];
    void scheduler.run(() => {
      order.push('1');
      return first.promise;
    });
    void scheduler.run(() => {
      order.push('2');
      return second.promise;
    });
    const three = scheduler.run(() => {
      order.push('3');
      return Promise.resolve(true);
    });
    first.answer(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['1', '2']);
    second.answer(true);
    expect(await three).toBe(true);
    expect(order).toEqual(['1', '2', '3']);
  });

  it('a flush drops the scheduled save and saves what is left after the answer of the save on its way', async () => {
    const inFlight = pendingSave();
    void scheduler.run(() => inFlight.promise);
    scheduler.changed();
    const order: string[] = [];
    const flushing = scheduler.flush(() => {
      order.push('rest saved');
      return Promise.resolve(true);
    });
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(order).toEqual([]);
    expect(due).toBe(0);
    inFlight.answer(false);
    expect(await flushing).toBe(true);
    expect(order).toEqual(['rest saved']);
  });

  it('a flush with nothing on its way saves at once, while the caller still runs (a closing window)', () => {
    scheduler.changed();
    const order: string[] = [];
    void scheduler.flush(() => {
      order.push('rest saved');
      return Promise.resolve(true);
    });
    expect(order).toEqual(['rest saved']);
    expect(scheduler.scheduled).toBe(false);
    vi.advanceTimersByTime(DELAY * 2);
    expect(due).toBe(0);
  });

  it('passes on the failure of the save on its way to the flush', async () => {
    void scheduler.run(() => Promise.reject(new Error('read failed'))).catch(() => undefined);
    let ran = false;
    await expect(
      scheduler.flush(() => {
        ran = true;
        return Promise.resolve(true);
      }),
    ).rejects.toThrow('read failed');
    expect(ran).toBe(false);
  });

  it('starts the next save at once after the one on its way has answered', async () => {
    const first = pendingSave();
    const one = scheduler.run(() => first.promise);
    first.answer(true);
    await one;
    await vi.advanceTimersByTimeAsync(0);
    const started: string[] = [];
    void scheduler.run(() => {
      started.push('next');
      return Promise.resolve(true);
    });
    expect(started).toEqual(['next']);
  });
});
