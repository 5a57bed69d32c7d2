import type { UiErrorCode } from '../lib/errors';
import { memoryLastReleaseStore } from '../lib/lastRelease';
import type { SliceCreator } from './types';

/** Where the app is. There are few screens, so the store is the router. */
export type Route =
  | { readonly screen: 'archive' }
  /** The releases in the trash, reached from the archive. */
  | { readonly screen: 'trash' }
  | { readonly screen: 'compose'; readonly releaseId: string | null }
  | { readonly screen: 'settings' }
  /** The press list (Presseverteiler): contacts and their lists. */
  | { readonly screen: 'contacts' };

export type Notice =
  | { readonly kind: 'trashed' | 'restored' | 'purged'; readonly releaseId: string; readonly headline: string }
  | { readonly kind: 'error'; readonly code: UiErrorCode }
  /** Why the export command did nothing: no saved release is open, or the open one was never saved. */
  | { readonly kind: 'exportUnavailable'; readonly reason: 'noRelease' | 'unsaved' };

export type LeaveChoice = 'save' | 'discard' | 'cancel';

/** The compose workspace's panels beside the document: the release's data, and checks with history. */
export interface WorkspacePanels {
  readonly details: boolean;
  readonly tools: boolean;
}

/** Where the panels' state is remembered (per browser profile, as the window's place is per data directory). */
const PANELS_KEY = 'pressdesk.workspace.panels';

function readPanels(): WorkspacePanels {
  try {
    const raw = globalThis.localStorage?.getItem(PANELS_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<WorkspacePanels>) : {};
    return { details: parsed.details !== false, tools: parsed.tools !== false };
  } catch {
    return { details: true, tools: true };
  }
}

export interface UiSlice {
  route: Route;
  /** Counts navigations, so a screen can tell a first start from a navigation (and move focus). */
  navigations: number;
  /** A navigation waiting for the user's decision about unsaved changes. */
  pendingRoute: Route | null;
  notice: Notice | null;
  /** The archive's search field should take the focus when the archive shows next. */
  searchFocusPending: boolean;
  /**
   * Opens the first screen: the release that was open in compose when the app
   * last ran on this data directory, if it still exists outside the trash;
   * otherwise the archive. From then on the open release is remembered.
   */
  start: () => Promise<void>;
  /** Goes to `route` at once and loads what it shows. */
  navigate: (route: Route) => void;
  /** Goes to `route`, unless unsaved changes need a decision first. */
  requestNavigation: (route: Route) => void;
  /** Answers the unsaved-changes question. A failed save stays on the release. */
  resolvePendingNavigation: (choice: LeaveChoice) => Promise<void>;
  /** Goes to the archive (if not there) and puts the focus into its search field. */
  searchArchive: () => void;
  /** Whether the search field should take the focus now; answers true once per request. */
  takeSearchFocus: () => boolean;
  dismissNotice: () => void;
  /** Shows a translated error in the screen's notice area (a refused image, for example). */
  showError: (code: UiErrorCode) => void;
  /**
   * Explains in the notice area why the export command cannot run here: the
   * release being composed was never saved, or no release is open.
   */
  explainExportUnavailable: () => void;
  /** Which of the compose workspace's panels are shown. */
  workspacePanels: WorkspacePanels;
  /** Shows or hides one panel (remembered). */
  togglePanel: (panel: keyof WorkspacePanels) => void;
  /** Tells the host the interface language (the app's menus follow it; web mode only acknowledges). */
  reportUiLanguage: (language: 'de' | 'en') => Promise<void>;
  /** Tells the host the language of the release being edited (the app's spell checker follows it). */
  reportSpellcheckLanguage: (language: string) => Promise<void>;
}

export const createUiSlice: SliceCreator<UiSlice> = (deps) => (set, get, store) => ({
  route: { screen: 'archive' },
  navigations: 0,
  pendingRoute: null,
  notice: null,
  searchFocusPending: false,
  workspacePanels: readPanels(),

  togglePanel(panel) {
    const next = { ...get().workspacePanels, [panel]: !get().workspacePanels[panel] };
    set({ workspacePanels: next });
    try {
      globalThis.localStorage?.setItem(PANELS_KEY, JSON.stringify(next));
    } catch {
      // A full or forbidden storage only forgets the choice.
    }
  },

  async start() {
    const remembered = deps.lastRelease ?? memoryLastReleaseStore();
    // Until the engine answers, the archive shows that it is loading.
    set((s) => ({ archive: { ...s.archive, status: 'loading' } }));
    let scope = '';
    let route: Route = { screen: 'archive' };
    try {
      scope = (await deps.api.call('app.info', {})).dataDir;
      // The office's defaults for new releases, known before the first one is started.
      await get().loadOffice();
      // Who works here: asked for at the first start, named by every entry of the log.
      void get().loadProfile();
      const id = remembered.get(scope);
      if (id !== null) {
        const release = await deps.api.call('releases.get', { id });
        if (release.deletedAt === null) route = { screen: 'compose', releaseId: release.id };
      }
    } catch {
      // Gone, or the engine cannot say: start in the archive, which reports a real problem itself.
    }
    get().navigate(route);
    let last = route.screen === 'compose' ? route.releaseId : null;
    remembered.set(scope, last);
    store.subscribe((state) => {
      // A new release is remembered once its first save gave it an id.
      const open = state.route.screen === 'compose' ? (state.route.releaseId ?? state.compose.releaseId) : null;
      if (open === last) return;
      last = open;
      remembered.set(scope, open);
    });
  },

  navigate(route) {
    set((s) => ({ route, pendingRoute: null, notice: null, navigations: s.navigations + 1 }));
    get().closeHistory();
    if (route.screen === 'archive') {
      get().refreshRecoverable();
      void get().loadArchive();
    } else if (route.screen === 'trash') {
      void get().loadTrash();
    } else if (route.screen === 'contacts') {
      void get().loadContacts();
    } else if (route.screen === 'settings') {
      void get().loadSnippets();
      void get().loadOffice();
      void get().loadProfile();
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
      set({ pendingRoute: null, searchFocusPending: false });
      return;
    }
    if (choice === 'save') {
      set({ pendingRoute: null });
      if (!(await get().saveRelease())) return;
    }
    get().navigate(target);
  },

  searchArchive() {
    set({ searchFocusPending: true });
    if (get().route.screen !== 'archive') get().requestNavigation({ screen: 'archive' });
  },

  takeSearchFocus() {
    if (!get().searchFocusPending) return false;
    set({ searchFocusPending: false });
    return true;
  },

  dismissNotice() {
    set({ notice: null });
  },

  showError(code) {
    set({ notice: { kind: 'error', code } });
  },

  explainExportUnavailable() {
    const { route, compose } = get();
    const unsaved = route.screen === 'compose' && compose.releaseId === null && compose.loadStatus === 'ready';
    set({ notice: { kind: 'exportUnavailable', reason: unsaved ? 'unsaved' : 'noRelease' } });
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
