import type { Editor } from '@tiptap/react';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { linkFromInput } from './bodyExtensions';

export interface LinkFormProps {
  readonly editor: Editor;
  readonly onClose: () => void;
}

interface LinkTarget {
  readonly from: number;
  readonly to: number;
  /** The address of the link already there, or ''. */
  readonly href: string;
}

/**
 * The text the link applies to. The browser's selection is read first: right
 * after Shift+Home the editor may not have taken over a selection change yet.
 */
function selectionWithLink(editor: Editor): LinkTarget {
  const { view, state } = editor;
  let { from, to } = state.selection;
  const dom = view.dom.ownerDocument.getSelection();
  if (dom?.anchorNode && dom.focusNode && view.dom.contains(dom.anchorNode) && view.dom.contains(dom.focusNode)) {
    try {
      const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
      const head = view.posAtDOM(dom.focusNode, dom.focusOffset);
      from = Math.min(anchor, head);
      to = Math.max(anchor, head);
    } catch {
      // a selection the editor cannot map: keep its own
    }
  }
  const link = state.schema.marks.link;
  const marks = state.doc.resolve(from === to ? from : Math.min(from + 1, to)).marks();
  const href: unknown = marks.find((mark) => mark.type === link)?.attrs.href;
  return { from, to, href: typeof href === 'string' ? href : '' };
}

/** Adds, changes or removes the link at the selection (Electron has no window.prompt). */
export function LinkForm({ editor, onClose }: LinkFormProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  // The selection as it was when the form opened: focus moves into the form, and the link applies to that text.
  const [target] = useState(() => selectionWithLink(editor));
  const existing = target.href;
  const [value, setValue] = useState(existing);
  const [invalid, setInvalid] = useState(false);

  const targetRange = (): { from: number; to: number } => {
    const size = editor.state.doc.content.size;
    return { from: Math.min(target.from, size), to: Math.min(target.to, size) };
  };

  const close = (): void => {
    onClose();
    editor.chain().focus().setTextSelection(targetRange()).run();
  };

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    const href = linkFromInput(value);
    if (!href) {
      setInvalid(true);
      return;
    }
    const range = targetRange();
    const chain = editor.chain().focus().setTextSelection(range);
    if (range.from === range.to && !existing) {
      // Nothing selected: insert the address itself as the linked text.
      const text = href.startsWith('mailto:') ? href.slice('mailto:'.length) : href;
      chain.insertContent({ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      chain.extendMarkRange('link').setLink({ href }).run();
    }
    onClose();
  };

  const remove = (): void => {
    editor.chain().focus().setTextSelection(targetRange()).extendMarkRange('link').unsetLink().run();
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <form className="link-form" aria-label={t('editor.link')} onSubmit={apply} onKeyDown={onKeyDown} noValidate>
      <label htmlFor={inputId}>{t('editor.linkForm.label')}</label>
      <input
        id={inputId}
        type="text"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        dir="ltr"
        value={value}
        autoFocus
        aria-invalid={invalid}
        aria-describedby={hintId}
        onChange={(event) => {
          setValue(event.target.value);
          setInvalid(false);
        }}
      />
      <p id={hintId} className={invalid ? 'hint hint-error' : 'hint'} role={invalid ? 'alert' : undefined}>
        {invalid ? t('editor.linkForm.invalid') : t('editor.linkForm.hint')}
      </p>
      <div className="link-form-actions">
        <button type="submit" className="primary">
          {t('editor.linkForm.apply')}
        </button>
        {existing && (
          <button type="button" onClick={remove}>
            {t('editor.linkForm.remove')}
          </button>
        )}
        <button type="button" onClick={close}>
          {t('editor.linkForm.cancel')}
        </button>
      </div>
    </form>
  );
}
