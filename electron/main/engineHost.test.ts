import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ENGINE_PORT_CHANNEL } from '../../shared/contract/ipc';
import { makeTempDir } from '../services/testing/tempDir';
import { fakeChannel, FakeUtilityProcess } from '../services/testing/utilityProcess';
import { DATABASE_FILE } from '../services/workstation';
import {
  runHook,
  startEngineProcess,
  type AppEngine,
  type DesktopHooks,
  type EngineProcessOptions,
} from './engineHost';
import { engineDataFromEnv } from './engineProcess';

/** A call's answer as the window gets it. */
interface Envelope {
  ok: boolean;
  value?: { id?: string } & Record<string, unknown>;
  error?: { code: string };
}

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function desktop(overrides: Partial<DesktopHooks> = {}): DesktopHooks & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    <T>(name: string, answer: T) =>
    (...args: unknown[]): T => {
      calls.push([name, ...args]);
      return answer;
    };
  return {
    calls,
    onUiLanguage: record('onUiLanguage', undefined),
    onSpellcheckLanguage: record('onSpellcheckLanguage', ['en-US', 'de-DE']),
    chooseFullBackupTarget: record('chooseFullBackupTarget', Promise.resolve(null)),
    chooseFullBackupSource: record('chooseFullBackupSource', Promise.resolve(null)),
    showInFolder: record('showInFolder', undefined),
    chooseExportTarget: record('chooseExportTarget', Promise.resolve(undefined)),
    revealPath: record('revealPath', undefined),
    smtpPassword: record('smtpPassword', Promise.resolve(null)),
    storeSmtpPassword: record('storeSmtpPassword', Promise.resolve()),
    hasSmtpPassword: record('hasSmtpPassword', Promise.resolve(false)),
    teamPassword: record('teamPassword', Promise.resolve(null)),
    storeTeamPassword: record('storeTeamPassword', Promise.resolve()),
    ...overrides,
  };
}

const children: FakeUtilityProcess[] = [];
async function start(
  name: string,
  options: Partial<EngineProcessOptions> = {},
): Promise<{ engine: AppEngine; dataDir: string; child: () => FakeUtilityProcess }> {
  const dataDir = join(tmp.dir, name);
  const engine = await startEngineProcess({
    dataDir,
    assetUrlPrefix: 'pressdesk-asset://original/',
    fork: (data) => {
      const child = new FakeUtilityProcess(data);
      children.push(child);
      return child;
    },
    createChannel: fakeChannel,
    hooks: desktop(),
    ...options,
  });
  stops.push(() => engine.close(2000));
  return { engine, dataDir, child: () => children.at(-1)! };
}

/** A window as the preload sees it: the port main handed over, and calls numbered on it. */
async function windowOf(engine: AppEngine) {
  const handed: { channel: string; message: unknown; port: MessagePort }[] = [];
  await engine.connectWindow({
    postMessage: (channel, message, transfer) =>
      void handed.push({ channel, message, port: (transfer as MessagePort[])[0]! }),
  });
  expect(handed).toHaveLength(1);
  expect(handed[0]).toMatchObject({ channel: ENGINE_PORT_CHANNEL, message: null });
  const port = handed[0]!.port;
  const answers = new Map<number, (envelope: unknown) => void>();
  const events: { name: string; payload: unknown }[] = [];
  port.on('message', (message: { type: string; id: number; envelope: unknown; name: string; payload: unknown }) => {
    if (message.type === 'result') answers.get(message.id)?.(message.envelope);
    else events.push({ name: message.name, payload: message.payload });
  });
  let nextId = 1;
  const call = (channel: string, input: unknown): Promise<Envelope> => {
    const id = nextId++;
    return new Promise((resolve) => {
      answers.set(id, resolve as (envelope: unknown) => void);
      port.postMessage({ id, channel, input });
    });
  };
  stops.push(() => Promise.resolve(port.close()));
  return { call, events, port };
}

