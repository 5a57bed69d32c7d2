import { z } from 'zod';
import type { BlockNode, DocumentNode, QuoteNode } from '../document';
import { ActorSchema } from './log';

/**
 * The approval (Freigabe) of a release and of its quotes (Zitatfreigabe).
 *
 * An approval is bound to the content it approved: a later change to the
 * text makes it stale („Freigabe veraltet“) until the release is approved
 * again or the approver confirms the change as a correction of form. A
 * quote's approval is bound to its speaker and words: editing it sets it
 * back to open.
 */

/** How an approval came: in Pressdesk itself, by e-mail, by phone, in person. */
export const APPROVAL_VIAS = ['app', 'email', 'phone', 'person'] as const;
export type ApprovalVia = (typeof APPROVAL_VIAS)[number];
export const ApprovalViaSchema = z.enum(APPROVAL_VIAS);

/** The states of a quote: offen, angefragt, freigegeben, abgelehnt. */
export const QUOTE_STATES = ['open', 'requested', 'approved', 'rejected'] as const;
export type QuoteState = (typeof QUOTE_STATES)[number];

/** What an approval record is: the approval itself, or a change confirmed as a correction of form. */
export const APPROVAL_KINDS = ['approval', 'form-correction'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** Evidence kept with an approval: the approver's e-mail (.eml, .msg) or a PDF. */
export const EVIDENCE_TYPES = ['message/rfc822', 'application/vnd.ms-outlook', 'application/pdf'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
/** The largest evidence file kept with an approval. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** A quote of the body as the text has it (speaker, function, words). */
export interface DocumentQuote {
  readonly speaker: string;
  readonly role: string;
  readonly text: string;
}

function inlineText(block: QuoteNode['content'][number]): string {
  return (block.content ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

/** A quote's words: its paragraphs, one per line. */
export function quoteText(node: QuoteNode): string {
  return node.content
    .map(inlineText)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join('\n');
}

function collectQuotes(blocks: readonly BlockNode[], out: DocumentQuote[]): void {
  for (const b of blocks) {
    if (b.type === 'quote') {
      out.push({ speaker: b.attrs.speaker.trim(), role: b.attrs.role.trim(), text: quoteText(b) });
    } else if (b.type === 'blockquote') {
      collectQuotes(b.content, out);
    } else if (b.type === 'bulletList' || b.type === 'orderedList') {
      for (const item of b.content) collectQuotes(item.content, out);
    }
  }
}

/** The quotes of a body, in reading order. */
export function documentQuotes(doc: DocumentNode): DocumentQuote[] {
  const out: DocumentQuote[] = [];
  collectQuotes(doc.content, out);
  return out;
}

/** A person's name as compared for four-eyes: NFC, case and spacing folded. */
export function personKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');
}

const ShortText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) =>
      s
        .normalize('NFC')
        .replace(/[\u0000-\u001f\u007f]/g, ' ')
        .trim(),
    );
const LongText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) =>
      s
        .normalize('NFC')
        .replace(/[\u0000-\u0008\v\f\u000e-\u001f\u007f]/g, '')
        .trim(),
    );

/** A person's name as typed (an approver, a reviewer, a speaker asked). */
export const PersonNameSchema = ShortText(200).pipe(z.string().min(1, 'a name is needed'));
export const PersonFunctionSchema = ShortText(200);
export const ApprovalNoteSchema = LongText(2000);

export const EvidenceInfoSchema = z
  .object({
    name: z.string(),
    type: z.enum(EVIDENCE_TYPES),
    size: z.number().int().nonnegative(),
    sha256: z.string(),
  })
  .strict();
export type EvidenceInfo = z.infer<typeof EvidenceInfoSchema>;

/** One approval record of a release. */
export const ApprovalSchema = z
  .object({
    id: z.number().int().positive(),
    kind: z.enum(APPROVAL_KINDS),
    /** The release version the approval was given for. */
    version: z.number().int().positive(),
    approvedBy: z.string(),
    function: z.string(),
    via: ApprovalViaSchema,
    approvedAt: z.string(),
    remark: z.string(),
    /** Who recorded it in Pressdesk. */
    recordedBy: ActorSchema,
    evidence: EvidenceInfoSchema.nullable(),
    /** Came with an imported file (a record of the sender), not given here. */
    imported: z.boolean(),
    /** The fingerprint of the text it approved (SHA-256). */
    contentHash: z.string(),
  })
  .strict();
export type Approval = z.infer<typeof ApprovalSchema>;

/** A request for review („Zur Prüfung geben“). */
export const ReviewRequestSchema = z
  .object({
    reviewers: z.array(z.string()),
    deadline: z.string().nullable(),
    remark: z.string(),
    requestedAt: z.string(),
    requestedBy: ActorSchema,
    version: z.number().int().positive(),
  })
  .strict();
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

