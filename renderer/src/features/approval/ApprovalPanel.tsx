import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approval, ApprovalState, FieldChange } from '../../../../shared/domain/approval';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';
import { registerFocusTarget } from '../compose/focusTargets';
import { downloadBytes } from '../export/ExportPanel';
import { ApprovalDialogs } from './ApprovalDialogs';
import { unchangedContext } from './diffContext';
import './approval.css';

/**
 * Keeps the approval state of the open release current: read again after
 * every save (a change of the text may make the approval stale and sets an
 * edited quote back to open). Also holds the approval dialogs, outside the
 * collapsible sections, so the status choice can open them too.
 */
export function ApprovalSupport() {
  const releaseId = useAppStore((s) => s.compose.releaseId);
  const baseVersion = useAppStore((s) => s.compose.baseVersion);
  const dirty = useAppStore((s) => s.compose.dirty);
  const loadApproval = useAppStore((s) => s.loadApproval);
  useEffect(() => {
    if (releaseId !== null && !dirty) void loadApproval();
  }, [releaseId, baseVersion, dirty, loadApproval]);
  if (releaseId === null) return null;
  return <ApprovalDialogs />;
}

/**
 * Registers a section of the side panel as the target of a check's „Zur
 * Stelle“ (for each of the space-separated `fields`): the section opens, and
 * `pick` chooses what gets the focus.
 */
export function useSectionTarget(fields: string, pick: (root: HTMLElement) => HTMLElement | null) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const resolve = (): HTMLElement | null => {
      const root = ref.current;
      if (!root) return null;
      const details = root.closest('details');
      if (details && !details.open) details.open = true;
      return pick(root);
    };
    const unregister = fields.split(' ').map((field) => registerFocusTarget(field, resolve));
    return () => unregister.forEach((u) => u());
  }, [fields, pick]);
  return ref;
}

const pickApprovalAction = (root: HTMLElement): HTMLElement | null =>
  root.querySelector<HTMLElement>('.approval-actions button.primary') ?? root.querySelector<HTMLElement>('button');

/** „Freigabe“: the state, the review request, the evidence, what is still missing, and the actions. */
export function ApprovalPanel() {
  // A stale approval, and a release not approved for a mailing: the way out is recording the approval.
  const ref = useSectionTarget('approval status', pickApprovalAction);
  return (
    <div ref={ref}>
      <ApprovalPanelBody />
    </div>
  );
}

