import { describe, expect, it, vi } from 'vitest';
import { COMMAND_CHANNEL } from '../../shared/commands';
import { EVENT_CHANNEL } from '../../shared/contract/ipc';

const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][], invoked: [] as [string, unknown][] }));
type Listener = (...args: unknown[]) => void;

/** Enough of an emitter for ipcRenderer's on/removeListener. */
const ipc = vi.hoisted(() => {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on: (channel: string, fn: Listener) => void listeners.set(channel, (listeners.get(channel) ?? new Set()).add(fn)),
    removeListener: (channel: string, fn: Listener) => void listeners.get(channel)?.delete(fn),
    emit: (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((fn) => fn(...args)),
    listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
});

vi.mock('electron', () => {
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
    ipcRenderer: {
      invoke: (channel: string, input: unknown) => {
        exposed.invoked.push([channel, input]);
        return Promise.resolve({ ok: true, value: null });
      },
      on: ipc.on,
      removeListener: ipc.removeListener,
    },
  };
});

interface Bridge {
  invoke(c: string, i: unknown): Promise<unknown>;
  onCommand(listener: (command: string) => void): () => void;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

describe('preload', () => {
  it('exposes exactly one frozen object with three methods', async () => {
    await import('./index');
    expect(exposed.calls).toHaveLength(1);
    const [key, api] = exposed.calls[0]!;
    expect(key).toBe('pressdesk');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api as object)).toEqual(['invoke', 'onCommand', 'onEvent']);
  });

  it('forwards contract calls under the Pressdesk prefix and refuses odd channel names', async () => {
    const api = exposed.calls[0]![1] as Bridge;
    await api.invoke('releases.list', { limit: 1 });
    expect(exposed.invoked).toEqual([['pressdesk:releases.list', { limit: 1 }]]);
    for (const bad of ['../x', 'releases.list;rm', 'ELECTRON_BROWSER_REQUIRE', '']) {
      await expect(api.invoke(bad, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(exposed.invoked).toHaveLength(1);
  });

  it('passes on only the commands of the list, without the IPC event, until unsubscribed', () => {
    const api = exposed.calls[0]![1] as Bridge;
    const emitter = ipc;
    const heard: unknown[][] = [];
    const unsubscribe = api.onCommand((...args: unknown[]) => heard.push(args));
    const event = { sender: { send: () => undefined } };
    emitter.emit(COMMAND_CHANNEL, event, 'release.new');
    emitter.emit(COMMAND_CHANNEL, event, 'archive.search', 'extra');
    for (const bad of ['releases.delete', 'release.new ', '__proto__', 42, null, { command: 'release.new' }]) {
      emitter.emit(COMMAND_CHANNEL, event, bad);
    }
    emitter.emit('pressdesk:other', event, 'release.save');
    expect(heard).toEqual([['release.new'], ['archive.search']]);
    expect(emitter.listenerCount(COMMAND_CHANNEL)).toBe(1);
    unsubscribe();
    expect(emitter.listenerCount(COMMAND_CHANNEL)).toBe(0);
    emitter.emit(COMMAND_CHANNEL, event, 'release.save');
    expect(heard).toHaveLength(2);
  });

  it('passes on engine events by name and payload, without the IPC event, until unsubscribed', () => {
    const api = exposed.calls[0]![1] as Bridge;
    const heard: unknown[][] = [];
    const unsubscribe = api.onEvent((...args: unknown[]) => heard.push(args));
    const event = { sender: { send: () => undefined } };
    const job = { jobId: 'j', state: 'running', done: 1, total: 2 };
    ipc.emit(EVENT_CHANNEL, event, 'export.onDidChangeExportJob', job);
    for (const bad of ['releases.list', '__proto__', 42, null, 'export.onDidChange Export'])
      ipc.emit(EVENT_CHANNEL, event, bad, job);
    ipc.emit(COMMAND_CHANNEL, event, 'export.onDidChangeExportJob', job);
    expect(heard).toEqual([['export.onDidChangeExportJob', job]]);
    unsubscribe();
    expect(ipc.listenerCount(EVENT_CHANNEL)).toBe(0);
    expect(() => api.onEvent(42 as never)).toThrow(TypeError);
  });

  it('refuses a listener that is not a function', () => {
    const api = exposed.calls[0]![1] as Bridge;
    expect(() => api.onCommand('release.new' as never)).toThrow(TypeError);
    expect(ipc.listenerCount(COMMAND_CHANNEL)).toBe(0);
  });
});
