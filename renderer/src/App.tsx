import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppCommand } from '../../shared/commands';
import { Dialog } from './components/Dialog';
import { LanguageSwitch } from './components/LanguageSwitch';
import { ArchiveScreen } from './features/archive/ArchiveScreen';
import { ComposeScreen } from './features/compose/ComposeScreen';
import { ContactsScreen } from './features/contacts/ContactsScreen';
import { ShortcutHelpDialog } from './features/compose/ShortcutHelp';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { ProfilePrompt } from './features/settings/ProfileSection';
import { TrashScreen } from './features/archive/TrashScreen';
import { commandForKey, runScreenCommand } from './lib/commands';
import { appStore, useAppStore } from './stores';
import { cycleRegion, isRegionKey } from './lib/regions';

/** The window: header with navigation and language switch, and the current screen. */
export function App() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.route.screen);
  const requestNavigation = useAppStore((s) => s.requestNavigation);

  const [helpOpen, setHelpOpen] = useState(false);
  useAppCommands(setHelpOpen);
  useRegionKeys();
  useDocumentTitle();
  useSpellcheckLanguage();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="app-header" data-region="app" aria-label={t('app.name')}>
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
                aria-current={screen === 'contacts' ? 'page' : undefined}
                onClick={() => requestNavigation({ screen: 'contacts' })}
              >
                {t('app.nav.contacts')}
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
      <ProfilePrompt />
      {screen === 'archive' ? (
        <ArchiveScreen />
      ) : screen === 'trash' ? (
        <TrashScreen />
      ) : screen === 'settings' ? (
        <SettingsScreen />
      ) : screen === 'contacts' ? (
        <ContactsScreen />
      ) : (
        <ComposeScreen />
      )}
      <LeaveDialog />
      <ShortcutHelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}

/** Runs an app command, from its key or from the application menu. */
function runCommand(command: AppCommand, openHelp: () => void): void {
  const state = appStore.getState();
  switch (command) {
    case 'release.new':
      // A new release from anywhere (asking first about unsaved changes).
      if (!state.pendingRoute) state.requestNavigation({ screen: 'compose', releaseId: null });
      return;
    case 'release.save':
      if (state.route.screen === 'compose' && state.compose.loadStatus === 'ready') {
        void state.saveRelease({ checkpoint: true });
      }
      return;
    case 'release.export':
      // The export panel runs it while a stored release is open; elsewhere the notice area says why not.
      if (!runScreenCommand(command)) state.explainExportUnavailable();
      return;
    case 'release.send':
      // The send action of compose opens its dialog while a stored release is open.
      if (!runScreenCommand(command)) state.explainExportUnavailable();
      return;
    case 'archive.search':
      // From the archive it focuses the search field; elsewhere it goes there first (saving as any navigation does).
      if (!state.pendingRoute) state.searchArchive();
      return;
    case 'app.preferences':
      if (!state.pendingRoute) state.requestNavigation({ screen: 'settings' });
      return;
    case 'help.shortcuts':
      openHelp();
      return;
  }
}

/**
 * The app's commands (new release, save, export, search the archive,
 * settings, keyboard help) run the same way from their keys and from the
 * application menu. The page handles the keys itself, in the capture phase,
 * and calls preventDefault(): in Electron the page sees a keydown before the
 * menu, and Chromium hands the menu's accelerators only keys the page left
 * unhandled, so a key never runs its command twice; the menu's commands come
 * from clicks (and, on macOS, from keys no page is focused for). In web mode
 * the same handler serves the keys, and there is no menu.
 */
function useAppCommands(setHelpOpen: (open: boolean) => void): void {
  useEffect(() => {
    const openHelp = (): void => setHelpOpen(true);
    const onKeyDown = (event: KeyboardEvent): void => {
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      if (event.repeat) return;
      runCommand(command, openHelp);
    };
    window.addEventListener('keydown', onKeyDown, true);
    const stopMenu = window.pressdesk?.onCommand?.((command) => runCommand(command, openHelp));
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      stopMenu?.();
    };
  }, [setHelpOpen]);
}

/** F6 / Shift+F6 cycle the focus through the window's regions. */
function useRegionKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isRegionKey(event)) return;
      if (cycleRegion(document, event.shiftKey)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** The app's spell checker follows the language of the release being edited. */
function useSpellcheckLanguage(): void {
  const editing = useAppStore((s) => s.route.screen === 'compose');
  const language = useAppStore((s) => s.compose.draft.language);
  const report = useAppStore((s) => s.reportSpellcheckLanguage);
  useEffect(() => {
    if (editing && language) void report(language);
  }, [editing, language, report]);
}

function useDocumentTitle(): void {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.route.screen);
  const headline = useAppStore((s) => s.compose.draft.headline);
  const title =
    screen === 'archive'
      ? t('archive.title')
      : screen === 'trash'
        ? t('trash.title')
        : screen === 'settings'
          ? t('settings.title')
          : screen === 'contacts'
            ? t('contacts.title')
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
