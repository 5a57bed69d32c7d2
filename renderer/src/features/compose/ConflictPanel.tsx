import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';
import { comparableText, WordDiff } from './WordDiff';

/** Both versions after a conflicting save, with the word diff, until the user chooses. */
export function ConflictPanel() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const theirs = useAppStore((s) => s.compose.conflict?.theirs ?? null);
  const draft = useAppStore((s) => s.compose.draft);
  const resolveConflict = useAppStore((s) => s.resolveConflict);
  const headingId = useId();
  if (!theirs) return null;
  const theirsText = comparableText(theirs);
  const mineText = comparableText(draft);
  return (
    <section className="conflict-panel error-box" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('compose.conflict.title')}</h2>
      <p>{t('compose.conflict.body', { date: formatOfficeDateTime(theirs.updatedAt, locale) })}</p>
      <div className="conflict-versions">
        <div className="conflict-version">
          <h3>{t('compose.conflict.theirs')}</h3>
          <p className="conflict-text">{theirsText}</p>
        </div>
        <div className="conflict-version">
          <h3>{t('compose.conflict.mine')}</h3>
          <p className="conflict-text">{mineText}</p>
        </div>
      </div>
      <h3>{t('compose.conflict.changes')}</h3>
      <WordDiff before={theirsText} after={mineText} label={t('compose.conflict.changes')} />
      <div className="conflict-actions">
        <button type="button" className="primary" onClick={() => void resolveConflict('mine')}>
          {t('compose.overwrite')}
        </button>
        <button type="button" onClick={() => void resolveConflict('theirs')}>
          {t('compose.conflict.takeTheirs')}
        </button>
      </div>
      <p className="hint">{t('compose.overwriteHint')}</p>
    </section>
  );
}
