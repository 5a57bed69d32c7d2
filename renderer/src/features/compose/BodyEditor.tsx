import { EditorContent, useEditor } from '@tiptap/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentNode } from '../../../../shared/document';
import { directionOf } from '../../lib/direction';
import { createBodyExtensions, fromEditorContent, toEditorContent } from './bodyExtensions';
import { EditorToolbar } from './EditorToolbar';
import { LinkForm } from './LinkForm';
import { QuoteForm } from './QuoteForm';
import { ShortcutHelp } from './ShortcutHelp';

export interface BodyEditorProps {
  /** Read once when the editor is created; remount (key) to load another release. */
  readonly initialContent: DocumentNode;
  /** BCP 47 tag of the release: sets the writing direction and the spell-check language. */
  readonly language: string;
  readonly onChange: (body: DocumentNode) => void;
  /** The release's language at the moment of typing (it can change while the editor lives). */
  readonly currentLanguage?: () => string;
}

/** The rich-text body of a release (TipTap), with its toolbar and link form. */
export function BodyEditor({ initialContent, language, onChange, currentLanguage }: BodyEditorProps) {
  const { t } = useTranslation();
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const [content] = useState(() => toEditorContent(initialContent));
  const extensions = useMemo(
    () =>
      createBodyExtensions({
        onLinkRequest: () => {
          setLinkFormOpen(true);
          return true;
        },
        language: currentLanguage ?? (() => language),
      }),
    // The extensions live as long as the editor; `currentLanguage` reads the language while typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const label = t('compose.fields.body');
  const dir = directionOf(language);
  const editorProps = useMemo(
    () => ({
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        dir,
        lang: language,
        spellcheck: 'true',
        class: 'body-editor',
      },
    }),
    [label, dir, language],
  );

  const editor = useEditor(
    {
      extensions,
      content,
      // The Content-Security-Policy forbids inline <style>; the editor's CSS ships in styles.css.
      injectCSS: false,
      editorProps,
      onUpdate: ({ editor: changed }) => onChange(fromEditorContent(changed.getJSON())),
    },
    [],
  );

  return (
    <div className="field body-field">
      <span className="field-label" aria-hidden="true">
        {label}
      </span>
      <ShortcutHelp />
      <EditorToolbar editor={editor} onLink={() => setLinkFormOpen(true)} />
      {linkFormOpen && <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} />}
      <QuoteForm editor={editor} />
      <EditorContent editor={editor} className="body-editor-frame" />
    </div>
  );
}
