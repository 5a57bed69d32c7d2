import type { UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** Where the app is. There are two screens, so the store is the router. */
export type Route =
  | { readonly screen: 'archive' }
  | { readonly screen: 'compose'; readonly releaseId: string | null }
  | { readonly screen: 'settings' };

export type Notice =
  | { readonly kind: 'trashed' | 'restored'; readonly releaseId: string; readonly headline: string }
  | { readonly kind: 'error'; readonly code: UiErrorCode };

export type LeaveChoice = 'save' | 'discard' | 'cancel';

export interface UiSlice {
  route: Route;
  /** Counts navigations, so a screen can tell a first start from a navigation (and move focus). */
  navigations: number;
  /** A navigation waiting for the user's decision about unsaved changes. */
  pendingRoute: Route | null;
  notice: Notice | null;
  /** Goes to `route` at once and loads what it shows. */
  navigate: (route: Route) => void;
  /** Goes to `route`, unless unsaved changes need a decision first. */
  requestNavigation: (route: Route) => void;
  /** Answers the unsaved-changes question. A failed save stays on the release. */
  resolvePendingNavigation: (choice: LeaveChoice) => Promise<void>;
  dismissNotice: () => void;
  /** Shows a translated error in the screen's notice area (a refused image, for example). */
  showError: (code: UiErrorCode) => void;
  /** Tells the host the interface language (the app's menus follow it; web mode only acknowledges). */
  reportUiLanguage: (language: 'de' | 'en') => Promise<void>;
  /** Tells the host the language of the release being edited (the app's spell checker follows it). */
  reportSpellcheckLanguage: (language: string) => Promise<void>;
}

export const createUiSlice: SliceCreator<UiSlice> = (deps) => (set, get) => ({
  route: { screen: 'archive' },
  navigations: 0,
  pendingRoute: null,
  notice: null,

  navigate(route) {
    set((s) => ({ route, pendingRoute: null, notice: null, navigations: s.navigations + 1 }));
    get().closeHistory();
    if (route.screen === 'archive') {
      get().refreshRecoverable();
      void get().loadArchive();
    } else if (route.screen === 'settings') {
      void get().loadSnippets();
      void get().loadBackups();
    } else if (route.releaseId === null) {
      get().startNewRelease();
    } else {
      void get().openRelease(route.releaseId);
    }
  },

  requestNavigation(route) {
    const { route: current, compose } = get();
    if (current.screen === 'compose' && (compose.dirty || compose.save.kind === 'saving')) {
      // Switching releases saves first; only a failed save asks the user.
      void get()
        .flushSave()
        .then((saved) => {
          if (get().route !== current) return;
          if (saved && !get().compose.dirty) get().navigate(route);
          else set({ pendingRoute: route });
        });
      return;
    }
    get().navigate(route);
  },

  async resolvePendingNavigation(choice) {
    const target = get().pendingRoute;
    if (!target || choice === 'cancel') {
      set({ pendingRoute: null });
      return;
    }
    if (choice === 'save') {
      set({ pendingRoute: null });
      if (!(await get().saveRelease())) return;
    }
    get().navigate(target);
  },

  dismissNotice() {
    set({ notice: null });
  },

  showError(code) {
    set({ notice: { kind: 'error', code } });
  },

  async reportUiLanguage(language) {
    try {
      await deps.api.call('app.setUiLanguage', { language });
    } catch {
      // The menus stay in the previous language; the page itself has switched.
    }
  },

  async reportSpellcheckLanguage(language) {
    try {
      await deps.api.call('app.setSpellcheckLanguage', { language });
    } catch {
      // Spelling stays checked with the previous dictionaries.
    }
  },
});
