import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import {
  ActorSchema,
  documentQuotes,
  EVIDENCE_MAX_BYTES,
  personKey,
  UNKNOWN_ACTOR,
  type Actor,
  type Approval,
  type ApprovalGate,
  type ApprovalPolicy,
  type ApprovalState,
  type ApprovalVia,
  type EvidenceType,
  type InterchangeApproval,
  type InterchangeQuote,
  type QuoteEntry,
  type QuoteState,
  type Release,
  type ReleaseFields,
  type ReleaseStatus,
  type ReviewRequest,
} from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import type { ReleaseRepository } from '../releases/releaseRepository';
import { approvalHash, quoteId, wordChanges } from './content';

interface ApprovalRow {
  id: number;
  release_id: string;
  kind: 'approval' | 'form-correction';
  version: number;
  content_hash: string;
  approved_by: string;
  approver_function: string;
  via: ApprovalVia;
  approved_at: string;
  remark: string;
  recorded_by: string;
  recorded_at: string;
  imported: number;
  revoked_at: string | null;
  evidence_name: string | null;
  evidence_type: EvidenceType | null;
  evidence_sha256: string | null;
  evidence_size: number | null;
}

interface ReviewRow {
  version: number;
  reviewers: string;
  deadline: string | null;
  remark: string;
  requested_at: string;
  requested_by: string;
}

interface QuoteRow {
  quote_id: string;
  state: 'requested' | 'approved' | 'rejected';
  speaker: string;
  requested_from: string | null;
  requested_at: string | null;
  decided_by: string | null;
  decided_function: string | null;
  via: ApprovalVia | null;
  decided_at: string | null;
  remark: string;
}

/** Evidence as a caller hands it in: a file's name and bytes. */
export interface EvidenceFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ApproveInput {
  readonly by?: string;
  readonly function?: string;
  readonly via: ApprovalVia;
  /** When the approval was given (it may have come by phone an hour ago); now when missing. */
  readonly approvedAt?: string;
  readonly remark?: string;
  readonly evidence?: EvidenceFile;
}

export interface ReviewInput {
  readonly reviewers: readonly string[];
  readonly deadline?: string | null;
  readonly remark?: string;
}

export interface QuoteDecisionInput {
  readonly decision: 'approved' | 'rejected';
  readonly by: string;
  readonly function?: string;
  readonly via: ApprovalVia;
  readonly at?: string;
  readonly remark?: string;
}

function parseActor(json: string): Actor {
  try {
    const parsed = ActorSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : UNKNOWN_ACTOR;
  } catch {
    return UNKNOWN_ACTOR;
  }
}

function parseNames(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const MAIL_HEADER =
  /^(?:from|to|subject|date|received|return-path|message-id|mime-version|delivered-to|reply-to|x-[\w-]+):/im;

/**
 * What an evidence file is, by its content (its name only decides between
 * equals): a PDF, an Outlook message (.msg, an OLE compound file), or an
 * Internet message (.eml: text with mail headers). Anything else is refused.
 */
export function evidenceType(file: EvidenceFile): EvidenceType {
  const { bytes } = file;
  if (bytes.length === 0) throw new PressdeskError('EVIDENCE_INVALID', 'The evidence file is empty.', {});
  if (bytes.length > EVIDENCE_MAX_BYTES) {
    throw new PressdeskError('EVIDENCE_INVALID', 'The evidence file is larger than 10 MB.', {
      size: bytes.length,
      limit: EVIDENCE_MAX_BYTES,
    });
  }
  const head = Buffer.from(bytes.subarray(0, 8192));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (OLE_MAGIC.every((b, i) => head[i] === b)) return 'application/vnd.ms-outlook';
  if (!head.includes(0) && MAIL_HEADER.test(head.toString('latin1'))) return 'message/rfc822';
  throw new PressdeskError('EVIDENCE_INVALID', 'The evidence must be an e-mail (.eml, .msg) or a PDF.', {
    name: safeName(file.name),
  });
}

/** A file name as kept: its last part, without control characters, at most 200 characters. */
function safeName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return ([...base].slice(0, 200).join('') || 'evidence').replace(/^\.+/, '_');
}

