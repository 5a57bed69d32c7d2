import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalSettingKey } from '../../../../shared/domain/approval';
import { useAppStore } from '../../stores';

const RULES: readonly { key: ApprovalSettingKey; field: 'fourEyes' | 'quotes' }[] = [
  { key: 'approval.fourEyes', field: 'fourEyes' },
  { key: 'approval.quotes', field: 'quotes' },
];

/** The office's approval rules (settings): four-eyes, and approved quotes before publishing. Stored at once. */
export function ApprovalRulesSection() {
  const { t } = useTranslation();
  const rules = useAppStore((s) => s.approvalRules);
  const load = useAppStore((s) => s.loadApprovalRules);
  const save = useAppStore((s) => s.saveApprovalRule);
  const headingId = useId();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby={headingId} className="approval-rules">
      <h2 id={headingId}>{t('approval.rules.heading')}</h2>
      <p className="hint">{t('approval.rules.intro')}</p>
      {RULES.map(({ key, field }) => (
        <div key={key} className="field field-checkbox">
          <label>
            <input
              type="checkbox"
              checked={rules[field] ?? true}
              disabled={rules[field] === null}
              onChange={(e) => void save(key, e.target.checked)}
            />{' '}
            {t(`approval.rules.${field}`)}
          </label>
          <p className="hint">{t(`approval.rules.${field}Hint`)}</p>
        </div>
      ))}
      {rules.error && (
        <p className="error-box" role="alert">
          {t(`errors.${rules.error}`)}
        </p>
      )}
    </section>
  );
}
