import { describe, expect, it } from 'vitest';
import type { ContractEvent } from '../../shared/contract/engineEvents';
import { EVENT_CHANNEL } from '../../shared/contract/ipc';
import { forwardEvents, type EventTarget } from './ipc';

function win(url: string, destroyed = false): EventTarget & { sent: unknown[][] } {
  const sent: unknown[][] = [];
  return {
    sent,
    isDestroyed: () => destroyed,
    webContents: { getURL: () => url, send: (...args: unknown[]) => void sent.push(args) },
  };
}

describe('engine events to the windows', () => {
  it('sends checked events to the app page only, and stops when asked', () => {
    let listener: ((event: ContractEvent) => void) | null = null;
    const app = win('pressdesk://app/index.html');
    const foreign = win('https://example.org/');
    const closed = win('pressdesk://app/index.html', true);
    const stop = forwardEvents(
      (l) => {
        listener = l;
        return () => {
          listener = null;
        };
      },
      () => [app, foreign, closed],
    );
    const job = {
      jobId: 'j',
      state: 'running',
      target: 'download',
      done: 1,
      total: 2,
      error: null,
      result: null,
    } as const;
    listener!({ name: 'export.onDidChangeExportJob', payload: job });
    // A payload the contract does not know is not sent at all.
    listener!({ name: 'export.onDidChangeExportJob', payload: { ...job, state: 'exploded' } as never });
    expect(app.sent).toEqual([[EVENT_CHANNEL, 'export.onDidChangeExportJob', job]]);
    expect(foreign.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
    stop();
    expect(listener).toBeNull();
  });
});
