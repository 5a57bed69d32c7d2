import type { ReleaseSummary } from '../../../shared/domain/release';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** Most releases the trash screen lists at once (the rest follow as the trash empties). */
export const TRASH_PAGE_SIZE = 500;

export interface TrashState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly items: readonly ReleaseSummary[];
  readonly total: number;
  /** Why loading the trash failed. */
  readonly error: UiErrorCode | null;
  /** The release a restore or a deletion is running for. */
  readonly busyId: string | null;
}

export interface TrashSlice {
  trash: TrashState;
  /** Lists the releases in the trash, most recently changed first. */
  loadTrash: () => Promise<void>;
  /** Brings a release back into the archive; the notice area says so. */
  restoreFromTrash: (id: string) => Promise<boolean>;
  /** Deletes a release in the trash for good (the screen asks first); the notice area says so. */
  purgeRelease: (id: string) => Promise<boolean>;
}

export const initialTrashState: TrashState = { status: 'idle', items: [], total: 0, error: null, busyId: null };

export const createTrashSlice: SliceCreator<TrashSlice> = (deps) => (set, get) => {
  let request = 0;
  const headlineOf = (id: string): string => get().trash.items.find((r) => r.id === id)?.headline ?? '';

  /** Runs an action on one release of the trash, then lists the trash again. */
  const act = async (id: string, run: () => Promise<string>, kind: 'restored' | 'purged'): Promise<boolean> => {
    if (get().trash.busyId !== null) return false;
    const known = headlineOf(id);
    set((s) => ({ trash: { ...s.trash, busyId: id } }));
    try {
      const headline = (await run()) || known;
      set((s) => ({
        notice: { kind, releaseId: id, headline },
        trash: { ...s.trash, busyId: null, items: s.trash.items.filter((r) => r.id !== id), total: s.trash.total - 1 },
      }));
      await get().loadTrash();
      return true;
    } catch (error) {
      set((s) => ({ notice: { kind: 'error', code: errorCodeOf(error) }, trash: { ...s.trash, busyId: null } }));
      // Gone meanwhile (deleted or restored elsewhere): the list shows what is there now.
      void get().loadTrash();
      return false;
    }
  };

  return {
    trash: initialTrashState,

    async loadTrash() {
      const mine = ++request;
      set((s) => ({ trash: { ...s.trash, status: 'loading', error: null } }));
      try {
        const page = await deps.api.call('releases.list', { trash: true, limit: TRASH_PAGE_SIZE });
        if (mine !== request) return;
        set((s) => ({ trash: { ...s.trash, status: 'ready', items: page.items, total: page.total, error: null } }));
      } catch (error) {
        if (mine !== request) return;
        set((s) => ({ trash: { ...s.trash, status: 'error', error: errorCodeOf(error) } }));
      }
    },

    restoreFromTrash: (id) =>
      act(id, async () => (await deps.api.call('releases.restore', { id })).headline, 'restored'),

    purgeRelease: (id) =>
      act(
        id,
        async () => {
          await deps.api.call('releases.purge', { id });
          return '';
        },
        'purged',
      ),
  };
};
