import { z } from 'zod';
import { interchangeFieldShape, RELEASE_FIELD_NAMES, ReleaseIdSchema, type Release } from './release';
import { InterchangeApprovalSchema, InterchangeQuoteSchema, type ApprovalState } from './approval';
import { stripComments } from '../document/comments';

export const INTERCHANGE_FORMAT = 'pressdesk.release/1';

/**
 * One release in the interchange format `pressdesk.release/1`
 * (see docs/FORMAT.md): the release's fields as the field table reads them,
 * plus the record's identity and history. Unknown keys are ignored so that
 * newer files stay readable; wrong types are refused.
 */
export const InterchangeReleaseSchema = z
  .object({
    format: z.literal(INTERCHANGE_FORMAT),
    id: ReleaseIdSchema.optional(),
    ...interchangeFieldShape,
    correctedAt: z.iso.datetime().nullable().optional(),
    bodyHtml: z.string().max(5_000_000).optional(),
    createdAt: z.iso.datetime().optional(),
    updatedAt: z.iso.datetime().optional(),
    version: z.number().int().positive().optional(),
    /** The approval in force (a record of the sender; optional). */
    approval: InterchangeApprovalSchema.nullable().optional(),
    /** The quote register: each quote's approval state (optional). */
    quotes: z.array(InterchangeQuoteSchema).max(1000).optional(),
  })
  .refine((r) => !(r.body !== undefined && r.bodyHtml !== undefined), {
    message: 'give the body either as "body" or as "bodyHtml", not both',
    path: ['bodyHtml'],
  });
export type InterchangeReleaseInput = z.input<typeof InterchangeReleaseSchema>;
export type InterchangeRelease = z.output<typeof InterchangeReleaseSchema>;

/** The release as written by `pressdesk show` and read back by `pressdesk import`. */
export function releaseToInterchange(
  release: Release,
  /** The approval and the quote register, for files that carry them (never a public bundle). */
  approvals?: { approval: unknown; quotes: unknown },
): Record<string, unknown> {
  const fields = Object.fromEntries(
    RELEASE_FIELD_NAMES.filter((name) => name !== 'body').map((name) => [name, release[name]]),
  );
  return {
    format: INTERCHANGE_FORMAT,
    id: release.id,
    ...fields,
    correctedAt: release.correctedAt,
    // The body last: it is by far the longest part of a record. Comments are no part of the format.
    body: stripComments(release.body),
    createdAt: release.createdAt,
    updatedAt: release.updatedAt,
    version: release.version,
    ...(approvals ? { approval: approvals.approval, quotes: approvals.quotes } : {}),
  };
}

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
