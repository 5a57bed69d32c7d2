import { z } from 'zod';
import {
  ApprovalNoteSchema,
  ApprovalStateSchema,
  ApprovalViaSchema,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_TYPES,
  InstantSchema,
  PersonFunctionSchema,
  PersonNameSchema,
  QuoteEntrySchema,
  ReleaseIdSchema,
  ReleaseSchema,
  ReleaseStatusSchema,
} from '../domain';
import { channel, type Channel } from './channel';

/** Evidence as it crosses the boundary: the file's name and its bytes in base64 (at most 10 MB). */
export const EvidenceUploadSchema = z
  .object({
    name: z.string().min(1).max(1000),
    base64: z
      .string()
      .max(Math.ceil(EVIDENCE_MAX_BYTES / 3) * 4 + 4)
      .regex(/^[\d+/a-z]*={0,2}$/i, 'not base64'),
  })
  .strict();

const QuoteIdSchema = z.string().regex(/^q-[0-9a-f]{12}$/, 'not a quote id');

/**
 * Channels of the approval (Freigabe): review requests, approvals bound to
 * the text they approved, confirmations of a correction of form, status
 * changes under the approval rules, and the quote register.
 */
export const approvalChannels = {
  /** Everything the approval panel shows: the approval in force, whether it is stale and what changed, the quotes. */
  'approval.get': channel(z.object({ id: ReleaseIdSchema }).strict(), ApprovalStateSchema),
  /** „Zur Prüfung geben“: the reviewers and an optional deadline; the release goes to review. */
  'approval.requestReview': channel(
    z
      .object({
        id: ReleaseIdSchema,
        reviewers: z.array(PersonNameSchema).min(1).max(20),
        deadline: InstantSchema.nullable().optional(),
        remark: ApprovalNoteSchema.optional(),
      })
      .strict(),
    ApprovalStateSchema,
  ),
  /**
   * Records an approval: who, their function, how it came, when, a remark and
   * evidence (an e-mail or a PDF). Approved in Pressdesk (`via: app`), the
   * approver is the profile of this workstation. FOUR_EYES when the approver
   * made the last change to the text.
   */
  'approval.approve': channel(
    z
      .object({
        id: ReleaseIdSchema,
        by: PersonFunctionSchema.optional(),
        function: PersonFunctionSchema.optional(),
        via: ApprovalViaSchema,
        approvedAt: InstantSchema.optional(),
        remark: ApprovalNoteSchema.optional(),
        evidence: EvidenceUploadSchema.optional(),
      })
      .strict(),
    ApprovalStateSchema,
  ),
  /** The approver confirms the change since the approval as a correction of form. */
  'approval.confirmCorrection': channel(
    z
      .object({
        id: ReleaseIdSchema,
        by: PersonFunctionSchema.optional(),
        via: ApprovalViaSchema,
        remark: ApprovalNoteSchema.optional(),
      })
      .strict(),
    ApprovalStateSchema,
  ),
  /** A status change with a remark, under the workflow's and the approval's rules. */
  'approval.setStatus': channel(
    z.object({ id: ReleaseIdSchema, status: ReleaseStatusSchema, remark: ApprovalNoteSchema.optional() }).strict(),
    ReleaseSchema,
  ),
  /** The evidence kept with an approval, to open or save. */
  'approval.evidence': channel(
    z.object({ id: ReleaseIdSchema, approvalId: z.number().int().positive() }).strict(),
    z.object({ name: z.string(), type: z.enum(EVIDENCE_TYPES), base64: z.string() }).strict(),
  ),
  /** The quote register: every quote of the body with its speaker and approval state. */
  'quotes.list': channel(z.object({ id: ReleaseIdSchema }).strict(), z.object({ items: z.array(QuoteEntrySchema) })),
  /** The quote was sent to its speaker for approval (angefragt). */
  'quotes.request': channel(
    z
      .object({
        id: ReleaseIdSchema,
        quoteId: QuoteIdSchema,
        from: PersonFunctionSchema.optional(),
        at: InstantSchema.optional(),
        remark: ApprovalNoteSchema.optional(),
      })
      .strict(),
    QuoteEntrySchema,
  ),
  /** The speaker approved or rejected the quote as it reads now. */
  'quotes.decide': channel(
    z
      .object({
        id: ReleaseIdSchema,
        quoteId: QuoteIdSchema,
        decision: z.enum(['approved', 'rejected']),
        by: PersonNameSchema,
        function: PersonFunctionSchema.optional(),
        via: ApprovalViaSchema,
        at: InstantSchema.optional(),
        remark: ApprovalNoteSchema.optional(),
      })
      .strict(),
    QuoteEntrySchema,
  ),
} as const satisfies Record<string, Channel>;
