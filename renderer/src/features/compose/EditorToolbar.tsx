import { redoDepth, undoDepth } from '@tiptap/pm/history';
import { useEditorState, type Editor } from '@tiptap/react';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaShortcut, formatShortcut } from '../../lib/shortcuts';
import { BODY_SHORTCUTS } from './bodyExtensions';

export interface EditorToolbarProps {
  readonly editor: Editor;
  readonly onLink: () => void;
  /** Asks for a comment on the selected text. */
  readonly onComment?: () => void;
  /** Opens the file picker for an image to place at the cursor. */
  readonly onPickImage?: () => void;
  /** Opens the media library. */
  readonly onOpenLibrary?: () => void;
}

type Action = keyof typeof BODY_SHORTCUTS;

interface ToolbarItem {
  readonly action: Action;
  /** Whether the button shows a state (aria-pressed). */
  readonly toggle: boolean;
  readonly run: (editor: Editor) => void;
  readonly separatorBefore?: boolean;
}

const ITEMS: readonly ToolbarItem[] = [
  { action: 'paragraph', toggle: false, run: (e) => e.chain().focus().setParagraph().run() },
  { action: 'heading2', toggle: true, run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
  { action: 'heading3', toggle: true, run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run() },
  { action: 'bold', toggle: true, run: (e) => e.chain().focus().toggleBold().run(), separatorBefore: true },
  { action: 'italic', toggle: true, run: (e) => e.chain().focus().toggleItalic().run() },
  { action: 'link', toggle: true, run: () => undefined },
  { action: 'comment', toggle: false, run: () => undefined },
  { action: 'bulletList', toggle: true, run: (e) => e.chain().focus().toggleBulletList().run(), separatorBefore: true },
  { action: 'orderedList', toggle: true, run: (e) => e.chain().focus().toggleOrderedList().run() },
  { action: 'blockquote', toggle: true, run: (e) => e.chain().focus().toggleBlockquote().run() },
  { action: 'quote', toggle: true, run: (e) => e.chain().focus().toggleQuote().run() },
  { action: 'hardBreak', toggle: false, run: (e) => e.chain().focus().setHardBreak().run() },
  { action: 'undo', toggle: false, run: (e) => e.chain().focus().undo().run(), separatorBefore: true },
  { action: 'redo', toggle: false, run: (e) => e.chain().focus().redo().run() },
];

type TableAction = 'insert' | 'addRow' | 'removeRow' | 'addColumn' | 'removeColumn' | 'remove';

interface TableItem {
  readonly action: TableAction;
  /**
   * Whether the button works inside a table (rows, columns) or outside one
   * (a new table); elsewhere it stays in place and is marked unavailable.
   */
  readonly inTable: boolean;
  readonly run: (editor: Editor) => boolean;
}

const TABLE_ITEMS: readonly TableItem[] = [
  { action: 'insert', inTable: false, run: (e) => e.chain().focus().insertTable().run() },
  { action: 'addRow', inTable: true, run: (e) => e.chain().focus().addTableRow().run() },
  { action: 'removeRow', inTable: true, run: (e) => e.chain().focus().removeTableRow().run() },
  { action: 'addColumn', inTable: true, run: (e) => e.chain().focus().addTableColumn().run() },
  { action: 'removeColumn', inTable: true, run: (e) => e.chain().focus().removeTableColumn().run() },
  { action: 'remove', inTable: true, run: (e) => e.chain().focus().removeTable().run() },
];

/**
 * A tool's spoken name. Where the button shows letters or digits ("Ü2", "F",
 * "1."), the name starts with them, so that what is seen can be said to
 * voice control; pure symbols ("¶", "•") are not spoken and need no echo.
 */
export function toolLabel(glyph: string, label: string): string {
  if (!/[\p{L}\p{N}]/u.test(glyph) || glyph === label) return label;
  return `${glyph} – ${label}`;
}

/**
 * The formatting toolbar: one tab stop, arrow keys move between buttons (the
 * ARIA toolbar pattern). Buttons keep the editor's focus and selection.
 */
function isActive(state: Record<string, boolean>, action: Action): boolean {
  return state[action] === true;
}

/**
 * What the toolbar shows: the active formats at the cursor and whether undo
 * and redo have something to do. Runs on every transaction, so it only looks
 * at the cursor and the history's depths (no trial run of the commands).
 */
export function toolbarState(e: Editor): Record<Exclude<Action, 'paragraph' | 'hardBreak' | 'comment'>, boolean> {
  return {
    heading2: e.isActive('heading', { level: 2 }),
    heading3: e.isActive('heading', { level: 3 }),
    bold: e.isActive('bold'),
    italic: e.isActive('italic'),
    link: e.isActive('link'),
    bulletList: e.isActive('bulletList'),
    orderedList: e.isActive('orderedList'),
    blockquote: e.isActive('blockquote'),
    quote: e.isActive('quote'),
    undo: undoDepth(e.state) > 0,
    redo: redoDepth(e.state) > 0,
  };
}

export function EditorToolbar({ editor, onLink, onComment, onPickImage, onOpenLibrary }: EditorToolbarProps) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => toolbarState(e),
  });
  const inTable = useEditorState({ editor, selector: ({ editor: e }) => e.isActive('table') });

  const keyNames = { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') };

  // Comments need a release the engine knows (and a host that offers them).
  const items = onComment ? ITEMS : ITEMS.filter((item) => item.action !== 'comment');
  const extras = [
    ...(onPickImage ? [{ key: 'insertImage' as const, run: onPickImage }] : []),
    ...(onOpenLibrary ? [{ key: 'mediaLibrary' as const, run: onOpenLibrary }] : []),
  ];

  const move = (event: KeyboardEvent<HTMLDivElement>): void => {
    const last = items.length + TABLE_ITEMS.length + extras.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = current === last ? 0 : current + 1;
        break;
      case 'ArrowLeft':
        next = current === 0 ? last : current - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    setCurrent(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t('editor.toolbar')} onKeyDown={move}>
      {items.map((item, index) => {
        const label = toolLabel(t(`editor.glyph.${item.action}`), t(`editor.${item.action}`));
        const shortcut = BODY_SHORTCUTS[item.action];
        const pressed = item.toggle ? isActive(state, item.action) : undefined;
        const disabled = (item.action === 'undo' && !state.undo) || (item.action === 'redo' && !state.redo);
        return (
          <button
            key={item.action}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            className={item.separatorBefore ? 'tool separated' : 'tool'}
            tabIndex={index === current ? 0 : -1}
            aria-label={label}
            aria-pressed={pressed}
            aria-disabled={disabled || undefined}
            aria-keyshortcuts={ariaShortcut(shortcut)}
            title={t('common.withShortcut', {
              label: t(`editor.${item.action}`),
              keys: formatShortcut(shortcut, keyNames),
            })}
            // Keep the editor focused (and its selection visible) while clicking.
            onMouseDown={(event) => event.preventDefault()}
            onFocus={() => setCurrent(index)}
            onClick={() => {
              if (disabled) return;
              if (item.action === 'link') onLink();
              else if (item.action === 'comment') onComment?.();
              else item.run(editor);
            }}
          >
            <span aria-hidden="true">{t(`editor.glyph.${item.action}`)}</span>
          </button>
        );
      })}
      {TABLE_ITEMS.map((item, offset) => {
        const index = items.length + offset;
        const disabled = item.inTable !== inTable;
        return (
          <button
            key={`table-${item.action}`}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            className={offset === 0 ? 'tool tool-text separated' : 'tool tool-text'}
            tabIndex={index === current ? 0 : -1}
            aria-disabled={disabled || undefined}
            onMouseDown={(event) => event.preventDefault()}
            onFocus={() => setCurrent(index)}
            onClick={() => {
              if (!disabled) item.run(editor);
            }}
          >
            {t(`editor.table.${item.action}`)}
          </button>
        );
      })}
      {extras.map((extra, offset) => {
        const index = items.length + TABLE_ITEMS.length + offset;
        return (
          <button
            key={extra.key}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            className={offset === 0 ? 'tool tool-text separated' : 'tool tool-text'}
            tabIndex={index === current ? 0 : -1}
            onMouseDown={(event) => event.preventDefault()}
            onFocus={() => setCurrent(index)}
            onClick={extra.run}
          >
            {t(`editor.${extra.key}`)}
          </button>
        );
      })}
    </div>
  );
}
