import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './components/Dialog';
import { LanguageSwitch } from './components/LanguageSwitch';
import { ArchiveScreen } from './features/archive/ArchiveScreen';
import { useSearchShortcut } from './features/archive/useSearchShortcut';
import { ComposeScreen } from './features/compose/ComposeScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { isModKey } from './lib/shortcuts';
import { appStore, useAppStore } from './stores';

/** The window: header with navigation and language switch, and the current screen. */
export function App() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.route.screen);
  const requestNavigation = useAppStore((s) => s.requestNavigation);

  useNewReleaseShortcut();
  useSearchShortcut();
  useDocumentTitle();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="app-header">
        <span className="app-name">{t('app.name')}</span>
        <nav aria-label={t('app.nav.label')}>
          <ul className="nav-list">
            <li>
              <button
                type="button"
                className="nav-link"
                aria-current={screen === 'archive' ? 'page' : undefined}
                onClick={() => requestNavigation({ screen: 'archive' })}
              >
                {t('app.nav.archive')}
              </button>
            </li>
            <li>
              <button
                type="button"
                className="nav-link"
                aria-current={screen === 'settings' ? 'page' : undefined}
                onClick={() => requestNavigation({ screen: 'settings' })}
              >
                {t('app.nav.settings')}
              </button>
            </li>
          </ul>
        </nav>
        <LanguageSwitch />
      </header>
      {screen === 'archive' ? <ArchiveScreen /> : screen === 'settings' ? <SettingsScreen /> : <ComposeScreen />}
      <LeaveDialog />
    </>
  );
}

/** Ctrl/Cmd+N starts a new release from anywhere (asking first about unsaved changes). */
function useNewReleaseShortcut(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isModKey(event, 'n')) return;
      event.preventDefault();
      const state = appStore.getState();
      if (state.pendingRoute) return;
      state.requestNavigation({ screen: 'compose', releaseId: null });
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}

function useDocumentTitle(): void {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.route.screen);
  const headline = useAppStore((s) => s.compose.draft.headline);
  const title =
    screen === 'archive'
      ? t('archive.title')
      : screen === 'settings'
        ? t('settings.title')
        : headline.trim() || t('compose.titleNew');
  useEffect(() => {
    document.title = t('app.documentTitle', { title });
  }, [t, title]);
}

/** Asks what to do with unsaved changes before leaving a release. */
function LeaveDialog() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.pendingRoute !== null);
  const resolve = useAppStore((s) => s.resolvePendingNavigation);
  const saveButton = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      title={t('compose.leaveDialog.title')}
      description={t('compose.leaveDialog.body')}
      onCancel={() => void resolve('cancel')}
      initialFocus={saveButton}
    >
      <button ref={saveButton} type="button" className="primary" onClick={() => void resolve('save')}>
        {t('compose.leaveDialog.save')}
      </button>
      <button type="button" className="danger" onClick={() => void resolve('discard')}>
        {t('compose.leaveDialog.discard')}
      </button>
      <button type="button" onClick={() => void resolve('cancel')}>
        {t('compose.leaveDialog.cancel')}
      </button>
    </Dialog>
  );
}
