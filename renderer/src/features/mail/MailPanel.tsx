import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { useUiLocale } from '../../i18n';
import { handleCommand } from '../../lib/commands';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';

export interface MailPanelProps {
  readonly releaseId: string;
  /** Unsaved changes are not in the mail: sending waits for a save. */
  readonly dirty: boolean;
}

/**
 * The press mail of a release: „Versenden …“ opens the send dialog (lists
 * with their counts, a test mail first, sending with progress and cancel,
 * the result), „Als E-Mail-Datei speichern“ hands over an .eml draft, and
 * the send log lists every mailing with the exact message as sent.
 */
export function MailPanel({ releaseId, dirty }: MailPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const state = useAppStore((s) => s.mail);
  const openMail = useAppStore((s) => s.openMail);
  const saveDraft = useAppStore((s) => s.saveMailDraft);
  const showMessage = useAppStore((s) => s.showMailMessage);
  const decide = useAppStore((s) => s.decideUncertainMail);
  const discard = useAppStore((s) => s.discardMail);
  const locale = useUiLocale();
  const [open, setOpen] = useState(false);
  const sendButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void openMail(releaseId);
  }, [releaseId, openMail]);

  // The app's send command (Mod+Shift+M, or the menu) opens the dialog.
  useEffect(
    () =>
      handleCommand('release.send', () => {
        if (!dirty) setOpen(true);
        else sendButton.current?.focus();
      }),
    [dirty],
  );

  return (
    <section className="mail-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('mail.title')}</h2>
      {dirty ? <p className="export-note">{t('mail.saveFirst')}</p> : null}
      <div className="export-actions">
        <button
          ref={sendButton}
          type="button"
          className="primary"
          disabled={dirty}
          onClick={() => {
            void openMail(releaseId);
            setOpen(true);
          }}
        >
          {t('mail.send')}
        </button>
        <button type="button" disabled={dirty} onClick={() => void saveDraft(downloadEml)}>
          {t('mail.saveEml')}
        </button>
      </div>
      {!open && state.error ? <p role="alert">{t(`errors.${state.error}`)}</p> : null}
      {state.log.length === 0 ? (
        <p className="hint">{t('mail.logEmpty')}</p>
      ) : (
        <>
          <h3>{t('mail.log')}</h3>
          <ul className="mail-log" aria-label={t('mail.log')}>
            {state.log.map((m) => (
              <li key={m.mailing}>
                {formatOfficeDateTime(m.createdAt, locale)} – {m.test ? t('mail.testEntry') : m.lists.join(', ')}:{' '}
                {t('mail.logCounts', { accepted: m.accepted, refused: m.refused.length, recipients: m.recipients })}
                {m.state === 'open' ? ` (${t('mail.outbox')})` : ''}{' '}
                <button type="button" className="link-button" onClick={() => void showMessage(m.mailing)}>
                  {t('mail.showMessage')}
                </button>
                {m.uncertain.length > 0 ? (
                  <>
                    {' '}
                    {t('mail.uncertain', { emails: m.uncertain.join(', ') })}{' '}
                    <button type="button" className="link-button" onClick={() => void decide(m.mailing, 'resend')}>
                      {t('mail.resendUncertain')}
                    </button>{' '}
                    <button type="button" className="link-button" onClick={() => void decide(m.mailing, 'cancel')}>
                      {t('mail.dropUncertain')}
                    </button>
                  </>
                ) : null}
                {m.state === 'open' ? (
                  <>
                    {' '}
                    <button type="button" className="link-button" onClick={() => void discard(m.mailing)}>
                      {t('mail.discard')}
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {state.message !== null ? (
        <div className="mail-message">
          <h3>{t('mail.messageTitle')}</h3>
          <pre tabIndex={0} aria-label={t('mail.messageTitle')}>
            {state.message.slice(0, 200_000)}
          </pre>
          <button type="button" onClick={() => void showMessage(null)}>
            {t('mail.closeMessage')}
          </button>
        </div>
      ) : null}
      <SendDialog open={open} onClose={() => setOpen(false)} />
    </section>
  );
}

/** Hands the .eml draft to the browser as a download (the app's window downloads it the same way). */
function downloadEml(fileName: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'message/rfc822' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function SendDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const state = useAppStore((s) => s.mail);
  const choose = useAppStore((s) => s.chooseMailLists);
  const send = useAppStore((s) => s.sendMail);
  const setAttachPdf = useAppStore((s) => s.setMailAttachPdf);
  const cancel = useAppStore((s) => s.cancelMail);
  const [testAddress, setTestAddress] = useState('');
  const [again, setAgain] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const job = state.job;
  const running = state.busy;
  const result = job?.result ?? null;

  const toggle = (name: string, on: boolean) =>
    void choose(on ? [...state.chosen, name] : state.chosen.filter((n) => n !== name));

  return (
    <Dialog
      open={open}
      title={t('mail.dialogTitle')}
      description={t('mail.dialogIntro')}
      onCancel={() => {
        if (!running) onClose();
      }}
      initialFocus={first}
    >
      <fieldset>
        <legend>{t('mail.lists')}</legend>
        {state.lists.length === 0 ? <p>{t('mail.noLists')}</p> : null}
        {state.lists.map((list, i) => (
          <label key={list.name}>
            <input
              ref={i === 0 ? first : undefined}
              type="checkbox"
              checked={state.chosen.includes(list.name)}
              disabled={running}
              onChange={(e) => toggle(list.name, e.target.checked)}
            />
            {t('mail.listEntry', { name: list.name, recipients: list.recipients, suppressed: list.suppressed })}
          </label>
        ))}
      </fieldset>
      {state.audience ? (
        <p role="status">
          {t('mail.audience', { recipients: state.audience.recipients, suppressed: state.audience.suppressed })}
          {state.audience.open ? ` ${t('mail.resumes')}` : ''}
        </p>
      ) : null}
      <label>
        <input
          type="checkbox"
          checked={state.attachPdf}
          disabled={running}
          onChange={(e) => setAttachPdf(e.target.checked)}
        />
        {t('mail.attachPdf')}
      </label>
      {state.audience && state.audience.mailedBefore.length > 0 ? (
        <label>
          <input type="checkbox" checked={again} disabled={running} onChange={(e) => setAgain(e.target.checked)} />
          {t('mail.again', { lists: state.audience.mailedBefore.join(', ') })}
        </label>
      ) : null}
      <div className="mail-test">
        <label>
          {t('mail.testAddress')}
          <input
            type="email"
            value={testAddress}
            disabled={running}
            onChange={(e) => setTestAddress(e.target.value)}
            autoComplete="email"
          />
        </label>
        <button
          type="button"
          disabled={running || testAddress.trim() === ''}
          onClick={() => void send({ test: testAddress.trim() })}
        >
          {t('mail.sendTest')}
        </button>
      </div>
      {job && running ? (
        <p role="status">
          {job.state === 'waiting'
            ? t('mail.waiting')
            : t('mail.progress', { done: job.done, total: job.total, accepted: job.accepted })}
          <progress max={job.total || 1} value={job.done} />
        </p>
      ) : null}
      {state.error ? <p role="alert">{t(`errors.${state.error}`)}</p> : null}
      {result && !running ? (
        <div role="status" className="mail-result">
          <p>
            {t(job?.state === 'cancelled' ? 'mail.resultCancelled' : 'mail.result', {
              accepted: result.accepted,
              recipients: result.recipients,
              refused: result.refused.length,
              suppressed: result.suppressed,
            })}
          </p>
          {result.refused.length > 0 ? (
            <ul aria-label={t('mail.refusedList')}>
              {result.refused.map((r) => (
                <li key={r.email}>
                  {r.email}: {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {result.uncertain.length > 0 ? <p>{t('mail.uncertain', { emails: result.uncertain.join(', ') })}</p> : null}
        </div>
      ) : null}
      <div className="dialog-actions">
        {running ? (
          <button type="button" onClick={() => void cancel()}>
            {t('mail.cancel')}
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              {t('mail.close')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={state.chosen.length === 0 || (state.audience?.mailedBefore.length ? !again : false)}
              onClick={() => void send({ again })}
            >
              {t('mail.sendNow', { count: state.audience?.recipients ?? 0 })}
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}
