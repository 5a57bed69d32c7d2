import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalVia, QuoteEntry } from '../../../../shared/domain/approval';
import { Dialog } from '../../components/Dialog';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';
import type { ApprovalOutcome } from '../../stores/approvalSlice';
import { OutcomeError, TextInput, ViaField } from './ApprovalDialogs';
import { useSectionTarget } from './ApprovalPanel';

type QuoteAction = 'request' | 'approved' | 'rejected';

/** A quote's words, shortened for the register. */
function shortText(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()} …`;
}

const QUOTE_MARKS = new Set(['„', '“', '"', '»', '«']);

/** The words without the quotation marks around them (the dialog sets its own). */
function withoutQuoteMarks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && QUOTE_MARKS.has(text[start]!)) start++;
  while (end > start && QUOTE_MARKS.has(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/**
 * „Zitate“: every quote of the body with its speaker and approval state;
 * a quote is asked for (angefragt), approved or rejected by its speaker.
 * An edited quote is open again (the register follows the saved text).
 */
export function QuoteRegister() {
  const ref = useSectionTarget('quotes', pickOpenQuote);
  return (
    <div ref={ref}>
      <QuoteRegisterBody />
    </div>
  );
}

/** The first action of the first quote that is not approved (a check points at it). */
const pickOpenQuote = (root: HTMLElement): HTMLElement | null =>
  root.querySelector<HTMLElement>('.quote-entry:not([data-state="approved"]) button') ??
  root.querySelector<HTMLElement>('button');

function QuoteRegisterBody() {
  const { t } = useTranslation();
  const value = useAppStore((s) => s.approval.value);
  const [acting, setActing] = useState<{ quote: QuoteEntry; action: QuoteAction } | null>(null);
  const listId = useId();
  if (!value) return null;
  const { quotes } = value;
  return (
    <div className="quote-register">
      {quotes.length === 0 ? (
        <p className="hint">{t('approval.quotes.empty')}</p>
      ) : (
        <ul id={listId} aria-label={t('approval.quotes.list')}>
          {quotes.map((q) => (
            <QuoteRow key={q.id} quote={q} onAct={(action) => setActing({ quote: q, action })} />
          ))}
        </ul>
      )}
      {!value.quotesRequired && quotes.length > 0 && <p className="hint">{t('approval.quotes.notRequired')}</p>}
      {acting && (
        <QuoteDialog
          key={`${acting.quote.id}-${acting.action}`}
          quote={acting.quote}
          action={acting.action}
          onClose={() => setActing(null)}
        />
      )}
    </div>
  );
}

function QuoteRow({ quote, onAct }: { quote: QuoteEntry; onAct: (action: QuoteAction) => void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const date = (iso: string | null): string => (iso ? formatOfficeDateTime(iso, locale) : '');
  const speaker = quote.speaker || t('approval.quotes.noSpeaker');
  return (
    <li className="quote-entry" data-state={quote.state}>
      <p className="quote-entry-head">
        <strong>{speaker}</strong>
        {quote.function && <span className="quote-entry-function">, {quote.function}</span>}{' '}
        <span className={`quote-state quote-state-${quote.state}`}>{t(`approval.quotes.state.${quote.state}`)}</span>
      </p>
      <p className="quote-entry-text">{shortText(quote.text)}</p>
      {quote.state === 'approved' && quote.approvedBy && (
        <p className="hint">
          {t('approval.quotes.approvedBy', {
            name: quote.approvedBy,
            via: quote.via ? t(`approval.via.${quote.via}`) : '',
            date: date(quote.approvedAt),
          })}
        </p>
      )}
      {quote.state === 'rejected' && quote.rejectedBy && (
        <p className="hint">
          {t('approval.quotes.rejectedBy', {
            name: quote.rejectedBy,
            via: quote.via ? t(`approval.via.${quote.via}`) : '',
            date: date(quote.rejectedAt),
          })}
        </p>
      )}
      {quote.state === 'requested' && quote.requestedFrom && (
        <p className="hint">
          {t('approval.quotes.requestedFrom', { name: quote.requestedFrom, date: date(quote.requestedAt) })}
        </p>
      )}
      {quote.speaker !== '' && (
        <div className="quote-entry-actions" role="group" aria-label={t('approval.quotes.actionsFor', { speaker })}>
          {quote.state !== 'approved' && (
            <button type="button" onClick={() => onAct('request')}>
              {t('approval.quotes.request')}
            </button>
          )}
          {quote.state !== 'approved' && (
            <button type="button" onClick={() => onAct('approved')}>
              {t('approval.quotes.approve')}
            </button>
          )}
          {quote.state !== 'rejected' && (
            <button type="button" onClick={() => onAct('rejected')}>
              {t('approval.quotes.reject')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** Asked for (from whom), or approved / rejected (by whom, how). */
function QuoteDialog({ quote, action, onClose }: { quote: QuoteEntry; action: QuoteAction; onClose: () => void }) {
  const { t } = useTranslation();
  const requestQuote = useAppStore((s) => s.requestQuote);
  const decideQuote = useAppStore((s) => s.decideQuote);
  const [name, setName] = useState(action === 'request' ? (quote.requestedFrom ?? quote.speaker) : quote.speaker);
  const [via, setVia] = useState<ApprovalVia>('email');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ApprovalOutcome | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || (action !== 'request' && name.trim() === '')) return;
    setBusy(true);
    const result =
      action === 'request'
        ? await requestQuote(quote.id, name)
        : await decideQuote(quote.id, { decision: action, by: name, via });
    setBusy(false);
    if (result.ok) onClose();
    else setOutcome(result);
  };
  return (
    <Dialog
      open
      title={t(`approval.quoteDialog.title.${action}`, { speaker: quote.speaker })}
      description={`„${withoutQuoteMarks(shortText(quote.text, 200))}“`}
      onCancel={onClose}
      initialFocus={first}
    >
      <form className="approval-form" onSubmit={(e) => void submit(e)}>
        <TextInput
          inputRef={first}
          label={action === 'request' ? t('approval.quoteDialog.from') : t('approval.quoteDialog.by')}
          value={name}
          required={action !== 'request'}
          onChange={setName}
        />
        {action !== 'request' && <ViaField label={t('approval.dialog.via')} value={via} onChange={setVia} />}
        <OutcomeError outcome={outcome} />
        <div className="approval-dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t(`approval.quoteDialog.submit.${action}`)}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
