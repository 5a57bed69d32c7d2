import type { Editor } from '@tiptap/core';
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
