import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const state = () => store.getState().reviewCopy;

describe('review copy slice', () => {
  it('hands the review copy over as PDF and as Word file, also for a release preflight blocks', async () => {
    // No headline: the public PDF is refused, the review copy is not.
    const release = await engine.seed({ headline: '', topic: 'Verkehr' });
    const saved: { fileName: string; bytes: Uint8Array }[] = [];
    const save = (fileName: string, bytes: Uint8Array) => void saved.push({ fileName, bytes });
    expect(await store.getState().exportReviewCopy(release.id, 'pdf', save)).toBe(true);
    expect(saved[0]!.fileName).toMatch(/-entwurf-v\d+\.pdf$/);
    expect(new TextDecoder().decode(saved[0]!.bytes.subarray(0, 5))).toBe('%PDF-');
    expect(state()).toMatchObject({ releaseId: release.id, status: 'done', format: 'pdf', error: null });
    expect(state().lastFile).toBe(saved[0]!.fileName);

    expect(await store.getState().exportReviewCopy(release.id, 'docx', save)).toBe(true);
    expect(saved[1]!.fileName).toMatch(/-entwurf-v\d+\.docx$/);
    // A ZIP package: what Word opens.
    expect(saved[1]!.bytes[0]).toBe(0x50);
    expect(state()).toMatchObject({ status: 'done', format: 'docx' });
  });

  it('says why a copy failed and saves nothing', async () => {
    let saved = 0;
    expect(await store.getState().exportReviewCopy('missing-release', 'pdf', () => void saved++)).toBe(false);
    expect(saved).toBe(0);
    expect(state()).toMatchObject({ status: 'error', error: 'NOT_FOUND', lastFile: null });
  });
});
