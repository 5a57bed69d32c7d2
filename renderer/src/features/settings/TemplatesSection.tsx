import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';

/** The named templates, each with its delete button. */
export function TemplatesSection() {
  const { t } = useTranslation();
  const templates = useAppStore((s) => s.templates);
  const loadTemplates = useAppStore((s) => s.loadTemplates);
  const deleteTemplate = useAppStore((s) => s.deleteTemplate);
  const headingId = useId();
  useEffect(() => {
    void loadTemplates();
  }, [loadTemplates]);
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settings.templates.title')}</h2>
      {templates.items.length === 0 ? (
        <p className="hint">{t('settings.templates.empty')}</p>
      ) : (
        <ul className="template-list" aria-label={t('settings.templates.listLabel')}>
          {templates.items.map((template) => (
            <li key={template.id}>
              <span>{template.name}</span>{' '}
              <button type="button" className="danger" onClick={() => void deleteTemplate(template.id)}>
                {t('settings.templates.delete', { name: template.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
