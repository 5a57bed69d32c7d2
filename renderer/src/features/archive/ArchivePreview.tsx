import { useTranslation } from 'react-i18next';
import { clipText, documentToPlainText } from '../../../../shared/document';
import { assetUrl } from '../../api/client';
import { EmbargoBadge } from '../../components/EmbargoBadge';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';

/** How much of the body the preview shows. */
const BODY_PREVIEW_CHARS = 1200;

/**
 * The release the keyboard or the mouse is on in the list, beside it: the
 * top of the page it makes (topic, headline, subheadline, teaser, lead
 * image), the start of its text, its status and dates — so a press officer
 * can scan the archive without opening every release.
 */
export function ArchivePreview() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const preview = useAppStore((s) => s.archivePreview);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const release = preview.release;
  return (
    <aside className="archive-preview" aria-label={t('archive.preview.label')} data-region="preview">
      {preview.status === 'idle' && <p className="hint">{t('archive.preview.empty')}</p>}
      {preview.status === 'loading' && !release && <p className="hint">{t('archive.preview.loading')}</p>}
      {preview.status === 'error' && preview.error && (
        <p className="error-box" role="alert">
          {t(`errors.${preview.error}`)}
        </p>
      )}
      {release && (
        <article lang={release.language} dir="auto" aria-busy={preview.status === 'loading'}>
          <p className="preview-meta">
            <span className={`status-badge status-${release.status}`}>{t(`status.${release.status}`)}</span>
            <EmbargoBadge until={release.embargoUntil} />
            <time dateTime={release.publishedAt ?? release.updatedAt}>
              {formatOfficeDateTime(release.publishedAt ?? release.updatedAt, locale)}
            </time>
          </p>
          {release.topic && <p className="preview-topic">{release.topic}</p>}
          <h2 className="preview-headline">{release.headline || t('archive.untitled')}</h2>
          {release.subheadline && <p className="preview-subheadline">{release.subheadline}</p>}
          {release.leadImage && (
            <img
              className="preview-image"
              src={assetUrl(release.leadImage.assetId, 'thumb')}
              alt={release.leadImage.alt}
            />
          )}
          {release.teaser && <p className="preview-teaser">{release.teaser}</p>}
          <p className="preview-body">{clipText(documentToPlainText(release.body), BODY_PREVIEW_CHARS)}</p>
          {release.tags.length > 0 && <p className="preview-tags">{release.tags.join(' · ')}</p>}
          <button
            type="button"
            className="primary"
            onClick={() => requestNavigation({ screen: 'compose', releaseId: release.id })}
          >
            {t('archive.preview.open')}
          </button>
        </article>
      )}
    </aside>
  );
}
