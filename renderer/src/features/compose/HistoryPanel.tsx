import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';
import { comparableText, WordDiff } from './WordDiff';

/** The button that opens the history of the open release. */
export function HistoryButton() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.history.releaseId !== null);
  const openHistory = useAppStore((s) => s.openHistory);
  const closeHistory = useAppStore((s) => s.closeHistory);
  return (
    <button type="button" aria-expanded={open} onClick={() => (open ? closeHistory() : void openHistory())}>
      {t('history.open')}
    </button>
  );
}

/** Kept revisions (time, status, words), a word diff against the current text, and restore. */
export function HistoryPanel() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const history = useAppStore((s) => s.history);
  const draft = useAppStore((s) => s.compose.draft);
  const selectRevision = useAppStore((s) => s.selectRevision);
  const restore = useAppStore((s) => s.restoreSelectedRevision);
  const headingId = useId();
  if (history.releaseId === null) return null;
  const selected = history.selected;
  return (
    <section className="history-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.title')}</h2>
      {history.error && (
        <p className="error-box" role="alert">
          {t(`errors.${history.error}`)}
        </p>
      )}
      {history.status === 'loading' && <p role="status">{t('history.loading')}</p>}
      <ol className="history-list">
        {history.items.map((item) => (
          <li key={item.version}>
            <button
              type="button"
              aria-pressed={selected?.version === item.version}
              onClick={() => void selectRevision(item.version)}
            >
              {t('history.item', {
                version: item.version,
                date: formatOfficeDateTime(item.createdAt, locale),
                status: t(`status.${item.status}`),
                count: item.words,
              })}
            </button>
          </li>
        ))}
      </ol>
      {selected && (
        <div className="history-compare">
          <h3>{t('history.compareTitle', { version: selected.version })}</h3>
          <WordDiff
            before={comparableText(selected)}
            after={comparableText(draft)}
            label={t('history.diffLabel', { version: selected.version })}
          />
          <button type="button" className="primary" onClick={() => void restore()}>
            {t('history.restore', { version: selected.version })}
          </button>
          <p className="hint">{t('history.restoreHint')}</p>
        </div>
      )}
    </section>
  );
}
