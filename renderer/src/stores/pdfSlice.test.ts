import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const state = () => store.getState().pdfExport;

describe('pdf slice', () => {
  it('hands the PDF of a release over to be saved', async () => {
    const release = await engine.seed({ headline: 'Radwege fertig', topic: 'Verkehr' });
    const saved: { fileName: string; bytes: Uint8Array }[] = [];
    expect(await store.getState().exportPdf(release.id, (fileName, bytes) => saved.push({ fileName, bytes }))).toBe(
      true,
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]!.fileName).toMatch(/^radwege-fertig-[0-9a-f-]{8}\.pdf$/);
    expect(new TextDecoder().decode(saved[0]!.bytes.subarray(0, 5))).toBe('%PDF-');
    expect(state()).toMatchObject({ releaseId: release.id, status: 'done', error: null, pages: 1 });
    expect(state().lastFile).toBe(saved[0]!.fileName);
  });

  it('refuses a release that preflight blocks, and saves nothing', async () => {
    const release = await engine.seed({ headline: '', topic: 'Verkehr' });
    let saved = 0;
    expect(await store.getState().exportPdf(release.id, () => void saved++)).toBe(false);
    expect(saved).toBe(0);
    expect(state()).toMatchObject({ status: 'error', error: 'EXPORT_BLOCKED', lastFile: null });
  });
});
