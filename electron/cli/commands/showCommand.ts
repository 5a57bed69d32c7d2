import { documentToPlainText } from '../../../shared/document';
import { officeDate, releaseToInterchange, type ApprovalState } from '../../../shared/domain';
import { UsageError, type Command } from '../command';

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

export const showCommand: Command = {
  name: 'show',
  synopsis: 'show ID',
  summary: 'Show one release (--json: in the interchange format)',
  async run({ args, json, io, call }) {
    const [id] = args;
    if (!id || args.length > 1) throw new UsageError('show needs exactly one ID');
    const release = await call('releases.get', { id });
    if (json) {
      const state = await call('approval.get', { id });
      io.out(JSON.stringify(releaseToInterchange(release, interchangeApprovals(state)), null, 2));
    } else {
      const meta = [release.dateline, release.publishedAt ? officeDate(release.publishedAt) : '']
        .filter(Boolean)
        .join(', ');
      const parts = [
        release.topic,
        release.headline,
        release.subheadline,
        meta,
        release.teaser,
        documentToPlainText(release.body),
        release.relatedLinks.map((l) => `${l.title}: ${l.url}`).join('\n'),
        release.pressContact,
        release.boilerplate,
      ];
      io.out(parts.filter((p) => p.trim() !== '').join('\n\n'));
    }
    return 0;
  },
};
