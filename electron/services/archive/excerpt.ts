import { umlautVariants } from '../../../shared/search/fold';
import type { QueryTerm } from '../../../shared/search/query';

const EXPAND: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** A text lower-cased with umlauts written out, and a map from its offsets back to the original's. */
interface Folded {
  readonly text: string;
  /** Offset in the original text of the folded text's offset `f`. */
  origin(f: number): number;
}

function fold(text: string): Folded | null {
  const lower = text.toLowerCase();
  // Rare letters whose lower case changes length: no highlights rather than wrong ones.
  if (lower.length !== text.length) return null;
  const expansions: number[] = [];
  let added = 0;
  const folded = lower.replace(/[äöüß]/g, (m, at: number) => {
    expansions.push(at + added + 1);
    added += 1;
    return EXPAND[m]!;
  });
  return {
    text: folded,
    origin(f) {
      let lo = 0;
      let hi = expansions.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (expansions[mid]! <= f) lo = mid + 1;
        else hi = mid;
      }
      return f - lo;
    },
  };
}

/** Forms of a term to look for: umlauts written out, and the bare letters (dämm → daemm, damm). */
function needles(terms: readonly QueryTerm[]): string[] {
  const out = new Set<string>();
  for (const t of terms) {
    const lower = t.text.toLowerCase();
    out.add(lower.replace(/[äöüß]/g, (m) => EXPAND[m]!));
    out.add(lower.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
    if (!t.phrase) for (const v of umlautVariants(lower)) out.add(v);
  }
  return [...out].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Stands between blocks (paragraphs, headings, a quote and its speaker) in an
 * excerpt, which is one line of text: a speaker's name does not run on into
 * the next paragraph.
 */
export const BLOCK_SEPARATOR = ' · ';

/** The text on one line: spaces collapsed, and each line break (block or hard break) as BLOCK_SEPARATOR. */
function oneLine(text: string): string {
  // Two linear passes of the regular-expression engine, without calling back for each space.
  return text
    .trim()
    .replace(/[^\S\n\r\u2028\u2029]+/g, ' ')
    .replace(/ ?[\n\r\u2028\u2029]\s*/g, BLOCK_SEPARATOR);
}

const WINDOW = 180;
/** Hits far into a very long text are not worth the scan; the window shows the first ones. */
const MAX_SCAN = 20_000;

/** Most hits stand near the start: the first this many characters are looked at first. */
const FIRST_PART = 1500;

interface Excerpt {
  excerpt: string;
  highlights: [number, number][];
}

/**
 * A window of `fullText` around the first hit of any term, with the hits as
 * [start, end) ranges into the excerpt. Without hits: the beginning of the text.
 */
export function makeExcerpt(fullText: string, terms: readonly QueryTerm[]): Excerpt {
  // A page of 50 hits folds 50 texts: the start of each is enough when the window ends well inside it.
  if (terms.length > 0 && fullText.length > FIRST_PART * 2) {
    const early = excerptOf(fullText.slice(0, FIRST_PART), terms);
    if (early.inside) return early.result;
  }
  return excerptOf(fullText.slice(0, MAX_SCAN), terms).result;
}

/** The excerpt of `text`; `inside` when it has a hit and neither its window nor its search for hits reached the end. */
function excerptOf(text: string, terms: readonly QueryTerm[]): { result: Excerpt; inside: boolean } {
  const flat = oneLine(text);
  let inside = false;
  const folded = terms.length > 0 ? fold(flat) : null;
  const found: [number, number][] = [];
  if (folded) {
    const list = needles(terms);
    let firstAt = -1;
    for (const n of list) {
      const at = folded.text.indexOf(n);
      if (at >= 0 && (firstAt < 0 || at < firstAt)) firstAt = at;
    }
    if (firstAt >= 0) {
      const windowEnd = Math.min(folded.text.length, firstAt + WINDOW * 2);
      inside = windowEnd + 100 < folded.text.length;
      for (const n of list) {
        let from = firstAt;
        while (from < windowEnd) {
          const at = folded.text.indexOf(n, from);
          if (at < 0 || at >= windowEnd) break;
          const start = folded.origin(at);
          const end = folded.origin(at + n.length - 1) + 1;
          if (!found.some(([s, e]) => start < e && end > s)) found.push([start, end]);
          from = at + n.length;
        }
      }
      found.sort((a, b) => a[0] - b[0]);
    }
  }
  const first = found[0]?.[0] ?? 0;
  let start = Math.max(0, first - 60);
  if (start > 0) {
    const space = flat.lastIndexOf(' ', start);
    start = space >= 0 && first - space < 90 ? space + 1 : start;
  }
  // Neither end of the window on a separator: the ellipsis says enough there.
  const mark = BLOCK_SEPARATOR.trim();
  if (start > 0 && flat.startsWith(`${mark} `, start)) start += mark.length + 1;
  let end = Math.min(flat.length, start + WINDOW);
  if (end < flat.length) {
    const space = flat.indexOf(' ', end);
    end = space >= 0 && space - end < 30 ? space : end;
  }
  if (end < flat.length && flat.slice(start, end).endsWith(` ${mark}`)) end -= mark.length + 1;
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < flat.length ? ' …' : '';
  const excerpt = prefix + flat.slice(start, end) + suffix;
  const highlights = found
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]): [number, number] => [s - start + prefix.length, e - start + prefix.length]);
  return { result: { excerpt, highlights }, inside: inside && end + 100 < flat.length };
}
