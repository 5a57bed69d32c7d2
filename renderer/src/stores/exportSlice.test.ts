import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelName } from '../../../shared/contract';
import type { Api } from '../api/types';
import { createAppStore, type AppStore } from './index';

/** An engine that answers the export channels for two releases; the preview names the release and its version. */
function exportEngine() {
  const versions: Record<string, number> = { 'r-1': 1, 'r-2': 1 };
  const calls: { channel: ChannelName; input: unknown }[] = [];
  const api = {
    call(channel: ChannelName, input: { id: string }) {
      calls.push({ channel, input });
      switch (channel) {
        case 'export.preflight':
          return Promise.resolve({
            findings:
              input.id === 'r-1'
                ? [{ code: 'FIGURE_CREDIT_MISSING', severity: 'error', field: 'body.figure[0]', details: {} }]
                : [],
            embargoActive: false,
          });
        case 'export.preview':
          return Promise.resolve({ html: `<h1>${input.id} v${versions[input.id]}</h1>` });
        default:
          return Promise.reject(new Error(`unexpected ${channel}`));
      }
    },
  } as unknown as Api;
  return { api, calls, versions };
}

let engine: ReturnType<typeof exportEngine>;
let store: AppStore;

beforeEach(() => {
  engine = exportEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const state = () => store.getState().exportState;

describe('export slice', () => {
  it('shows nothing of the last release when another one is checked', async () => {
    await store.getState().checkExport('r-1');
    await store.getState().loadPreview();
    expect(state().findings).toHaveLength(1);
    expect(state().preview).toBe('<h1>r-1 v1</h1>');

    const checking = store.getState().checkExport('r-2');
    expect(state().findings).toEqual([]);
    expect(state().preview).toBeNull();
    await checking;
    expect(state()).toMatchObject({ releaseId: 'r-2', status: 'ready', findings: [], preview: null });
  });

  it('refreshes an open preview when the same release is checked again after a save', async () => {
    await store.getState().checkExport('r-1');
    await store.getState().loadPreview();
    engine.versions['r-1'] = 2;
    await store.getState().checkExport('r-1');
    expect(state().preview).toBe('<h1>r-1 v2</h1>');

    store.getState().closePreview();
    await store.getState().checkExport('r-1');
    expect(state().preview).toBeNull();
    expect(engine.calls.filter((c) => c.channel === 'export.preview')).toHaveLength(2);
  });
});

/** An engine whose export job moves one rendition per poll and ends cancelled once asked to. */
function jobEngine(options: { total: number; targets?: string[]; fail?: { code: string; details?: unknown } }) {
  const calls: { channel: ChannelName; input: unknown }[] = [];
  let done = 0;
  let cancelled = false;
  let started = false;
  const job = () => ({
    jobId: 'job-1',
    target: 'download',
    state: cancelled
      ? 'cancelled'
      : !started
        ? 'queued'
        : done >= options.total
          ? options.fail
            ? 'failed'
            : 'done'
          : 'running',
    done,
    total: options.total,
    error: cancelled
      ? { code: 'CANCELLED', message: 'x' }
      : done >= options.total && options.fail
        ? { message: 'x', ...options.fail }
        : null,
    result:
      !cancelled && !options.fail && done >= options.total
        ? { fileName: 'radwege.zip', embargoed: false, findings: [], files: 9 }
        : null,
  });
  const api = {
    call(channel: ChannelName, input: unknown) {
      calls.push({ channel, input });
      switch (channel) {
        case 'app.info':
          return Promise.resolve({ exportTargets: options.targets ?? ['download'] });
        case 'export.preflight':
          return Promise.resolve({ findings: [], embargoActive: false });
        case 'export.start':
          return Promise.resolve(job());
        case 'export.progress':
          if (!started) started = true;
          else if (!cancelled && done < options.total) done++;
          return Promise.resolve(job());
        case 'export.cancel':
          cancelled = true;
          return Promise.resolve(job());
        case 'export.download':
          return Promise.resolve({ fileName: 'radwege.zip', bytes: new Uint8Array([80, 75]) });
        case 'export.reveal':
          return Promise.resolve({});
        default:
          return Promise.reject(new Error(`unexpected ${channel}`));
      }
    },
  } as unknown as Api;
  return { api, calls };
}

describe('export job in the slice', () => {
  it('follows the progress of the renditions and hands the zip to the download', async () => {
    const jobs = jobEngine({ total: 3 });
    store = createAppStore({ api: jobs.api });
    await store.getState().checkExport('r-1');
    await vi.waitFor(() => expect(state().targets).toEqual(['download']));
    const seen: number[] = [];
    const unsubscribe = store.subscribe((s) => {
      const job = s.exportState.job;
      if (job && job.state === 'running' && seen.at(-1) !== job.done) seen.push(job.done);
    });
    const saved: { fileName: string; bytes: Uint8Array }[] = [];
    const ok = await store.getState().startExport('download', (fileName, bytes) => saved.push({ fileName, bytes }));
    unsubscribe();
    expect(ok).toBe(true);
    expect(seen).toEqual([0, 1, 2]);
    expect(saved).toEqual([{ fileName: 'radwege.zip', bytes: new Uint8Array([80, 75]) }]);
    expect(state()).toMatchObject({
      status: 'ready',
      job: null,
      error: null,
      lastFile: 'radwege.zip',
      lastJob: { jobId: 'job-1', target: 'download' },
    });
  });

  it('cancels: the panel says so and nothing is downloaded', async () => {
    const jobs = jobEngine({ total: 50 });
    store = createAppStore({ api: jobs.api });
    await store.getState().checkExport('r-1');
    const saved: string[] = [];
    const running = store.getState().startExport('download', (fileName) => saved.push(fileName));
    await vi.waitFor(() => expect(state().job?.done).toBeGreaterThanOrEqual(1));
    await store.getState().cancelExport();
    expect(await running).toBe(false);
    expect(saved).toEqual([]);
    expect(state()).toMatchObject({ status: 'ready', job: null, error: 'CANCELLED', lastFile: null });
    expect(jobs.calls.map((c) => c.channel)).not.toContain('export.download');
  });

  it('shows a failed job with its code and the findings that blocked it, and reveals written bundles', async () => {
    const finding = { code: 'HEADLINE_EMPTY', severity: 'error', field: 'headline', message: 'x' };
    const jobs = jobEngine({ total: 1, fail: { code: 'EXPORT_BLOCKED', details: { findings: [finding] } } });
    store = createAppStore({ api: jobs.api });
    await store.getState().checkExport('r-1');
    expect(await store.getState().startExport('download', () => undefined)).toBe(false);
    expect(state()).toMatchObject({ status: 'error', job: null, error: 'EXPORT_BLOCKED', findings: [finding] });

    const desktop = jobEngine({ total: 1, targets: ['download', 'folder', 'zip'] });
    store = createAppStore({ api: desktop.api });
    await store.getState().checkExport('r-1');
    await vi.waitFor(() => expect(state().targets).toEqual(['download', 'folder', 'zip']));
    expect(await store.getState().startExport('folder', () => undefined)).toBe(true);
    await store.getState().revealExport();
    expect(desktop.calls.filter((c) => c.channel === 'export.reveal')).toEqual([
      { channel: 'export.reveal', input: { jobId: 'job-1' } },
    ]);
    expect(desktop.calls.map((c) => c.channel)).not.toContain('export.download');
  });
});
