import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import type { ReviewCopyFormat } from '../../stores/reviewCopySlice';
import { downloadBytes } from './ExportPanel';

const TYPES: Record<ReviewCopyFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface ReviewCopyActionsProps {
  readonly releaseId: string;
  /** Unsaved changes: the copy shows the saved version, so it waits for a save. Preflight findings do not block it. */
  readonly dirty: boolean;
  /** The id of the status line the buttons are described by. */
  readonly statusId: string;
}

/**
 * „Freigabeexemplar (PDF)“ and „Freigabeexemplar (Word)“: the saved release
 * as a review copy for approval (draft notice, version, line numbers, the
 * quotes with their state), handed over as a download or through the app's
 * save dialog.
 */
export function ReviewCopyButtons({ releaseId, dirty, statusId }: ReviewCopyActionsProps) {
  const { t } = useTranslation();
  const state = useAppStore((s) => s.reviewCopy);
  const exportReviewCopy = useAppStore((s) => s.exportReviewCopy);
  const here = state.releaseId === releaseId;
  const busy = state.status === 'working';
  const button = (format: ReviewCopyFormat) => (
    <button
      type="button"
      onClick={() =>
        void exportReviewCopy(releaseId, format, (name, bytes) => downloadBytes(name, bytes, TYPES[format]))
      }
      disabled={dirty || busy}
      title={t('reviewCopy.hint')}
      aria-describedby={here && state.status !== 'idle' && state.format === format ? statusId : undefined}
    >
      {t(format === 'pdf' ? 'reviewCopy.shortPdf' : 'reviewCopy.shortDocx')}
    </button>
  );
  // One compact row, so the release's details beside the document stay in the first screenful.
  return (
    <span className="review-copy-actions" role="group" aria-label={t('reviewCopy.group')}>
      <span aria-hidden="true">{t('reviewCopy.group')}:</span>
      {/* The group names the buttons' purpose; each says its format. */}
      {button('pdf')}
      {button('docx')}
    </span>
  );
}

/** What became of the last review copy of this release: made, being made, or why not. */
export function ReviewCopyStatus({ releaseId, statusId }: Pick<ReviewCopyActionsProps, 'releaseId' | 'statusId'>) {
  const { t } = useTranslation();
  const state = useAppStore((s) => s.reviewCopy);
  if (state.releaseId !== releaseId) return null;
  if (state.status === 'working')
    return (
      <p role="status" id={statusId}>
        {t('reviewCopy.working')}
      </p>
    );
  if (state.status === 'done' && state.lastFile)
    return (
      <p role="status" id={statusId}>
        {t('reviewCopy.done', { file: state.lastFile, version: state.version })}
      </p>
    );
  if (state.status === 'error' && state.error)
    return (
      <p role="alert" id={statusId}>
        {t('reviewCopy.failed', { reason: t(`errors.${state.error}`) })}
      </p>
    );
  return null;
}
