import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { typographicReplacement } from '../../../../../../shared/document/typography';

export { typographicReplacement };

export interface TypographyOptions {
  /**
   * The language of the release (BCP 47), read at every keystroke so that a
   * change of language applies to what is typed next, never to existing text.
   * @default () => 'de'
   */
  language: () => string;
}

function handleInput(view: EditorView, from: number, to: number, text: string, language: string): boolean {
  if (text.length !== 1 || from !== to) return false;
  const { state } = view;
  const $from = state.doc.resolve(from);
  if (!$from.parent.isTextblock) return false;
  // Never inside a link: addresses and link texts stay as typed.
  const link = state.schema.marks.link;
  if (link && (link.isInSet(state.storedMarks ?? $from.marks()) || link.isInSet($from.marksAcross($from) ?? []))) {
    return false;
  }
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
  const change = typographicReplacement(before, text, language);
  if (!change) return false;
  view.dispatch(state.tr.insertText(change.text, from - change.replace, to));
  return true;
}

/**
 * Typographic quotation marks, dashes and ellipses while typing, in the
 * conventions of the release's language.
 */
export const Typography = Extension.create<TypographyOptions>({
  name: 'pressdeskTypography',

  addOptions() {
    return { language: () => 'de' };
  },

  addProseMirrorPlugins() {
    const { language } = this.options;
    return [
      new Plugin({
        key: new PluginKey('pressdeskTypography'),
        props: {
          handleTextInput: (view, from, to, text) => handleInput(view, from, to, text, language()),
        },
      }),
    ];
  },
});
