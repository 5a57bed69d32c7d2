import type { ReleaseSummary } from '../../../shared/domain/release';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** Releases fetched per page; the archive can hold 100,000. */
export const ARCHIVE_PAGE_SIZE = 100;

export interface ArchiveState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly items: readonly ReleaseSummary[];
  readonly total: number;
  readonly error: UiErrorCode | null;
  readonly loadingMore: boolean;
}

export interface ArchiveSlice {
  archive: ArchiveState;
  /** Loads the first page of releases, newest first, as the engine orders them. */
  loadArchive: () => Promise<void>;
  /** Appends the next page. */
  loadMoreArchive: () => Promise<void>;
  /** Brings a release back from the trash and refreshes the list. */
  restoreRelease: (id: string) => Promise<boolean>;
}

export const initialArchiveState: ArchiveState = {
  status: 'idle',
  items: [],
  total: 0,
  error: null,
  loadingMore: false,
};

export const createArchiveSlice: SliceCreator<ArchiveSlice> = (deps) => (set, get) => {
  // Answers to an older request are dropped so a slow response cannot overwrite a newer list.
  let request = 0;

  return {
    archive: initialArchiveState,

    async loadArchive() {
      const mine = ++request;
      set((s) => ({ archive: { ...s.archive, status: 'loading', error: null, loadingMore: false } }));
      try {
        const page = await deps.api.call('releases.list', { limit: ARCHIVE_PAGE_SIZE, offset: 0 });
        if (mine !== request) return;
        set({ archive: { status: 'ready', items: page.items, total: page.total, error: null, loadingMore: false } });
      } catch (error) {
        if (mine !== request) return;
        set((s) => ({ archive: { ...s.archive, status: 'error', error: errorCodeOf(error) } }));
      }
    },

    async loadMoreArchive() {
      const { archive } = get();
      if (archive.status !== 'ready' || archive.loadingMore || archive.items.length >= archive.total) return;
      const mine = ++request;
      set({ archive: { ...archive, loadingMore: true, error: null } });
      try {
        const page = await deps.api.call('releases.list', { limit: ARCHIVE_PAGE_SIZE, offset: archive.items.length });
        if (mine !== request) return;
        const known = new Set(archive.items.map((r) => r.id));
        const items = [...archive.items, ...page.items.filter((r) => !known.has(r.id))];
        set({ archive: { status: 'ready', items, total: page.total, error: null, loadingMore: false } });
      } catch (error) {
        if (mine !== request) return;
        set((s) => ({ archive: { ...s.archive, loadingMore: false, error: errorCodeOf(error) } }));
      }
    },

    async restoreRelease(id) {
      try {
        const release = await deps.api.call('releases.restore', { id });
        set({ notice: { kind: 'restored', releaseId: id, headline: release.headline } });
        await get().loadArchive();
        return true;
      } catch (error) {
        set({ notice: { kind: 'error', code: errorCodeOf(error) } });
        return false;
      }
    },
  };
};
