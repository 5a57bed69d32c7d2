import { beforeEach, describe, expect, it } from 'vitest';
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
