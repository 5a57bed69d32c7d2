import type { i18n as I18n } from 'i18next';
import { isUiLanguage, type UiLanguage } from './index';

/**
 * Reports the interface language to the host now and after every change, so
 * that the Electron app's menus speak the same language as the page. How the
 * language is chosen (system, override) is not this module's business: it
 * only listens to i18next.
 */
export function followUiLanguage(i18n: I18n, report: (language: UiLanguage) => void): () => void {
  let last: UiLanguage | undefined;
  const onChange = (language: string): void => {
    const primary = language.toLowerCase().split('-')[0];
    if (!isUiLanguage(primary) || primary === last) return;
    last = primary;
    report(primary);
  };
  onChange(i18n.language ?? '');
  i18n.on('languageChanged', onChange);
  return () => i18n.off('languageChanged', onChange);
}
