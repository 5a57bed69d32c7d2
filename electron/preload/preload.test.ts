import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][], invoked: [] as [string, unknown][] }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      exposed.invoked.push([channel, input]);
      return Promise.resolve({ ok: true, value: null });
    },
  },
}));

describe('preload', () => {
  it('exposes exactly one frozen object with one method', async () => {
    await import('./index');
    expect(exposed.calls).toHaveLength(1);
    const [key, api] = exposed.calls[0]!;
    expect(key).toBe('pressdesk');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api as object)).toEqual(['invoke']);
  });

  it('forwards contract calls under the Pressdesk prefix and refuses odd channel names', async () => {
    const api = exposed.calls[0]![1] as { invoke(c: string, i: unknown): Promise<unknown> };
    await api.invoke('releases.list', { limit: 1 });
    expect(exposed.invoked).toEqual([['pressdesk:releases.list', { limit: 1 }]]);
    for (const bad of ['../x', 'releases.list;rm', 'ELECTRON_BROWSER_REQUIRE', '']) {
      await expect(api.invoke(bad, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(exposed.invoked).toHaveLength(1);
  });
});
