import { useTranslation } from 'react-i18next';
import { useAppStore } from '../stores';

/** Confirmations and errors of actions that led to the archive (trash, restore, delete for good), and why a command did nothing. */
export function NoticeBar() {
  const { t } = useTranslation();
  const notice = useAppStore((s) => s.notice);
  const dismiss = useAppStore((s) => s.dismissNotice);
  const restore = useAppStore((s) => s.restoreRelease);

  let text = '';
  if (notice?.kind === 'error') text = t(`errors.${notice.code}`);
  else if (notice?.kind === 'exportUnavailable')
    text = notice.reason === 'unsaved' ? t('export.commandUnsaved') : t('export.commandNoRelease');
  else if (notice) {
    const headline = notice.headline || t('archive.untitled');
    text =
      notice.kind === 'trashed'
        ? t('archive.trashed', { headline })
        : notice.kind === 'purged'
          ? t('trash.purged', { headline })
          : t('archive.restored', { headline });
  }

  return (
    <div className="notice-region" role="status">
      {notice && (
        <div className={notice.kind === 'error' ? 'notice notice-error' : 'notice'}>
          <p>{text}</p>
          {notice.kind === 'trashed' && (
            <button type="button" onClick={() => void restore(notice.releaseId)}>
              {t('archive.undoTrash')}
            </button>
          )}
          <button type="button" className="quiet" onClick={dismiss}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
