import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, setUiLanguage, type UiLanguage } from '../i18n';

/** DE | EN in the header; the choice is remembered on this machine. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const names: Record<UiLanguage, string> = { de: t('app.language.de'), en: t('app.language.en') };
  return (
    <div className="language-switch" role="group" aria-label={t('app.language.label')}>
      {UI_LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          // The visible code first, so that the name spoken and the text shown agree.
          aria-label={`${language.toUpperCase()} – ${names[language]}`}
          title={names[language]}
          aria-pressed={i18n.language === language}
          onClick={() => setUiLanguage(language)}
        >
          {language.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
