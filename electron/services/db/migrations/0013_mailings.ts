import type { Migration } from './types';

/**
 * Press mailings: the durable queue of a release sent to lists, each
 * recipient's state, and the log of the exact message as sent (the message
 * once per mailing, the headers that differ per recipient next to them).
 */
export const migration0013: Migration = {
  version: 13,
  name: 'mailings',
  statements: [
    `CREATE TABLE mailings (
      id TEXT PRIMARY KEY,
      release_id TEXT NOT NULL,
      release_version INTEGER NOT NULL,
      lists TEXT NOT NULL DEFAULT '[]',
      lists_key TEXT NOT NULL DEFAULT '',
      subject TEXT NOT NULL,
      sender TEXT NOT NULL DEFAULT '',
      test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1)),
      state TEXT NOT NULL CHECK (state IN ('open', 'done', 'cancelled')),
      suppressed INTEGER NOT NULL DEFAULT 0,
      message BLOB NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX mailings_release ON mailings (release_id, created_at)`,
    `CREATE TABLE mailing_recipients (
      mailing_id TEXT NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
      email_key TEXT NOT NULL,
      email TEXT NOT NULL,
      name TEXT NOT NULL DEFAULT '',
      position INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'accepted', 'refused', 'uncertain', 'cancelled')),
      response TEXT NOT NULL DEFAULT '',
      message_id TEXT NOT NULL,
      headers TEXT NOT NULL DEFAULT '',
      attempts INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (mailing_id, email_key)
    ) STRICT, WITHOUT ROWID`,
    `CREATE INDEX mailing_recipients_state ON mailing_recipients (mailing_id, state, position)`,
  ],
};
