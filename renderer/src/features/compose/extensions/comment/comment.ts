import { Mark, mergeAttributes } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { COMMENT_ID_PATTERN } from '../../../../../../shared/document/types';

export interface CommentOptions {
  /**
   * Called when the shortcut is pressed: the app asks for the comment's text.
   * Return true when handled.
   * @default () => false
   */
  onRequest: () => boolean;
  /**
   * The key binding, in TipTap's notation.
   * @default 'Mod-Alt-m'
   */
  shortcut: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    comment: {
      /** Anchors the comment `id` on the selected text (beside other comments there). */
      addComment: (id: string, range?: { from: number; to: number }) => ReturnType;
      /** Removes the anchor of the comment `id` wherever it is. */
      removeComment: (id: string) => ReturnType;
    };
  }
}

/** Where the comment `id` is anchored: from the start of its first piece to the end of its last, or null. */
export function commentRange(doc: PmNode, id: string): { from: number; to: number } | null {
  let from = -1;
  let to = -1;
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    if (node.marks.some((m) => m.type.name === 'comment' && m.attrs.id === id)) {
      if (from < 0) from = pos;
      to = pos + node.nodeSize;
    }
    return false;
  });
  return from < 0 ? null : { from, to };
}

/**
 * The anchor of an inline comment: a mark with the comment's id on the text
 * it is about. It travels with that text as the text around it is edited;
 * typing at its edges does not extend it (not inclusive), and several
 * comments may cover the same words (it excludes nothing). The thread itself
 * is kept by the engine; nothing of it is in the document.
 */
export const Comment = Mark.create<CommentOptions>({
  name: 'comment',
  inclusive: false,
  excludes: '',

  addOptions() {
    return { onRequest: () => false, shortcut: 'Mod-Alt-m' };
  },

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (element) => {
          const id = element.getAttribute('data-comment-id');
          return id !== null && COMMENT_ID_PATTERN.test(id) ? id : null;
        },
        renderHTML: (attributes) => ({ 'data-comment-id': String(attributes.id) }),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'span[data-comment-id]',
        getAttrs: (element) => {
          const id = element.getAttribute('data-comment-id');
          return id !== null && COMMENT_ID_PATTERN.test(id) ? { id } : false;
        },
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { class: 'comment-anchor' }), 0];
  },

  addCommands() {
    return {
      addComment:
        (id, range) =>
        ({ tr, state, dispatch }) => {
          if (!COMMENT_ID_PATTERN.test(id)) return false;
          const from = range?.from ?? state.selection.from;
          const to = range?.to ?? state.selection.to;
          if (from >= to) return false;
          if (dispatch) tr.addMark(from, to, state.schema.marks.comment!.create({ id }));
          return true;
        },
      removeComment:
        (id) =>
        ({ tr, state, dispatch }) => {
          const type = state.schema.marks.comment!;
          if (dispatch)
            state.doc.descendants((node, pos) => {
              if (!node.isText) return true;
              const mark = node.marks.find((m) => m.type === type && m.attrs.id === id);
              if (mark) tr.removeMark(pos, pos + node.nodeSize, mark);
              return false;
            });
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return { [this.options.shortcut]: () => this.options.onRequest() };
  },
});