/** An instant given by a caller, refused if it lies in the future (an approval cannot come from tomorrow). */
function pastInstant(value: string | undefined, now: Date, what: string): string {
  if (value === undefined) return now.toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new PressdeskError('INVALID_INPUT', `${what}: "${value}" is not a date.`, {});
  if (t > now.getTime() + 5 * 60 * 1000) {
    throw new PressdeskError('INVALID_INPUT', `${what} lies in the future.`, { at: value });
  }
  return new Date(t).toISOString();
}

/**
 * The approval of releases and of their quotes: review requests, approval
 * records bound to the content they approved, quote states bound to the
 * quote's speaker and words, the rules for status changes and the facts
 * preflight checks before public export and mailing. Every action leaves
 * exactly one entry in the release's log, in its own transaction.
 */
export class ApprovalService {
  constructor(
    private readonly db: Database.Database,
    private readonly releases: ReleaseRepository,
    private readonly policy: () => ApprovalPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {
    releases.setApprovalHooks({
      transition: (current, next) => this.checkTransition(current, next),
      gate: (release) => this.gate(release),
      adopt: (releaseId, approval, quotes) => this.adoptImported(releaseId, approval, quotes),
    });
  }

  // ---- reading ----

  private rows(releaseId: string): ApprovalRow[] {
    return this.db
      .prepare<[string], ApprovalRow>(
        `SELECT id, release_id, kind, version, content_hash, approved_by, approver_function, via, approved_at, remark,
                recorded_by, recorded_at, imported, revoked_at, evidence_name, evidence_type, evidence_sha256,
                length(evidence) AS evidence_size
         FROM release_approvals WHERE release_id = ? ORDER BY id`,
      )
      .all(releaseId);
  }

  private toApproval(row: ApprovalRow): Approval {
    return {
      id: row.id,
      kind: row.kind,
      version: row.version,
      approvedBy: row.approved_by,
      function: row.approver_function,
      via: row.via,
      approvedAt: row.approved_at,
      remark: row.remark,
      recordedBy: parseActor(row.recorded_by),
      evidence:
        row.evidence_name !== null && row.evidence_type !== null && row.evidence_sha256 !== null
          ? {
              name: row.evidence_name,
              type: row.evidence_type,
              size: row.evidence_size ?? 0,
              sha256: row.evidence_sha256,
            }
          : null,
      imported: row.imported === 1,
      contentHash: row.content_hash,
    };
  }

  /** The approval in force: the newest record not withdrawn, or none. */
  private currentRow(releaseId: string): ApprovalRow | null {
    const rows = this.rows(releaseId);
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i]!;
      if (row.revoked_at === null) return row;
    }
    return null;
  }

  private quoteRows(releaseId: string): Map<string, QuoteRow> {
    const rows = this.db.prepare<[string], QuoteRow>('SELECT * FROM quote_states WHERE release_id = ?').all(releaseId);
    return new Map(rows.map((r) => [r.quote_id, r]));
  }

  /** The quote register: the body's quotes with their states; a quote changed since its decision is open. */
  quotes(releaseId: string, release: ReleaseFields = this.releases.get(releaseId)): QuoteEntry[] {
    const rows = this.quoteRows(releaseId);
    const seen = new Set<string>();
    const out: QuoteEntry[] = [];
    for (const q of documentQuotes(release.body)) {
      const id = quoteId(q);
      if (seen.has(id)) continue;
      seen.add(id);
      const row = rows.get(id);
      const state: QuoteState = row?.state ?? 'open';
      out.push({
        id,
        speaker: q.speaker,
        function: q.role,
        text: q.text,
        state,
        approvedBy: state === 'approved' ? row!.decided_by : null,
        approvedAt: state === 'approved' ? row!.decided_at : null,
        via: state === 'approved' || state === 'rejected' ? row!.via : null,
        requestedFrom: row?.requested_from ?? null,
        requestedAt: row?.requested_at ?? null,
        rejectedBy: state === 'rejected' ? row!.decided_by : null,
        rejectedAt: state === 'rejected' ? row!.decided_at : null,
        remark: row?.remark ?? '',
      });
    }
    return out;
  }

  private review(releaseId: string): ReviewRequest | null {
    const row = this.db
      .prepare<[string], ReviewRow>('SELECT * FROM release_reviews WHERE release_id = ? ORDER BY id DESC LIMIT 1')
      .get(releaseId);
    if (!row) return null;
    return {
      reviewers: parseNames(row.reviewers),
      deadline: row.deadline,
      remark: row.remark,
      requestedAt: row.requested_at,
      requestedBy: parseActor(row.requested_by),
      version: row.version,
    };
  }

  private lastContentAuthor(releaseId: string): Actor | null {
    const row = this.db
      .prepare<[string], { changed_by: string }>('SELECT changed_by FROM release_content_state WHERE release_id = ?')
      .get(releaseId);
    if (!row) return null;
    const actor = parseActor(row.changed_by);
    return actor.name === '' ? null : actor;
  }

  /** Whether the quote gate applies: before publication (a published release went through it already). */
  private quotesGated(status: ReleaseStatus): boolean {
    return status === 'draft' || status === 'review' || status === 'approved';
  }

  /** The approval facts preflight checks before a public export or a mailing. */
  gate(release: Release): ApprovalGate {
    const current = this.currentRow(release.id);
    const policy = this.policy();
    return {
      stale: current !== null && current.content_hash !== approvalHash(release),
      quotes: this.quotesGated(release.status)
        ? this.quotes(release.id, release).map((q) => ({ id: q.id, speaker: q.speaker, state: q.state }))
        : [],
      quotesRequired: policy.quotesRequired,
    };
  }

  /** Everything the approval panel shows. */
  state(releaseId: string): ApprovalState {
    const release = this.releases.get(releaseId);
    const rows = this.rows(releaseId);
    const current = this.currentRow(releaseId);
    const hash = approvalHash(release);
    const stale = current !== null && current.content_hash !== hash;
    const policy = this.policy();
    const quotes = this.quotes(releaseId, release);
    let changes: ApprovalState['changes'] = [];
    if (stale && current) {
      try {
        changes = wordChanges(this.releases.revision(releaseId, current.version), release);
      } catch (error) {
        // An approval imported from a file has no revision here to compare with.
        if (!(error instanceof PressdeskError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    const blocks: ApprovalState['blocks'] = [];
    if (current === null && release.status !== 'published') blocks.push({ code: 'not-approved', detail: '' });
    if (stale) blocks.push({ code: 'stale', detail: '' });
    if (policy.quotesRequired && this.quotesGated(release.status)) {
      for (const q of quotes) {
        if (q.speaker === '') blocks.push({ code: 'quote-no-speaker', detail: q.id });
        else if (q.state === 'rejected') blocks.push({ code: 'quote-rejected', detail: q.speaker });
        else if (q.state !== 'approved') blocks.push({ code: 'quote-open', detail: q.speaker });
      }
    }
    return {
      releaseId,
      version: release.version,
      status: release.status,
      state: current === null ? 'none' : stale ? 'stale' : 'current',
      approval: current ? this.toApproval(current) : null,
      history: rows.map((r) => this.toApproval(r)),
      changes,
      review: this.review(releaseId),
      quotes,
      lastContentAuthor: this.lastContentAuthor(releaseId),
      fourEyes: policy.fourEyes,
      quotesRequired: policy.quotesRequired,
      blocks,
    };
  }

  /** The evidence kept with an approval. */
  evidence(releaseId: string, approvalId: number): { name: string; type: EvidenceType; bytes: Buffer } {
    const row = this.db
      .prepare<
        [string, number],
        { evidence_name: string | null; evidence_type: EvidenceType | null; evidence: Buffer | null }
      >('SELECT evidence_name, evidence_type, evidence FROM release_approvals WHERE release_id = ? AND id = ?')
      .get(releaseId, approvalId);
    if (!row || row.evidence === null || row.evidence_name === null || row.evidence_type === null) {
      throw new PressdeskError('NOT_FOUND', `Approval ${approvalId} of release ${releaseId} has no evidence.`, {
        id: releaseId,
        approvalId,
      });
    }
    return { name: row.evidence_name, type: row.evidence_type, bytes: row.evidence };
  }

  // ---- the rules of status changes ----

  /** Refuses a status change the approval rules forbid; withdraws the approval when a release goes back. */
  private checkTransition(current: Release, next: ReleaseFields): void {
    const to = next.status;
    if (to === 'approved' || to === 'published') {
      const approval = this.currentRow(current.id);
      if (approval === null) {
        throw new PressdeskError(
          'APPROVAL_REQUIRED',
          'The release has no approval: record it first (who approved it, how and when).',
          { id: current.id, to, reason: 'not-approved' },
        );
      }
      if (approval.content_hash !== approvalHash(next)) {
        throw new PressdeskError(
          'APPROVAL_REQUIRED',
          'The text changed after the approval: approve it again or have the change confirmed as a correction of form.',
          { id: current.id, to, reason: 'stale' },
        );
      }
      if (to === 'published' && this.policy().quotesRequired) {
        const open = this.quotes(current.id, next).filter((q) => q.state !== 'approved' || q.speaker === '');
        if (open.length > 0) {
          throw new PressdeskError(
            'APPROVAL_REQUIRED',
            `${open.length} quote(s) are not approved: ${open
              .map((q) => q.speaker || '?')
              .join(', ')
              .slice(0, 200)}.`,
            { id: current.id, to, reason: 'quotes', quotes: open.map((q) => q.id) },
          );
        }
      }
      return;
    }
    // Back to rework, or withdrawn: the approval no longer stands.
    if (current.status === 'approved' || current.status === 'published') {
      this.db
        .prepare('UPDATE release_approvals SET revoked_at = ? WHERE release_id = ? AND revoked_at IS NULL')
        .run(this.now().toISOString(), current.id);
    }
  }

  /**
   * The team took the approval back (its copy of the release carries none):
   * the approval here no longer stands either. Call inside the sync's transaction.
   */
  revokeForTeam(releaseId: string): void {
    this.db
      .prepare('UPDATE release_approvals SET revoked_at = ? WHERE release_id = ? AND revoked_at IS NULL')
      .run(this.now().toISOString(), releaseId);
  }

  // ---- actions ----

  /** A status change with an optional remark, under the workflow's and the approval's rules. */
  setStatus(releaseId: string, status: ReleaseStatus, remark = ''): Release {
    const current = this.releases.get(releaseId);
    if (current.status === status) return current;
    return this.releases.applyStatus(releaseId, status, 'status', {
      from: current.status,
      to: status,
      ...(remark ? { remark } : {}),
    });
  }

  /** „Zur Prüfung geben“: names the reviewers and a deadline; a draft (or an approved release) goes to review. */
  requestReview(releaseId: string, input: ReviewInput): ApprovalState {
    const reviewers = [...new Set(input.reviewers.map((r) => r.trim()).filter(Boolean))];
    if (reviewers.length === 0) {
      throw new PressdeskError('INVALID_INPUT', 'Name at least one reviewer.', {});
    }
    this.releases.transaction(() => {
      const release = this.releases.get(releaseId);
      if (release.status === 'published' || release.status === 'withdrawn') {
        throw new PressdeskError(
          'FORBIDDEN_TRANSITION',
          `A release that is "${release.status}" is not given to review.`,
          { id: releaseId, from: release.status, to: 'review' },
        );
      }
      const after = this.releases.applyStatus(releaseId, 'review', 'review-requested', {
        reviewers: reviewers.join(', '),
        ...(input.deadline ? { deadline: input.deadline } : {}),
        ...(input.remark ? { remark: input.remark } : {}),
      });
      this.db
        .prepare(
          `INSERT INTO release_reviews (release_id, version, reviewers, deadline, remark, requested_at, requested_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          releaseId,
          after.version,
          JSON.stringify(reviewers),
          input.deadline ?? null,
          input.remark ?? '',
          this.now().toISOString(),
          JSON.stringify(this.releases.actor()),
        );
    });
    return this.state(releaseId);
  }

  /** Four-eyes: the approver must not be the author of the last content change. */
  private checkFourEyes(releaseId: string, approver: string): void {
    if (!this.policy().fourEyes) return;
    const author = this.lastContentAuthor(releaseId);
    if (author && personKey(author.name) === personKey(approver)) {
      throw new PressdeskError(
        'FOUR_EYES',
        `${approver} made the last change to the text and cannot approve it (four-eyes rule).`,
        { id: releaseId, approver, author: author.name },
      );
    }
  }

  /**
   * Records an approval: who, in what function, how it came, when, a remark and
   * evidence. It binds to the text as it is now; the release becomes approved
   * (a published release stays published: its correction is approved).
   */
  approve(releaseId: string, input: ApproveInput): ApprovalState {
    const profile = this.releases.actor();
    // In Pressdesk itself the person at this workstation approves.
    const by = input.via === 'app' ? profile.name : (input.by ?? '').trim();
    const fn = input.via === 'app' && !input.function ? profile.function : (input.function ?? '').trim();
    if (by === '') {
      throw new PressdeskError(
        'INVALID_INPUT',
        input.via === 'app' ? 'An approval in Pressdesk needs a profile (a name).' : 'Name who approved it.',
        {},
      );
    }
    const now = this.now();
    const approvedAt = pastInstant(input.approvedAt, now, 'The approval');
    const evidence = input.evidence ? { ...input.evidence, type: evidenceType(input.evidence) } : null;
    this.releases.transaction(() => {
      const release = this.releases.get(releaseId);
      if (release.status === 'withdrawn') {
        throw new PressdeskError('FORBIDDEN_TRANSITION', 'A withdrawn release is not approved; rework it first.', {
          id: releaseId,
          from: 'withdrawn',
          to: 'approved',
        });
      }
      this.checkFourEyes(releaseId, by);
      const result = this.db
        .prepare(
          `INSERT INTO release_approvals (release_id, kind, version, content_hash, approved_by, approver_function, via,
             approved_at, remark, recorded_by, recorded_at, evidence_name, evidence_type, evidence_sha256, evidence)
           VALUES (?, 'approval', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          releaseId,
          release.version,
          approvalHash(release),
          by,
          fn,
          input.via,
          approvedAt,
          input.remark ?? '',
          JSON.stringify(profile),
          now.toISOString(),
          evidence ? safeName(evidence.name) : null,
          evidence?.type ?? null,
          evidence ? createHash('sha256').update(evidence.bytes).digest('hex') : null,
          evidence ? Buffer.from(evidence.bytes) : null,
        );
      const target: ReleaseStatus = release.status === 'published' ? 'published' : 'approved';
      const after = this.releases.applyStatus(releaseId, target, 'approved', {
        by,
        ...(fn ? { function: fn } : {}),
        via: input.via,
        at: approvedAt,
        ...(input.remark ? { remark: input.remark } : {}),
        ...(evidence ? { evidence: safeName(evidence.name) } : {}),
      });
      // The approval names the version it covers: the one the status change wrote.
      this.db
        .prepare('UPDATE release_approvals SET version = ? WHERE id = ?')
        .run(after.version, result.lastInsertRowid);
    });
    return this.state(releaseId);
  }

  /**
   * The approver confirms a change made after the approval as a correction
   * of form (a typo, a date format): the approval then covers the new text.
   */
  confirmCorrection(releaseId: string, input: { by?: string; via: ApprovalVia; remark?: string }): ApprovalState {
    this.releases.transaction(() => {
      const release = this.releases.get(releaseId);
      const current = this.currentRow(releaseId);
      if (!current) {
        throw new PressdeskError('APPROVAL_REQUIRED', 'There is no approval to confirm a correction for.', {
          id: releaseId,
          reason: 'not-approved',
        });
      }
      const hash = approvalHash(release);
      if (current.content_hash === hash) return;
      const by = (input.by ?? '').trim() || current.approved_by;
      if (personKey(by) !== personKey(current.approved_by)) {
        throw new PressdeskError(
          'APPROVAL_REQUIRED',
          `Only the approver (${current.approved_by}) confirms a correction of form; ask for a new approval instead.`,
          { id: releaseId, reason: 'not-approver' },
        );
      }
      this.checkFourEyes(releaseId, by);
      const now = this.now().toISOString();
      this.releases.applyStatus(releaseId, release.status, 'approval-confirmed', {
        by,
        via: input.via,
        approvedVersion: current.version,
        ...(input.remark ? { remark: input.remark } : {}),
      });
      this.db
        .prepare(
          `INSERT INTO release_approvals (release_id, kind, version, content_hash, approved_by, approver_function, via,
             approved_at, remark, recorded_by, recorded_at)
           VALUES (?, 'form-correction', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          releaseId,
          release.version,
          hash,
          current.approved_by,
          current.approver_function,
          input.via,
          now,
          input.remark ?? '',
          JSON.stringify(this.releases.actor()),
          now,
        );
    });
    return this.state(releaseId);
  }

  private quoteOf(releaseId: string, id: string): QuoteEntry {
    const quote = this.quotes(releaseId).find((q) => q.id === id);
    if (!quote) {
      throw new PressdeskError('NOT_FOUND', `Release ${releaseId} has no quote ${id} (was it changed?).`, {
        id: releaseId,
        quoteId: id,
      });
    }
    return quote;
  }

  /** The quote was sent to its speaker for approval (angefragt). */
  requestQuote(releaseId: string, id: string, input: { from?: string; at?: string; remark?: string }): QuoteEntry {
    this.releases.transaction(() => {
      const quote = this.quoteOf(releaseId, id);
      const from = (input.from ?? '').trim() || quote.speaker;
      const at = pastInstant(input.at, this.now(), 'The request');
      this.writeQuote(releaseId, id, {
        state: 'requested',
        speaker: quote.speaker,
        requested_from: from,
        requested_at: at,
        decided_by: null,
        decided_function: null,
        via: null,
        decided_at: null,
        remark: input.remark ?? '',
      });
      this.releases.applyStatus(releaseId, this.releases.get(releaseId).status, 'quote', {
        action: 'requested',
        quoteId: id,
        speaker: quote.speaker,
        from,
      });
    });
    return this.quoteOf(releaseId, id);
  }

  /** The speaker approved or rejected the quote, as it reads now. */
  decideQuote(releaseId: string, id: string, input: QuoteDecisionInput): QuoteEntry {
    const by = input.by.trim();
    if (by === '') throw new PressdeskError('INVALID_INPUT', 'Name who decided on the quote.', {});
    this.releases.transaction(() => {
      const quote = this.quoteOf(releaseId, id);
      const previous = this.quoteRows(releaseId).get(id);
      const at = pastInstant(input.at, this.now(), 'The decision');
      this.writeQuote(releaseId, id, {
        state: input.decision,
        speaker: quote.speaker,
        requested_from: previous?.requested_from ?? null,
        requested_at: previous?.requested_at ?? null,
        decided_by: by,
        decided_function: (input.function ?? '').trim() || quote.function,
        via: input.via,
        decided_at: at,
        remark: input.remark ?? '',
      });
      this.releases.applyStatus(releaseId, this.releases.get(releaseId).status, 'quote', {
        action: input.decision,
        quoteId: id,
        speaker: quote.speaker,
        by,
        via: input.via,
      });
    });
    return this.quoteOf(releaseId, id);
  }

  private writeQuote(releaseId: string, id: string, row: Omit<QuoteRow, 'quote_id'>): void {
    this.db
      .prepare(
        `INSERT INTO quote_states (release_id, quote_id, state, speaker, requested_from, requested_at, decided_by,
           decided_function, via, decided_at, remark, recorded_by, recorded_at)
         VALUES (@release_id, @quote_id, @state, @speaker, @requested_from, @requested_at, @decided_by,
           @decided_function, @via, @decided_at, @remark, @recorded_by, @recorded_at)
         ON CONFLICT (release_id, quote_id) DO UPDATE SET state = excluded.state, speaker = excluded.speaker,
           requested_from = excluded.requested_from, requested_at = excluded.requested_at,
           decided_by = excluded.decided_by, decided_function = excluded.decided_function, via = excluded.via,
           decided_at = excluded.decided_at, remark = excluded.remark, recorded_by = excluded.recorded_by,
           recorded_at = excluded.recorded_at`,
      )
      .run({
        ...row,
        release_id: releaseId,
        quote_id: id,
        recorded_by: JSON.stringify(this.releases.actor()),
        recorded_at: this.now().toISOString(),
      });
  }

  // ---- the interchange format ----

  /**
   * Takes over the approval and quote states a release file carries, as
   * records of the sender (marked imported). They bind to the text as it was
   * imported: the ids and hashes are computed here, never read from the file.
   * A quote the body does not hold is ignored. Call inside the import's transaction.
   */
  adoptImported(
    releaseId: string,
    approval: InterchangeApproval | null | undefined,
    quotes: readonly InterchangeQuote[],
  ): void {
    const release = this.releases.get(releaseId);
    const actor = JSON.stringify(this.releases.actor());
    const now = this.now().toISOString();
    if (approval) {
      // Bound to the text the file says it approved; without that, to the text as imported.
      const hash = approval.contentHash ?? approvalHash(release);
      const current = this.currentRow(releaseId);
      if (
        !current ||
        current.content_hash !== hash ||
        current.approved_by !== approval.approvedBy ||
        current.approved_at !== new Date(approval.approvedAt).toISOString()
      ) {
        this.db
          .prepare(
            `INSERT INTO release_approvals (release_id, kind, version, content_hash, approved_by, approver_function,
               via, approved_at, remark, recorded_by, recorded_at, imported)
             VALUES (?, 'approval', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
          )
          .run(
            releaseId,
            release.version,
            hash,
            approval.approvedBy,
            approval.function,
            approval.via,
            new Date(approval.approvedAt).toISOString(),
            approval.remark,
            actor,
            now,
          );
      }
    }
    const inBody = new Map(documentQuotes(release.body).map((q) => [quoteId(q), q]));
    for (const q of quotes) {
      if (q.state === 'open') continue;
      const id = quoteId({ speaker: q.speaker, role: '', text: q.text });
      const body = inBody.get(id);
      if (!body) continue;
      this.db
        .prepare(
          `INSERT OR REPLACE INTO quote_states (release_id, quote_id, state, speaker, decided_by, via, decided_at, remark,
             recorded_by, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)`,
        )
        .run(
          releaseId,
          id,
          q.state,
          body.speaker,
          q.state === 'requested' ? null : (q.approvedBy ?? null),
          q.state === 'requested' ? null : (q.via ?? null),
          q.state === 'requested' || !q.approvedAt ? null : new Date(q.approvedAt).toISOString(),
          actor,
          now,
        );
    }
  }
}
