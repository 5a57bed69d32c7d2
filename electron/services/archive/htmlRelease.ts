import { createHash } from 'node:crypto';
import type { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
import type { parseHTML } from 'linkedom';
import {
  clipText,
  documentToPlainText,
  FIGURE_LIMITS,
  type BlockNode,
  type DocumentNode,
} from '../../../shared/document';
import { DEFAULT_LANGUAGE, type ReleaseFields } from '../../../shared/domain';
import { parseIsoInstant } from '../../../shared/domain/time';
import { PressdeskError } from '../../../shared/errors';
import { htmlToDocument } from '../document/htmlToDocument';
import { derivedReleaseId } from '../releases/releaseRepository';
import { dropPageChrome, headingOfTitle, stripSiteName, titleSuffix } from './pageChrome';
import type { ParsedRecord } from '../releases/interchange';

/** A figure found on a page: its caption and credit (the image itself is not fetched). */
export interface PageFigure {
  readonly caption: string;
  readonly credit: string;
  readonly alt: string;
  readonly src: string;
}

export interface PageRelease extends ParsedRecord {
  readonly figures: readonly PageFigure[];
  /** The host of the page's address (og:url or canonical link), '' when it names none. */
  readonly host: string;
  /** The last part of the page's title after a separator: where sites put their name (see `SiteSuffixes`). */
  readonly titleSuffix: string | null;
}

export interface PageReadOptions {
  /** Names of the page's site known from elsewhere (a suffix repeated across the pages of an import). */
  readonly siteNames?: readonly string[];
}

/** Longest HTML text the page reader accepts (characters). */
export const MAX_PAGE_CHARS = 8_000_000;
/**
 * Deepest element nesting the page reader accepts. The DOM it builds costs
 * time with the square of the depth (100,000 nested elements take seconds,
 * 300,000 minutes); real pages stay below 30, and browsers stop nesting at 512.
 */
export const MAX_PAGE_DEPTH = 512;
/**
 * Most elements the page reader accepts: building and converting the DOM
 * takes about a second per 100,000. The largest real press pages have a few
 * thousand.
 */
export const MAX_PAGE_ELEMENTS = 100_000;
/**
 * Readability reads pages up to this many elements and this depth, and only
 * while their elements times their depth stay within MAX_READABLE_WORK: its
 * scoring walks the ancestors of every element, over several passes (20,000
 * elements 200 deep take half a minute, one chain of 500 elements seconds).
 * Other pages are read by our own converter. Real pages stay far below
 * (7,000 elements 17 deep is about 120,000).
 */
export const MAX_READABLE_ELEMENTS = 20_000;
export const MAX_READABLE_DEPTH = 64;
export const MAX_READABLE_WORK = 400_000;
/** Figures read from one page; the rest are dropped like their images. */
export const MAX_PAGE_FIGURES = 200;
/** Longest metadata value read from a page (the teaser, the longest field filled from one, keeps 5,000). */
const MAX_META_CHARS = 10_000;
/** Longest image address kept with a figure. */
const MAX_SRC_CHARS = 2_000;

type El = {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): Iterable<El>;
  remove(): void;
  closest?(sel: string): El | null;
};

const CREDIT_PREFIX =
  /^\s*(?:©|\(c\)|copyright\b|fotos?\s*:|bild(?:er)?\s*:|quelle\s*:|photo\s*:|credit\s*:|image\s*:)\s*/i;
/** Where a credit starts inside a caption. Each try at a position reads at most one run of spaces. */
const CREDIT_START = /©|\(c\)|fotos?\s*:|bild\s*:|quelle\s*:|photo\s*:|credit\s*:/i;
/** What may stand between a caption and its credit ("Caption. – Foto: …", "Caption | © …"). */
const CREDIT_SEPARATOR = /[\s|/\u2013\u2014-]/;

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
/** A JSON-LD value as text (strings only; objects and arrays are not what we look for). */
const ldText = (v: unknown): string => (typeof v === 'string' ? clean(v) : typeof v === 'number' ? String(v) : '');

