import type { LogEntry, LogKind } from '../../../shared/domain/log';
import type { Release } from '../../../shared/domain/release';
import type { ReleaseStatus } from '../../../shared/domain/constants';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface RevisionItem {
  readonly version: number;
  readonly createdAt: string;
  readonly status: ReleaseStatus;
  readonly headline: string;
  readonly words: number;
}

export interface HistoryState {
  /** The release whose history is shown; null when the panel is closed. */
  readonly releaseId: string | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly items: readonly RevisionItem[];
  /** The revision compared with the current text. */
  readonly selected: Release | null;
  readonly error: UiErrorCode | null;
  /** The release's log, oldest first (only the kinds of `logKinds` when some are chosen). */
  readonly log: readonly LogEntry[];
  readonly logKinds: readonly LogKind[];
}

export interface HistorySlice {
  history: HistoryState;
  /** Saves pending text, then lists the revisions of the open release. */
  openHistory: () => Promise<void>;
  closeHistory: () => void;
  selectRevision: (version: number) => Promise<void>;
  /** Restores the selected revision (the current state becomes a revision first) and reloads the editor. */
  restoreSelectedRevision: () => Promise<boolean>;
  /** Shows only these kinds of log entries (all when empty). */
  filterLog: (kinds: readonly LogKind[]) => Promise<void>;
  /** Reads the open release's log again. */
  reloadLog: () => Promise<void>;
}

const closed: HistoryState = {
  releaseId: null,
  status: 'idle',
  items: [],
  selected: null,
  error: null,
  log: [],
  logKinds: [],
};

export const createHistorySlice: SliceCreator<HistorySlice> = (deps) => (set, get) => {
  const update = (patch: Partial<HistoryState>): void => set((s) => ({ history: { ...s.history, ...patch } }));

  async function reloadLog(id: string): Promise<void> {
    const kinds = get().history.logKinds;
    const { items: log } = await deps.api.call('log.list', { id, kinds: [...kinds] });
    if (get().history.releaseId === id && get().history.logKinds === kinds) update({ log });
  }

  async function reload(id: string): Promise<void> {
    try {
      const items = await deps.api.call('releases.revisions', { id });
      if (get().history.releaseId === id) update({ items, status: 'ready', error: null });
      await reloadLog(id);
    } catch (error) {
      if (get().history.releaseId === id) update({ status: 'error', error: errorCodeOf(error) });
    }
  }

  return {
    history: closed,

    async openHistory() {
      await get().flushSave();
      const id = get().compose.releaseId;
      if (id === null) return;
      set({ history: { ...closed, releaseId: id, status: 'loading' } });
      await reload(id);
    },

    closeHistory() {
      set({ history: closed });
    },

    async filterLog(kinds) {
      const id = get().history.releaseId;
      if (id === null) return;
      update({ logKinds: kinds });
      try {
        await reloadLog(id);
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async reloadLog() {
      const id = get().history.releaseId;
      if (id === null) return;
      try {
        await reloadLog(id);
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async selectRevision(version) {
      const id = get().history.releaseId;
      if (id === null) return;
      try {
        const selected = await deps.api.call('releases.revision', { id, version });
        if (get().history.releaseId === id) update({ selected, error: null });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async restoreSelectedRevision() {
      const { history } = get();
      if (!history.selected || history.releaseId === null) return false;
      if (!(await get().flushSave())) return false;
      const baseVersion = get().compose.baseVersion;
      if (baseVersion === null) return false;
      try {
        await deps.api.call('releases.restoreRevision', {
          id: history.releaseId,
          version: history.selected.version,
          baseVersion,
        });
        await get().openRelease(history.releaseId);
        update({ selected: null });
        await reload(history.releaseId);
        return true;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      }
    },
  };
};
