import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  ActorSchema,
  APPROVAL_KINDS,
  APPROVAL_VIAS,
  ReleaseIdSchema,
  parseIsoInstant,
  QUOTE_STATES,
} from '../../../shared/domain';
import { evidenceType } from './approvalService';

/** A row of a foreign database, column by column. */
type Row = Record<string, unknown>;

/** The approval tables a backup carries, with every column Pressdesk has given them. */
export const APPROVAL_TABLES: Readonly<Record<string, readonly string[]>> = {
  release_reviews: ['id', 'release_id', 'version', 'reviewers', 'deadline', 'remark', 'requested_at', 'requested_by'],
  release_approvals: [
    'id',
    'release_id',
    'kind',
    'version',
    'content_hash',
    'approved_by',
    'approver_function',
    'via',
    'approved_at',
    'remark',
    'recorded_by',
    'recorded_at',
    'imported',
    'revoked_at',
    'evidence_name',
    'evidence_type',
    'evidence_sha256',
    'evidence',
  ],
  quote_states: [
    'release_id',
    'quote_id',
    'state',
    'speaker',
    'requested_from',
    'requested_at',
    'decided_by',
    'decided_function',
    'via',
    'decided_at',
    'remark',
    'recorded_by',
    'recorded_at',
  ],
  release_content_state: ['release_id', 'content_hash', 'version', 'changed_by', 'changed_at'],
};

const HASH = /^[\da-f]{64}$/;
const QUOTE_ID = /^q-[\da-f]{12}$/;

/** One line of text: NFC, no control characters, at most `max` characters; null when not text or too long. */
function line(value: unknown, max: number, allowEmpty = true): string | null {
  if (typeof value !== 'string' || value.length > max * 4) return null;
  const clean = value.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (clean.length > max || (!allowEmpty && clean.trim() === '')) return null;
  return clean;
}
function longText(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || value.length > max) return null;
  return value.normalize('NFC').replace(/[\u0000-\u0008\v\f\u000e-\u001f\u007f]/g, '');
}
function instant(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 ? parseIsoInstant(value) : null;
}
function optionalInstant(value: unknown): string | null | undefined {
  return value === null ? null : (instant(value) ?? undefined);
}
function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : null;
}
function actor(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 4096) return null;
  try {
    const parsed = ActorSchema.safeParse(JSON.parse(value));
    return parsed.success ? JSON.stringify(parsed.data) : null;
  } catch {
    return null;
  }
}
function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}
function optionalLine(value: unknown, max: number): string | null | undefined {
  return value === null ? null : (line(value, max) ?? undefined);
}

/**
 * Copies the approval records of a foreign database, each checked as the
 * engine would write it; a row that fails is dropped and named. Rows of
 * releases that did not come along are left out. Evidence is kept only when
 * it still is an e-mail or a PDF; its fingerprint is computed here, never
 * taken from the file.
 */
