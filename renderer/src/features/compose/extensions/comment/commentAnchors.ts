import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { commentRange } from './comment';

/**
 * The body editor that shows the comments' anchors, for the comments panel:
 * clicking a thread selects its text there. One editor at a time (the
 * compose screen has one body).
 */
let current: Editor | null = null;

/** Registers the body editor; returns the unregistration (for effects). */
export function registerCommentEditor(editor: Editor): () => void {
  current = editor;
  return () => {
    if (current === editor) current = null;
  };
}

/** Selects the text the comment `id` is anchored on and brings it into view; false if it has none. */
export function selectCommentAnchor(id: string): boolean {
  const editor = current;
  if (!editor || editor.isDestroyed) return false;
  const range = commentRange(editor.state.doc, id);
  if (!range) return false;
  editor.chain().focus().setTextSelection(range).scrollIntoView().run();
  return true;
}

/**
 * The text selection as the reader sees it: the document's selection in the
 * body, read from the page. The editor learns of a selection the browser
 * moved (Shift+arrow keys) from an event that may come after the next key
 * press, so a shortcut pressed right after would take the selection one step
 * short. Anything but a text selection (an image, table cells) is the
 * editor's own.
 */
export function selectionAsShown(editor: Editor): { from: number; to: number } {
  const { from, to } = editor.state.selection;
  const shown = editor.view.dom.ownerDocument.getSelection();
  const body = editor.view.dom;
  if (
    !(editor.state.selection instanceof TextSelection) ||
    !shown?.anchorNode ||
    !shown.focusNode ||
    !body.contains(shown.anchorNode) ||
    !body.contains(shown.focusNode)
  ) {
    return { from, to };
  }
  try {
    const anchor = editor.view.posAtDOM(shown.anchorNode, shown.anchorOffset);
    const head = editor.view.posAtDOM(shown.focusNode, shown.focusOffset);
    const size = editor.state.doc.content.size;
    if (anchor < 0 || head < 0 || anchor > size || head > size) return { from, to };
    return { from: Math.min(anchor, head), to: Math.max(anchor, head) };
  } catch {
    return { from, to };
  }
}
