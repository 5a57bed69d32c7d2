import type { HandlersOf } from '../../../shared/contract';
import type { commentChannels } from '../../../shared/contract/comments';
import type { CommentRepository } from './commentRepository';

/** The comment channels: threads on a release, their replies and their state. */
export function commentHandlers(comments: CommentRepository): HandlersOf<typeof commentChannels> {
  return {
    'comments.list': ({ releaseId }) => ({ threads: comments.list(releaseId) }),
    'comments.add': (input) => ({ thread: comments.add(input) }),
    'comments.reply': ({ releaseId, parentId, text }) => ({ thread: comments.reply(releaseId, parentId, text) }),
    'comments.resolve': ({ releaseId, commentId, resolved }) => ({
      thread: comments.resolve(releaseId, commentId, resolved),
    }),
  };
}
