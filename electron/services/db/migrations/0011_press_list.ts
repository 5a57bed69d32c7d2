import type { Migration } from './types';

/**
 * The press list: contacts, the lists that group them, and suppressed
 * addresses (opt-outs that outlive the contact they came from).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'press_list',
  statements: [
    `CREATE TABLE contacts (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      outlet TEXT NOT NULL DEFAULT '',
      role TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL,
      email_key TEXT NOT NULL,
      phone TEXT NOT NULL DEFAULT '',
      beats TEXT NOT NULL DEFAULT '[]',
      language TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      consent_source TEXT NOT NULL DEFAULT '',
      consent_at TEXT,
      opt_out INTEGER NOT NULL DEFAULT 0 CHECK (opt_out IN (0, 1)),
      opt_out_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE UNIQUE INDEX contacts_email_key ON contacts (email_key)`,
    `CREATE INDEX contacts_name ON contacts (name COLLATE NOCASE)`,
    `CREATE TABLE contact_lists (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE UNIQUE INDEX contact_lists_name ON contact_lists (name COLLATE NOCASE)`,
    `CREATE TABLE contact_list_members (
      list_id TEXT NOT NULL REFERENCES contact_lists (id) ON DELETE CASCADE,
      contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
      added_at TEXT NOT NULL,
      PRIMARY KEY (list_id, contact_id)
    ) STRICT, WITHOUT ROWID`,
    `CREATE INDEX contact_list_members_contact ON contact_list_members (contact_id)`,
    `CREATE TABLE suppressions (
      email_key TEXT PRIMARY KEY,
      reason TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID`,
  ],
};
