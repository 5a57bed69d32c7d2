import type { CommentThread } from '../../../shared/contract/comments';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export type CommentFilter = 'open' | 'all';

export interface CommentsState {
  /** The release whose comments are loaded; null before the first load. */
  readonly releaseId: string | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** The release's threads, oldest first. */
  readonly threads: readonly CommentThread[];
  /** Which threads the panel shows: the open ones (default) or all. */
  readonly filter: CommentFilter;
  readonly error: UiErrorCode | null;
}

export interface CommentsSlice {
  comments: CommentsState;
  /** Reads the threads of the open release (nothing for a release not saved yet). */
  loadComments: () => Promise<void>;
  /**
   * Starts a thread on the text `anchorText` under the id its anchor mark
   * carries. Saves pending text first, so the release exists; returns whether
   * the engine kept it (the editor sets the mark only then).
   */
  addComment: (id: string, text: string, anchorText: string) => Promise<boolean>;
  replyComment: (parentId: string, text: string) => Promise<boolean>;
  resolveComment: (commentId: string, resolved: boolean) => Promise<boolean>;
  setCommentFilter: (filter: CommentFilter) => void;
}

const initial: CommentsState = { releaseId: null, status: 'idle', threads: [], filter: 'open', error: null };

export const createCommentsSlice: SliceCreator<CommentsSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<CommentsState>): void => set((s) => ({ comments: { ...s.comments, ...patch } }));

  /** The thread as the engine now has it, in place of the one the list had (or added at its end). */
  const replace = (releaseId: string, thread: CommentThread): void => {
    if (get().comments.releaseId !== releaseId) return;
    const threads = get().comments.threads;
    const at = threads.findIndex((t) => t.id === thread.id);
    update({
      threads: at < 0 ? [...threads, thread] : threads.map((t, i) => (i === at ? thread : t)),
      error: null,
    });
  };

  /** Runs one action on the open release's comments; a failure is kept for the panel to say. */
  async function act(run: (releaseId: string) => Promise<CommentThread>): Promise<boolean> {
    const releaseId = get().compose.releaseId;
    if (releaseId === null) return false;
    try {
      replace(releaseId, await run(releaseId));
      return true;
    } catch (error) {
      update({ error: errorCodeOf(error) });
      return false;
    }
  }

  return {
    comments: initial,

    async loadComments() {
      const releaseId = get().compose.releaseId;
      if (releaseId === null) {
        set((s) => ({ comments: { ...initial, filter: s.comments.filter } }));
        return;
      }
      if (get().comments.releaseId !== releaseId)
        set((s) => ({ comments: { ...initial, filter: s.comments.filter, releaseId, status: 'loading' } }));
      try {
        const { threads } = await deps.api.call('comments.list', { releaseId });
        if (get().comments.releaseId === releaseId) update({ threads, status: 'ready', error: null });
      } catch (error) {
        if (get().comments.releaseId === releaseId) update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async addComment(id, text, anchorText) {
      // A new release is stored first: its comments need it.
      if (get().compose.releaseId === null && !(await get().flushSave())) return false;
      if (get().comments.releaseId !== get().compose.releaseId) await get().loadComments();
      return act(async (releaseId) => {
        const { thread } = await deps.api.call('comments.add', { releaseId, id, text, anchorText });
        // The editor anchors it right away; the stored body has the anchor with the next save.
        return { ...thread, anchored: true };
      });
    },

    replyComment(parentId, text) {
      return act(async (releaseId) => {
        const { thread } = await deps.api.call('comments.reply', { releaseId, parentId, text });
        return thread;
      });
    },

    resolveComment(commentId, resolved) {
      return act(async (releaseId) => {
        const { thread } = await deps.api.call('comments.resolve', { releaseId, commentId, resolved });
        return thread;
      });
    },

    setCommentFilter(filter) {
      update({ filter });
    },
  };
};