function ApprovalPanelBody() {
  const { t } = useTranslation();
  const approval = useAppStore((s) => s.approval);
  const open = useAppStore((s) => s.openApprovalDialog);
  const blocksId = useId();
  const value = approval.value;
  if (approval.status === 'error' && !value) {
    return (
      <p className="error-box" role="alert">
        {t(`errors.${approval.error ?? 'INTERNAL'}`)}
      </p>
    );
  }
  if (!value) return <p role="status">{t('approval.loading')}</p>;
  return (
    <div className="approval-panel">
      <ApprovalSummary value={value} />
      {value.state === 'stale' && <ApprovalChanges changes={value.changes} />}
      {value.review && <ReviewLine review={value.review} />}
      {approval.error && (
        <p className="error-box" role="alert">
          {t(`errors.${approval.error}`)}
        </p>
      )}
      {value.blocks.length > 0 && (
        <div className="approval-blocks">
          <h3 id={blocksId}>{t('approval.blocks.title')}</h3>
          <ul aria-labelledby={blocksId}>
            {value.blocks.map((b, i) => (
              <li key={`${b.code}-${i}`}>{t(`approval.blocks.${b.code}`, { speaker: b.detail })}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="approval-actions">
        {value.status !== 'published' && value.status !== 'withdrawn' && (
          <button type="button" onClick={() => open('review')}>
            {t('approval.actions.review')}
          </button>
        )}
        {value.status !== 'withdrawn' && (
          <button
            type="button"
            className={value.state === 'current' ? undefined : 'primary'}
            onClick={() => open('approve')}
          >
            {t('approval.actions.approve')}
          </button>
        )}
        {value.state === 'stale' && (
          <button type="button" onClick={() => open('correction')}>
            {t('approval.actions.correction')}
          </button>
        )}
      </div>
    </div>
  );
}

/** „Freigegeben von X (Funktion), per E-Mail, am …“, „Freigabe veraltet“ or „Keine Freigabe“. */
function ApprovalSummary({ value }: { value: ApprovalState }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const current = value.approval;
  if (value.state === 'none' || !current) {
    return <p className="approval-state approval-state-none">{t('approval.state.none')}</p>;
  }
  const who = current.function
    ? t('approval.byWithFunction', { name: current.approvedBy, function: current.function })
    : current.approvedBy;
  return (
    <>
      <p className={`approval-state approval-state-${value.state}`}>
        <strong>{value.state === 'stale' ? t('approval.state.stale') : t('approval.state.current')}</strong>
      </p>
      <p className="approval-detail">
        {t(current.kind === 'form-correction' ? 'approval.detailCorrection' : 'approval.detail', {
          who,
          via: t(`approval.via.${current.via}`),
          date: formatOfficeDateTime(current.approvedAt, locale),
        })}
        {current.imported && <> {t('approval.imported')}</>}
      </p>
      {current.remark && <p className="approval-remark">{current.remark}</p>}
      <Evidence approval={current.kind === 'form-correction' ? lastWithEvidence(value) : current} />
    </>
  );
}

/** The evidence shown: the current record's, or (for a correction of form) that of the approval it confirmed. */
function lastWithEvidence(value: ApprovalState): Approval | undefined {
  return [...value.history].reverse().find((a) => a.evidence !== null && a.kind === 'approval');
}

function Evidence({ approval }: { approval: Approval | undefined }) {
  const { t } = useTranslation();
  const fetchEvidence = useAppStore((s) => s.fetchEvidence);
  if (!approval?.evidence) return null;
  const { evidence } = approval;
  return (
    <p className="approval-evidence">
      {t('approval.evidence', { name: evidence.name })}{' '}
      <button
        type="button"
        className="link-button"
        aria-label={t('approval.saveEvidenceLabel', { name: evidence.name })}
        onClick={() =>
          void fetchEvidence(approval.id).then((file) => {
            if (file) downloadBytes(file.name, file.bytes, file.type);
          })
        }
      >
        {t('approval.saveEvidence')}
      </button>
    </p>
  );
}

/** The review request: who checks, until when. */
function ReviewLine({ review }: { review: NonNullable<ApprovalState['review']> }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <p className="approval-review">
      {t('approval.review', { reviewers: review.reviewers.join(', ') })}
      {review.deadline && <> {t('approval.deadline', { date: formatOfficeDateTime(review.deadline, locale) })}</>}
      {review.remark && <span className="approval-remark"> – {review.remark}</span>}
    </p>
  );
}

/** What changed since the approved version, field by field, as a word diff. */
function ApprovalChanges({ changes }: { changes: readonly FieldChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return null;
  return (
    <div className="approval-changes">
      <p className="hint">{t('approval.changesIntro')}</p>
      {changes.map((change) => (
        <FieldDiff key={change.field} change={change} />
      ))}
    </div>
  );
}

function FieldDiff({ change }: { change: FieldChange }) {
  const { t } = useTranslation();
  const field = t(`approval.fields.${change.field}`, { defaultValue: change.field });
  return (
    <div className="word-diff" role="group" aria-label={t('approval.changesLabel', { field })}>
      <p className="approval-diff-field">{field}</p>
      {change.parts.length === 0 ? (
        <p className="hint">{t('approval.formChanged')}</p>
      ) : (
        <p className="word-diff-text">
          {change.parts.map((part, i) =>
            part.added ? (
              <ins key={i} aria-label={t('compose.diff.added', { text: part.text })}>
                {part.text}
              </ins>
            ) : part.removed ? (
              <del key={i} aria-label={t('compose.diff.removed', { text: part.text })}>
                {part.text}
              </del>
            ) : (
              <span key={i}>{unchangedContext(part.text, i > 0, i < change.parts.length - 1)}</span>
            ),
          )}
        </p>
      )}
    </div>
  );
}

/** Why the last status change was refused, in the interface language (under the status choice). */
export function StatusRefusal() {
  const { t } = useTranslation();
  const error = useAppStore((s) => s.compose.statusError);
  if (!error) return null;
  const status = t(`status.${error.to}`);
  return (
    <div className="error-box status-refusal" role="alert">
      <p>
        <strong>{t('approval.refused.title', { status })}</strong>{' '}
        {error.code === 'APPROVAL_REQUIRED' && error.reason
          ? t(`approval.refused.${error.reason}`, { defaultValue: t('errors.APPROVAL_REQUIRED') })
          : t(`errors.${error.code}`)}
      </p>
    </div>
  );
}
