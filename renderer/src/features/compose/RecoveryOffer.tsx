import { useTranslation } from 'react-i18next';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';

/** Unsaved text from an earlier session of this release, offered back to the user. */
export function RecoveryOffer() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const recovery = useAppStore((s) => s.compose.recovery);
  const acceptRecovery = useAppStore((s) => s.acceptRecovery);
  const dismissRecovery = useAppStore((s) => s.dismissRecovery);
  if (!recovery) return null;
  return (
    <div className="notice recovery-offer" role="alert">
      <p>
        <strong>{t('compose.recovery.title')}</strong>{' '}
        {t('compose.recovery.body', { date: formatOfficeDateTime(recovery.keptAt, locale) })}
      </p>
      <button type="button" className="primary" onClick={acceptRecovery}>
        {t('compose.recovery.accept')}
      </button>
      <button type="button" onClick={dismissRecovery}>
        {t('compose.recovery.dismiss')}
      </button>
    </div>
  );
}
