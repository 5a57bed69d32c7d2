import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const state = () => store.getState().wordState;

describe('word slice', () => {
  it('hands the Word file of the saved release to the download', async () => {
    const release = await engine.seed({ headline: 'Sommerfest im Stadtpark', topic: 'Kultur' });
    const saved: { name: string; bytes: Uint8Array }[] = [];
    const ok = await store.getState().exportDocx(release.id, false, (name, bytes) => saved.push({ name, bytes }));
    expect(ok).toBe(true);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toMatch(/^sommerfest-im-stadtpark.*\.docx$/);
    // A ZIP package: what Word opens.
    expect([...saved[0]!.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(state()).toMatchObject({ status: 'idle', error: null, done: { kind: 'docx' } });
  });

  it('copies the wire text, and offers it to copy by hand when the clipboard refuses', async () => {
    const release = await engine.seed({ headline: 'Sommerfest im Stadtpark', topic: 'Kultur' });
    const copied: string[] = [];
    expect(
      await store.getState().copyWireText(release.id, false, (text) => {
        copied.push(text);
        return Promise.resolve();
      }),
    ).toBe(true);
    expect(copied[0]).toMatch(/^Sommerfest im Stadtpark\r\n/);
    expect(state().done).toEqual({ kind: 'copied' });

    expect(await store.getState().copyWireText(release.id, false, () => Promise.reject(new Error('denied')))).toBe(
      false,
    );
    expect(state().unCopied).toBe(copied[0]);
    expect(state().done).toBeNull();
  });

  it('reports blocking findings like the export does', async () => {
    const release = await engine.seed({ headline: '', topic: 'Kultur' });
    expect(await store.getState().exportDocx(release.id, false, () => undefined)).toBe(false);
    expect(state().error).toBe('EXPORT_BLOCKED');
    expect(store.getState().exportState.findings).toMatchObject([{ code: 'HEADLINE_EMPTY' }]);
  });
});
