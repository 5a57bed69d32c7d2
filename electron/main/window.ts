import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { isAppUrl, isExternalLinkAllowed } from './security';

/**
 * The options of every Pressdesk window. The renderer is sandboxed, isolated
 * from the preload, without Node, and cannot load insecure or experimental
 * content; it reaches the system only through the preload's contract bridge.
 */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Pressdesk',
    backgroundColor: '#f7f6f2',
    webPreferences: {
      preload: preloadPath,
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
  };
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
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