function meta(doc: El, ...names: string[]): string {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"]`) ?? doc.querySelector(`meta[name="${name}"]`);
    const v = clipText(clean(el?.getAttribute('content')), MAX_META_CHARS);
    if (v) return v;
  }
  return '';
}

const ENGLISH_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Dates as pages write them: ISO, German "17.05.2024" / "17. Mai 2024", or
 * English "May 17, 2024" / "17 May 2024", within the first `within` characters.
 */
export function pageDate(text: string, within = 200): string | null {
  // A date is short; an unclosed <time> may hold the rest of the page.
  const t = text.trim().slice(0, within).replace(/\s+/g, ' ');
  const iso = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/.exec(t);
  if (iso) {
    const v = parseIsoInstant(iso[0].replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (v) return v;
  }
  const de = /\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b/.exec(t);
  if (de) return parseIsoInstant(`${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}`);
  const months = [
    'januar',
    'februar',
    'märz',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'dezember',
  ];
  const long = /\b(\d{1,2})\.\s*([a-zä]+)\s+(\d{4})\b/i.exec(t);
  if (long) {
    const m = months.indexOf(long[2]!.toLowerCase());
    if (m >= 0) return parseIsoInstant(`${long[3]}-${String(m + 1).padStart(2, '0')}-${long[1]!.padStart(2, '0')}`);
  }
  // English month names only: the first such date counts, words before it that are no month do not stop the search.
  const monthOf = (word: string): number => ENGLISH_MONTHS.findIndex((name) => name.startsWith(word.toLowerCase()));
  const english = [
    ...t.matchAll(/\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/gi),
    ...t.matchAll(/\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3,9})\.?,? (\d{4})\b/gi),
  ]
    .map((match) => {
      const [month, day] = /^\d/.test(match[1]!) ? [match[2]!, match[1]!] : [match[1]!, match[2]!];
      return { at: match.index, m: monthOf(month), day, year: match[3]! };
    })
    .filter((d) => d.m >= 0)
    .sort((a, b) => a.at - b.at);
  for (const d of english) {
    const v = parseIsoInstant(`${d.year}-${String(d.m + 1).padStart(2, '0')}-${d.day.padStart(2, '0')}`);
    if (v) return v;
  }
  return null;
}

/** Parts of a heading that are not its text: a date, a kicker above it, a screen-reader label. */
const NOT_HEADLINE =
  'time, .category, .kicker, .dachzeile, .topline, .overline, [class*="superHeadline"], [class*="kicker"], [class*="topline"], [class*="overline"], [class*="rubrik"]';

/** A heading's text without its date, kicker or labels. */
function headingText(h: El): string {
  let text = clean(h.textContent);
  for (const part of h.querySelectorAll(NOT_HEADLINE)) {
    const inner = clean(part.textContent);
    if (inner) text = text.replace(inner, ' ');
  }
  return clean(text);
}

/** The host of an address, '' for none or a malformed one. */
function hostOf(url: string): string {
  try {
    return url ? new URL(url).host.toLowerCase() : '';
  } catch {
    return '';
  }
}

/**
 * A date in the head of the page's text: just above the headline (a date
 * line, a kicker with the date) or in the lines below it.
 */
function headDate(doc: El, headline: string): string | null {
  const root = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.querySelector('body');
  const text = clean(root?.textContent).slice(0, 200_000);
  if (!text || !headline) return null;
  const at = text.indexOf(headline);
  if (at < 0) return null;
  // The date line just above the headline („07.05.2019“, "Wednesday, December 2, 2015").
  const before = pageDate(text.slice(Math.max(0, at - 40), at), 40);
  if (before) return before;
  return pageDate(text.slice(at + headline.length), 300);
}

function jsonLd(doc: El): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const v: unknown = JSON.parse(s.textContent ?? '');
      const list = Array.isArray(v) ? v : [v];
      for (const item of list) {
        if (item && typeof item === 'object') {
          out.push(item as Record<string, unknown>);
          const graph = (item as { '@graph'?: unknown })['@graph'];
          if (Array.isArray(graph))
            out.push(...(graph.filter((g) => g && typeof g === 'object') as Record<string, unknown>[]));
        }
      }
    } catch {
      // broken JSON-LD is common; ignore it
    }
  }
  return out;
}

