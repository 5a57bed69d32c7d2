import type { Release } from '../../../shared/domain/release';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** The release shown beside the archive's list: the one the keyboard or the mouse is on. */
export interface ArchivePreviewState {
  readonly id: string | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly release: Release | null;
  readonly error: UiErrorCode | null;
}

export interface PreviewSlice {
  archivePreview: ArchivePreviewState;
  /** Shows `id` beside the list (null: nothing); an older answer never replaces a newer choice. */
  previewRelease: (id: string | null) => Promise<void>;
}

const empty: ArchivePreviewState = { id: null, status: 'idle', release: null, error: null };

export const createPreviewSlice: SliceCreator<PreviewSlice> = (deps) => (set, get) => ({
  archivePreview: empty,
  async previewRelease(id) {
    if (id === get().archivePreview.id) return;
    if (id === null) {
      set({ archivePreview: empty });
      return;
    }
    set((s) => ({ archivePreview: { ...s.archivePreview, id, status: 'loading', error: null } }));
    try {
      const release = await deps.api.call('releases.get', { id });
      if (get().archivePreview.id !== id) return;
      set({ archivePreview: { id, status: 'ready', release, error: null } });
    } catch (error) {
      if (get().archivePreview.id !== id) return;
      set({ archivePreview: { id, status: 'error', release: null, error: errorCodeOf(error) } });
    }
  },
});
