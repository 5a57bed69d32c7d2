import { foldGerman } from '../../../shared/search/fold';
import type { QueryTerm } from '../../../shared/search/query';

/** A text folded for matching, with the offset in the original text of every folded character. */
interface Folded {
  readonly text: string;
  readonly origin: readonly number[];
}

function foldChar(ch: string): string {
  return foldGerman(ch.toLocaleLowerCase('de'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

function foldWithOffsets(text: string): Folded {
  let out = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    out += f;
    i += ch.length;
  }
  origin.push(i);
  return { text: out, origin };
}

/** Forms of a term to look for in a text: folded, and the bare letters (dämm → daemm, damm). */
function needles(terms: readonly QueryTerm[]): string[] {
  const out = new Set<string>();
  for (const t of terms) {
    const folded = foldChar(t.text);
    out.add(folded);
    out.add(
      t.text
        .toLocaleLowerCase('de')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, ''),
    );
  }
  return [...out].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
}

const WINDOW = 180;

/**
 * A window of `text` around the first hit of any term, with the hits as
 * [start, end) ranges. Without hits: the beginning of the text.
 */
export function makeSnippet(
  text: string,
  terms: readonly QueryTerm[],
): { snippet: string; highlights: [number, number][] } {
  const flat = text.replace(/\s+/g, ' ').trim();
  const folded = foldWithOffsets(flat);
  const found: [number, number][] = [];
  const list = needles(terms);
  if (list.length > 0) {
    for (const n of list) {
      let from = 0;
      while (found.length < 200) {
        const at = folded.text.indexOf(n, from);
        if (at < 0) break;
        const start = folded.origin[at]!;
        const end = folded.origin[at + n.length]!;
        if (!found.some(([s, e]) => start < e && end > s)) found.push([start, end]);
        from = at + n.length;
      }
    }
    found.sort((a, b) => a[0] - b[0]);
  }
  const first = found[0]?.[0] ?? 0;
  let start = Math.max(0, first - 60);
  if (start > 0) {
    const space = flat.lastIndexOf(' ', start);
    start = space >= 0 && first - space < 90 ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + WINDOW);
  if (end < flat.length) {
    const space = flat.indexOf(' ', end);
    end = space >= 0 && space - end < 30 ? space : end;
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < flat.length ? ' …' : '';
  const snippet = prefix + flat.slice(start, end) + suffix;
  const highlights = found
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]): [number, number] => [s - start + prefix.length, e - start + prefix.length]);
  return { snippet, highlights };
}
