import { useTranslation } from 'react-i18next';
import { embargoRunning } from '../../../shared/domain/publicity';
import { useUiLocale } from '../i18n';
import { formatOfficeDateTimeWithZone } from '../lib/format';

/**
 * „Sperrfrist bis …“ while an embargo runs, wherever a release is shown: the
 * one thing a press officer must never overlook. Nothing once it has passed.
 */
export function EmbargoBadge({ until, now }: { until: string | null | undefined; now?: Date }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  if (!until || !embargoRunning(until, now ?? new Date())) return null;
  return (
    <span className="embargo-badge">{t('embargo.until', { time: formatOfficeDateTimeWithZone(until, locale) })}</span>
  );
}
