import type { Editor } from '@tiptap/react';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_LIMITS } from '../../../../shared/contract/comments';
import { selectionAsShown } from './extensions/comment/commentAnchors';

export interface CommentFormProps {
  readonly editor: Editor;
  /** Stores the thread in the engine; the anchor is set only when it was kept. */
  readonly onAdd: (id: string, text: string, anchorText: string) => Promise<boolean>;
  readonly onClose: () => void;
}

/** A new comment's id: what the anchor mark and the thread share. */
function newCommentId(): string {
  return crypto.randomUUID();
}

/** The text a comment is anchored on, as the thread keeps it (one line, at most the limit). */
export function anchorTextOf(editor: Editor, from: number, to: number): string {
  const text = editor.state.doc.textBetween(from, to, ' ', ' ').replace(/\s+/g, ' ').trim();
  const max = COMMENT_LIMITS.anchorText;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Asks for the text of a comment on the selection, then anchors it there. */
export function CommentForm({ editor, onAdd, onClose }: CommentFormProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  // The selection as it was when the form opened (as shown, see `selectionAsShown`): the focus moves into the form.
  const [range] = useState(() => selectionAsShown(editor));
  const empty = range.from === range.to;
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<'needsText' | 'failed' | null>(null);
  const [busy, setBusy] = useState(false);

  const close = (): void => {
    onClose();
    const size = editor.state.doc.content.size;
    editor
      .chain()
      .focus()
      .setTextSelection({ from: Math.min(range.from, size), to: Math.min(range.to, size) })
      .run();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (empty || busy) return;
    if (value.trim() === '') {
      setProblem('needsText');
      return;
    }
    setBusy(true);
    const id = newCommentId();
    const kept = await onAdd(id, value, anchorTextOf(editor, range.from, range.to));
    setBusy(false);
    if (!kept) {
      setProblem('failed');
      return;
    }
    const size = editor.state.doc.content.size;
    editor
      .chain()
      .focus()
      .addComment(id, { from: Math.min(range.from, size), to: Math.min(range.to, size) })
      .run();
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <form
      className="link-form comment-form"
      aria-label={t('editor.comment')}
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      noValidate
    >
      {empty ? (
        <p className="hint hint-error" role="alert">
          {t('comments.needsSelection')}
        </p>
      ) : (
        <>
          <label htmlFor={inputId}>{t('comments.formLabel')}</label>
          <textarea
            id={inputId}
            rows={3}
            maxLength={COMMENT_LIMITS.text}
            value={value}
            autoFocus
            aria-invalid={problem === 'needsText'}
            aria-describedby={hintId}
            onChange={(event) => {
              setValue(event.target.value);
              setProblem(null);
            }}
            onKeyDown={(event) => {
              // Ctrl/Cmd+Enter adds the comment; Enter alone makes a new line.
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
            }}
          />
          <p id={hintId} className={problem ? 'hint hint-error' : 'hint'} role={problem ? 'alert' : undefined}>
            {problem ? t(`comments.${problem}`) : t('comments.formHint')}
          </p>
        </>
      )}
      <div className="link-form-actions">
        {!empty && (
          <button type="submit" className="primary" disabled={busy}>
            {t('comments.add')}
          </button>
        )}
        <button type="button" onClick={close}>
          {t('comments.cancel')}
        </button>
      </div>
    </form>
  );
}
