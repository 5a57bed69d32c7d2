import { useTranslation } from 'react-i18next';
import {
  UI_LANGUAGE_CHOICES,
  setUiLanguageChoice,
  systemUiLanguage,
  useUiLanguageChoice,
  type UiLanguageChoice,
} from '../../i18n';

/** The interface language: follow the system, or always German or English. */
export function LanguageSetting() {
  const { t } = useTranslation();
  const choice = useUiLanguageChoice();
  const label = (option: UiLanguageChoice): string =>
    option === 'system'
      ? t('settings.language.system', { language: t(`app.language.${systemUiLanguage()}`) })
      : t(`app.language.${option}`);
  return (
    <section className="settings-language">
      <fieldset>
        <legend>
          <h2>{t('settings.language.heading')}</h2>
        </legend>
        <p className="hint">{t('settings.language.intro')}</p>
        {UI_LANGUAGE_CHOICES.map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name="ui-language"
              value={option}
              checked={choice === option}
              onChange={() => setUiLanguageChoice(option)}
            />{' '}
            <span lang={option === 'system' ? undefined : option}>{label(option)}</span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
