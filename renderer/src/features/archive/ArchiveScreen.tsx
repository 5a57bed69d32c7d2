import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReleaseSummary } from '../../../../shared/domain/release';
import { NoticeBar } from '../../components/Notice';
import { RecoverableList } from '../compose/RecoverableList';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { ariaShortcut, formatShortcut } from '../../lib/shortcuts';
import { useAppStore } from '../../stores';

const NEW_RELEASE_SHORTCUT = 'Mod-n';

/** The list of releases, newest first, with a way to start a new one. */
export function ArchiveScreen() {
  const { t } = useTranslation();
  const navigations = useAppStore((s) => s.navigations);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // After a navigation (not at start) focus goes to the new screen's heading, so screen readers announce it.
    if (navigations > 1) heading.current?.focus();
  }, [navigations]);

  const keys = formatShortcut(NEW_RELEASE_SHORTCUT, { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') });
  return (
    <main id="main" className="screen archive-screen" tabIndex={-1}>
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('archive.title')}
        </h1>
        <button
          type="button"
          className="primary"
          title={t('common.withShortcut', { label: t('archive.newRelease'), keys })}
          aria-keyshortcuts={ariaShortcut(NEW_RELEASE_SHORTCUT)}
          onClick={() => requestNavigation({ screen: 'compose', releaseId: null })}
        >
          {t('archive.newRelease')}
        </button>
      </div>
      <NoticeBar />
      <RecoverableList />
      <ArchiveContent />
    </main>
  );
}

function ArchiveContent() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.archive.status);
  const items = useAppStore((s) => s.archive.items);
  const total = useAppStore((s) => s.archive.total);
  const error = useAppStore((s) => s.archive.error);
  const loadingMore = useAppStore((s) => s.archive.loadingMore);
  const loadArchive = useAppStore((s) => s.loadArchive);
  const loadMore = useAppStore((s) => s.loadMoreArchive);

  if ((status === 'loading' || status === 'idle') && items.length === 0) {
    return (
      <p className="state-message" role="status">
        {t('archive.loading')}
      </p>
    );
  }
  if (status === 'error') {
    return (
      <div className="state-message error-box" role="alert">
        <p>
          <strong>{t('archive.loadError')}</strong> {error && t(`errors.${error}`)}
        </p>
        <button type="button" onClick={() => void loadArchive()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (items.length === 0) {
    return (
      <div className="state-message empty-state">
        <h2>{t('archive.emptyTitle')}</h2>
        <p>{t('archive.emptyBody')}</p>
      </div>
    );
  }
  return (
    <section aria-labelledby="archive-list-heading">
      <h2 id="archive-list-heading" className="list-heading">
        {t('archive.count', { count: total })}
      </h2>
      <ul className="release-list" aria-label={t('archive.listLabel')}>
        {items.map((release) => (
          <ReleaseRow key={release.id} release={release} />
        ))}
      </ul>
      {items.length < total && (
        <div className="list-footer">
          <p>{t('archive.shown', { shown: items.length, total })}</p>
          <button type="button" onClick={() => void loadMore()} aria-busy={loadingMore}>
            {loadingMore ? t('archive.loadingMore') : t('archive.loadMore')}
          </button>
        </div>
      )}
      {error && (
        <div className="error-box" role="alert">
          <p>{t(`errors.${error}`)}</p>
          <button type="button" onClick={() => void loadMore()}>
            {t('common.retry')}
          </button>
        </div>
      )}
    </section>
  );
}

function ReleaseRow({ release }: { release: ReleaseSummary }) {
  const { t } = useTranslation();
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const locale = useUiLocale();
  const when = release.publishedAt ?? release.updatedAt;
  const date = formatOfficeDateTime(when, locale);
  return (
    <li>
      <button
        type="button"
        className="release-row"
        onClick={() => requestNavigation({ screen: 'compose', releaseId: release.id })}
      >
        {release.headline ? (
          <span className="row-headline" dir="auto" lang={release.language}>
            {release.headline}
          </span>
        ) : (
          <span className="row-headline untitled">{t('archive.untitled')}</span>
        )}
        <span className="row-topic" dir="auto">
          {release.topic || t('archive.noTopic')}
        </span>
        <span className="row-meta">
          <span className={`status-badge status-${release.status}`}>{t(`status.${release.status}`)}</span>{' '}
          <time dateTime={when}>
            {release.publishedAt ? t('archive.publishedOn', { date }) : t('archive.updatedOn', { date })}
          </time>
        </span>
      </button>
    </li>
  );
}
