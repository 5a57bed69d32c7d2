import bidiFactory from 'bidi-js';

let tables: ReturnType<typeof bidiFactory> | null = null;
/** The Unicode bidi algorithm, its tables built at the first use (a PDF with text to order). */
const bidi = () => (tables ??= bidiFactory());

/** Letters of scripts that run right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

export function hasRtlLetters(text: string): boolean {
  return RTL_LETTER.test(text);
}

/** One piece of a line in the order it is drawn from left to right. */
export interface VisualRun<T> {
  /**
   * The text to hand to the font's shaper: in logical order where the shaper
   * itself turns a right-to-left script around (Arabic, Hebrew), already in
   * visual order (and mirrored) for the other characters of a right-to-left run.
   */
  readonly text: string;
  readonly tag: T;
  /** A right-to-left run in logical order, for the shaper to reverse; its brackets still to be mirrored. */
  readonly rtl?: boolean;
}

/** The mirror image of a bracket or similar character (`(` → `)`), or null. */
export function mirrored(char: string): string | null {
  return bidi().getMirroredCharacter(char);
}

/**
 * Reorders one line of text (its parts each with a tag, such as a font) from
 * logical into visual order with the Unicode Bidirectional Algorithm, the base
 * direction being the document's. The shaper (fontkit) lays out each Arabic
 * or Hebrew run right to left by itself but knows nothing of the line, so
 * the line's runs are ordered here and numbers or Latin words inside a
 * right-to-left line keep their own left-to-right order.
 */
export function visualRuns<T>(parts: readonly { text: string; tag: T }[], base: 'ltr' | 'rtl'): VisualRun<T>[] {
  const text = parts.map((p) => p.text).join('');
  if (text.length === 0) return [];
  const tagAt: T[] = [];
  for (const p of parts) for (let i = 0; i < p.text.length; i++) tagAt.push(p.tag);
  const levels = bidi().getEmbeddingLevels(text, base);
  const order = bidi().getReorderedIndices(text, levels);
  const runs: { indices: number[]; tag: T; level: number }[] = [];
  for (const index of order) {
    const tag = tagAt[index]!;
    const level = levels.levels[index]!;
    const last = runs[runs.length - 1];
    if (last && last.tag === tag && last.level === level) last.indices.push(index);
    else runs.push({ indices: [index], tag, level });
  }
  return runs.map(({ indices, tag, level }) => {
    if (level % 2 === 0) return { text: charsAt(text, indices), tag };
    // Right to left: the indices stand in visual order (logical reversed).
    const logical = charsAt(text, [...indices].reverse());
    // The shaper reverses it but does not mirror brackets: the one who draws it does (see `mirrored`).
    if (hasRtlLetters(logical)) return { text: logical, tag, rtl: true };
    return { text: [...charsAt(text, indices)].map((c) => mirrored(c) ?? c).join(''), tag };
  });
}

/** The characters at the indices, keeping surrogate pairs together (the reordering works on UTF-16 units). */
function charsAt(text: string, indices: readonly number[]): string {
  let out = '';
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    out += code >= 0xd800 && code <= 0xdbff ? text.slice(i, i + 2) : text[i]!;
  }
  return out;
}
