import { describe, expect, it, vi } from 'vitest';
import { COMMAND_CHANNEL } from '../../shared/commands';
import { ENGINE_CONNECT_CHANNEL, ENGINE_PORT_CHANNEL } from '../../shared/contract/ipc';

const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][], sent: [] as string[] }));
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
      send: (channel: string) => void exposed.sent.push(channel),
      on: ipc.on,
      removeListener: ipc.removeListener,
    },
  };
});

/** A DOM MessagePort as the preload uses it. */
const ports: FakePort[] = [];
class FakePort {
  readonly posted: { id: number; channel: string; input: unknown }[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  started = false;
  closed = false;
  constructor() {
    ports.push(this);
  }
  postMessage(message: { id: number; channel: string; input: unknown }): void {
    this.posted.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  deliver(data: unknown): void {
    this.onmessage?.({ data });
  }
}

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

  it('asks main for its port to the engine once, when the page loads', () => {
    expect(exposed.sent).toEqual([ENGINE_CONNECT_CHANNEL]);
  });

  it('holds calls until the port arrives, then sends them numbered on it and hands back their envelopes', async () => {
    const api = exposed.calls[0]![1] as Bridge;
    const early = api.invoke('releases.list', { limit: 1 });
    const port = new FakePort();
    ipc.emit(ENGINE_PORT_CHANNEL, { ports: [port] });
    expect(port.started).toBe(true);
    expect(port.posted).toEqual([{ id: 1, channel: 'releases.list', input: { limit: 1 } }]);
    const later = api.invoke('releases.get', { id: 'a' });
    expect(port.posted[1]).toEqual({ id: 2, channel: 'releases.get', input: { id: 'a' } });
    port.deliver({ type: 'result', id: 2, envelope: { ok: false, error: { code: 'NOT_FOUND' } } });
    port.deliver({ type: 'result', id: 1, envelope: { ok: true, value: { items: [] } } });
    await expect(early).resolves.toEqual({ ok: true, value: { items: [] } });
    await expect(later).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const bad of ['../x', 'releases.list;rm', 'ELECTRON_BROWSER_REQUIRE', '']) {
      await expect(api.invoke(bad, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(port.posted).toHaveLength(2);
  });

  it('fails what was asked of an engine that was replaced, and goes on with the new port', async () => {
    const api = exposed.calls[0]![1] as Bridge;
    const old = ports.at(-1)!;
    const lost = api.invoke('releases.list', {});
    const next = new FakePort();
    ipc.emit(ENGINE_PORT_CHANNEL, { ports: [next] });
    expect(old.closed).toBe(true);
    await expect(lost).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const answered = api.invoke('releases.topics', {});
    next.deliver({ type: 'result', id: next.posted[0]!.id, envelope: { ok: true, value: [] } });
    await expect(answered).resolves.toEqual({ ok: true, value: [] });
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

  it('passes on engine events from the port by name and payload, until unsubscribed', () => {
    const api = exposed.calls[0]![1] as Bridge;
    const port = ports.at(-1)!;
    const heard: unknown[][] = [];
    const unsubscribe = api.onEvent((...args: unknown[]) => heard.push(args));
    const job = { jobId: 'j', state: 'running', done: 1, total: 2 };
    port.deliver({ type: 'event', name: 'export.onDidChangeExportJob', payload: job });
    for (const bad of ['releases.list', '__proto__', 42, null, 'export.onDidChange Export'])
      port.deliver({ type: 'event', name: bad, payload: job });
    port.deliver('export.onDidChangeExportJob');
    ipc.emit(COMMAND_CHANNEL, {}, 'export.onDidChangeExportJob', job);
    expect(heard).toEqual([['export.onDidChangeExportJob', job]]);
    unsubscribe();
    port.deliver({ type: 'event', name: 'export.onDidChangeExportJob', payload: job });
    expect(heard).toHaveLength(1);
    expect(() => api.onEvent(42 as never)).toThrow(TypeError);
  });

  it('refuses a listener that is not a function', () => {
    const api = exposed.calls[0]![1] as Bridge;
    expect(() => api.onCommand('release.new' as never)).toThrow(TypeError);
    expect(ipc.listenerCount(COMMAND_CHANNEL)).toBe(0);
  });
});
