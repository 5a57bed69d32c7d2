import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReleaseSummary } from '../../../../shared/domain/release';
import { Dialog } from '../../components/Dialog';
import { NoticeBar } from '../../components/Notice';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';

/** The releases in the trash: each can be restored, or deleted for good after a question naming it. */
export function TrashScreen() {
  const { t } = useTranslation();
  const navigations = useAppStore((s) => s.navigations);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const trash = useAppStore((s) => s.trash);
  const loadTrash = useAppStore((s) => s.loadTrash);
  const heading = useRef<HTMLHeadingElement>(null);
  const [asking, setAsking] = useState<ReleaseSummary | null>(null);

  useEffect(() => {
    // After a navigation focus goes to the screen's heading, so screen readers announce it.
    if (navigations > 1) heading.current?.focus();
  }, [navigations]);

  return (
    <main id="main" className="screen trash-screen" tabIndex={-1}>
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('trash.title')}
        </h1>
        <button type="button" onClick={() => requestNavigation({ screen: 'archive' })}>
          {t('trash.back')}
        </button>
      </div>
      <NoticeBar />
      <p className="trash-hint">{t('trash.hint')}</p>
      {trash.status === 'error' ? (
        <div className="state-message error-box" role="alert">
          <p>
            <strong>{t('trash.loadError')}</strong> {trash.error && t(`errors.${trash.error}`)}
          </p>
          <button type="button" onClick={() => void loadTrash()}>
            {t('common.retry')}
          </button>
        </div>
      ) : (trash.status === 'loading' || trash.status === 'idle') && trash.items.length === 0 ? (
        <p className="state-message" role="status">
          {t('trash.loading')}
        </p>
      ) : trash.items.length === 0 ? (
        <div className="state-message empty-state" role="status">
          <h2>{t('trash.emptyTitle')}</h2>
          <p>{t('trash.emptyBody')}</p>
        </div>
      ) : (
        <section aria-labelledby="trash-list-heading">
          <h2 id="trash-list-heading" className="list-heading" aria-live="polite">
            {t('trash.count', { count: trash.total })}
          </h2>
          <ul className="trash-list" aria-label={t('trash.listLabel')}>
            {trash.items.map((release) => (
              <TrashRow key={release.id} release={release} onPurge={() => setAsking(release)} />
            ))}
          </ul>
        </section>
      )}
      <PurgeDialog release={asking} onClose={() => setAsking(null)} />
    </main>
  );
}

function TrashRow({ release, onPurge }: { release: ReleaseSummary; onPurge: () => void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const restore = useAppStore((s) => s.restoreFromTrash);
  const busy = useAppStore((s) => s.trash.busyId !== null);
  const headline = release.headline || t('archive.untitled');
  const when = release.deletedAt ?? release.updatedAt;
  return (
    <li className="trash-row">
      <span className={release.headline ? 'row-headline' : 'row-headline untitled'} dir="auto" lang={release.language}>
        {headline}
      </span>
      <span className="row-meta">
        <span className={`status-badge status-${release.status}`}>{t(`status.${release.status}`)}</span>{' '}
        <time dateTime={when}>{t('trash.trashedOn', { date: formatOfficeDateTime(when, locale) })}</time>
      </span>
      <span className="row-actions">
        <button
          type="button"
          disabled={busy}
          aria-label={t('trash.restoreFor', { headline })}
          onClick={() => void restore(release.id)}
        >
          {t('trash.restore')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          aria-label={t('trash.purgeFor', { headline })}
          onClick={onPurge}
        >
          {t('trash.purge')}
        </button>
      </span>
    </li>
  );
}

/** „Delete … for good?“, naming the release; Cancel has the focus, Escape cancels. */
function PurgeDialog({ release, onClose }: { release: ReleaseSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const purge = useAppStore((s) => s.purgeRelease);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const headline = release ? release.headline || t('archive.untitled') : '';
  return (
    <Dialog
      open={release !== null}
      title={t('trash.confirm.title', { headline })}
      description={t('trash.confirm.body', { headline })}
      onCancel={onClose}
      initialFocus={cancelButton}
    >
      <button
        type="button"
        className="danger"
        onClick={() => {
          const id = release?.id;
          onClose();
          if (id) void purge(id);
        }}
      >
        {t('trash.confirm.confirm')}
      </button>
      <button ref={cancelButton} type="button" onClick={onClose}>
        {t('trash.confirm.cancel')}
      </button>
    </Dialog>
  );
}
