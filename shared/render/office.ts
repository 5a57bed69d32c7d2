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

/** E-mail addresses in plain text (a press contact's), for links. */
export const EMAIL_PATTERN =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/g;
