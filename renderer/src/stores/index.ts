import { createStore, useStore, type StoreApi } from 'zustand';
import { api as engineApi } from '../api/client';
import type { ContractEvent } from '../../../shared/contract/engineEvents';
import type { Api } from '../api/types';
import { localLastReleaseStore, type LastReleaseStore } from '../lib/lastRelease';
import { localRecoveryStore, memoryRecoveryStore } from '../lib/recovery';
import { createApprovalSlice } from './approvalSlice';
import { createArchiveSlice } from './archiveSlice';
import { createBackupSlice } from './backupSlice';
import { createCommentsSlice } from './commentsSlice';
import { createComposeSlice } from './composeSlice';
import { createContactsSlice } from './contactsSlice';
import { createExportSlice } from './exportSlice';
import { createMailSlice } from './mailSlice';
import { createMediaSlice } from './mediaSlice';
import { createPdfSlice } from './pdfSlice';
import { createRelatedSlice } from './relatedSlice';
import { createReviewCopySlice } from './reviewCopySlice';
import { createHistorySlice } from './historySlice';
import { createPreviewSlice } from './previewSlice';
import { createProfileSlice } from './profileSlice';
import { createTeamSlice } from './teamSlice';
import { createTemplateSlice } from './templateSlice';
import { createSettingsSlice } from './settingsSlice';
import { createTrashSlice } from './trashSlice';
import type { AppState, StoreDeps } from './types';
import { createUiSlice } from './uiSlice';
import { createWordSlice } from './wordSlice';

export type { AppState, StoreDeps } from './types';
export type { Route, Notice, LeaveChoice } from './uiSlice';
export type { ComposeDraft, DraftTextField, SaveState } from './composeSlice';

export type AppStore = StoreApi<AppState>;

/** One store, merged from one slice per feature. Tests create their own with an api of their own. */
export function createAppStore(deps: Partial<StoreDeps> = {}): AppStore {
  const resolved: StoreDeps = {
    ...deps,
    api: deps.api ?? engineApi,
    now: deps.now ?? (() => new Date()),
    // Stores made for tests keep their slots in memory unless given a store.
    recovery: deps.recovery ?? memoryRecoveryStore(),
  };
  return createStore<AppState>()((...a) => ({
    ...createArchiveSlice(resolved)(...a),
    ...createComposeSlice(resolved)(...a),
    ...createHistorySlice(resolved)(...a),
    ...createSettingsSlice(resolved)(...a),
    ...createUiSlice(resolved)(...a),
    ...createExportSlice(resolved)(...a),
    ...createPdfSlice(resolved)(...a),
    ...createReviewCopySlice(resolved)(...a),
    ...createMediaSlice(resolved)(...a),
    ...createBackupSlice(resolved)(...a),
    ...createRelatedSlice(resolved)(...a),
    ...createPreviewSlice(resolved)(...a),
    ...createTemplateSlice(resolved)(...a),
    ...createTrashSlice(resolved)(...a),
    ...createProfileSlice(resolved)(...a),
    ...createWordSlice(resolved)(...a),
    ...createContactsSlice(resolved)(...a),
    ...createMailSlice(resolved)(...a),
    ...createApprovalSlice(resolved)(...a),
    ...createCommentsSlice(resolved)(...a),
    ...createTeamSlice(resolved)(...a),
  }));
}

// The window's store. Its dependencies stay replaceable so component tests can give it an engine of their own.
const windowDeps: StoreDeps & { lastRelease: LastReleaseStore } = {
  api: engineApi,
  now: () => new Date(),
  recovery: localRecoveryStore(),
  lastRelease: localLastReleaseStore(),
};
/** The slices' listeners to the engine's events, attached to whichever api the window has now. */
const windowListeners = new Set<(event: ContractEvent) => void>();
let detachWindowEvents: (() => void) | null = null;
function attachWindowEvents(): void {
  detachWindowEvents?.();
  detachWindowEvents = null;
  if (windowListeners.size === 0) return;
  detachWindowEvents =
    windowDeps.api.subscribe?.((event) => {
      for (const listener of windowListeners) listener(event);
    }) ?? null;
}

export const appStore: AppStore = createAppStore({
  api: {
    call: (channel, input) => windowDeps.api.call(channel, input),
    // Live changes (the team server, the press list) and job progress pushed by the host.
    subscribe: (listener) => {
      windowListeners.add(listener);
      if (windowListeners.size === 1) attachWindowEvents();
      return () => {
        windowListeners.delete(listener);
        if (windowListeners.size === 0) attachWindowEvents();
      };
    },
    get uploadFullBackup() {
      return windowDeps.api.uploadFullBackup;
    },
    get downloadFullBackup() {
      return windowDeps.api.downloadFullBackup;
    },
  },
  now: () => windowDeps.now(),
  recovery: {
    get: (id) => windowDeps.recovery.get(id),
    put: (entry) => windowDeps.recovery.put(entry),
    remove: (id) => windowDeps.recovery.remove(id),
    list: () => windowDeps.recovery.list(),
  },
  lastRelease: {
    get: (scope) => windowDeps.lastRelease.get(scope),
    set: (scope, releaseId) => windowDeps.lastRelease.set(scope, releaseId),
  },
});

/** Selects from the window's store; select narrowly so components re-render only for what they show. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Replaces the engine api of the window's store (tests). */
export function setApi(api: Api): void {
  windowDeps.api = api;
  attachWindowEvents();
}

/** Puts the window's store back to its initial state (tests). */
export function resetAppStore(): void {
  appStore.setState(appStore.getInitialState(), true);
}
