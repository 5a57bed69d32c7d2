import type { HandlersOf } from '../../../shared/contract';
import type { approvalChannels } from '../../../shared/contract/approval';
import type { ApprovalService } from './approvalService';

/** The approval channels, served by the approval service. */
export function approvalHandlers(approval: ApprovalService): HandlersOf<typeof approvalChannels> {
  return {
    'approval.get': ({ id }) => approval.state(id),
    'approval.requestReview': ({ id, reviewers, deadline, remark }) =>
      approval.requestReview(id, { reviewers, deadline, remark }),
    'approval.approve': ({ id, evidence, ...input }) =>
      approval.approve(id, {
        ...input,
        evidence: evidence ? { name: evidence.name, bytes: Buffer.from(evidence.base64, 'base64') } : undefined,
      }),
    'approval.confirmCorrection': ({ id, ...input }) => approval.confirmCorrection(id, input),
    'approval.setStatus': ({ id, status, remark }) => approval.setStatus(id, status, remark),
    'approval.evidence': ({ id, approvalId }) => {
      const file = approval.evidence(id, approvalId);
      return { name: file.name, type: file.type, base64: file.bytes.toString('base64') };
    },
    'quotes.list': ({ id }) => ({ items: approval.quotes(id) }),
    'quotes.request': ({ id, quoteId, ...input }) => approval.requestQuote(id, quoteId, input),
    'quotes.decide': ({ id, quoteId, ...input }) => approval.decideQuote(id, quoteId, input),
  };
}
