import type { Migration } from './types';

/**
 * Inline comments on releases: threads anchored in the body by a `comment`
 * mark with the thread's id. A reply names its thread (`parent_id`); only a
 * thread is resolved. The author is the profile of whoever wrote it, kept as
 * it was (JSON). The comments of a release go when it is deleted for good.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'comments',
  statements: [
    `CREATE TABLE release_comments (
      id TEXT PRIMARY KEY,
      release_id TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
      parent_id TEXT REFERENCES release_comments (id) ON DELETE CASCADE,
      author TEXT NOT NULL,
      at TEXT NOT NULL,
      text TEXT NOT NULL,
      anchor_text TEXT NOT NULL DEFAULT '',
      resolved_at TEXT,
      resolved_by TEXT
    ) STRICT`,
    `CREATE INDEX release_comments_release ON release_comments (release_id, at)`,
    `CREATE INDEX release_comments_parent ON release_comments (parent_id)`,
  ],
};