/**
 * "Caption text. – Foto: Jane Doe" → caption and credit: the first credit
 * prefix, and before it the caption without the separators that lead to it.
 * One pass over the text; a regular expression that both searches the
 * prefix and trims the separators backtracks on a caption of dashes.
 */
export function splitCaptionCredit(text: string): { caption: string; credit: string } | null {
  const start = CREDIT_START.exec(text);
  if (!start) return null;
  let end = start.index;
  while (end > 0 && CREDIT_SEPARATOR.test(text[end - 1]!)) end -= 1;
  return { caption: text.slice(0, end), credit: text.slice(start.index) };
}

/** Caption and credit of one figure, by markup (.credit, .copyright, small) or by prefix (©, Foto:, Bild:, Quelle:). */
function readFigure(fig: El): PageFigure | null {
  const img = fig.querySelector('img');
  const alt = clipText(clean(img?.getAttribute('alt')), FIGURE_LIMITS.alt);
  const src = clipText(clean(img?.getAttribute('src')), MAX_SRC_CHARS);
  let credit = '';
  const creditEl = fig.querySelector(
    '.credit, .copyright, .image-credit, .photo-credit, [class*="copyright"], [class*="credit"]',
  );
  if (creditEl) {
    credit = clean(creditEl.textContent).replace(CREDIT_PREFIX, '');
    creditEl.remove();
  }
  const capEl = fig.querySelector('figcaption') ?? fig.querySelector('.caption, [class*="caption"]');
  let caption = clean(capEl?.textContent);
  if (!credit) {
    const split = splitCaptionCredit(caption);
    if (split) {
      caption = clean(split.caption);
      credit = clean(split.credit).replace(CREDIT_PREFIX, '');
    }
  }
  caption = clipText(caption, FIGURE_LIMITS.caption);
  credit = clipText(credit, FIGURE_LIMITS.credit);
  if (!caption && !credit) return null;
  return { caption, credit, alt, src };
}

/**
 * Counts the page's elements and its deepest nesting with the same parser
 * (and so the same tree) as the DOM built afterwards, and refuses pages past
 * MAX_PAGE_ELEMENTS or MAX_PAGE_DEPTH. The parse stops at the first element
 * too many, so it never holds a longer stack of open elements than that.
 */
