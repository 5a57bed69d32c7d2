import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

export interface TypographyOptions {
  /**
   * The language of the release (BCP 47), read at every keystroke so that a
   * change of language applies to what is typed next, never to existing text.
   * @default () => 'de'
   */
  language: () => string;
}

interface QuoteStyle {
  readonly open: string;
  readonly close: string;
  readonly openSingle: string;
  readonly closeSingle: string;
}

/** German „…“ ‚…‘, English “…” ‘…’. Other languages get no quote conversion. */
const QUOTES: Record<string, QuoteStyle> = {
  de: { open: '\u201e', close: '\u201c', openSingle: '\u201a', closeSingle: '\u2018' },
  en: { open: '\u201c', close: '\u201d', openSingle: '\u2018', closeSingle: '\u2019' },
};
const APOSTROPHE = '\u2019';
const ELLIPSIS = '\u2026';
const EN_DASH = '\u2013';

/** After these a quotation mark opens: start of text, spaces, opening brackets, dashes and other quotes. */
const OPENS_AFTER = /(?:^|[\s([{\u2013\u2014/\u201e\u201a\u201c\u2018-])$/u;

function quoteStyle(language: string): QuoteStyle | null {
  const primary = language.toLowerCase().split('-')[0] ?? '';
  return QUOTES[primary] ?? null;
}

/**
 * What `typed` becomes after `before` (the text of the paragraph up to the
 * caret): the replacement and how many characters before the caret it
 * replaces, or null to insert it as typed.
 */
export function typographicReplacement(
  before: string,
  typed: string,
  language: string,
): { readonly text: string; readonly replace: number } | null {
  // Code-like input: an escaping backslash, or inside `…`.
  if (before.endsWith('\\')) return null;
  if ((before.match(/`/g)?.length ?? 0) % 2 === 1) return null;

  if (typed === '.' && before.endsWith('..')) return { text: ELLIPSIS, replace: 2 };
  // " - " between words becomes a dash once the space after it is typed.
  if (typed === ' ' && /[\p{L}\p{N}.,;:!?)\u201c\u201d\u2019"'] -$/u.test(before)) {
    return { text: `${EN_DASH} `, replace: 1 };
  }

  const style = quoteStyle(language);
  if (!style) return null;
  // A letter right after a closing ‘ that followed a letter: it was an apostrophe inside a quote ("‚geht's").
  if (
    style.closeSingle !== APOSTROPHE &&
    /^\p{L}$/u.test(typed) &&
    new RegExp(`\\p{L}${style.closeSingle}$`, 'u').test(before)
  ) {
    return { text: `${APOSTROPHE}${typed}`, replace: 1 };
  }
  if (typed === '"') {
    return { text: OPENS_AFTER.test(before) ? style.open : style.close, replace: 0 };
  }
  if (typed === "'") {
    if (OPENS_AFTER.test(before)) return { text: style.openSingle, replace: 0 };
    // A closing single quote only where one was opened; otherwise it is an apostrophe ("geht's").
    const opened = before.lastIndexOf(style.openSingle);
    const closesQuote = opened >= 0 && opened > before.lastIndexOf(style.closeSingle);
    return { text: closesQuote && /[\p{L}\p{N}.,!?…]$/u.test(before) ? style.closeSingle : APOSTROPHE, replace: 0 };
  }
  return null;
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
