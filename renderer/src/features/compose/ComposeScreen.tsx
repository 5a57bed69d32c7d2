import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EmbargoBadge } from '../../components/EmbargoBadge';
import { NoticeBar } from '../../components/Notice';
import { appStore, useAppStore } from '../../stores';
import { ComposeForm } from './ComposeForm';
import { ConflictPanel } from './ConflictPanel';
import { RecoveryOffer } from './RecoveryOffer';
import { SaveBar } from './SaveBar';
import { TeamConflictPanel, TeamEditorsNote, TeamNewerBanner, useTeamPresence } from './TeamBanners';

/** Editing one release: its fields, the body, save state and the way back. */
export function ComposeScreen() {
  const { t } = useTranslation();
  const loadStatus = useAppStore((s) => s.compose.loadStatus);
  const isNew = useAppStore((s) => s.compose.releaseId === null && s.compose.requestedId === null);
  const navigations = useAppStore((s) => s.navigations);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (navigations > 1) heading.current?.focus();
  }, [navigations]);

  useWarnBeforeUnload();
  useFlushOnLeave();
  useTeamPresence();

  return (
    <main id="main" className="screen compose-screen" tabIndex={-1}>
      <div
        className="screen-head compose-head"
        data-region="header"
        aria-label={t('compose.regions.header')}
        role="group"
      >
        <button type="button" className="back" onClick={() => requestNavigation({ screen: 'archive' })}>
          <span aria-hidden="true">← </span>
          {t('compose.back')}
        </button>
        <h1 ref={heading} tabIndex={-1}>
          {isNew ? t('compose.titleNew') : t('compose.titleEdit')}
        </h1>
        {loadStatus === 'ready' && <HeaderStatus />}
        {loadStatus === 'ready' && <HeaderEmbargo />}
        {loadStatus === 'ready' && <SaveBar />}
        {loadStatus === 'ready' && <PanelToggles />}
        {loadStatus === 'ready' && <TeamEditorsNote />}
      </div>
      {loadStatus === 'loading' && (
        <p className="state-message" role="status">
          {t('compose.loading')}
        </p>
      )}
      {loadStatus === 'error' && <LoadError />}
      <NoticeBar />
      {loadStatus === 'ready' && <RecoveryOffer />}
      {loadStatus === 'ready' && <TeamNewerBanner />}
      {loadStatus === 'ready' && <TeamConflictPanel />}
      {loadStatus === 'ready' && <ConflictPanel />}
      {loadStatus === 'ready' && <ComposeForm />}
    </main>
  );
}

/** The release's status, in the header beside its save state. */
function HeaderStatus() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.compose.status);
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  if (!exists) return null;
  return <span className={`status-badge status-${status}`}>{t(`status.${status}`)}</span>;
}

/** Shows and hides the panels beside the document (the document keeps the room). */
function PanelToggles() {
  const { t } = useTranslation();
  const panels = useAppStore((s) => s.workspacePanels);
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const toggle = useAppStore((s) => s.togglePanel);
  return (
    <div className="panel-toggles">
      <button type="button" aria-pressed={panels.details} onClick={() => toggle('details')}>
        {t('compose.panels.details')}
      </button>
      {exists && (
        <button type="button" aria-pressed={panels.tools} onClick={() => toggle('tools')}>
          {t('compose.panels.tools')}
        </button>
      )}
    </div>
  );
}

/** The running embargo of the release being edited, in the header where it cannot be missed. */
function HeaderEmbargo() {
  const until = useAppStore((s) => s.compose.draft.embargoUntil);
  return <EmbargoBadge until={until} />;
}

/**
 * Saves at once when the window loses focus or is hidden, so switching to
 * another program or closing the laptop never leaves text only in memory.
 */
function useFlushOnLeave(): void {
  useEffect(() => {
    const flush = (): void => void appStore.getState().flushSave();
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') {
        appStore.getState().keepUnsaved();
        flush();
      }
    };
    window.addEventListener('blur', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}

/**
 * Closing or reloading the window with unsaved text keeps it in the recovery
 * slot, starts a last save and asks first.
 */
function useWarnBeforeUnload(): void {
  const dirty = useAppStore((s) => s.compose.dirty);
  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      const state = appStore.getState();
      state.keepUnsaved();
      void state.flushSave();
      event.preventDefault();
      // Older engines only ask when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}

function LoadError() {
  const { t } = useTranslation();
  const code = useAppStore((s) => s.compose.loadError);
  const requestedId = useAppStore((s) => s.compose.requestedId);
  const openRelease = useAppStore((s) => s.openRelease);
  return (
    <div className="state-message error-box" role="alert">
      <p>
        <strong>{t('compose.loadError')}</strong> {code && t(`errors.${code}`)}
      </p>
      {requestedId && (
        <button type="button" onClick={() => void openRelease(requestedId)}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
