import type { Migration } from './types';

/**
 * Approval (Freigabe): review requests, approval records bound to the
 * content they approved (with evidence kept beside them), the state of each
 * quote bound to its speaker and words (Zitatfreigabe), and who made the last
 * change to a release's content (four-eyes).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'approvals',
  statements: [
    `CREATE TABLE release_reviews (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      release_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      reviewers TEXT NOT NULL,
      deadline TEXT,
      remark TEXT NOT NULL DEFAULT '',
      requested_at TEXT NOT NULL,
      requested_by TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX release_reviews_release ON release_reviews (release_id, id)`,
    `CREATE TABLE release_approvals (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      release_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('approval', 'form-correction')),
      version INTEGER NOT NULL,
      content_hash TEXT NOT NULL,
      approved_by TEXT NOT NULL,
      approver_function TEXT NOT NULL DEFAULT '',
      via TEXT NOT NULL CHECK (via IN ('app', 'email', 'phone', 'person')),
      approved_at TEXT NOT NULL,
      remark TEXT NOT NULL DEFAULT '',
      recorded_by TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      imported INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
      revoked_at TEXT,
      evidence_name TEXT,
      evidence_type TEXT,
      evidence_sha256 TEXT,
      evidence BLOB
    ) STRICT`,
    `CREATE INDEX release_approvals_release ON release_approvals (release_id, id)`,
    `CREATE TABLE quote_states (
      release_id TEXT NOT NULL,
      quote_id TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'rejected')),
      speaker TEXT NOT NULL,
      requested_from TEXT,
      requested_at TEXT,
      decided_by TEXT,
      decided_function TEXT,
      via TEXT CHECK (via IS NULL OR via IN ('app', 'email', 'phone', 'person')),
      decided_at TEXT,
      remark TEXT NOT NULL DEFAULT '',
      recorded_by TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      PRIMARY KEY (release_id, quote_id)
    ) STRICT, WITHOUT ROWID`,
    `CREATE TABLE release_content_state (
      release_id TEXT PRIMARY KEY,
      content_hash TEXT NOT NULL,
      version INTEGER NOT NULL,
      changed_by TEXT NOT NULL,
      changed_at TEXT NOT NULL
    ) STRICT`,
  ],
};
