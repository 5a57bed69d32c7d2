import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MessagePort } from 'node:worker_threads';
import { ENGINE_CONNECT_CHANNEL, ENGINE_PORT_CHANNEL } from '../../shared/contract/ipc';
import { makeTempDir } from '../services/testing/tempDir';
import type { EngineWorkerData } from '../services/engine/protocol';
import type { FakeUtilityProcess } from '../services/testing/utilityProcess';
import { isTrustedSender } from './ipc';
import { APP_ENTRY } from './security';
import { confirmUnload, createSecureWindow, hardenWebContents } from './window';
import { WINDOW_STATE_FILE } from './windowState';
import { COMMAND_CHANNEL } from '../../shared/commands';
import { app, type BrowserWindowConstructorOptions } from 'electron';

// The Electron binary is absent where these tests run; the module is replaced
// by a recording fake so that the main process's wiring can be checked.
const fake = vi.hoisted(() => {
  const windows: { options: unknown; loaded: string[] }[] = [];
  const state = {
    windows,
    schemes: [] as unknown[],
    listened: new Map<string, (event: unknown) => void>(),
    forked: [] as { path: string; options: { serviceName?: string; env?: Record<string, string | undefined> } }[],
    children: [] as FakeUtilityProcess[],
    ports: [] as { channel: string; port: unknown }[],
    protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
    permissionHandler: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: undefined as undefined | ((c: unknown, p: string) => boolean),
    headersHandler: undefined as unknown,
    appEvents: new Map<string, (...args: unknown[]) => void>(),
    lockRequested: false,
    ready: undefined as undefined | (() => void),
    errorBoxes: [] as string[],
    menus: [] as { template: unknown[]; popups: unknown[] }[],
    applicationMenus: [] as { template: unknown[] }[],
    spellcheck: [] as string[][],
    sent: [] as [string, unknown][],
    contentsEvents: new Map<string, (...args: unknown[]) => void>(),
    displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    maximized: 0,
  };
  return state;
});

vi.mock('electron', async () => {
  // The engine really starts: the utility process is a worker thread running the app's engine entry.
  const { FakeUtilityProcess, fakeChannel } = await import('../services/testing/utilityProcess');
  class BrowserWindow {
    private readonly record: { options: unknown; loaded: string[] };
    constructor(options: unknown) {
      this.record = { options, loaded: [] };
      fake.windows.push(this.record);
    }
    static getFocusedWindow(): BrowserWindow | null {
      return null;
    }
    readonly webContents = {
      on: (name: string, fn: (...args: unknown[]) => void): void => void fake.contentsEvents.set(name, fn),
      getURL: () => this.record.loaded.at(-1) ?? '',
      send: (channel: string, payload: unknown) => fake.sent.push([channel, payload]),
      postMessage: (channel: string, _message: unknown, transfer: unknown[]) =>
        void fake.ports.push({ channel, port: transfer[0] }),
      replaceMisspelling: vi.fn(),
      session: { addWordToSpellCheckerDictionary: vi.fn() },
    };
    once(name: string, fn: () => void): void {
      if (name === 'ready-to-show') fn();
    }
    on(): void {}
    show(): void {}
    maximize(): void {
      fake.maximized += 1;
    }
    isDestroyed(): boolean {
      return false;
    }
    loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  const app = {
    requestSingleInstanceLock: () => {
      fake.lockRequested = true;
      return true;
    },
    on: (name: string, fn: (...args: unknown[]) => void) => fake.appEvents.set(name, fn),
    whenReady: () => new Promise<void>((resolve) => (fake.ready = resolve)),
    getPath: () => process.env.PRESSDESK_TEST_USERDATA ?? '',
    getLocale: () => 'de-DE',
    isPackaged: false,
    quit: vi.fn(),
    exit: vi.fn(),
  };
  const Menu = {
    buildFromTemplate: (template: unknown[]) => {
      const menu = { template, popups: [] as unknown[], popup: (options: unknown) => menu.popups.push(options) };
      fake.menus.push(menu);
      return menu;
    },
    setApplicationMenu: (menu: { template: unknown[] }) => fake.applicationMenus.push(menu),
  };
  return {
    app,
    BrowserWindow,
    Menu,
    screen: { getAllDisplays: () => fake.displays },
    dialog: { showErrorBox: (_t: string, m: string) => fake.errorBoxes.push(m), showMessageBoxSync: () => 0 },
    ipcMain: { on: (name: string, fn: (event: unknown) => void) => fake.listened.set(name, fn) },
    utilityProcess: {
      fork: (path: string, _args: string[], options: (typeof fake.forked)[number]['options']) => {
        fake.forked.push({ path, options });
        const child = new FakeUtilityProcess(JSON.parse(options.env!.PRESSDESK_ENGINE!) as EngineWorkerData);
        fake.children.push(child);
        return child;
      },
    },
    MessageChannelMain: class {
      readonly port1: unknown;
      readonly port2: unknown;
      constructor() {
        ({ port1: this.port1, port2: this.port2 } = fakeChannel());
      }
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.schemes.push(...schemes),
      handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) =>
        fake.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: unknown) => (fake.headersHandler = fn) },
        setPermissionRequestHandler: (fn: typeof fake.permissionHandler) => (fake.permissionHandler = fn),
        setPermissionCheckHandler: (fn: typeof fake.permissionCheck) => (fake.permissionCheck = fn),
        availableSpellCheckerLanguages: ['de-DE', 'en-GB', 'en-US', 'fr-FR'],
        setSpellCheckerLanguages: (languages: string[]) => fake.spellcheck.push(languages),
      },
    },
    shell: { openExternal: vi.fn() },
  };
});

