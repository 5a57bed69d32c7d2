import type { ApprovalState } from '../../../shared/domain';

/** The approval in force and the quote register as `show --json` and the interchange format carry them. */
export function interchangeApprovals(state: ApprovalState): { approval: unknown; quotes: unknown } {
  const a = state.approval;
  return {
    approval: a
      ? {
          approvedBy: a.approvedBy,
          function: a.function,
          via: a.via,
          approvedAt: a.approvedAt,
          remark: a.remark,
          kind: a.kind,
          state: state.state,
          imported: a.imported,
          contentHash: a.contentHash,
        }
      : null,
    quotes: state.quotes.map((q) => ({
      id: q.id,
      speaker: q.speaker,
      function: q.function,
      text: q.text,
      state: q.state,
      approvedBy: q.approvedBy,
      approvedAt: q.approvedAt,
      via: q.via,
    })),
  };
}
