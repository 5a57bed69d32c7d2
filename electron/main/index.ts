import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { COMMAND_CHANNEL, type AppCommand } from '../../shared/commands';
import { ENGINE_CONNECT_CHANNEL } from '../../shared/contract/ipc';
import { APP_CSP } from '../../shared/csp';
import { PressdeskError, toErrorPayload } from '../../shared/errors';
import { listBackups, restoreDatabase } from '../services/backup/backupService';
import { ENGINE_DATA_ENV } from '../services/engine/protocol';
import type { ExportHostHooks } from '../services/export/exportJobs';
import { resolveDataDir } from '../services/workstation/dataDir';
import { fullBackupDialogHooks } from './fullBackupDialogs';
import { buildContextMenuTemplate, spellcheckLanguagesFor } from './contextMenu';
import { startEngineProcess, type AppEngine, type DesktopHooks } from './engineHost';
import { createSmtpPasswordHooks, createTeamPasswordHooks } from './smtpPassword';
import { createExportHooks } from './exportHooks';
import { isTrustedSender } from './ipc';
import { buildMenuTemplate, menuLanguageOf, type MenuLanguage } from './menu';
import { APP_ASSET_URL_PREFIX, ASSET_SCHEME, serveAppFile, serveAssetFile } from './protocol';
import { APP_ENTRY, APP_SCHEME, isAppUrl } from './security';
import { confirmUnload, createSecureWindow, hardenWebContents } from './window';
import { resolveWindowIcon } from './windowIcon';
import { readWindowState, restoreBounds, trackWindowState, WINDOW_STATE_FILE } from './windowState';

// Must happen before `ready`: the app's pages get a standard, secure origin.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: ASSET_SCHEME, privileges: { standard: true, secure: true } },
]);

const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'index.cjs');
/** The engine's process: its entry is built next to this file. */
const engineEntry = join(__dirname, 'engineProcess.cjs');
/** The engine, once it has opened the data directory (a process of its own). */
let engine: AppEngine | undefined;
/** When the engine had to be started anew lately: more than a few times a minute, the app gives up. */
let engineRestarts: number[] = [];
let quitting = false;
let mainWindow: BrowserWindow | undefined;
/** The interface language: the system's until the window reports its own (app.setUiLanguage). */
let uiLanguage: MenuLanguage = 'de';
let windowStateFile: string | undefined;

/** Sends a menu command to the focused app window (the renderer runs it like the keyboard shortcut). */
function sendCommand(command: AppCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (!target || target.isDestroyed()) return;
  // Only the app's own page gets commands; the preload passes on only listed names.
  if (!isAppUrl(target.webContents.getURL())) return;
  target.webContents.send(COMMAND_CHANNEL, command);
}

