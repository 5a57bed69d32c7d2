import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentNode } from '../../../../shared/document';
import type { Asset } from '../../../../shared/domain/asset';
import { MediaLibrary } from '../media/MediaLibrary';
import { directionOf } from '../../lib/direction';
import { createBodyExtensions, fromEditorContent, toEditorContent } from './bodyExtensions';
import { CommentForm } from './CommentForm';
import { EditorToolbar } from './EditorToolbar';
import { registerCommentEditor } from './extensions/comment';
import { figureTarget } from './extensions/figure/figureTargets';
import { registerFocusTarget } from './focusTargets';
import { LinkForm } from './LinkForm';
import { QuoteForm } from './QuoteForm';
import { ShortcutHelp } from './ShortcutHelp';

export interface BodyEditorProps {
  /** Read once when the editor is created; remount (key) to load another release. */
  readonly initialContent: DocumentNode;
  /** BCP 47 tag of the release: sets the writing direction and the spell-check language. */
  readonly language: string;
  /**
   * Told on every change; `read` returns the body then. Reading serializes the
   * whole body, so it is left to the receiver (once typing pauses, before a save).
   */
  readonly onChange: (read: () => DocumentNode) => void;
  /** The release's language at the moment of typing (it can change while the editor lives). */
  readonly currentLanguage?: () => string;
  /** Stores an image file (picked, dropped or pasted) and returns the asset; without it the body takes no images. */
  readonly upload?: (file: File) => Promise<Asset>;
  /** Told when storing an image failed, so the screen can say why. */
  readonly onUploadError?: (error: unknown) => void;
  /** Makes an asset from the media library the release's lead image. */
  readonly onUseAsLeadImage?: (asset: Asset) => void;
  /**
   * Stores a new comment thread (its id, text and the text it is about);
   * resolves to whether the engine kept it. Without it the body offers no comments.
   */
  readonly onAddComment?: (id: string, text: string, anchorText: string) => Promise<boolean>;
}

/** The image types the engine accepts, for the file picker. */
export const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif,image/tiff';

/** The rich-text body of a release (TipTap), with its toolbar and link form. */
export function BodyEditor({
  initialContent,
  language,
  onChange,
  currentLanguage,
  upload,
  onUploadError,
  onUseAsLeadImage,
  onAddComment,
}: BodyEditorProps) {
  const { t } = useTranslation();
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const [commentFormOpen, setCommentFormOpen] = useState(false);
  // Whether the body offers comments is fixed for the editor's life, like its extensions.
  const [commentsOffered] = useState(() => onAddComment !== undefined);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [content] = useState(() => toEditorContent(initialContent));
  const extensions = useMemo(
    () =>
      createBodyExtensions({
        onLinkRequest: () => {
          setLinkFormOpen(true);
          return true;
        },
        onCommentRequest: () => {
          if (!commentsOffered) return false;
          setCommentFormOpen(true);
          return true;
        },
        language: currentLanguage ?? (() => language),
        upload,
        onUploadError,
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
      onUpdate: ({ editor: changed }) => onChange(() => fromEditorContent(changed.getJSON())),
    },
    [],
  );

  // Checks about the body jump to the text, checks about a figure to that figure's fields.
  useEffect(() => {
    if (!editor) return undefined;
    const offBody = registerFocusTarget('body', () => editor.view.dom);
    const offFigure = registerFocusTarget('body.figure', (index) =>
      index === undefined ? editor.view.dom : (figureTarget(editor, index)?.element() ?? editor.view.dom),
    );
    const offComments = registerCommentEditor(editor);
    return () => {
      offBody();
      offFigure();
      offComments();
    };
  }, [editor]);

  return (
    <div className="field body-field">
      <span className="field-label" aria-hidden="true">
        {label}
      </span>
      <ShortcutHelp />
      <EditorToolbar
        editor={editor}
        onLink={() => setLinkFormOpen(true)}
        onComment={onAddComment ? () => setCommentFormOpen(true) : undefined}
        onPickImage={upload ? () => fileInput.current?.click() : undefined}
        onOpenLibrary={() => setLibraryOpen(true)}
      />
      {upload ? (
        <input
          ref={fileInput}
          type="file"
          accept={IMAGE_ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            upload(file).then(
              (asset) => editor.chain().focus().insertFigure(asset).run(),
              (error: unknown) => onUploadError?.(error),
            );
          }}
        />
      ) : null}
      {libraryOpen ? (
        <MediaLibrary
          onClose={() => setLibraryOpen(false)}
          actions={[
            {
              label: t('media.insert'),
              run: (asset) => {
                setLibraryOpen(false);
                editor.chain().focus().insertFigure(asset).run();
              },
            },
            ...(onUseAsLeadImage
              ? [
                  {
                    label: t('leadImage.useAsLead'),
                    run: (asset: Asset) => {
                      setLibraryOpen(false);
                      onUseAsLeadImage(asset);
                    },
                  },
                ]
              : []),
          ]}
        />
      ) : null}
      {linkFormOpen && <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} />}
      {commentFormOpen && onAddComment && (
        <CommentForm editor={editor} onAdd={onAddComment} onClose={() => setCommentFormOpen(false)} />
      )}
      <QuoteForm editor={editor} />
      <EditorContent editor={editor} className="body-editor-frame" />
    </div>
  );
}
