import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export type ReviewCopyFormat = 'pdf' | 'docx';

export interface ReviewCopyState {
  /** The release the state belongs to. */
  readonly releaseId: string | null;
  readonly status: 'idle' | 'working' | 'done' | 'error';
  /** The format being made or last made. */
  readonly format: ReviewCopyFormat | null;
  readonly error: UiErrorCode | null;
  /** The file name of the last copy handed over, with the version it shows. */
  readonly lastFile: string | null;
  readonly version: number;
}

export interface ReviewCopySlice {
  reviewCopy: ReviewCopyState;
  /**
   * Makes the saved release's review copy („Freigabeexemplar“) as PDF or
   * Word file and hands it to `save` (the browser's download; the app asks
   * where to save it). Preflight findings do not block it.
   */
  exportReviewCopy: (
    releaseId: string,
    format: ReviewCopyFormat,
    save: (fileName: string, bytes: Uint8Array) => void,
  ) => Promise<boolean>;
}

export const initialReviewCopyState: ReviewCopyState = {
  releaseId: null,
  status: 'idle',
  format: null,
  error: null,
  lastFile: null,
  version: 0,
};

export const createReviewCopySlice: SliceCreator<ReviewCopySlice> = (deps) => (set, get) => ({
  reviewCopy: initialReviewCopyState,

  async exportReviewCopy(releaseId, format, save) {
    if (get().reviewCopy.status === 'working') return false;
    set({ reviewCopy: { ...initialReviewCopyState, releaseId, format, status: 'working' } });
    try {
      const copy = await deps.api.call('export.reviewCopy', { id: releaseId, format });
      // Another release was opened meanwhile: its panel does not show this one's copy.
      if (get().reviewCopy.releaseId !== releaseId) return false;
      save(copy.fileName, copy.bytes);
      set({
        reviewCopy: { releaseId, format, status: 'done', error: null, lastFile: copy.fileName, version: copy.version },
      });
      return true;
    } catch (error) {
      if (get().reviewCopy.releaseId === releaseId) {
        set({
          reviewCopy: { ...initialReviewCopyState, releaseId, format, status: 'error', error: errorCodeOf(error) },
        });
      }
      return false;
    }
  },
});