function measurePage(html: string): { elements: number; depth: number } {
  let depth = 0;
  let deepest = 0;
  let elements = 0;
  const parser = new Parser(
    {
      onopentag() {
        elements += 1;
        depth += 1;
        deepest = Math.max(deepest, depth);
        if (depth > MAX_PAGE_DEPTH) {
          throw new PressdeskError(
            'IMPORT_TOO_COMPLEX',
            `The page nests its elements more than ${MAX_PAGE_DEPTH} levels deep.`,
            { maxDepth: MAX_PAGE_DEPTH },
          );
        }
        if (elements > MAX_PAGE_ELEMENTS) {
          throw new PressdeskError('IMPORT_TOO_COMPLEX', `The page has more than ${MAX_PAGE_ELEMENTS} elements.`, {
            maxElements: MAX_PAGE_ELEMENTS,
          });
        }
      },
      onclosetag() {
        depth -= 1;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { elements, depth: deepest };
}

function stableId(url: string, fields: ReleaseFields): string {
  if (!url) return derivedReleaseId(fields);
  return `web-${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;
}

function dropLeadingHeadline(body: DocumentNode, headline: string): DocumentNode {
  const first = body.content[0];
  const text = first?.type === 'heading' ? documentToPlainText({ type: 'doc', content: [first] }).trim() : null;
  // The page's heading, also with a kicker before it („Verbraucherschutz Mehr Transparenz …“).
  if (text !== null && (text === headline || (text.endsWith(` ${headline}`) && text.length <= headline.length + 60))) {
    return { type: 'doc', content: body.content.slice(1).length > 0 ? body.content.slice(1) : [{ type: 'paragraph' }] };
  }
  return body;
}

/** The figures' captions and credits, kept at the end of the body until releases carry figures of their own. */
function figureList(figures: readonly PageFigure[], language: string): BlockNode[] {
  if (figures.length === 0) return [];
  const de = language.startsWith('de');
  return [
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: de ? 'Bilder' : 'Images' }] },
    {
      type: 'bulletList',
      content: figures.map((f) => ({
        type: 'listItem' as const,
        content: [
          {
            type: 'paragraph' as const,
            content: [
              {
                type: 'text' as const,
                text: [f.caption || f.alt, f.credit ? `${de ? 'Foto' : 'Photo'}: ${f.credit}` : '']
                  .filter(Boolean)
                  .join(' — '),
              },
            ],
          },
        ],
      })),
    },
  ];
}

/**
 * Reads a web page of a press release: headline, teaser, date, topic and tags
 * from the page's metadata, the body through Readability and our document
 * vocabulary, figures with caption and credit.
 */
export async function readPageRelease(html: string, options: PageReadOptions = {}): Promise<PageRelease> {
  return (await pageReader())(html, options);
}

/** Reads one web page of a press release (see `readPageRelease`), synchronously. */
export type PageReader = (html: string, options?: PageReadOptions) => PageRelease;

/**
 * The page reader, with the DOM and Readability it needs loaded: they are
 * loaded by the first page read, so an engine that imports none never loads them.
 */
export async function pageReader(): Promise<PageReader> {
  const [{ parseHTML: parse }, { Readability: Reader }] = await Promise.all([
    import('linkedom'),
    import('@mozilla/readability'),
  ]);
  return (html, options = {}) => readPage(parse, Reader, html, options);
}

function readPage(
  parse: typeof parseHTML,
  Reader: typeof Readability,
  html: string,
  options: PageReadOptions,
): PageRelease {
  if (html.length > MAX_PAGE_CHARS) throw new PressdeskError('IMPORT_TOO_LARGE', 'The page is too large to import.');
  const shape = measurePage(html);
  const { document } = parse(html) as unknown as { document: Document };
  const doc = document as unknown as El & { documentElement: El | null; title: string };
  const ld = jsonLd(doc);
  const ldArticle = ld.find((x) => /Article|Release|Posting/i.test(ldText(x['@type']))) ?? {};
  const url = meta(doc, 'og:url') || clean(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  const sites = [
    meta(doc, 'og:site_name'),
    meta(doc, 'application-name'),
    meta(doc, 'apple-mobile-web-app-title'),
    ...(options.siteNames ?? []),
  ].filter((name) => name.length > 0 && name.length <= 200);
  const pageTitle = clean(doc.title).slice(0, 1000);
  const ogTitle = meta(doc, 'og:title', 'twitter:title');
  dropPageChrome(doc);
  // The page's headings, the article's first; an unclosed <h1> swallows the page, so long ones are not headings.
  const h1s = [...doc.querySelectorAll('article h1, main h1'), ...doc.querySelectorAll('h1')]
    .map(headingText)
    .filter((h) => h.length > 0 && h.length <= 200);
  const h2s = [...doc.querySelectorAll('article h2, main h2, h2')]
    .slice(0, 50)
    .map(headingText)
    .filter((h) => h.length > 0 && h.length <= 200);
  const isSite = (text: string): boolean =>
    sites.some((site) => site.toLocaleLowerCase('de') === text.toLocaleLowerCase('de'));
  const og = stripSiteName(ogTitle, sites);
  const title = stripSiteName(pageTitle, sites);
  const headings = [...new Set([...h1s, ...h2s])].filter((h) => !isSite(h));
  // og:title first, the heading it consists of when it adds the site's name; then the article's
  // heading the page title consists of, its first heading, the page title.
  const headline = (
    og && !isSite(og)
      ? (headingOfTitle(og, headings) ?? og)
      : ((title ? headingOfTitle(title, headings) : null) ??
        h1s.find((h) => !isSite(h)) ??
        (isSite(title) ? '' : title))
  ).slice(0, 500);
  const teaser = (
    meta(doc, 'og:description', 'description', 'twitter:description') || clean(ldText(ldArticle.description))
  ).slice(0, 5000);
  const language = clean(doc.documentElement?.getAttribute('lang')).split(/[^A-Z-]/i)[0] || DEFAULT_LANGUAGE;
  // The article's own <time> before one in a list of other articles.
  const timeEl =
    doc.querySelector('article time[datetime], main time[datetime], h1 time[datetime], header time[datetime]') ??
    doc.querySelector('time[datetime]');
  const itemDate = doc.querySelector('[itemprop="datePublished"]');
  let publishedAt =
    pageDate(meta(doc, 'article:published_time', 'date', 'dc.date', 'DC.date.issued', 'pubdate')) ??
    pageDate(ldText(ldArticle.datePublished)) ??
    pageDate(clean(timeEl?.getAttribute('datetime'))) ??
    pageDate(clean(timeEl?.textContent)) ??
    pageDate(clean(itemDate?.getAttribute('content') ?? itemDate?.getAttribute('datetime'))) ??
    pageDate(clean(itemDate?.textContent)) ??
    null;
  const topic = (meta(doc, 'article:section') || clean(ldText(ldArticle.articleSection))).slice(0, 200);
  const keywords = [...doc.querySelectorAll('meta[property="article:tag"]')].map((m) =>
    clean(m.getAttribute('content')),
  );
  const kw = meta(doc, 'keywords', 'news_keywords');
  const tags = [...keywords, ...kw.split(/[,;]/).map(clean)].filter((t) => t && t.length <= 100).slice(0, 30);

  const figures: PageFigure[] = [];
  const seen = new Set<string>();
  for (const fig of doc.querySelectorAll('figure')) {
    const f = figures.length < MAX_PAGE_FIGURES ? readFigure(fig) : null;
    const key = f ? `${f.caption}\u0000${f.credit}` : '';
    if (f && !seen.has(key)) {
      seen.add(key);
      figures.push(f);
    }
    fig.remove();
  }
  for (const el of doc.querySelectorAll('.credit, .copyright')) el.remove();

  // „07.05.2019“ next to the headline (a date line above or below it), before the page is read.
  publishedAt = publishedAt ?? headDate(doc, headline);

  // Readability rewrites the DOM it reads; keep the page's main part for when it finds nothing.
  const main = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.querySelector('body');
  const fallbackHtml = (main as unknown as { innerHTML?: string } | null)?.innerHTML ?? html;
  let extracted: { content?: string | null; textContent?: string | null } | null = null;
  // Readability's own element limit counts getElementsByTagName('*'), which this DOM answers with
  // nothing; the count from measurePage decides, and the option stays for a DOM that counts.
  const readable =
    shape.elements <= MAX_READABLE_ELEMENTS &&
    shape.depth <= MAX_READABLE_DEPTH &&
    shape.elements * shape.depth <= MAX_READABLE_WORK;
  if (readable) {
    try {
      extracted = new Reader(document, { charThreshold: 200, maxElemsToParse: MAX_READABLE_ELEMENTS }).parse();
    } catch {
      extracted = null;
    }
  }
  let body: DocumentNode;
  if (extracted?.content && clean(extracted.textContent).length >= 20) body = htmlToDocument(extracted.content);
  else {
    body = htmlToDocument(fallbackHtml);
  }
  body = dropLeadingHeadline(body, headline);
  const text = documentToPlainText(body);
  // "Beispielhausen, 03.02.2023 – …": the dateline at the start of the text.
  publishedAt = publishedAt ?? pageDate(text.slice(0, 200));
  if (!headline || text.length < 20) {
    throw new PressdeskError('IMPORT_NO_CONTENT', 'No press release found on the page (no headline or body text).');
  }
  body = { type: 'doc', content: [...body.content, ...figureList(figures, language)] };
  const fields: ReleaseFields = {
    topic,
    headline,
    subheadline: '',
    teaser,
    dateline: '',
    body,
    language,
    status: publishedAt ? 'published' : 'draft',
    publishedAt,
    embargoUntil: null,
    tags,
    pressContact: '',
    boilerplate: '',
    relatedLinks: [],
    relatedReleaseIds: [],
    releaseNumber: '',
    // Images of web pages are not fetched; their captions and credits stay in the body's list.
    leadImage: null,
  };
  return { id: stableId(url, fields), fields, figures, host: hostOf(url), titleSuffix: titleSuffix(pageTitle) };
}