/** A quote of the release with its approval state (the quote register). */
export const QuoteEntrySchema = z
  .object({
    /** Stable for the same speaker and words; a change of either gives a new id. */
    id: z.string(),
    speaker: z.string(),
    function: z.string(),
    text: z.string(),
    state: z.enum(QUOTE_STATES),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    via: ApprovalViaSchema.nullable(),
    requestedFrom: z.string().nullable(),
    requestedAt: z.string().nullable(),
    rejectedBy: z.string().nullable(),
    rejectedAt: z.string().nullable(),
    remark: z.string(),
  })
  .strict();
export type QuoteEntry = z.infer<typeof QuoteEntrySchema>;

/** A piece of a word diff: kept, added or removed words. */
export const DiffPartSchema = z
  .object({ text: z.string(), added: z.boolean().optional(), removed: z.boolean().optional() })
  .strict();
/** What changed in one field since the approved version. */
export const FieldChangeSchema = z.object({ field: z.string(), parts: z.array(DiffPartSchema) }).strict();
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** Why public export, mailing or publishing is refused now. */
export const APPROVAL_BLOCKS = ['not-approved', 'stale', 'quote-open', 'quote-rejected', 'quote-no-speaker'] as const;
export type ApprovalBlock = (typeof APPROVAL_BLOCKS)[number];

/** Everything the approval panel shows about a release. */
export const ApprovalStateSchema = z
  .object({
    releaseId: z.string(),
    version: z.number().int().positive(),
    status: z.string(),
    /** none: never approved (or withdrawn); current: the approval covers this text; stale: the text changed since. */
    state: z.enum(['none', 'current', 'stale']),
    approval: ApprovalSchema.nullable(),
    /** Every approval record, oldest first. */
    history: z.array(ApprovalSchema),
    /** What changed since the approved version (only when stale). */
    changes: z.array(FieldChangeSchema),
    review: ReviewRequestSchema.nullable(),
    quotes: z.array(QuoteEntrySchema),
    /** Who made the last change to the content (four-eyes); null when not known. */
    lastContentAuthor: ActorSchema.nullable(),
    fourEyes: z.boolean(),
    quotesRequired: z.boolean(),
    /** Why a public export or a mailing would be refused now; empty when nothing blocks. */
    blocks: z.array(z.object({ code: z.enum(APPROVAL_BLOCKS), detail: z.string() }).strict()),
  })
  .strict();
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;

/**
 * The facts preflight needs about approval: whether a recorded approval has
 * gone stale, and the quotes that are not approved while the office requires
 * approved quotes. Empty lists and `stale: false` when nothing blocks.
 */
export interface ApprovalGate {
  readonly stale: boolean;
  readonly quotes: readonly { readonly id: string; readonly speaker: string; readonly state: QuoteState }[];
  readonly quotesRequired: boolean;
}

/**
 * The office's approval rules, as settings: four-eyes (the approver is not
 * the author of the last content change) and approved quotes before public
 * export, mailing and publishing. Both on unless set to `off`.
 */
export const APPROVAL_SETTINGS = {
  'approval.fourEyes': z.enum(['on', 'off']),
  'approval.quotes': z.enum(['on', 'off']),
} as const;
export type ApprovalSettingKey = keyof typeof APPROVAL_SETTINGS;
export const APPROVAL_SETTING_KEYS = Object.keys(APPROVAL_SETTINGS) as ApprovalSettingKey[];
export function isApprovalSettingKey(key: string): key is ApprovalSettingKey {
  return Object.prototype.hasOwnProperty.call(APPROVAL_SETTINGS, key);
}
/** The rules in force. */
export interface ApprovalPolicy {
  readonly fourEyes: boolean;
  readonly quotesRequired: boolean;
}

/**
 * The approval in force as a release file carries it (optional; see
 * docs/FORMAT.md). `contentHash` names the text it approved: a file whose
 * text differs arrives with a stale approval.
 */
export const InterchangeApprovalSchema = z
  .object({
    approvedBy: PersonNameSchema,
    function: PersonFunctionSchema.default(''),
    via: ApprovalViaSchema,
    approvedAt: z.iso.datetime({ offset: true }),
    remark: ApprovalNoteSchema.default(''),
    contentHash: z
      .string()
      .regex(/^[\da-f]{64}$/)
      .optional(),
  })
  .strip();
export type InterchangeApproval = z.output<typeof InterchangeApprovalSchema>;

/** A quote's state as a release file carries it; the quote is found in the body by its speaker and words. */
export const InterchangeQuoteSchema = z
  .object({
    speaker: z.string().max(200),
    text: z.string().max(50_000),
    state: z.enum(QUOTE_STATES),
    approvedBy: z.string().max(200).nullable().optional(),
    approvedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    via: ApprovalViaSchema.nullable().optional(),
  })
  .strip();
export type InterchangeQuote = z.output<typeof InterchangeQuoteSchema>;
