import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentNode } from '../../../../shared/document';
import { appStore, useAppStore } from '../../stores';
import { TEAM_EDITORS_POLL_MS } from '../../stores/teamSlice';
import { comparableText, type ComparableRelease } from './WordDiff';
import { WordDiff } from './WordDiff';

/** A list of names as read: „Anna Weber und Carl Kühn“. */
export function useNameList(): (names: readonly string[]) => string {
  const { i18n } = useTranslation();
  return (names) => new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' }).format(names);
}

/**
 * While a saved release is open in compose (and the workstation is joined):
 * tells the team, asks every 15 seconds who else has it open, and reads
 * whether it is in conflict with the server. Leaving tells the team, too.
 */
export function useTeamPresence(): void {
  const releaseId = useAppStore((s) => (s.compose.loadStatus === 'ready' ? s.compose.releaseId : null));
  const connected = useAppStore((s) => s.team.status?.connected === true);
  useEffect(() => {
    const state = appStore.getState();
    if (releaseId === null) return undefined;
    void state.teamReleaseOpened(releaseId);
    if (!connected) return undefined;
    const timer = setInterval(() => void appStore.getState().loadOpenEditors(releaseId), TEAM_EDITORS_POLL_MS);
    return () => clearInterval(timer);
  }, [releaseId, connected]);
  // Leaving compose (or the release) clears the presence.
  useEffect(() => () => void appStore.getState().teamReleaseOpened(null), []);
}

/** „Anna Weber bearbeitet diese Meldung“ in the compose header. */
export function TeamEditorsNote() {
  const { t } = useTranslation();
  const editors = useAppStore((s) => s.team.openEditors);
  const names = useNameList();
  if (editors.length === 0) return null;
  return (
    <p className="team-editors" role="status">
      <span aria-hidden="true">● </span>
      {t('compose.team.editing', { count: editors.length, names: names(editors.map((e) => e.name)) })}
    </p>
  );
}

/** The server's newer version arrived while text typed here was unsaved: reload on request, never by itself. */
export function TeamNewerBanner() {
  const { t } = useTranslation();
  const newer = useAppStore((s) => s.team.serverNewer !== null && s.team.serverNewer === s.compose.releaseId);
  const reload = useAppStore((s) => s.reloadFromTeam);
  if (!newer) return null;
  return (
    <div className="team-newer notice" role="status">
      <button type="button" className="primary" onClick={() => void reload()}>
        {t('compose.team.newer')}
      </button>
      <p className="hint">{t('compose.team.newerHint')}</p>
    </div>
  );
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The fields of the server's interchange record as compared; anything else in it is ignored. */
function comparableRecord(record: Record<string, unknown>): ComparableRelease {
  const body = record.body;
  return {
    topic: text(record.topic),
    headline: text(record.headline),
    subheadline: text(record.subheadline),
    teaser: text(record.teaser),
    dateline: text(record.dateline),
    // comparableText reads the body defensively: a body it cannot read compares as empty.
    body: (typeof body === 'object' && body !== null ? body : { type: 'doc', content: [] }) as DocumentNode,
  };
}

/** The release differs here and on the team server: both versions, the word diff, and the choice. */
export function TeamConflictPanel() {
  const { t } = useTranslation();
  const conflict = useAppStore((s) => (s.team.conflict?.id === s.compose.releaseId ? s.team.conflict : null));
  const draft = useAppStore((s) => s.compose.draft);
  const busy = useAppStore((s) => s.team.busy === 'resolving');
  const error = useAppStore((s) => s.team.error);
  const resolve = useAppStore((s) => s.resolveTeamConflict);
  const headingId = useId();
  if (!conflict) return null;
  const user = conflict.server.updatedBy;
  const serverText = comparableText(comparableRecord(conflict.server.record));
  const mineText = comparableText(draft);
  return (
    <section className="conflict-panel team-conflict error-box" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('compose.team.conflictTitle', { user })}</h2>
      <p>{t('compose.team.conflictBody')}</p>
      <div className="conflict-versions">
        <div className="conflict-version">
          <h3>{t('compose.team.server', { user })}</h3>
          <p className="conflict-text">{serverText}</p>
        </div>
        <div className="conflict-version">
          <h3>{t('compose.team.mine')}</h3>
          <p className="conflict-text">{mineText}</p>
        </div>
      </div>
      <h3>{t('compose.team.changes')}</h3>
      <WordDiff before={serverText} after={mineText} label={t('compose.team.changes')} />
      <div className="conflict-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void resolve('mine')}>
          {t('compose.team.keepMine')}
        </button>
        <button type="button" disabled={busy} onClick={() => void resolve('theirs')}>
          {t('compose.team.takeTheirs')}
        </button>
      </div>
      {error && !busy && (
        <p role="alert">
          <strong>{t('compose.team.failed')}</strong> {t(`errors.${error}`)}
        </p>
      )}
    </section>
  );
}
