import type { QuoteNode } from '../document';
import type { CreditStyle } from '../domain/office';

/** Letters of a name for comparison: lower case, NFC, without the punctuation around it. */
function fold(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('de');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a quote's own text already names its speaker („…“, sagte Minister
 * Lucha): their full name or their family name (the last word of the name)
 * stands in it as a word of its own. Such a quote needs no second attribution.
 */
export function quoteNamesSpeaker(node: QuoteNode): boolean {
  const speaker = node.attrs.speaker.trim();
  if (!speaker) return false;
  const text = fold(
    node.content.map((p) => (p.content ?? []).map((n) => (n.type === 'text' ? n.text : ' ')).join('')).join(' '),
  );
  const words = speaker.split(/\s+/);
  const family = words[words.length - 1]!;
  const names = [speaker, ...(family.length >= 3 ? [family] : [])];
  return names.some((name) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(fold(name))}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
}

/** What stands between a caption and its credit in plain text, by the office's credit style. */
export function captionWithCredit(caption: string, credit: string, style: CreditStyle | undefined): string {
  if (!credit) return caption;
  if (!caption) return credit;
  switch (style) {
    case 'after':
      return `${caption} – ${credit}`;
    case 'line':
      return `${caption}\n${credit}`;
    default:
      return `${caption} (${credit})`;
  }
}

const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]*[a-z\d])?)+$/i;

const OPENERS = '<([„"\'';
const CLOSERS = '>)].,;:!?“"\'';

/**
 * A line of plain text as parts, each e-mail address apart (word by word, so
 * that no text makes the search slow): a press contact's address becomes a link.
 */
export function emailParts(line: string): { text: string; email?: boolean }[] {
  const parts: { text: string; email?: boolean }[] = [];
  for (const word of line.split(/(\s+)/)) {
    let start = 0;
    let end = word.length;
    while (start < end && OPENERS.includes(word[start]!)) start++;
    while (end > start && CLOSERS.includes(word[end - 1]!)) end--;
    const core = word.slice(start, end);
    if (core.includes('@') && EMAIL.test(core)) {
      if (start > 0) parts.push({ text: word.slice(0, start) });
      parts.push({ text: core, email: true });
      if (end < word.length) parts.push({ text: word.slice(end) });
    } else parts.push({ text: word });
  }
  return parts;
}
