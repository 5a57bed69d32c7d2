import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { useUiLocale } from '../../i18n';
import { isErrorCode } from '../../../../shared/errors';
import { formatOfficeDateTime } from '../../lib/format';
import { appStore, useAppStore } from '../../stores';

const teamError = () => appStore.getState().team.error;

/**
 * Team: joining a press office's team server, and while joined the bond's
 * state (online, pending changes, conflicts, last sync) with sync and leave.
 * Live events keep it current.
 */
export function TeamSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const status = useAppStore((s) => s.team.status);
  const loadState = useAppStore((s) => s.team.loadState);
  const load = useAppStore((s) => s.loadTeam);

  useEffect(() => {
    void load();
  }, [load]);

  // After leaving the team the focus goes to the form that replaced the team's state.
  const wasJoined = useRef(false);
  const [leftTeam, setLeftTeam] = useState(false);
  useEffect(() => {
    if (wasJoined.current && status?.connected === false) setLeftTeam(true);
    wasJoined.current = status?.connected === true;
  }, [status]);

  return (
    <section aria-labelledby={headingId} className="team-section">
      <h2 id={headingId}>{t('settings.team.heading')}</h2>
      <p className="hint">{t('settings.team.intro')}</p>
      {status === null ? (
        loadState === 'error' ? (
          <TeamError />
        ) : (
          <p role="status">{t('settings.team.loading')}</p>
        )
      ) : status.connected ? (
        <TeamJoined />
      ) : (
        <TeamConnectForm focusFirst={leftTeam} />
      )}
    </section>
  );
}

function TeamError() {
  const { t } = useTranslation();
  const error = useAppStore((s) => s.team.error);
  const busy = useAppStore((s) => s.team.busy);
  if (!error || busy === 'connecting') return null;
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>{t('settings.team.actionFailed')}</strong> {t(`errors.${error}`)}
      </p>
    </div>
  );
}

/** The server's address, the user name and the password; the password is handed to the engine and forgotten here. */
function TeamConnectForm({ focusFirst }: { focusFirst: boolean }) {
  const { t } = useTranslation();
  const urlInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusFirst) urlInput.current?.focus();
  }, [focusFirst]);
  const connect = useAppStore((s) => s.connectTeam);
  const busy = useAppStore((s) => s.team.busy);
  const error = useAppStore((s) => s.team.error);
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const urlId = useId();
  const urlHintId = useId();
  const userId = useId();
  const passwordId = useId();
  const passwordHintId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    // The password goes to the engine only; a refused one is typed again, any other failure keeps the field.
    const ok = await connect({ url, user, password });
    if (ok || teamError() === 'TEAM_AUTH_FAILED') setPassword('');
  };

  const connecting = busy === 'connecting';
  return (
    <form className="team-form" noValidate onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('settings.team.formHeading')}</legend>
        <div className="field">
          <label htmlFor={urlId}>{t('settings.team.url')}</label>
          <input
            ref={urlInput}
            id={urlId}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={2000}
            placeholder="postgresql://server/datenbank"
            value={url}
            aria-invalid={error !== null && error.startsWith('TEAM_URL')}
            aria-describedby={error ? `${urlHintId} ${errorId}` : urlHintId}
            onChange={(e) => setUrl(e.target.value)}
          />
          <p className="hint" id={urlHintId}>
            {t('settings.team.urlHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={userId}>{t('settings.team.user')}</label>
          <input
            id={userId}
            type="text"
            autoComplete="username"
            spellCheck={false}
            maxLength={63}
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t('settings.team.password')}</label>
          <input
            id={passwordId}
            type="password"
            autoComplete="current-password"
            maxLength={1000}
            value={password}
            aria-describedby={passwordHintId}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p className="hint" id={passwordHintId}>
            {t('settings.team.passwordHint')}
          </p>
        </div>
        {error && !connecting && (
          <div className="error-box" role="alert" id={errorId}>
            <p>
              <strong>{t('settings.team.connectFailed')}</strong> {t(`errors.${error}`)}
            </p>
          </div>
        )}
        <button type="submit" className="primary" disabled={connecting || url.trim() === ''}>
          {connecting ? t('settings.team.connecting') : t('settings.team.connect')}
        </button>
        <p role="status" className="team-connect-status">
          {connecting && t('settings.team.connecting')}
        </p>
      </fieldset>
    </form>
  );
}

