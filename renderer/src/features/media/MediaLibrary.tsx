import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset } from '../../../../shared/domain/asset';
import { assetUrl } from '../../api/client';
import { useAppStore } from '../../stores';

export interface MediaAction {
  readonly label: string;
  readonly run: (asset: Asset) => void;
}

export interface MediaLibraryProps {
  readonly onClose: () => void;
  /** What can be done with a picked image (insert into the body, use as lead image). */
  readonly actions: readonly MediaAction[];
}

/**
 * All stored images with thumbnails, searchable by caption, credit and
 * creator, with where each is used. Picking one copies its caption, credit
 * and alt text as defaults; from then on they belong to the figure.
 */
export function MediaLibrary({ onClose, actions }: MediaLibraryProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const media = useAppStore((s) => s.media);
  const searchMedia = useAppStore((s) => s.searchMedia);
  const loadUsage = useAppStore((s) => s.loadUsage);
  const [query, setQuery] = useState(media.query);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open && typeof dialog.showModal === 'function') dialog.showModal();
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void searchMedia(query), 200);
    return () => clearTimeout(timer);
  }, [query, searchMedia]);

  return (
    <dialog
      ref={ref}
      className="dialog media-library"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="media-library-bar">
        <h2 id={titleId}>{t('media.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('media.close')}
        </button>
      </div>
      <label>
        {t('media.search')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <p role="status">{media.status === 'loading' ? t('media.loading') : t('media.count', { count: media.total })}</p>
      <ul className="media-grid">
        {media.items.map((asset) => (
          <li key={asset.id} className="media-item">
            <img src={assetUrl(asset.id, 'thumb')} alt={asset.alt} loading="lazy" />
            <p className="media-caption">{asset.caption || asset.originalName}</p>
            <p className="media-credit">{asset.credit || asset.creator || t('media.noCredit')}</p>
            <p className="media-size">
              {asset.width} × {asset.height}
            </p>
            {media.usage[asset.id] ? (
              <p className="media-usage">
                {media.usage[asset.id]!.length === 0
                  ? t('media.unused')
                  : t('media.usedIn', {
                      list: media.usage[asset.id]!.map((u) => u.headline || t('media.untitled')).join(', '),
                    })}
              </p>
            ) : (
              <button type="button" className="link-button" onClick={() => void loadUsage(asset.id)}>
                {t('media.showUsage')}
              </button>
            )}
            <div className="media-actions">
              {actions.map((a) => (
                <button key={a.label} type="button" onClick={() => a.run(asset)}>
                  {a.label}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </dialog>
  );
}