export function copyApprovals(
  db: Database.Database,
  rows: (table: string) => Iterable<Row>,
  drop: (item: string) => void,
): void {
  const releaseExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM releases WHERE id = ?');
  const known = (value: unknown): string | null => {
    const id = ReleaseIdSchema.safeParse(value);
    return id.success && releaseExists.get(id.data) ? id.data : null;
  };

  const insertReview = db.prepare(
    `INSERT INTO release_reviews (release_id, version, reviewers, deadline, remark, requested_at, requested_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const row of rows('release_reviews')) {
    // The release did not come along (its own drop is listed): its records go with it, unlisted.
    if (known(row.release_id) === null) continue;
    const releaseId = known(row.release_id);
    let reviewers: string[] | null = null;
    try {
      const parsed: unknown = typeof row.reviewers === 'string' ? JSON.parse(row.reviewers) : null;
      if (Array.isArray(parsed) && parsed.length <= 20 && parsed.every((r) => line(r, 200, false) !== null))
        reviewers = (parsed as string[]).map((r) => line(r, 200)!);
    } catch {
      reviewers = null;
    }
    const deadline = optionalInstant(row.deadline);
    const values = [
      releaseId,
      positiveInt(row.version),
      reviewers ? JSON.stringify(reviewers) : null,
      longText(row.remark, 2000),
      instant(row.requested_at),
      actor(row.requested_by),
    ];
    if (values.some((v) => v === null) || deadline === undefined) {
      drop(`review:${String(row.id)}`);
      continue;
    }
    const [id, version, names, remark, at, by] = values;
    insertReview.run(id, version, names, deadline, remark, at, by);
  }

  const insertApproval = db.prepare(
    `INSERT INTO release_approvals (release_id, kind, version, content_hash, approved_by, approver_function, via,
       approved_at, remark, recorded_by, recorded_at, imported, revoked_at, evidence_name, evidence_type,
       evidence_sha256, evidence)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const row of rows('release_approvals')) {
    // The release did not come along (its own drop is listed): its records go with it, unlisted.
    if (known(row.release_id) === null) continue;
    const required = [
      known(row.release_id),
      oneOf(row.kind, APPROVAL_KINDS),
      positiveInt(row.version),
      typeof row.content_hash === 'string' && HASH.test(row.content_hash) ? row.content_hash : null,
      line(row.approved_by, 200, false),
      line(row.approver_function, 200),
      oneOf(row.via, APPROVAL_VIAS),
      instant(row.approved_at),
      longText(row.remark, 2000),
      actor(row.recorded_by),
      instant(row.recorded_at),
      row.imported === 0 || row.imported === 1 ? row.imported : null,
    ];
    const revokedAt = optionalInstant(row.revoked_at);
    if (required.some((v) => v === null) || revokedAt === undefined) {
      drop(`approval:${String(row.id)}`);
      continue;
    }
    let evidence: [string, string, string, Buffer] | [null, null, null, null] = [null, null, null, null];
    if (row.evidence !== null && row.evidence !== undefined) {
      const name = line(row.evidence_name, 200, false);
      try {
        if (!(row.evidence instanceof Uint8Array) || name === null) throw new Error('no evidence');
        const bytes = Buffer.from(row.evidence);
        const type = evidenceType({ name, bytes });
        evidence = [name, type, createHash('sha256').update(bytes).digest('hex'), bytes];
      } catch {
        // The approval stays; evidence that is no longer an e-mail or a PDF does not.
        drop(`evidence:${String(row.id)}`);
      }
    }
    insertApproval.run(...required, revokedAt, ...evidence);
  }

  const insertQuote = db.prepare(
    `INSERT OR REPLACE INTO quote_states (release_id, quote_id, state, speaker, requested_from, requested_at,
       decided_by, decided_function, via, decided_at, remark, recorded_by, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const row of rows('quote_states')) {
    // The release did not come along (its own drop is listed): its records go with it, unlisted.
    if (known(row.release_id) === null) continue;
    const releaseId = known(row.release_id);
    const quoteId = typeof row.quote_id === 'string' && QUOTE_ID.test(row.quote_id) ? row.quote_id : null;
    const state = oneOf(
      row.state,
      QUOTE_STATES.filter((s) => s !== 'open'),
    );
    const speaker = line(row.speaker, 200);
    const optional = [
      optionalLine(row.requested_from, 200),
      optionalInstant(row.requested_at),
      optionalLine(row.decided_by, 200),
      optionalLine(row.decided_function, 200),
      row.via === null ? null : (oneOf(row.via, APPROVAL_VIAS) ?? undefined),
      optionalInstant(row.decided_at),
    ];
    const remark = longText(row.remark, 2000);
    const recordedBy = actor(row.recorded_by);
    const recordedAt = instant(row.recorded_at);
    if (
      [releaseId, quoteId, state, speaker, remark, recordedBy, recordedAt].some((v) => v === null) ||
      optional.some((v) => v === undefined)
    ) {
      drop(`quote:${String(row.quote_id).slice(0, 20)}`);
      continue;
    }
    insertQuote.run(releaseId, quoteId, state, speaker, ...optional, remark, recordedBy, recordedAt);
  }

  const insertContent = db.prepare(
    `INSERT OR REPLACE INTO release_content_state (release_id, content_hash, version, changed_by, changed_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  for (const row of rows('release_content_state')) {
    // The release did not come along (its own drop is listed): its records go with it, unlisted.
    if (known(row.release_id) === null) continue;
    const values = [
      known(row.release_id),
      typeof row.content_hash === 'string' && HASH.test(row.content_hash) ? row.content_hash : null,
      positiveInt(row.version),
      actor(row.changed_by),
      instant(row.changed_at),
    ];
    if (values.some((v) => v === null)) {
      drop(`content-state:${String(row.release_id).slice(0, 40)}`);
      continue;
    }
    insertContent.run(...values);
  }
}