describe('secure window options', () => {
  const before = fake.windows.length;
  createSecureWindow('/app/preload.cjs');
  const captured = fake.windows.splice(before, 1)[0]!.options as BrowserWindowConstructorOptions;
  const prefs = captured.webPreferences!;
  it.each([
    ['sandbox', true],
    ['contextIsolation', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
  ] as const)('sets %s to %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });
  it('uses the preload script it was given', () => {
    expect(prefs.preload).toBe('/app/preload.cjs');
  });
  it('shows the icon it was given, and sets none without one', () => {
    expect(captured.icon).toBeUndefined();
    const count = fake.windows.length;
    createSecureWindow('/app/preload.cjs', {}, '/app/icons/512x512.png');
    const withIcon = fake.windows.splice(count, 1)[0]!.options as BrowserWindowConstructorOptions;
    expect(withIcon.icon).toBe('/app/icons/512x512.png');
    expect(withIcon.webPreferences).toEqual(prefs);
  });
});

class FakeContents extends EventEmitter {
  openHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.openHandler = fn;
  }
}

describe('web contents hardening', () => {
  const contents = new FakeContents();
  const opened: string[] = [];
  hardenWebContents(contents as never, {
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  });
  const navigate = (event: string, url: string) => {
    let prevented = false;
    contents.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };

  it('denies navigation away from the app', () => {
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(navigate('will-navigate', `${APP_ENTRY}#x`)).toBe(false);
  });

  it('denies <webview>', () => {
    expect(navigate('will-attach-webview', '')).toBe(true);
  });

  it('denies new windows and opens only safe links in the system browser', () => {
    for (const url of [
      'https://www.example.org/',
      'mailto:presse@example.org',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://share/x',
    ]) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://www.example.org/', 'mailto:presse@example.org']);
  });
});

describe('closing with unsaved text', () => {
  it('asks, and lets the window close only when the user chooses to', () => {
    const contents = new FakeContents();
    const answers = [0, 1];
    const asked: string[] = [];
    confirmUnload(contents as never, { showMessageBoxSync: (o) => (asked.push(o.message), answers.shift()!) }, 'de-DE');
    const fire = () => {
      let allowed = false;
      contents.emit('will-prevent-unload', { preventDefault: () => (allowed = true) });
      return allowed;
    };
    expect(fire()).toBe(false);
    expect(fire()).toBe(true);
    expect(asked).toEqual(['Nicht alle Änderungen sind gespeichert.', 'Nicht alle Änderungen sind gespeichert.']);
  });

  it('asks in the interface language of the moment', () => {
    const contents = new FakeContents();
    let language = 'de';
    const asked: string[] = [];
    confirmUnload(contents as never, { showMessageBoxSync: (o) => (asked.push(o.buttons[1]!), 0) }, () => language);
    contents.emit('will-prevent-unload', { preventDefault: () => undefined });
    language = 'en';
    contents.emit('will-prevent-unload', { preventDefault: () => undefined });
    expect(asked).toEqual(['Trotzdem schließen', 'Close anyway']);
  });
});

describe('trusted senders', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;
  it('are the app page itself, never another page, a file or a frame inside it', () => {
    expect(isTrustedSender(frame(APP_ENTRY))).toBe(true);
    for (const event of [
      frame('https://evil.example/'),
      frame('file:///x/index.html'),
      frame(APP_ENTRY, {}),
      { senderFrame: null } as never,
    ])
      expect(isTrustedSender(event)).toBe(false);
  });
});