function installMenu(): void {
  const template = buildMenuTemplate({
    language: uiLanguage,
    platform: process.platform,
    packaged: app.isPackaged,
    development: !app.isPackaged,
    send: sendCommand,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Orders the dictionaries by the release's language; a system without one of them keeps the rest. */
function setSpellcheckLanguages(releaseLanguage: string): readonly string[] {
  const ses = session.defaultSession;
  const available = ses.availableSpellCheckerLanguages;
  const wanted = spellcheckLanguagesFor(releaseLanguage, available);
  // macOS uses the system's spell checker and offers no list; elsewhere an unknown code throws.
  const languages = available.length > 0 ? wanted.filter((l) => available.includes(l)) : wanted;
  try {
    ses.setSpellCheckerLanguages(languages);
  } catch (error) {
    console.error('pressdesk: spell-checker languages not set:', error);
    return [];
  }
  return languages;
}

function createWindow(): BrowserWindow {
  const restored = windowStateFile ? restoreBounds(readWindowState(windowStateFile), screen.getAllDisplays()) : null;
  const win = createSecureWindow(
    preloadPath,
    restored ? { x: restored.x, y: restored.y, width: restored.width, height: restored.height } : {},
    resolveWindowIcon({
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      // The development build runs from out/main in the checkout.
      checkoutDir: join(__dirname, '..', '..'),
      platform: process.platform,
    }),
  );
  if (windowStateFile) {
    const file = windowStateFile;
    trackWindowState(win, file, { onError: (error) => console.error('pressdesk: window state not saved:', error) });
  }
  win.webContents.on('context-menu', (_event, params) => {
    const template = buildContextMenuTemplate(params, uiLanguage, {
      replaceMisspelling: (word) => win.webContents.replaceMisspelling(word),
      addToDictionary: (word) => void win.webContents.session.addWordToSpellCheckerDictionary(word),
    });
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window: win });
  });
  confirmUnload(
    win.webContents,
    { showMessageBoxSync: (options) => dialog.showMessageBoxSync(win, options) },
    () => uiLanguage,
  );
  win.once('ready-to-show', () => {
    if (restored?.maximized) win.maximize();
    win.show();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  void win.loadURL(APP_ENTRY);
  return win;
}

/** Save dialogs for exports belong to the app's window. */
function exportHooks(): ExportHostHooks {
  return createExportHooks({
    showSaveDialog: (options) =>
      mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options),
    showItemInFolder: (path) => shell.showItemInFolder(path),
    locale: app.getLocale(),
    documentsDir: app.getPath('documents'),
  });
}

/**
 * The engine's process ended on its own (a crash, the system killed it):
 * it is started again and every app window gets a new port; what was being
 * asked of the old one fails in the window, and what was stored stays.
 */
async function restartEngine(open: () => Promise<AppEngine>, reason: Error): Promise<void> {
  if (quitting) return;
  console.error('pressdesk: the engine stopped and is started again:', reason);
  engine = undefined;
  const now = Date.now();
  engineRestarts = [...engineRestarts.filter((t) => now - t < 60_000), now];
  try {
    if (engineRestarts.length > 3) throw reason;
    engine = await open();
  } catch (error) {
    const german = uiLanguage === 'de';
    dialog.showErrorBox(
      'Pressdesk',
      `${german ? 'Der Datenteil von Pressdesk ist wiederholt ausgefallen. Die App wird beendet.' : 'The data part of Pressdesk failed repeatedly. The app will close.'}\n\n${error instanceof Error ? error.message : String(error)}`,
    );
    app.exit(1);
    return;
  }
  for (const win of BrowserWindow.getAllWindows()) {
    if (win.isDestroyed() || !isAppUrl(win.webContents.getURL())) continue;
    await engine.connectWindow(win.webContents);
  }
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
  // In a source checkout `npm start` passes a better-sqlite3 built for Electron;
  // a packaged app has it rebuilt in place by electron-builder.
  const nativeBinding = app.isPackaged ? undefined : process.env.PRESSDESK_NATIVE_BINDING;
  windowStateFile = join(dataDir, WINDOW_STATE_FILE);
  uiLanguage = menuLanguageOf(app.getLocale());
  const hostHooks = {
    onUiLanguage: (language: MenuLanguage): void => {
      if (language === uiLanguage) return;
      uiLanguage = language;
      installMenu();
    },
    onSpellcheckLanguage: setSpellcheckLanguages,
    ...fullBackupDialogHooks({
      dialog,
      shell,
      window: () => BrowserWindow.getFocusedWindow() ?? mainWindow,
      language: () => uiLanguage,
      defaultDir: () => app.getPath('documents'),
    }),
  };
  const hooks: DesktopHooks = {
    ...hostHooks,
    ...exportHooks(),
    ...createSmtpPasswordHooks({ safeStorage: () => safeStorage, userDataDir: () => app.getPath('userData') }),
    ...createTeamPasswordHooks({ safeStorage: () => safeStorage, userDataDir: () => app.getPath('userData') }),
  };
  const open = (): Promise<AppEngine> =>
    startEngineProcess({
      dataDir,
      nativeBinding,
      check: true,
      automaticBackups: true,
      assetUrlPrefix: APP_ASSET_URL_PREFIX,
      fork: (data) =>
        utilityProcess.fork(engineEntry, [], {
          serviceName: 'Pressdesk engine',
          env: { ...process.env, [ENGINE_DATA_ENV]: JSON.stringify(data) },
        }),
      createChannel: () => new MessageChannelMain(),
      hooks,
      onBackupError: (error) => console.error('pressdesk: automatic backup failed:', error),
      onCrash: (error) => void restartEngine(open, error),
    });
  try {
    try {
      engine = await open();
    } catch (error) {
      // A damaged database is never overwritten: offer the newest backup, keep the damaged file aside.
      if (!(error instanceof PressdeskError && error.code === 'DB_CORRUPT')) throw error;
      const [newest] = await listBackups(dataDir);
      if (!newest) throw error;
      const german = app.getLocale().toLowerCase().startsWith('de');
      const choice = dialog.showMessageBoxSync({
        type: 'error',
        buttons: german ? ['Sicherung wiederherstellen', 'Beenden'] : ['Restore backup', 'Quit'],
        defaultId: 0,
        cancelId: 1,
        title: 'Pressdesk',
        message: german ? 'Die Datenbank ist beschädigt.' : 'The database is damaged.',
        detail: `${dataDir}\n\n${german ? 'Neueste Sicherung' : 'Newest backup'}: ${newest.createdAt}\n${newest.file}\n\n${german ? 'Die beschädigte Datei wird aufbewahrt.' : 'The damaged file is kept.'}`,
      });
      if (choice !== 0) throw error;
      await restoreDatabase(dataDir, newest.file);
      engine = await open();
    }
  } catch (error) {
    const p = toErrorPayload(error);
    const detail = p.code === 'INTERNAL' && error instanceof Error ? error.message : p.message;
    dialog.showErrorBox('Pressdesk', `${detail}\n\n${dataDir}\n[${p.code}]`);
    app.exit(1);
    return;
  }

  const ses = session.defaultSession;
  // The CSP also travels as a header on every response of the session (not only the app protocol's).
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
  // The one permission a page gets: writing plain text to the clipboard (the wire text's copy button). Never reading it.
  const allowed = (permission: string): boolean => permission === 'clipboard-sanitized-write';
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => allowed(permission));
  setSpellcheckLanguages('de-DE');
  protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererDir, request.url));
  protocol.handle(ASSET_SCHEME, (request) =>
    serveAssetFile((kind, id) => (engine ? engine.assetFile(kind, id) : Promise.resolve(null)), request.url),
  );
  // Each load of the app's page asks for its port to the engine; no other page or frame gets one.
  ipcMain.on(ENGINE_CONNECT_CHANNEL, (event) => {
    if (!isTrustedSender(event) || !engine) return;
    engine.connectWindow(event.sender).catch((error: unknown) => {
      console.error('pressdesk: a window could not be connected to the engine:', error);
    });
  });
  installMenu();
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && engine) mainWindow = createWindow();
  });
  // The engine closes its database before the app ends (at most a few seconds).
  app.on('will-quit', (event) => {
    const closing = engine;
    if (!closing || closing.ended) return;
    quitting = true;
    engine = undefined;
    event.preventDefault();
    void closing.close(5000).finally(() => app.quit());
  });
  void app.whenReady().then(start);
}