/** The bond while joined: who, where, online, pending, conflicts, last sync; sync now and leave. */
function TeamJoined() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const status = useAppStore((s) => s.team.status)!;
  const online = useAppStore((s) => s.team.online);
  const liveError = useAppStore((s) => s.team.liveError);
  const busy = useAppStore((s) => s.team.busy);
  const error = useAppStore((s) => s.team.error);
  const lastResult = useAppStore((s) => s.team.lastResult);
  const conflictList = useAppStore((s) => s.team.conflictList);
  const colleagues = useAppStore((s) => s.team.colleagues);
  const sync = useAppStore((s) => s.syncTeam);
  const disconnect = useAppStore((s) => s.disconnectTeam);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const disconnectButton = useRef<HTMLButtonElement>(null);
  const listId = useId();

  const close = (): void => {
    setConfirming(false);
    disconnectButton.current?.focus();
  };
  const role = status.role ? t(`settings.team.roles.${status.role}`) : '–';
  const state = online === null ? 'checking' : online ? 'online' : 'offline';

  return (
    <div className="team-joined">
      <dl className="team-facts">
        <dt>{t('settings.team.server')}</dt>
        <dd>
          <code>{status.url}</code>
        </dd>
      </dl>
      <p>{t('settings.team.signedIn', { user: status.user ?? '–', role })}</p>
      <p role="status" className={`team-online team-${state}`}>
        {t(`settings.team.${state}`)}
        {state === 'offline' && liveError && (
          <>
            {' '}
            <span className="hint">
              {t('settings.team.liveError', {
                error: isErrorCode(liveError) ? t(`errors.${liveError}`) : liveError,
              })}
            </span>
          </>
        )}
      </p>
      <p className="team-colleagues">
        {colleagues.length > 0
          ? t('settings.team.colleaguesOnline', { names: colleagues.map((c) => c.name).join(', ') })
          : t('settings.team.nobodyOnline')}
      </p>
      <ul className="team-counts">
        <li>{t('settings.team.pending', { count: status.pending })}</li>
        <li>{t('settings.team.conflicts', { count: status.conflicts })}</li>
        <li>
          {status.lastSync ? (
            <time dateTime={status.lastSync}>
              {t('settings.team.lastSync', { date: formatOfficeDateTime(status.lastSync, locale) })}
            </time>
          ) : (
            t('settings.team.never')
          )}
        </li>
      </ul>
      {conflictList.length > 0 ? (
        <>
          <h3 id={listId}>{t('settings.team.conflictsList')}</h3>
          <ul aria-labelledby={listId} className="team-conflicts">
            {conflictList.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => requestNavigation({ screen: 'compose', releaseId: c.id })}
                >
                  {t('settings.team.openConflict', { headline: c.headline || t('settings.team.untitled') })}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        status.conflicts > 0 && <p className="hint">{t('settings.team.conflictsHint')}</p>
      )}
      <div className="team-actions">
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void sync()}>
          {busy === 'syncing' ? t('settings.team.syncing') : t('settings.team.syncNow')}
        </button>
        <button type="button" ref={disconnectButton} disabled={busy !== null} onClick={() => setConfirming(true)}>
          {busy === 'disconnecting' ? t('settings.team.disconnecting') : t('settings.team.disconnect')}
        </button>
      </div>
      <p role="status" className="team-sync-status">
        {busy === 'syncing' && t('settings.team.syncing')}
        {busy === null && lastResult && t('settings.team.synced', lastResult)}
      </p>
      {lastResult && lastResult.refused.length > 0 && (
        <div className="error-box">
          <p>
            <strong>{t('settings.team.refused')}</strong>
          </p>
          <ul>
            {lastResult.refused.map((r) => (
              <li key={r.id}>
                {isErrorCode(r.code) ? t(`errors.${r.code}`) : r.message} <code>{r.id}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && busy === null && (
        <div className="error-box" role="alert">
          <p>
            <strong>{t('settings.team.actionFailed')}</strong> {t(`errors.${error}`)}
          </p>
        </div>
      )}
      <Dialog
        open={confirming}
        title={t('settings.team.dialogTitle')}
        description={t('settings.team.dialogBody')}
        onCancel={close}
        initialFocus={cancelButton}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            setConfirming(false);
            void disconnect();
          }}
        >
          {t('settings.team.confirm')}
        </button>
        <button type="button" ref={cancelButton} onClick={close}>
          {t('settings.team.cancel')}
        </button>
      </Dialog>
    </div>
  );
}
