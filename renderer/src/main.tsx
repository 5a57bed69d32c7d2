import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { i18next, initI18n } from './i18n';
import { followUiLanguage } from './i18n/hostLanguage';
import { appStore } from './stores';
import './styles.css';

initI18n();
// The app's menus speak the interface language.
followUiLanguage(i18next, (language) => void appStore.getState().reportUiLanguage(language));
void appStore.getState().start();

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
