/**
 * Typographic quotation marks, dashes and ellipses in the conventions of a
 * release's language: German „…“ ‚…‘, English “…” ‘…’, an en dash for " - "
 * between words and … for three dots. One rule set for every place text is
 * typed: the body editor and the plain fields (topic, headline, captions, a
 * quote's speaker).
 */

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

/** After these a quotation mark opens: start of text, spaces, opening brackets, dashes and slashes. */
const OPENS_AFTER = /(?:^|[\s([{\u2013\u2014/-])$/u;

function quoteStyle(language: string): QuoteStyle | null {
  const primary = language.toLowerCase().split('-')[0] ?? '';
  return QUOTES[primary] ?? null;
}

/**
 * Whether a quotation mark typed after `before` opens a quote: after a space,
 * an opening bracket or dash, or after an opening mark of the language (never
 * after a closing one: German ‘ closes, so "…'Zitat'" + " closes the outer quote).
 */
function opensAfter(before: string, style: QuoteStyle): boolean {
  if (OPENS_AFTER.test(before)) return true;
  return before.endsWith(style.open) || before.endsWith(style.openSingle);
}

/** A typographic change: the text to insert and how many characters before the caret it replaces. */
export interface TypographicChange {
  readonly text: string;
  readonly replace: number;
}

/**
 * What `typed` becomes after `before` (the text of the paragraph or line up
 * to the caret) in `language` (BCP 47): the replacement and how many
 * characters before the caret it replaces, or null to insert it as typed.
 */
export function typographicReplacement(before: string, typed: string, language: string): TypographicChange | null {
  // Code-like input: an escaping backslash, or inside `…`.
  if (before.endsWith('\\')) return null;
  if ((before.match(/`/g)?.length ?? 0) % 2 === 1) return null;

  if (typed === '.' && before.endsWith('..')) return { text: ELLIPSIS, replace: 2 };
  // " - " between words becomes a dash once the space after it is typed.
  if (typed === ' ' && /[\p{L}\p{N}.,;:!?)\]\u201c\u201d\u2018\u2019"'] -$/u.test(before)) {
    return { text: `${EN_DASH} `, replace: 1 };
  }

  const style = quoteStyle(language);
  if (!style) return null;
  // A letter right after a closing ‘ that followed a letter: it was an apostrophe inside a quote ("‚geht's").
  if (
    style.closeSingle !== APOSTROPHE &&
    /^\p{L}$/u.test(typed) &&
    before.endsWith(style.closeSingle) &&
    /\p{L}$/u.test(before.slice(0, -style.closeSingle.length))
  ) {
    return { text: `${APOSTROPHE}${typed}`, replace: 1 };
  }
  if (typed === '"') {
    return { text: opensAfter(before, style) ? style.open : style.close, replace: 0 };
  }
  if (typed === "'") {
    if (opensAfter(before, style)) return { text: style.openSingle, replace: 0 };
    // A closing single quote only where one was opened; otherwise it is an apostrophe ("geht's").
    const opened = before.lastIndexOf(style.openSingle);
    const closesQuote = opened >= 0 && opened > before.lastIndexOf(style.closeSingle);
    return { text: closesQuote && /[\p{L}\p{N}.,!?…]$/u.test(before) ? style.closeSingle : APOSTROPHE, replace: 0 };
  }
  return null;
}

/**
 * The typographic version of an edit in a plain text field: when `next` is
 * `previous` with one character typed just before `caret`, that character
 * goes through {@link typographicReplacement} (with the text of its line
 * before it). Returns the new value and caret, or null to keep the edit as
 * it is (pastes, deletions, replaced selections, nothing to change).
 */
export function typographicEdit(
  previous: string,
  next: string,
  caret: number,
  language: string,
): { readonly value: string; readonly caret: number } | null {
  if (next.length !== previous.length + 1 || caret < 1 || caret > next.length) return null;
  if (next.slice(0, caret - 1) !== previous.slice(0, caret - 1) || next.slice(caret) !== previous.slice(caret - 1)) {
    return null;
  }
  const typed = next.charAt(caret - 1);
  const head = next.slice(0, caret - 1);
  const before = head.slice(head.lastIndexOf('\n') + 1);
  const change = typographicReplacement(before, typed, language);
  if (!change) return null;
  const start = caret - 1 - change.replace;
  return {
    value: next.slice(0, start) + change.text + next.slice(caret),
    caret: start + change.text.length,
  };
}
