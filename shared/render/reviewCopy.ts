import type { DocumentNode, InlineNode, QuoteNode } from '../document';
import type { Release } from '../domain';
import { formatDateTime, isGerman } from './labels';

/**
 * The review copy („Freigabeexemplar“): the release as the public would read
 * it, marked as a draft on every page, with its version, the moment it was
 * made, line numbers and, at its end, the list of its quotes with their
 * approval state. It goes out FOR approval, so the preflight that guards the
 * public outputs does not block it.
 */

/** Where the approval of a quote stands (offen, angefragt, freigegeben, abgelehnt). */
export type ReviewQuoteState = 'open' | 'requested' | 'approved' | 'rejected';

export const REVIEW_QUOTE_STATES: readonly ReviewQuoteState[] = ['open', 'requested', 'approved', 'rejected'];

/** One quote of the release, as the list „Zitate zur Freigabe“ shows it. */
export interface ReviewCopyQuote {
  readonly id: string;
  readonly speaker: string;
  /** The speaker's function (Ministerin, Pressesprecher …). */
  readonly function: string;
  readonly text: string;
  readonly state: ReviewQuoteState;
}

/** What a review copy is made from. */
export interface ReviewCopyInput {
  readonly release: Release;
  /** The quotes with their approval state (the quote register's, or `quotesFromBody` without one). */
  readonly quotes: readonly ReviewCopyQuote[];
  /** The release version the copy shows. */
  readonly version: number;
  /** When the copy was made (ISO instant); shown in Berlin time. */
  readonly generatedAt: string;
}

/** Text of inline content; marks (bold, links, comments and any other) add nothing but their text. */
function inlineText(content: readonly InlineNode[] | undefined): string {
  return (content ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

/** The text of a quote node: its paragraphs, one per line. */
export function quoteNodeText(node: QuoteNode): string {
  return node.content
    .map((p) => inlineText(p.content).trim())
    .filter(Boolean)
    .join('\n');
}

/** Every quote node of a body, in reading order (also inside lists and block quotes). */
export function quoteNodes(body: DocumentNode): QuoteNode[] {
  const out: QuoteNode[] = [];
  const visit = (blocks: readonly { type: string; content?: unknown }[]): void => {
    for (const b of blocks) {
      if (b.type === 'quote') out.push(b as QuoteNode);
      else if (Array.isArray(b.content) && b.type !== 'paragraph' && b.type !== 'heading' && b.type !== 'table')
        visit(b.content as { type: string; content?: unknown }[]);
    }
  };
  visit(body.content);
  return out;
}

/**
 * The quotes of a body with the state „offen“: the list for callers without
 * a quote register. Ids are `quote-1`, `quote-2` … in reading order.
 */
export function quotesFromBody(body: DocumentNode): ReviewCopyQuote[] {
  return quoteNodes(body).map((node, i) => ({
    id: `quote-${i + 1}`,
    speaker: node.attrs.speaker.trim(),
    function: node.attrs.role.trim(),
    text: quoteNodeText(node),
    state: 'open',
  }));
}

/** Text compared loosely: quotation marks, case and runs of white space do not count. */
export function foldQuoteText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[„“”"‚‘’'»«›‹]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a review copy in the release's language. */
export interface ReviewCopyWords {
  /** „ENTWURF – nicht zur Veröffentlichung“ / "DRAFT – not for publication". */
  readonly draft: string;
  readonly version: (n: number) => string;
  readonly made: (iso: string) => string;
  readonly quotesTitle: string;
  readonly quotesNone: string;
  readonly state: Record<ReviewQuoteState, string>;
  readonly stateLabel: string;
  readonly speakerUnknown: string;
  readonly lines: (from: number, to: number) => string;
  readonly notInText: string;
  readonly fileSuffix: string;
}

export function reviewCopyWords(language: string): ReviewCopyWords {
  if (isGerman(language)) {
    return {
      draft: 'ENTWURF – nicht zur Veröffentlichung',
      version: (n) => `Fassung ${n}`,
      made: (iso) => `Stand: ${formatDateTime(iso, 'de')}`,
      quotesTitle: 'Zitate zur Freigabe',
      quotesNone: 'Die Meldung enthält keine Zitate.',
      state: { open: 'offen', requested: 'angefragt', approved: 'freigegeben', rejected: 'abgelehnt' },
      stateLabel: 'Status',
      speakerUnknown: 'ohne Angabe',
      lines: (from, to) => (from === to ? `Zeile ${from}` : `Zeilen ${from}–${to}`),
      notInText: 'nicht im Text',
      fileSuffix: 'entwurf',
    };
  }
  return {
    draft: 'DRAFT – not for publication',
    version: (n) => `Version ${n}`,
    made: (iso) => `As of ${formatDateTime(iso, 'en')}`,
    quotesTitle: 'Quotes for approval',
    quotesNone: 'The release has no quotes.',
    state: { open: 'open', requested: 'requested', approved: 'approved', rejected: 'rejected' },
    stateLabel: 'State',
    speakerUnknown: 'not named',
    lines: (from, to) => (from === to ? `line ${from}` : `lines ${from}–${to}`),
    notInText: 'not in the text',
    fileSuffix: 'draft',
  };
}

/** The line every page carries: draft notice, version and date. */
export function reviewCopyBanner(input: Pick<ReviewCopyInput, 'version' | 'generatedAt'>, language: string): string {
  const words = reviewCopyWords(language);
  return [words.draft, words.version(input.version), words.made(input.generatedAt)].join(' · ');
}
