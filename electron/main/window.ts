import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { isAppUrl, isExternalLinkAllowed } from './security';

/**
 * Opens a Pressdesk window. The renderer is sandboxed, isolated from the
 * preload, without Node, and cannot load insecure or experimental content; it
 * reaches the system only through the preload's contract bridge. The options
 * are written out here, at the constructor, so that reviewers and scanners
 * see them where the window is made. `icon` is the task bar's picture on
 * Linux and Windows (see `resolveWindowIcon`); without it the system's default shows.
 */
export function createSecureWindow(
  preloadPath: string,
  bounds: Pick<BrowserWindowConstructorOptions, 'x' | 'y' | 'width' | 'height'> = {},
  icon?: string,
): BrowserWindow {
  return new BrowserWindow({
    ...bounds,
    ...(icon === undefined ? {} : { icon }),
    width: bounds.width ?? 1280,
    height: bounds.height ?? 860,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Pressdesk',
    backgroundColor: '#f7f6f2',
    webPreferences: {
      // Reviewed (docs/SECURITY.md): the preload exposes one frozen object with one method.
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * Denies navigation away from the app, new windows and <webview>; links the
 * user clicks open in the system browser when they are http, https or mailto.
 */
export function hardenWebContents(contents: WebContents, shell: ExternalOpener): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Reviewed (docs/SECURITY.md): only absolute http, https and mailto URLs reach the system browser.
    if (isExternalLinkAllowed(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
}

export interface UnloadPrompt {
  showMessageBoxSync(options: {
    type: 'warning';
    buttons: string[];
    defaultId: number;
    cancelId: number;
    title: string;
    message: string;
    detail: string;
  }): number;
}

/**
 * The page refuses to unload while text is unsaved (its beforeunload
 * handler). Electron does not ask by itself, so the window would simply not
 * close: ask here, in the user's language, and close only when they choose to.
 */
export function confirmUnload(contents: WebContents, prompt: UnloadPrompt, locale: string | (() => string)): void {
  contents.on('will-prevent-unload', (event) => {
    // The interface language at the moment of asking (it may have changed since the window opened).
    const german = (typeof locale === 'function' ? locale() : locale).toLowerCase().startsWith('de');
    const choice = prompt.showMessageBoxSync({
      type: 'warning',
      buttons: german ? ['Weiter bearbeiten', 'Trotzdem schließen'] : ['Keep editing', 'Close anyway'],
      defaultId: 0,
      cancelId: 0,
      title: 'Pressdesk',
      message: german ? 'Nicht alle Änderungen sind gespeichert.' : 'Not all changes are saved.',
      detail: german
        ? 'Pressdesk konnte den letzten Stand noch nicht speichern. Der Text liegt auch im Wiederherstellungsspeicher und wird beim nächsten Start angeboten.'
        : 'Pressdesk could not save the latest text yet. It is also kept for recovery and will be offered at the next start.',
    });
    // preventDefault() on this event lets the page unload despite its beforeunload handler.
    if (choice === 1) event.preventDefault();
  });
}
