import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelName } from '../../../shared/contract';
import type { DocumentNode } from '../../../shared/document';
import type { ContractEvent } from '../../../shared/contract/engineEvents';
import type { Api } from '../api/types';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const state = () => store.getState().exportState;

/** A body with one stored image in it, placed with these texts. */
async function bodyWithImage(texts: { credit: string; alt: string }): Promise<DocumentNode> {
  const asset = await engine.importImage();
  return {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Die neuen Radwege sind fertig.' }] },
      { type: 'figure', attrs: { assetId: asset.id, caption: 'Radweg', creditRaw: '', decorative: false, ...texts } },
    ],
  } as unknown as DocumentNode;
}

describe('export slice', () => {
  it('shows nothing of the last release when another one is checked', async () => {
    const uncredited = await engine.seed({
      headline: 'Radwege fertig',
      topic: 'Verkehr',
      body: await bodyWithImage({ credit: '', alt: 'Ein Radweg' }),
    });
    const clean = await engine.seed({ headline: 'Haushalt beschlossen', topic: 'Finanzen' });
    await store.getState().checkExport(uncredited.id);
    await store.getState().loadPreview();
    expect(state().findings).toMatchObject([{ code: 'FIGURE_CREDIT_MISSING', severity: 'error' }]);
    expect(state().preview).toContain('Radwege fertig');

    const checking = store.getState().checkExport(clean.id);
    expect(state().findings).toEqual([]);
    expect(state().preview).toBeNull();
    await checking;
    expect(state()).toMatchObject({ releaseId: clean.id, status: 'ready', findings: [], preview: null });
  });

  it('refreshes an open preview when the same release is checked again after a save', async () => {
    const release = await engine.seed({ headline: 'Sommerfest im Stadtpark', topic: 'Kultur' });
    await store.getState().checkExport(release.id);
    await store.getState().loadPreview();
    expect(state().preview).toContain('Sommerfest im Stadtpark');
    await engine.editElsewhere(release.id, { headline: 'Sommerfest verschoben' });
    await store.getState().checkExport(release.id);
    expect(state().preview).toContain('Sommerfest verschoben');
    expect(state().preview).not.toContain('Sommerfest im Stadtpark');

    store.getState().closePreview();
    await store.getState().checkExport(release.id);
    expect(state().preview).toBeNull();
    expect(engine.callsOf('export.preview')).toHaveLength(2);
  });

  it('checks an embargoed release as blocked, and the embargoed bundle as allowed', async () => {
    const release = await engine.seed({
      headline: 'Bilanz 2024',
      topic: 'Finanzen',
      embargoUntil: '2099-01-01T08:00:00.000Z',
    });
    await store.getState().checkExport(release.id);
    expect(state()).toMatchObject({ embargoActive: true, findings: [{ code: 'EMBARGO_ACTIVE', severity: 'error' }] });
    store.getState().setEmbargoedExport(true);
    await vi.waitFor(() => expect(engine.callsOf('export.preflight')).toHaveLength(2));
    await vi.waitFor(() => expect(state()).toMatchObject({ status: 'ready', embargoed: true, findings: [] }));
  });
});

describe('export job with the engine', () => {
  it('exports a release with its image and hands the zip to the download', async () => {
    const release = await engine.seed({
      headline: 'Radwege fertig',
      topic: 'Verkehr',
      body: await bodyWithImage({ credit: 'Foto: © Stadt', alt: 'Ein Radweg' }),
    });
    await store.getState().checkExport(release.id);
    await vi.waitFor(() => expect(state().targets).toEqual(['download']));
    const saved: { fileName: string; bytes: Uint8Array }[] = [];
    expect(await store.getState().startExport('download', (fileName, bytes) => saved.push({ fileName, bytes }))).toBe(
      true,
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]!.fileName).toMatch(/\.zip$/);
    // A ZIP file starts with its local header signature.
    expect([...saved[0]!.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(state()).toMatchObject({ status: 'ready', job: null, error: null, lastFile: saved[0]!.fileName });
    expect(state().lastJob).toMatchObject({ target: 'download' });
  });

  it('refuses a release that preflight blocks, with the findings that block it', async () => {
    const release = await engine.seed({ headline: '', topic: 'Verkehr' });
    await store.getState().checkExport(release.id);
    expect(await store.getState().startExport('download', () => undefined)).toBe(false);
    expect(state()).toMatchObject({ status: 'error', job: null, error: 'EXPORT_BLOCKED' });
    expect(state().findings).toMatchObject([{ code: 'HEADLINE_EMPTY', severity: 'error' }]);
  });

  it('says that web mode cannot write into a folder', async () => {
    const release = await engine.seed({ headline: 'Radwege fertig', topic: 'Verkehr' });
    await store.getState().checkExport(release.id);
    expect(await store.getState().startExport('folder', () => undefined)).toBe(false);
    expect(state()).toMatchObject({ status: 'error', error: 'EXPORT_TARGET_UNSUPPORTED' });
  });
});

/**
 * A scripted export job that makes one rendition per tick, pushing each
 * change as the engine's event, and ends cancelled once asked to. The engine
 * renders on threads of its own, so only a script can hold a job half-way for
 * the progress and cancel tests; a desktop host (folder target, reveal) is
 * not opened in these tests either.
 */
function jobEngine(options: { total: number; targets?: string[]; fail?: { code: string; details?: unknown } }) {
  const calls: { channel: ChannelName; input: unknown }[] = [];
  const listeners = new Set<(event: ContractEvent) => void>();
  let done = 0;
  let cancelled = false;
  let started = false;
  const job = () => ({
    jobId: 'job-1',
    target: 'download' as const,
    state: cancelled
      ? ('cancelled' as const)
      : !started
        ? ('queued' as const)
        : done >= options.total
          ? options.fail
            ? ('failed' as const)
            : ('done' as const)
          : ('running' as const),
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
  const push = (): void => {
    for (const l of listeners) l({ name: 'export.onDidChangeExportJob', payload: job() });
  };
  const tick = (): void => {
    if (cancelled) return push();
    if (!started) started = true;
    else done++;
    push();
    if (done < options.total) setTimeout(tick, 5);
  };
  const api = {
    subscribe(listener: (event: ContractEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    call(channel: ChannelName, input: unknown) {
      calls.push({ channel, input });
      switch (channel) {
        case 'app.info':
          return Promise.resolve({ exportTargets: options.targets ?? ['download'] });
        case 'export.preflight':
          return Promise.resolve({ findings: [], embargoActive: false });
        case 'export.start':
          setTimeout(tick, 5);
          return Promise.resolve(job());
        case 'export.progress':
          return Promise.resolve(job());
        case 'export.cancel':
          cancelled = true;
          setTimeout(push, 1);
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

describe('export job in the slice, scripted', () => {
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
