import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { languageEndonym } from '../../../lib/format';
import { useAppStore } from '../../../stores';

/** Languages offered for a release besides German and English (press offices publish in these). */
const OTHER_LANGUAGES = ['ar', 'es', 'fa', 'fr', 'it', 'pl', 'ru', 'tr', 'uk'];

/** The release's language: German and English first, then the others by their own names. */
export function LanguageField() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.compose.draft.language);
  const setField = useAppStore((s) => s.setField);
  const id = useId();
  const known = ['de', 'en', ...OTHER_LANGUAGES];
  return (
    <div className="field field-language">
      <label htmlFor={id}>{t('compose.fields.language')}</label>
      <select id={id} value={language} onChange={(event) => setField('language', event.target.value)}>
        <option value="de" lang="de">
          {languageEndonym('de')}
        </option>
        <option value="en" lang="en">
          {languageEndonym('en')}
        </option>
        {!known.includes(language) && (
          <option value={language} lang={language}>
            {languageEndonym(language)}
          </option>
        )}
        <optgroup label={t('compose.otherLanguages')}>
          {OTHER_LANGUAGES.map((tag) => (
            <option key={tag} value={tag} lang={tag}>
              {languageEndonym(tag)}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}