describe('main process start-up', () => {
  const tmp = makeTempDir();
  beforeAll(async () => {
    process.env.PRESSDESK_TEST_USERDATA = join(tmp.dir, 'userData');
    // The window was maximized on the one display at the last start.
    mkdirSync(join(tmp.dir, 'userData'), { recursive: true });
    writeFileSync(
      join(tmp.dir, 'userData', WINDOW_STATE_FILE),
      JSON.stringify({ x: 120, y: 80, width: 1400, height: 900, maximized: true }),
    );
    await import('./index');
    fake.ready!();
    // The engine opens the data directory in its process first; then the window comes.
    await vi.waitFor(() => expect(fake.windows.length).toBeGreaterThan(0), { timeout: 15_000 });
  });
  afterAll(async () => {
    const prevented = vi.fn();
    fake.appEvents.get('will-quit')?.({ preventDefault: prevented });
    // The engine closes its database before the app ends.
    expect(prevented).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(vi.mocked(app.quit)).toHaveBeenCalled());
    tmp.cleanup();
  });

  it('takes the single-instance lock and registers the app scheme as secure', () => {
    expect(fake.lockRequested).toBe(true);
    expect(fake.schemes).toHaveLength(2);
    expect(fake.schemes[0]).toMatchObject({ scheme: 'pressdesk', privileges: { standard: true, secure: true } });
    expect(fake.schemes[1]).toMatchObject({ scheme: 'pressdesk-asset', privileges: { standard: true, secure: true } });
    expect(fake.appEvents.has('second-instance')).toBe(true);
    expect(fake.appEvents.has('web-contents-created')).toBe(true);
  });

  it('opens one secure window on the app protocol, never file://', () => {
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.loaded).toEqual([APP_ENTRY]);
    expect((win.options as BrowserWindowConstructorOptions).webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
  });

  it('adds the CSP header to every response of the session', () => {
    let headers: Record<string, string[]> = {};
    (fake.headersHandler as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'X-Other': ['1'] } },
      (r) => (headers = r.responseHeaders),
    );
    expect(headers['Content-Security-Policy']![0]).toContain("script-src 'self'");
    expect(headers['X-Other']).toEqual(['1']);
  });

  it('denies every permission request but writing text to the clipboard', () => {
    const answers: boolean[] = [];
    fake.permissionHandler!({}, 'media', (ok) => answers.push(ok));
    fake.permissionHandler!({}, 'notifications', (ok) => answers.push(ok));
    fake.permissionHandler!({}, 'clipboard-read', (ok) => answers.push(ok));
    fake.permissionHandler!({}, 'clipboard-sanitized-write', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, true]);
    expect(fake.permissionCheck!({}, 'media')).toBe(false);
    expect(fake.permissionCheck!({}, 'clipboard-read')).toBe(false);
    expect(fake.permissionCheck!({}, 'clipboard-sanitized-write')).toBe(true);
  });

  it('starts the engine in its own utility process, on the data directory', () => {
    expect(fake.forked).toHaveLength(1);
    expect(fake.forked[0]!.path).toMatch(/engineProcess\.cjs$/);
    expect(fake.forked[0]!.options.serviceName).toBe('Pressdesk engine');
    expect(fake.children[0]!.data).toMatchObject({
      role: 'writer',
      dataDir: join(tmp.dir, 'userData'),
      hostHooks: true,
      automaticBackups: true,
      assetUrlPrefix: 'pressdesk-asset://original/',
    });
  });

  it('hands the app page its port to the engine, and no other sender', async () => {
    const connect = fake.listened.get(ENGINE_CONNECT_CHANNEL)!;
    const before = fake.ports.length;
    const sender = {
      postMessage: (channel: string, _m: unknown, transfer: unknown[]) =>
        fake.ports.push({ channel, port: transfer[0] }),
    };
    for (const senderFrame of [{ url: 'https://evil.example/', parent: null }, { url: APP_ENTRY, parent: {} }, null])
      connect({ senderFrame, sender });
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.ports.length).toBe(before);
    await expect(call('releases.list', {})).resolves.toMatchObject({ ok: true, value: { total: 0 } });
    expect(fake.ports.at(-1)!.channel).toBe(ENGINE_PORT_CHANNEL);
  });

  it('serves the app with its CSP', async () => {
    const serve = fake.protocolHandlers.get('pressdesk')!;
    const missing = await serve({ url: 'pressdesk://app/../../etc/passwd' });
    expect([403, 404]).toContain(missing.status);
  });

  type Item = { label?: string; id?: string; submenu?: Item[]; click?: () => void };
  const topLabels = () => (fake.applicationMenus.at(-1)!.template as Item[]).map((i) => i.label);
  /** The app page's calls: it asks for its port as the preload does, then calls on it. */
  let port: MessagePort | undefined;
  let nextId = 1;
  const answers = new Map<number, (envelope: unknown) => void>();
  const call = async (channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> => {
    if (!port) {
      const before = fake.ports.length;
      fake.listened.get(ENGINE_CONNECT_CHANNEL)!({
        senderFrame: { url: APP_ENTRY, parent: null },
        sender: {
          postMessage: (c: string, _m: unknown, transfer: unknown[]) =>
            fake.ports.push({ channel: c, port: transfer[0] }),
        },
      });
      await vi.waitFor(() => expect(fake.ports.length).toBe(before + 1));
      port = fake.ports.at(-1)!.port as MessagePort;
      port.on('message', (m: { type: string; id: number; envelope: unknown }) => {
        if (m.type === 'result') answers.get(m.id)?.(m.envelope);
      });
    }
    const id = nextId++;
    return new Promise((resolve) => {
      answers.set(id, resolve as (envelope: unknown) => void);
      port!.postMessage({ id, channel, input });
    });
  };

  it('restores the window where it was, maximized', () => {
    expect(fake.windows[0]!.options).toMatchObject({ x: 120, y: 80, width: 1400, height: 900 });
    expect(fake.maximized).toBe(1);
  });

  it('shows the application menu in the system language and switches it with the interface', async () => {
    expect(topLabels()).toContain('Datei');
    await expect(call('app.setUiLanguage', { language: 'en' })).resolves.toEqual({
      ok: true,
      value: { language: 'en', applied: true },
    });
    expect(topLabels()).toContain('File');
    expect(topLabels()).not.toContain('Datei');
    await call('app.setUiLanguage', { language: 'de' });
    expect(topLabels()).toContain('Datei');
  });

  it('sends a clicked menu command to the app window', () => {
    const file = (fake.applicationMenus.at(-1)!.template as Item[]).find((i) => i.label === 'Datei')!;
    file.submenu!.find((i) => i.id === 'release.new')!.click!();
    expect(fake.sent).toEqual([[COMMAND_CHANNEL, 'release.new']]);
  });

  it('orders the dictionaries by the language of the release, German first at start', async () => {
    expect(fake.spellcheck[0]).toEqual(['de-DE', 'en-US']);
    await expect(call('app.setSpellcheckLanguage', { language: 'en-GB' })).resolves.toEqual({
      ok: true,
      value: { languages: ['en-US', 'de-DE'], applied: true },
    });
    await call('app.setSpellcheckLanguage', { language: 'fr-FR' });
    expect(fake.spellcheck.slice(1)).toEqual([
      ['en-US', 'de-DE'],
      ['fr-FR', 'de-DE', 'en-US'],
    ]);
  });

  it('opens a context menu with spelling suggestions in the interface language', () => {
    const before = fake.menus.length;
    fake.contentsEvents.get('context-menu')!(
      {},
      {
        misspelledWord: 'Pressemiteilung',
        dictionarySuggestions: ['Pressemitteilung'],
        isEditable: true,
        selectionText: '',
        editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true },
      },
    );
    const menu = fake.menus.at(-1)!;
    expect(fake.menus.length).toBe(before + 1);
    expect((menu.template as Item[]).map((i) => i.label).slice(0, 3)).toEqual([
      'Pressemitteilung',
      undefined,
      'Zum Wörterbuch hinzufügen',
    ]);
    expect(menu.popups).toHaveLength(1);
  });
});
