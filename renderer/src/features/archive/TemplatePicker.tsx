import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';

/** „Neue Meldung“ from a named template: shown once there are templates. */
export function TemplatePicker() {
  const { t } = useTranslation();
  const items = useAppStore((s) => s.templates.items);
  const error = useAppStore((s) => s.templates.error);
  const loadTemplates = useAppStore((s) => s.loadTemplates);
  const newFromTemplate = useAppStore((s) => s.newFromTemplate);
  const id = useId();
  useEffect(() => {
    void loadTemplates();
  }, [loadTemplates]);
  if (items.length === 0) return null;
  return (
    <div className="template-picker">
      <label htmlFor={id} className="visually-hidden">
        {t('archive.fromTemplate')}
      </label>
      <select
        id={id}
        value=""
        onChange={(event) => {
          if (event.target.value) void newFromTemplate(event.target.value);
        }}
      >
        <option value="">{t('archive.fromTemplateChoose')}</option>
        {items.map((template) => (
          <option key={template.id} value={template.id}>
            {template.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="hint hint-error" role="alert">
          {t(`errors.${error}`)}
        </p>
      )}
    </div>
  );
}
