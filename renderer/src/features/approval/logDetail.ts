import type { TFunction } from 'i18next';
import { APPROVAL_VIAS, type ApprovalVia } from '../../../../shared/domain/approval';
import type { LogEntry } from '../../../../shared/domain/log';

const isVia = (value: unknown): value is ApprovalVia =>
  typeof value === 'string' && (APPROVAL_VIAS as readonly string[]).includes(value);

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What an approval entry of the release's log says (who approved, how; which quote); empty for other kinds. */
export function approvalLogDetail(entry: LogEntry, t: TFunction): string {
  const { detail } = entry;
  const via = isVia(detail.via) ? t(`approval.via.${detail.via}`) : '';
  switch (entry.kind) {
    case 'review-requested':
      return t('approval.log.review', { reviewers: text(detail.reviewers) });
    case 'approved':
    case 'approval-confirmed':
      return t('approval.log.approved', { name: text(detail.by), via });
    case 'quote': {
      const action = text(detail.action);
      if (action !== 'requested' && action !== 'approved' && action !== 'rejected') return '';
      return t(`approval.log.quote.${action}`, {
        speaker: text(detail.speaker),
        name: text(detail.by) || text(detail.from),
        via,
      });
    }
    default:
      return '';
  }
}
