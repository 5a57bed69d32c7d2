import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment, CommentThread } from '../../../../shared/contract/comments';
import { COMMENT_LIMITS } from '../../../../shared/contract/comments';
import type { Actor } from '../../../../shared/domain/log';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';
import type { CommentFilter } from '../../stores/commentsSlice';
import { selectCommentAnchor } from './extensions/comment';

/** The comments on the open release, in the side panel: the open ones (or all), each with its replies. */
export function CommentsPanel() {
  const { t } = useTranslation();
  const releaseId = useAppStore((s) => s.compose.releaseId);
  const session = useAppStore((s) => s.compose.session);
  // Read again after each save: whether a thread's words are still in the body is the stored body's.
  const version = useAppStore((s) => s.compose.baseVersion);
  const comments = useAppStore((s) => s.comments);
  const loadComments = useAppStore((s) => s.loadComments);
  const setFilter = useAppStore((s) => s.setCommentFilter);
  const filterId = useId();

  useEffect(() => {
    void loadComments();
  }, [releaseId, session, version, loadComments]);

  const shown =
    comments.releaseId === releaseId
      ? comments.threads.filter((thread) => comments.filter === 'all' || thread.resolvedAt === null)
      : [];
  const total = comments.releaseId === releaseId ? comments.threads.length : 0;
  return (
    <div className="comments-panel">
      <div className="comments-head">
        <label htmlFor={filterId}>{t('comments.filter')}</label>
        <select
          id={filterId}
          value={comments.filter}
          onChange={(event) => setFilter(event.target.value as CommentFilter)}
        >
          <option value="open">{t('comments.filterOpen')}</option>
          <option value="all">{t('comments.filterAll')}</option>
        </select>
      </div>
      {comments.error && (
        <p className="hint hint-error" role="alert">
          {t('comments.failed')} {t(`errors.${comments.error}`)}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="hint">{total === 0 ? t('comments.empty') : t('comments.emptyOpen')}</p>
      ) : (
        <ol className="comment-list" aria-label={t('comments.listLabel')}>
          {shown.map((thread) => (
            <li key={thread.id}>
              <Thread thread={thread} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function authorName(actor: Actor, unknown: string): string {
  if (!actor.name) return unknown;
  return actor.function ? `${actor.name}, ${actor.function}` : actor.name;
}

/** Who wrote a comment, when, and what. */
function CommentBody({ comment }: { comment: Comment }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <>
      <p className="comment-meta">
        <strong>{authorName(comment.author, t('comments.unknownAuthor'))}</strong>
        {' · '}
        <time dateTime={comment.at}>{formatOfficeDateTime(comment.at, locale)}</time>
      </p>
      <p className="comment-text">{comment.text}</p>
    </>
  );
}

function Thread({ thread }: { thread: CommentThread }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const resolveComment = useAppStore((s) => s.resolveComment);
  const resolved = thread.resolvedAt !== null;
  const anchor = thread.anchorText || '…';
  return (
    <article
      className={resolved ? 'comment-thread resolved' : 'comment-thread'}
      aria-label={t('comments.thread', { author: authorName(thread.author, t('comments.unknownAuthor')) })}
    >
      {thread.anchored ? (
        <button type="button" className="comment-anchor-link" onClick={() => selectCommentAnchor(thread.id)}>
          <span className="visually-hidden">{t('comments.showAnchor', { text: anchor })}</span>
          <span aria-hidden="true">„{anchor}“</span>
        </button>
      ) : (
        <p className="comment-anchor-gone">
          „{anchor}“ <span className="hint">{t('comments.anchorGone')}</span>
        </p>
      )}
      <CommentBody comment={thread} />
      {thread.replies.length > 0 && (
        <ol className="comment-replies">
          {thread.replies.map((reply) => (
            <li key={reply.id}>
              <CommentBody comment={reply} />
            </li>
          ))}
        </ol>
      )}
      {resolved && thread.resolvedBy && (
        <p className="hint">
          {t('comments.resolvedBy', {
            name: authorName(thread.resolvedBy, t('comments.unknownAuthor')),
            at: formatOfficeDateTime(thread.resolvedAt!, locale),
          })}
        </p>
      )}
      <div className="comment-actions">
        {!resolved && <ReplyForm threadId={thread.id} />}
        <button type="button" onClick={() => void resolveComment(thread.id, !resolved)}>
          {resolved ? t('comments.reopen') : t('comments.resolve')}
        </button>
      </div>
    </article>
  );
}

/** A reply to a thread: a field that opens on demand, so the panel stays short. */
function ReplyForm({ threadId }: { threadId: string }) {
  const { t } = useTranslation();
  const replyComment = useAppStore((s) => s.replyComment);
  const inputId = useId();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('comments.reply')}
      </button>
    );
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (value.trim() === '' || busy) return;
    setBusy(true);
    const kept = await replyComment(threadId, value);
    setBusy(false);
    if (kept) {
      setValue('');
      setOpen(false);
    }
  };
  return (
    <form className="comment-reply" onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId}>{t('comments.replyLabel')}</label>
      <textarea
        id={inputId}
        rows={2}
        maxLength={COMMENT_LIMITS.text}
        value={value}
        autoFocus
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            setOpen(false);
          } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
        }}
      />
      <div className="link-form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('comments.reply')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('comments.cancel')}
        </button>
      </div>
    </form>
  );
}
