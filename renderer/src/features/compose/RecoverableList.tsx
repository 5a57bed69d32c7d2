import { useTranslation } from 'react-i18next';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';

/** After a restart: texts that could not be saved, each reopened with one action (the compose screen offers them). */
export function RecoverableList() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const recoverable = useAppStore((s) => s.compose.recoverable);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  if (recoverable.length === 0) return null;
  return (
    <section className="notice recoverable-list" role="alert">
      <p>
        <strong>{t('recovery.title')}</strong> {t('recovery.body')}
      </p>
      <ul>
        {recoverable.map((entry) => {
          const headline = entry.draft.headline.trim() || t('recovery.untitled');
          return (
            <li key={entry.releaseId ?? 'new'}>
              <button
                type="button"
                onClick={() => requestNavigation({ screen: 'compose', releaseId: entry.releaseId })}
              >
                {t('recovery.open', { headline })}
              </button>{' '}
              <span className="hint">{formatOfficeDateTime(entry.keptAt, locale)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
