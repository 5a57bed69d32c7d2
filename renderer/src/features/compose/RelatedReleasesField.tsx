import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notPublicReason } from '../../../../shared/domain/publicity';
import { MAX_RELATED_RELEASES } from '../../../../shared/domain/release';
import { EmbargoBadge } from '../../components/EmbargoBadge';
import { useAppStore } from '../../stores';
import type { RelatedCard } from '../../stores/relatedSlice';
import { useFocusTarget } from './focusTargets';

/** A candidate's status, its running embargo, and whether the export will leave it out. */
function CardState({ card }: { card: RelatedCard | undefined }) {
  const { t } = useTranslation();
  if (!card?.status || card.missing) return null;
  const hidden =
    notPublicReason({ status: card.status, deletedAt: null, embargoUntil: card.embargoUntil ?? null }, new Date()) !==
    null;
  return (
    <span className="related-state">
      <span className={`status-badge status-${card.status}`}>{t(`status.${card.status}`)}</span>
      <EmbargoBadge until={card.embargoUntil} />
      {hidden ? <span className="related-not-public">{t('compose.related.notPublic')}</span> : null}
    </span>
  );
}

/**
 * Weitere Meldungen: other releases of the archive, shown as teaser cards in
 * the export and its preview. Picked from an archive search; stored with the
 * release like every other field.
 */
export function RelatedReleasesField() {
  const { t } = useTranslation();
  const ids = useAppStore((s) => s.compose.draft.relatedReleaseIds);
  const selfId = useAppStore((s) => s.compose.releaseId);
  const picker = useAppStore((s) => s.relatedPicker);
  const setFields = useAppStore((s) => s.setFields);
  const searchRelated = useAppStore((s) => s.searchRelated);
  const describeRelated = useAppStore((s) => s.describeRelated);
  const [query, setQuery] = useState('');
  const headingId = useId();
  const searchId = useId();
  const hintId = useId();
  const target = useFocusTarget<HTMLInputElement>('relatedReleaseIds');

  useEffect(() => {
    void describeRelated(ids);
  }, [ids, describeRelated]);

  const full = ids.length >= MAX_RELATED_RELEASES;
  const name = (id: string): string => {
    const card = picker.known[id];
    if (!card) return '…';
    if (card.missing) return t('compose.related.missing');
    return card.headline || t('compose.related.untitled');
  };
  const search = (): void => void searchRelated(query);

  return (
    <fieldset className="field related-releases" aria-labelledby={headingId}>
      <legend id={headingId}>{t('compose.fields.relatedReleases')}</legend>
      <p id={hintId} className="hint">
        {t('compose.related.hint', { max: MAX_RELATED_RELEASES })}
      </p>
      {ids.length > 0 ? (
        <ol className="related-chosen" aria-label={t('compose.related.chosen')}>
          {ids.map((id, index) => (
            <li key={id}>
              <span className="related-headline">{name(id)}</span>
              {picker.known[id]?.topic ? <span className="related-topic">{picker.known[id].topic}</span> : null}
              <CardState card={picker.known[id]} />
              <span className="related-buttons">
                <button
                  type="button"
                  disabled={index === 0}
                  aria-label={t('compose.related.up', { headline: name(id) })}
                  onClick={() => setFields({ relatedReleaseIds: move(ids, index, -1) })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={index === ids.length - 1}
                  aria-label={t('compose.related.down', { headline: name(id) })}
                  onClick={() => setFields({ relatedReleaseIds: move(ids, index, 1) })}
                >
                  ↓
                </button>
                <button
                  type="button"
                  onClick={() => setFields({ relatedReleaseIds: ids.filter((x) => x !== id) })}
                  aria-label={t('compose.related.remove', { headline: name(id) })}
                >
                  {t('compose.related.removeShort')}
                </button>
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="related-none">{t('compose.related.none')}</p>
      )}
      <div className="related-search" role="search">
        <label htmlFor={searchId}>{t('compose.related.search')}</label>
        <input
          ref={target}
          id={searchId}
          type="search"
          autoComplete="off"
          value={query}
          aria-describedby={hintId}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              search();
            }
          }}
        />
        <button type="button" onClick={search}>
          {t('compose.related.searchButton')}
        </button>
      </div>
      <p role="status" className="related-status">
        {picker.status === 'searching' ? t('compose.related.searching') : null}
        {picker.status === 'ready' ? t('compose.related.hits', { count: picker.hits.length }) : null}
        {picker.status === 'error' && picker.error ? t(`errors.${picker.error}`) : null}
      </p>
      {picker.status === 'ready' && picker.hits.length > 0 ? (
        <ul className="related-hits" aria-label={t('compose.related.results')}>
          {picker.hits.map((hit) => {
            const chosen = ids.includes(hit.id);
            const self = hit.id === selfId;
            const headline = hit.headline || t('compose.related.untitled');
            return (
              <li key={hit.id}>
                <span className="related-headline">{headline}</span>
                {hit.topic ? <span className="related-topic">{hit.topic}</span> : null}
                <CardState card={hit} />
                <button
                  type="button"
                  disabled={chosen || self || full}
                  aria-label={t(
                    chosen ? 'compose.related.addedLabel' : self ? 'compose.related.selfLabel' : 'compose.related.add',
                    { headline },
                  )}
                  onClick={() => setFields({ relatedReleaseIds: [...ids, hit.id] })}
                >
                  {chosen
                    ? t('compose.related.added')
                    : self
                      ? t('compose.related.self')
                      : t('compose.related.addShort')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </fieldset>
  );
}

function move(ids: readonly string[], index: number, by: -1 | 1): string[] {
  const next = [...ids];
  const [item] = next.splice(index, 1);
  next.splice(index + by, 0, item!);
  return next;
}
