import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Comment, CommentThread } from '../../../shared/contract/comments';
import { commentIdsOf } from '../../../shared/document';
import { ActorSchema, UNKNOWN_ACTOR, type Actor } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import type { ReleaseRepository } from '../releases/releaseRepository';

/** A stored comment or reply. */
export interface CommentRow {
  id: string;
  release_id: string;
  parent_id: string | null;
  author: string;
  at: string;
  text: string;
  anchor_text: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

/** The most comments (threads and replies) one release may have. */
export const MAX_COMMENTS_PER_RELEASE = 5000;

function actorFrom(json: string | null): Actor {
  if (json === null) return UNKNOWN_ACTOR;
  try {
    const parsed = ActorSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : UNKNOWN_ACTOR;
  } catch {
    return UNKNOWN_ACTOR;
  }
}

function toComment(row: CommentRow): Comment {
  return { id: row.id, author: actorFrom(row.author), at: row.at, text: row.text };
}

export interface AddCommentInput {
  readonly releaseId: string;
  readonly id?: string;
  readonly text: string;
  readonly anchorText: string;
}

/**
 * The inline comments of releases: threads and their replies. Every action
 * writes its one `comment` entry to the release's log in its own
 * transaction; the body's anchor marks are the editor's (a save of the body).
 */
export class CommentRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly releases: ReleaseRepository,
    private readonly actor: () => Actor = () => UNKNOWN_ACTOR,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private rows(releaseId: string): CommentRow[] {
    return this.db
      .prepare<[string], CommentRow>('SELECT * FROM release_comments WHERE release_id = ? ORDER BY at, rowid')
      .all(releaseId);
  }

  private row(releaseId: string, id: string): CommentRow {
    const row = this.db
      .prepare<[string, string], CommentRow>('SELECT * FROM release_comments WHERE release_id = ? AND id = ?')
      .get(releaseId, id);
    if (!row) throw new PressdeskError('NOT_FOUND', `Release ${releaseId} has no comment ${id}.`, { releaseId, id });
    return row;
  }

  /** The threads of a release, oldest first, each with its replies. NOT_FOUND for an unknown release. */
  list(releaseId: string): CommentThread[] {
    const release = this.releases.get(releaseId);
    const anchored = new Set(commentIdsOf(release.body));
    const rows = this.rows(releaseId);
    const replies = new Map<string, Comment[]>();
    for (const row of rows) {
      if (row.parent_id === null) continue;
      const list = replies.get(row.parent_id) ?? [];
      list.push(toComment(row));
      replies.set(row.parent_id, list);
    }
    return rows
      .filter((row) => row.parent_id === null)
      .map((row) => ({
        ...toComment(row),
        releaseId: row.release_id,
        anchorText: row.anchor_text,
        anchored: anchored.has(row.id),
        resolvedAt: row.resolved_at,
        resolvedBy: row.resolved_at === null ? null : actorFrom(row.resolved_by),
        replies: replies.get(row.id) ?? [],
      }));
  }

  /** One thread of a release. */
  thread(releaseId: string, id: string): CommentThread {
    const thread = this.list(releaseId).find((t) => t.id === id);
    if (!thread) throw new PressdeskError('NOT_FOUND', `Release ${releaseId} has no comment ${id}.`, { releaseId, id });
    return thread;
  }

  private checkRoom(releaseId: string): void {
    const { n } = this.db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM release_comments WHERE release_id = ?')
      .get(releaseId)!;
    if (n >= MAX_COMMENTS_PER_RELEASE) {
      throw new PressdeskError('INVALID_INPUT', `A release holds at most ${MAX_COMMENTS_PER_RELEASE} comments.`, {
        releaseId,
      });
    }
  }

  private insert(row: CommentRow): void {
    this.db
      .prepare(
        `INSERT INTO release_comments (id, release_id, parent_id, author, at, text, anchor_text, resolved_at, resolved_by)
         VALUES (@id, @release_id, @parent_id, @author, @at, @text, @anchor_text, @resolved_at, @resolved_by)`,
      )
      .run(row);
  }

  /** Starts a thread; CONFLICT if the id is taken (by any release). */
  add(input: AddCommentInput): CommentThread {
    const id = input.id ?? randomUUID();
    this.db
      .transaction(() => {
        const release = this.releases.get(input.releaseId);
        const taken = this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM release_comments WHERE id = ?');
        if (taken.get(id)) throw new PressdeskError('CONFLICT', `A comment with id ${id} exists already.`, { id });
        this.checkRoom(release.id);
        this.insert({
          id,
          release_id: release.id,
          parent_id: null,
          author: JSON.stringify(this.actor()),
          at: this.now().toISOString(),
          text: input.text,
          anchor_text: input.anchorText,
          resolved_at: null,
          resolved_by: null,
        });
        this.releases.log.append(release.id, 'comment', release.version, { action: 'added', commentId: id });
      })
      .immediate();
    return this.thread(input.releaseId, id);
  }

  /** Answers a thread (a reply to a reply answers the same thread); returns the thread. */
  reply(releaseId: string, parentId: string, text: string): CommentThread {
    const id = randomUUID();
    let threadId = parentId;
    this.db
      .transaction(() => {
        const release = this.releases.get(releaseId);
        const parent = this.row(releaseId, parentId);
        threadId = parent.parent_id ?? parent.id;
        this.checkRoom(releaseId);
        this.insert({
          id,
          release_id: releaseId,
          parent_id: threadId,
          author: JSON.stringify(this.actor()),
          at: this.now().toISOString(),
          text,
          anchor_text: '',
          resolved_at: null,
          resolved_by: null,
        });
        this.releases.log.append(releaseId, 'comment', release.version, {
          action: 'replied',
          commentId: id,
          threadId,
        });
      })
      .immediate();
    return this.thread(releaseId, threadId);
  }

  /**
   * Resolves a thread or opens it again (the thread of a reply, for a reply's
   * id). A thread already in that state is left as it is and logs nothing.
   */
  resolve(releaseId: string, commentId: string, resolved: boolean): CommentThread {
    let threadId = commentId;
    this.db
      .transaction(() => {
        const release = this.releases.get(releaseId);
        const found = this.row(releaseId, commentId);
        const thread = found.parent_id === null ? found : this.row(releaseId, found.parent_id);
        threadId = thread.id;
        if ((thread.resolved_at !== null) === resolved) return;
        this.db
          .prepare('UPDATE release_comments SET resolved_at = ?, resolved_by = ? WHERE id = ?')
          .run(resolved ? this.now().toISOString() : null, resolved ? JSON.stringify(this.actor()) : null, thread.id);
        this.releases.log.append(releaseId, 'comment', release.version, {
          action: resolved ? 'resolved' : 'reopened',
          commentId: thread.id,
        });
      })
      .immediate();
    return this.thread(releaseId, threadId);
  }
}
