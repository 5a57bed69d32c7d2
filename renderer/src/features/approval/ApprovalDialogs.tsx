import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { APPROVAL_VIAS, EVIDENCE_MAX_BYTES, type ApprovalVia } from '../../../../shared/domain/approval';
import { Dialog } from '../../components/Dialog';
import { useUiLocale } from '../../i18n';
import { dateTimePlaceholder, formatDateTimeInput, parseDateTimeInput, type InputLanguage } from '../../lib/dateInput';
import { useAppStore } from '../../stores';
import type { ApprovalOutcome } from '../../stores/approvalSlice';

/** The approval dialog that is open, if any: „Zur Prüfung geben“, „Freigabe erfassen“, „Formkorrektur bestätigen“. */
export function ApprovalDialogs() {
  const dialog = useAppStore((s) => s.approvalDialog);
  if (dialog === 'review') return <ReviewDialog />;
  if (dialog === 'approve') return <ApproveDialog />;
  if (dialog === 'correction') return <CorrectionDialog />;
  return null;
}

function useInputLanguage(): InputLanguage {
  return useUiLocale().toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** A refused action, in the interface language (the engine's reason where it gives one). */
export function OutcomeError({ outcome }: { outcome: ApprovalOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome || outcome.ok) return null;
  const text =
    outcome.code === 'APPROVAL_REQUIRED' && outcome.reason
      ? t(`approval.refused.${outcome.reason}`, { defaultValue: t('errors.APPROVAL_REQUIRED') })
      : t(`errors.${outcome.code}`);
  return (
    <p className="hint hint-error approval-error" role="alert">
      {text}
    </p>
  );
}

/** How an approval came, as a choice. */
export function ViaField({
  value,
  onChange,
  label,
  exclude = [],
}: {
  value: ApprovalVia;
  onChange: (via: ApprovalVia) => void;
  label: string;
  exclude?: readonly ApprovalVia[];
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as ApprovalVia)}>
        {APPROVAL_VIAS.filter((v) => !exclude.includes(v)).map((v) => (
          <option key={v} value={v}>
            {t(`approval.via.${v}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TextInput({
  label,
  value,
  onChange,
  inputRef,
  disabled,
  required,
  hint,
  invalid,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
  disabled?: boolean;
  required?: boolean;
  hint?: ReactNode;
  invalid?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        type="text"
        autoComplete="off"
        value={value}
        disabled={disabled}
        required={required}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={hintId} className={invalid ? 'hint hint-error' : 'hint'}>
          {hint}
        </p>
      )}
    </div>
  );
}

function RemarkField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('approval.dialog.remark')}</label>
      <textarea id={id} rows={2} maxLength={2000} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A date and time typed as the interface language writes it; empty means none (or now). */
function useDateText(initial: string) {
  const [text, setText] = useState(initial);
  const parsed = parseDateTimeInput(text);
  return { text, setText, parsed, invalid: parsed === undefined };
}

function Buttons({ submit, busy }: { submit: string; busy: boolean }) {
  const { t } = useTranslation();
  const close = useAppStore((s) => s.closeApprovalDialog);
  return (
    <div className="approval-dialog-buttons">
      <button type="submit" className="primary" disabled={busy}>
        {submit}
      </button>
      <button type="button" onClick={close}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/** „Zur Prüfung geben …“: one or more reviewers, an optional deadline, a remark. */
function ReviewDialog() {
  const { t } = useTranslation();
  const language = useInputLanguage();
  const close = useAppStore((s) => s.closeApprovalDialog);
  const requestReview = useAppStore((s) => s.requestReview);
  const [reviewers, setReviewers] = useState<string[]>(['']);
  const deadline = useDateText('');
  const [remark, setRemark] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ApprovalOutcome | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const named = reviewers.map((r) => r.trim()).filter(Boolean);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (named.length === 0 || deadline.invalid || busy) return;
    setBusy(true);
    const result = await requestReview({ reviewers: named, deadline: deadline.parsed ?? null, remark });
    setBusy(false);
    if (result.ok) close();
    else setOutcome(result);
  };
  return (
    <Dialog
      open
      title={t('approval.reviewDialog.title')}
      description={t('approval.reviewDialog.body')}
      onCancel={close}
      initialFocus={first}
    >
      <form className="approval-form" onSubmit={(e) => void submit(e)}>
        {reviewers.map((name, i) => (
          <TextInput
            key={i}
            inputRef={i === 0 ? first : undefined}
            label={t('approval.reviewDialog.reviewer', { n: i + 1 })}
            value={name}
            required={i === 0}
            onChange={(value) => setReviewers(reviewers.map((r, j) => (j === i ? value : r)))}
          />
        ))}
        <button type="button" className="quiet" onClick={() => setReviewers([...reviewers, ''])}>
          {t('approval.reviewDialog.addReviewer')}
        </button>
        <TextInput
          label={t('approval.reviewDialog.deadline')}
          value={deadline.text}
          placeholder={dateTimePlaceholder(language)}
          invalid={deadline.invalid}
          hint={
            deadline.invalid
              ? t('compose.hints.dateInvalid', { form: dateTimePlaceholder(language) })
              : t('approval.reviewDialog.deadlineHint')
          }
          onChange={deadline.setText}
        />
        <RemarkField value={remark} onChange={setRemark} />
        <OutcomeError outcome={outcome} />
        <Buttons submit={t('approval.reviewDialog.submit')} busy={busy || named.length === 0} />
      </form>
    </Dialog>
  );
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * „Freigabe erfassen …“: who approved, their function, how (in Pressdesk the
 * profile of this workstation approves), when, a remark and the evidence.
 */
function ApproveDialog() {
  const { t } = useTranslation();
  const language = useInputLanguage();
  const close = useAppStore((s) => s.closeApprovalDialog);
  const recordApproval = useAppStore((s) => s.recordApproval);
  const profile = useAppStore((s) => s.profile);
  const loadProfile = useAppStore((s) => s.loadProfile);
  const releaseStatus = useAppStore((s) => s.approval.value?.status);
  const [via, setVia] = useState<ApprovalVia>('email');
  const [by, setBy] = useState('');
  const [fn, setFn] = useState('');
  const [initialAt] = useState(() => formatDateTimeInput(new Date().toISOString(), language));
  const at = useDateText(initialAt);
  const [remark, setRemark] = useState('');
  const [evidence, setEvidence] = useState<{ name: string; base64: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ApprovalOutcome | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const fileHintId = useId();
  useEffect(() => {
    if (profile.status === 'idle') void loadProfile();
  }, [profile.status, loadProfile]);
  const inApp = via === 'app';
  const name = inApp ? (profile.value?.name ?? '') : by;
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || at.invalid || (!inApp && by.trim() === '')) return;
    setBusy(true);
    const result = await recordApproval({
      via,
      by,
      function: inApp && fn.trim() === '' ? (profile.value?.function ?? '') : fn,
      approvedAt: at.text === initialAt ? null : (at.parsed ?? null),
      remark,
      evidence,
    });
    setBusy(false);
    if (result.ok) close();
    else setOutcome(result);
  };
  const pick = async (file: File | undefined): Promise<void> => {
    setOutcome(null);
    if (!file) {
      setEvidence(null);
      return;
    }
    if (file.size === 0 || file.size > EVIDENCE_MAX_BYTES) {
      setEvidence(null);
      setOutcome({ ok: false, code: 'EVIDENCE_INVALID', reason: null });
      return;
    }
    setEvidence({ name: file.name, base64: base64Of(new Uint8Array(await file.arrayBuffer())) });
  };
  return (
    <Dialog
      open
      title={t('approval.approveDialog.title')}
      description={
        releaseStatus === 'published' ? t('approval.approveDialog.bodyPublished') : t('approval.approveDialog.body')
      }
      onCancel={close}
      initialFocus={first}
    >
      <form className="approval-form" onSubmit={(e) => void submit(e)}>
        <ViaField label={t('approval.dialog.via')} value={via} onChange={setVia} />
        <TextInput
          inputRef={first}
          label={t('approval.dialog.name')}
          value={name}
          disabled={inApp}
          required={!inApp}
          hint={inApp ? t('approval.approveDialog.profileHint') : undefined}
          onChange={setBy}
        />
        <TextInput
          label={t('approval.dialog.function')}
          value={fn}
          placeholder={inApp ? (profile.value?.function ?? '') : undefined}
          onChange={setFn}
        />
        <TextInput
          label={t('approval.dialog.at')}
          value={at.text}
          placeholder={dateTimePlaceholder(language)}
          invalid={at.invalid}
          hint={
            at.invalid
              ? t('compose.hints.dateInvalid', { form: dateTimePlaceholder(language) })
              : t('approval.dialog.atHint')
          }
          onChange={at.setText}
        />
        <RemarkField value={remark} onChange={setRemark} />
        <div className="field">
          <label htmlFor={fileId}>{t('approval.dialog.evidence')}</label>
          <input
            id={fileId}
            type="file"
            accept=".eml,.msg,.pdf,message/rfc822,application/pdf,application/vnd.ms-outlook"
            aria-describedby={fileHintId}
            onChange={(e) => void pick(e.currentTarget.files?.[0])}
          />
          <p id={fileHintId} className="hint">
            {t('approval.dialog.evidenceHint')}
          </p>
        </div>
        <OutcomeError outcome={outcome} />
        <Buttons submit={t('approval.approveDialog.submit')} busy={busy || at.invalid || name.trim() === ''} />
      </form>
    </Dialog>
  );
}

/** „Als Formkorrektur bestätigen …“: the approver confirms the change since the approval. */
function CorrectionDialog() {
  const { t } = useTranslation();
  const close = useAppStore((s) => s.closeApprovalDialog);
  const confirm = useAppStore((s) => s.confirmCorrection);
  const approver = useAppStore((s) => s.approval.value?.approval?.approvedBy ?? '');
  const [via, setVia] = useState<ApprovalVia>('email');
  const [remark, setRemark] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ApprovalOutcome | null>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await confirm({ via, remark });
    setBusy(false);
    if (result.ok) close();
    else setOutcome(result);
  };
  return (
    <Dialog
      open
      title={t('approval.correctionDialog.title')}
      description={t('approval.correctionDialog.body', { name: approver })}
      onCancel={close}
      initialFocus={submitButton}
    >
      <form className="approval-form" onSubmit={(e) => void submit(e)}>
        <ViaField label={t('approval.dialog.via')} value={via} onChange={setVia} />
        <RemarkField value={remark} onChange={setRemark} />
        <OutcomeError outcome={outcome} />
        <div className="approval-dialog-buttons">
          <button ref={submitButton} type="submit" className="primary" disabled={busy}>
            {t('approval.correctionDialog.submit')}
          </button>
          <button type="button" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
