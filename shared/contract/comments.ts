import { z } from 'zod';
import { COMMENT_ID_PATTERN } from '../document/types';
import { ActorSchema, ReleaseIdSchema } from '../domain';
import { channel, type Channel } from './channel';
import { cleanText } from './contacts';

/** Limits of a comment: its text, and the text its anchor covered when it was made. */
export const COMMENT_LIMITS = { text: 5000, anchorText: 2000 } as const;

/** The id of a comment or thread, as the anchor mark in the body carries it. */
export const CommentIdSchema = z.string().regex(COMMENT_ID_PATTERN, 'letters, digits, "_" and "-" only (1–64)');

/** A comment's text as typed: NFC, control characters removed (line breaks kept), trimmed; never empty. */
const commentText = z
  .string()
  .max(COMMENT_LIMITS.text * 4)
  .transform((v) => cleanText(v, true))
  .pipe(
    z.string().min(1, 'a comment needs a text').max(COMMENT_LIMITS.text, `at most ${COMMENT_LIMITS.text} characters`),
  );

/** One comment or reply: who wrote what, when. */
export const CommentSchema = z.object({
  id: z.string(),
  author: ActorSchema,
  at: z.string(),
  text: z.string(),
});
export type Comment = z.infer<typeof CommentSchema>;

/**
 * A thread: the first comment, the text it was anchored on, its replies
 * (oldest first), and whether it was resolved (and by whom). `anchored` tells
 * whether the body still carries its anchor (the text may have been deleted).
 */
export const CommentThreadSchema = CommentSchema.extend({
  releaseId: z.string(),
  anchorText: z.string(),
  anchored: z.boolean(),
  resolvedAt: z.string().nullable(),
  resolvedBy: ActorSchema.nullable(),
  replies: z.array(CommentSchema),
});
export type CommentThread = z.infer<typeof CommentThreadSchema>;

const threadOut = z.object({ thread: CommentThreadSchema });

/**
 * Inline comments on a release. A thread is anchored in the body by a
 * `comment` mark carrying its id (the renderer sets the mark); the comments
 * themselves are no content of the release: they are never exported, mailed
 * or put in a review copy. Each action leaves one entry (`comment`) in the
 * release's log; the author is the profile of the workstation.
 */
export const commentChannels = {
  /** The threads of a release, oldest first. NOT_FOUND for an unknown release. */
  'comments.list': channel(
    z.object({ releaseId: ReleaseIdSchema }).strict(),
    z.object({ threads: z.array(CommentThreadSchema) }),
  ),
  /**
   * Starts a thread on the text `anchorText` (what the selection covered);
   * `id` is the id the anchor mark carries (made here when not given).
   * CONFLICT if a comment with that id exists.
   */
  'comments.add': channel(
    z
      .object({
        releaseId: ReleaseIdSchema,
        id: CommentIdSchema.optional(),
        text: commentText,
        anchorText: z
          .string()
          .max(COMMENT_LIMITS.anchorText * 4)
          .transform((v) => cleanText(v))
          .pipe(z.string().max(COMMENT_LIMITS.anchorText, `at most ${COMMENT_LIMITS.anchorText} characters`)),
      })
      .strict(),
    threadOut,
  ),
  /** Answers a thread (a reply to a reply answers its thread). NOT_FOUND for an unknown comment. */
  'comments.reply': channel(
    z.object({ releaseId: ReleaseIdSchema, parentId: CommentIdSchema, text: commentText }).strict(),
    threadOut,
  ),
  /** Marks a thread as done (`resolved: true`) or opens it again; a thread already so is left as it is. */
  'comments.resolve': channel(
    z.object({ releaseId: ReleaseIdSchema, commentId: CommentIdSchema, resolved: z.boolean() }).strict(),
    threadOut,
  ),
} as const satisfies Record<string, Channel>;