describe('the app engine in its own process', () => {
  it('is started with its data, and answers a window on its own port, checked against the contract', async () => {
    const { engine, child } = await start('calls');
    expect(child().data).toMatchObject({
      role: 'writer',
      hostHooks: true,
      assetUrlPrefix: 'pressdesk-asset://original/',
    });
    const { call, port } = await windowOf(engine);
    const created = await call('releases.create', { headline: 'Radwege im Kreis' });
    expect(created).toMatchObject({ ok: true, value: { headline: 'Radwege im Kreis', status: 'draft' } });
    await expect(call('releases.list', {})).resolves.toMatchObject({ ok: true, value: { total: 1 } });
    await expect(call('releases.create', { headline: ['x'] })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await expect(call('shell.exec', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    // Junk on the port is no call: ignored, and the port goes on answering.
    port.postMessage('rm -rf');
    port.postMessage({ id: 'x', channel: 'releases.list' });
    await expect(call('releases.get', { id: created.value!.id })).resolves.toMatchObject({ ok: true });
  });

  it('pushes job events to every window, checked', async () => {
    const { engine } = await start('events');
    const first = await windowOf(engine);
    const second = await windowOf(engine);
    const line = JSON.stringify({ format: 'pressdesk.release/1', id: 'ev-1', headline: 'Ereignis' });
    const started = await first.call('archive.importStart', {
      files: [{ name: 'a.ndjson', bytes: new TextEncoder().encode(line) }],
    });
    expect(started).toMatchObject({ ok: true });
    await vi.waitFor(() => {
      for (const w of [first, second])
        expect(w.events.some((e) => (e.payload as { state?: string }).state === 'done')).toBe(true);
    });
    expect(first.events[0]!.name).toBe('archive.onDidChangeImportJob');
  });

  it('asks the desktop for its dialogs, menus and spell checker, and passes on the answers', async () => {
    const target = join(tmp.dir, 'saved-backup.zip');
    const hooks = desktop({
      chooseFullBackupTarget: (name) => {
        hooks.calls.push(['chooseFullBackupTarget', name]);
        return Promise.resolve(target);
      },
    });
    const { engine } = await start('hooks', { hooks });
    const { call } = await windowOf(engine);
    await expect(call('app.setSpellcheckLanguage', { language: 'en-GB' })).resolves.toEqual({
      ok: true,
      value: { languages: ['en-US', 'de-DE'], applied: true },
    });
    await expect(call('app.setUiLanguage', { language: 'en' })).resolves.toMatchObject({
      ok: true,
      value: { applied: true },
    });
    await call('releases.create', { headline: 'Gesichert' });
    await expect(call('backup.exportFullBackup', {})).resolves.toMatchObject({
      ok: true,
      value: { status: 'saved', releases: 1 },
    });
    expect(existsSync(target)).toBe(true);
    await expect(call('backup.revealFullBackup', {})).resolves.toMatchObject({ ok: true, value: { shown: true } });
    await vi.waitFor(() => expect(hooks.calls.some(([n]) => n === 'showInFolder')).toBe(true));
    expect(hooks.calls).toEqual(
      expect.arrayContaining([
        ['onSpellcheckLanguage', 'en-GB'],
        ['onUiLanguage', 'en'],
        ['chooseFullBackupTarget', expect.stringMatching(/^pressdesk-archive-.*\.zip$/)],
        ['showInFolder', target],
      ]),
    );
  });

  it('a failing hook fails the call, not the engine', async () => {
    const hooks = desktop({
      chooseFullBackupSource: () => Promise.reject(new Error('dialog broke')),
    });
    const { engine } = await start('hook-fails', { hooks });
    const { call } = await windowOf(engine);
    await expect(call('backup.importFullBackup', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    await expect(call('releases.list', {})).resolves.toMatchObject({ ok: true });
  });

  it('finds the files of stored images for the asset protocol', async () => {
    const { engine } = await start('assets');
    await expect(engine.assetFile('original', 'nope')).resolves.toBeNull();
  });

  it('refuses to start on a damaged database with DB_CORRUPT, and leaves the file as it was', async () => {
    const dataDir = join(tmp.dir, 'damaged');
    mkdirSync(dataDir, { recursive: true });
    const damaged = 'this is not a database'.repeat(300);
    writeFileSync(join(dataDir, DATABASE_FILE), damaged);
    await expect(start('damaged', { check: true })).rejects.toMatchObject({ code: 'DB_CORRUPT' });
    expect(readFileSync(join(dataDir, DATABASE_FILE), 'utf8')).toBe(damaged);
  });

  it('tells the host when the process ends on its own; waiting calls fail as INTERNAL', async () => {
    const crashed: Error[] = [];
    const { engine, child } = await start('crash', { onCrash: (error) => crashed.push(error) });
    const { call } = await windowOf(engine);
    await call('releases.list', {});
    await child().worker.terminate();
    await vi.waitFor(() => expect(crashed).toHaveLength(1));
    expect(engine.ended).toBe(true);
    await expect(engine.assetFile('thumb', 'x')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('the hooks the engine may ask for', () => {
  it('checks the arguments before a dialog or menu sees them', () => {
    const hooks = desktop();
    expect(() => runHook(hooks, 'onUiLanguage', ['fr'])).toThrow(TypeError);
    expect(() => runHook(hooks, 'showInFolder', [42])).toThrow(TypeError);
    expect(() => runHook(hooks, 'chooseExportTarget', ['tar', 'x'])).toThrow(TypeError);
    expect(hooks.calls).toEqual([]);
    runHook(hooks, 'chooseExportTarget', ['zip', 'a.zip']);
    expect(hooks.calls).toEqual([['chooseExportTarget', 'zip', 'a.zip']]);
  });
});

describe("the engine process's start data", () => {
  it('is read from its environment variable, and anything else is refused', () => {
    const good = { engine: 'pressdesk-engine/1', role: 'writer', dataDir: '/data' };
    expect(engineDataFromEnv({ PRESSDESK_ENGINE: JSON.stringify(good) })).toEqual(good);
    for (const bad of [
      '',
      '{',
      '[]',
      JSON.stringify({ ...good, engine: 'x' }),
      JSON.stringify({ ...good, role: 'reader' }),
    ])
      expect(engineDataFromEnv({ PRESSDESK_ENGINE: bad })).toBeNull();
    expect(engineDataFromEnv({})).toBeNull();
  });
});
