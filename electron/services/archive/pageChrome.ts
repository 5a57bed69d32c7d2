/**
 * What a web page carries besides its press release: skip links, players and
 * their privacy notices, cookie banners, download links, advertising labels,
 * and the site's name in the page title. Removed from the page before the
 * body is read; the headline loses the site's name.
 */

/** The DOM interface the page reader uses (linkedom's elements). */
export interface ChromeEl {
  textContent: string | null;
  tagName?: string;
  parentElement?: ChromeEl | null;
  getAttribute(name: string): string | null;
  querySelector(sel: string): ChromeEl | null;
  querySelectorAll(sel: string): Iterable<ChromeEl>;
  remove(): void;
  contains?(other: ChromeEl): boolean;
}

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Elements that are never part of a release's text (players among them, handled first). */
const NEVER_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'video',
  'audio',
  'object',
  'embed',
  'canvas',
  'svg',
  'form',
  'button',
  'select',
  'dialog',
  'nav',
]);
const PLAYER_TAGS = new Set(['iframe', 'video', 'audio', 'object', 'embed']);
const NEVER_ROLES = new Set(['navigation', 'search', 'dialog']);

/** Screen-reader-only texts, skip links, breadcrumbs, pagers, by the class names sites give them. */
const CHROME_CLASS_NAMES = new Set([
  'sr-only',
  'visually-hidden',
  'visuallyhidden',
  'screen-reader-text',
  'element-invisible',
  'aural',
  'auraljump',
  'skip-link',
  'skiplink',
  'skip-links',
  'skiplinks',
  'breadcrumb',
  'breadcrumbs',
  'pagination',
  'pager',
  'toolbar',
]);
/** Cookie and consent layers and share bars, by a part of their class or id. */
const CHROME_CLASS_PART = /cookie|consent|cmplz|social-share|share-buttons/i;
/** Links that are controls: downloads and buttons („Hinweis zu der Meldung“). */
const CONTROL_LINK_CLASSES = new Set(['download', 'button', 'btn']);
/** Elements whose whole text is checked against CHROME_TEXTS. */
const TEXT_TAGS = new Set(['a', 'p', 'span', 'em', 'strong', 'small', 'li', 'address']);

/** Whole texts of an element that are page chrome, not release text. */
const CHROME_TEXTS: readonly RegExp[] = [
  // Skip links: „Zum Inhalt springen“, „Direkt zur Navigation“, "Skip to main content".
  /^(?:(?:direkt\s+)?(?:zum|zur)\s+(?:haupt)?(?:inhalt|navigation|suche|menü|seitenanfang|fußzeile|footer)(?:\s+(?:springen|wechseln))?|springe?\s+(?:zum|zur)\s+\S+|skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|search|menu)|jump\s+to\s+(?:main\s+)?content)$/i,
  // „Video überspringen“, „Karte überspringen“, "Skip video".
  /^(?:[\p{L}-]+\s+){0,2}überspringen$/iu,
  /^skip [\p{L}-]+(?: [\p{L}-]+)?$/iu,
  /^(?:ihr browser unterstützt (?:keine|kein|leider keine)|your browser does not support)\b/i,
  // Download links: „Hochauflösendes Bild (jpeg, 1MB)“, „Download (PDF, 245 KB)“.
  /^(?:hochauflösendes bild|bild herunterladen|herunterladen|download|originalbild|druckversion|high[- ]resolution image|download image)\b[^()]{0,80}\([^()]{0,40}\d\s?(?:[kmg]i?b|bytes?)\)$/i,
  // A gallery's counter („1 / 5 Bildern“).
  /^\d* ?\/ ?\d* ?(?:bildern?|fotos?|images?|photos?)$/i,
  // Advertising labels.
  /^(?:anzeigen?|werbung|advertisement|sponsored|gesponsert)$/i,
  /\bgesponserten?\s+(?:marketing-)?inhalt/i,
  // Cookie notices.
  /^(?:diese (?:webseite|website|seite|internetseite) (?:verwendet|nutzt|benutzt) cookies|wir (?:verwenden|nutzen) cookies|this (?:website|site) uses cookies|we use cookies)\b/i,
  // Notices that come with an embedded player.
  /^(?:hinweis:\s*)?(?:wenn|sobald) sie (?:dieses|das) video .{0,200}(?:datenübertragung|daten|youtube|google|vimeo)/i,
  /^(?:mit dem|beim) (?:abspielen|aufruf|laden) (?:des|dieses) videos\b/i,
];

/**
 * Characters of element text the chrome passes read, each: the text of
 * nested elements is read again for every level, so a hostile page could
 * otherwise cost time with the square of its size. Real pages use a few
 * hundred thousand.
 */
export const CHROME_TEXT_BUDGET = 4_000_000;
/** Players whose wrapper is looked for; further ones are removed alone. */
const MAX_PLAYERS = 200;

/** Longest text an element may have to count as chrome by its text. */
const MAX_CHROME_TEXT = 400;
/** A player's wrapper is the chrome around it while its own text stays this short. */
const MAX_PLAYER_TEXT = 500;

/** True when the element holds the page's main heading or is a landmark of the content. */
function holdsContent(el: ChromeEl): boolean {
  const tag = (el.tagName ?? '').toLowerCase();
  return tag === 'body' || tag === 'html' || tag === 'main' || tag === 'article' || el.querySelector('h1') !== null;
}

/** The text of an element without what players show when they cannot play. */
function ownText(el: ChromeEl): string {
  let text = clean(el.textContent);
  for (const player of el.querySelectorAll('iframe, video, audio, object, embed, noscript')) {
    const inner = clean(player.textContent);
    if (inner) text = text.replace(inner, ' ');
  }
  return clean(text);
}

/**
 * Removes a page's chrome from its DOM: elements that are never release text,
 * players with the notices around them, and skip links, cookie banners,
 * download links and advertising labels by class or by their whole text.
 */
export function dropPageChrome(doc: ChromeEl): void {
  // One walk sorts the elements: players, elements that are never text, chrome by class, short texts to check.
  const players: ChromeEl[] = [];
  const never: ChromeEl[] = [];
  const classed: ChromeEl[] = [];
  const texts: ChromeEl[] = [];
  for (const el of doc.querySelectorAll('*')) {
    const tag = (el.tagName ?? '').toLowerCase();
    if (PLAYER_TAGS.has(tag)) players.push(el);
    else if (
      NEVER_TAGS.has(tag) ||
      NEVER_ROLES.has(el.getAttribute('role') ?? '') ||
      el.getAttribute('hidden') !== null ||
      el.getAttribute('aria-hidden') === 'true'
    )
      never.push(el);
    else if (isChromeByClass(el, tag)) classed.push(el);
    else if (TEXT_TAGS.has(tag)) texts.push(el);
  }

  // A player's wrapper goes with it: the nearest ancestors whose own text is short (notices, skip links).
  let budget = CHROME_TEXT_BUDGET;
  players.forEach((player, index) => {
    let target: ChromeEl = player;
    let parent = player.parentElement ?? null;
    while (parent && index < MAX_PLAYERS && budget > 0) {
      const raw = parent.textContent ?? '';
      budget -= raw.length + 1;
      // Long text is the release's; only then are the players' fallback texts taken out to measure.
      if (raw.length > MAX_PLAYER_TEXT * 4 || holdsContent(parent) || ownText(parent).length > MAX_PLAYER_TEXT) break;
      target = parent;
      parent = parent.parentElement ?? null;
    }
    target.remove();
  });
  for (const el of never) {
    const tag = (el.tagName ?? '').toLowerCase();
    // A page may (wrongly) put its whole content into a form (ASP.NET pages do) or a hidden wrapper.
    if (tag !== 'script' && tag !== 'style' && holdsContent(el)) continue;
    if (tag === 'form' && (el.textContent ?? '').length > 1000) continue;
    el.remove();
  }
  budget = CHROME_TEXT_BUDGET;
  for (const el of classed) {
    const raw = el.textContent ?? '';
    budget -= raw.length + 1;
    if (budget < 0) break;
    if (raw.length > 5000 || holdsContent(el)) continue;
    el.remove();
  }
  budget = CHROME_TEXT_BUDGET;
  for (const el of texts) {
    const raw = el.textContent ?? '';
    budget -= raw.length + 1;
    if (budget < 0) break;
    // Long texts are release text; only short ones are looked at more closely.
    if (raw.length > MAX_CHROME_TEXT * 4) continue;
    const text = clean(raw);
    if (!text || text.length > MAX_CHROME_TEXT || holdsContent(el)) continue;
    if (CHROME_TEXTS.some((re) => re.test(text))) el.remove();
  }
}

function isChromeByClass(el: ChromeEl, tag: string): boolean {
  const classAttr = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  if (!classAttr && !id) return false;
  if (CHROME_CLASS_PART.test(classAttr) || /cookie|consent/i.test(id)) return true;
  const classes = classAttr.toLowerCase().split(/\s+/);
  if (classes.some((c) => CHROME_CLASS_NAMES.has(c))) return true;
  return (
    (tag === 'a' || (tag === 'em' && classes.includes('download'))) && classes.some((c) => CONTROL_LINK_CLASSES.has(c))
  );
}

/** Separators between a title's parts: „Headline - Site“, „Site | Headline“, „Headline – Site“. */
const TITLE_SEPARATOR = / (?:[-|–—·•»«/~]|::|\|\|) /u;
/** The same, kept by `split`. */
const TITLE_SEPARATOR_KEPT = / ([-|–—·•»«/~]|::|\|\|) /u;

const fold = (s: string): string =>
  clean(s)
    .toLocaleLowerCase('de')
    .replace(/[„“”"'’]/g, '');

/** The parts of a title between its separators. */
export function titleParts(title: string): string[] {
  return clean(title)
    .split(TITLE_SEPARATOR)
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * The title without the site's name at its end or start („… - Bundeskanzleramt
 * Österreich“, „BMJV | …“), for any of `sites` (og:site_name, the
 * application name, a suffix repeated on the site's pages).
 */
export function stripSiteName(title: string, sites: readonly string[]): string {
  const names = new Set(sites.map(fold).filter((s) => s.length > 0));
  let text = clean(title);
  if (names.size === 0) return text;
  for (let i = 0; i < 3; i++) {
    // Parts and separators alternate: [part, separator, part, …].
    const pieces = text.split(TITLE_SEPARATOR_KEPT);
    if (pieces.length < 3) break;
    let next = text;
    if (names.has(fold(pieces[pieces.length - 1]!))) next = pieces.slice(0, -2).join(' ');
    else if (names.has(fold(pieces[0]!))) next = pieces.slice(2).join(' ');
    next = clean(next);
    if (next === text || !next) break;
    text = next;
  }
  return text;
}

/** The last part of a title after a separator (the place of a site's name), or null. */
export function titleSuffix(title: string): string | null {
  const parts = titleParts(title);
  if (parts.length < 2) return null;
  const last = parts[parts.length - 1]!;
  return last.length <= 100 ? last : null;
}

const SEPARATOR_AT_START = new RegExp(`^${TITLE_SEPARATOR.source}`, 'u');
const SEPARATOR_AT_END = new RegExp(`${TITLE_SEPARATOR.source}$`, 'u');

/**
 * The heading a page title consists of, if any: „Heading - Site“, „Site -
 * Section - Heading“, or a heading that says a little more around all of the
 * title („Mehr Transparenz bei …“ for „Transparenz bei …“). What the title
 * adds to the heading (a site's name) is dropped that way.
 */
export function headingOfTitle(title: string, headings: readonly string[]): string | null {
  const t = clean(title);
  const lower = t.toLocaleLowerCase('de');
  for (const h of headings) {
    const lh = clean(h).toLocaleLowerCase('de');
    if (lh.length < 3) continue;
    if (lower === lh) return h;
    if (lower.startsWith(lh) && SEPARATOR_AT_START.test(t.slice(lh.length))) return h;
    if (lower.endsWith(lh) && SEPARATOR_AT_END.test(t.slice(0, t.length - lh.length))) return h;
  }
  for (const h of headings) {
    const lh = clean(h).toLocaleLowerCase('de');
    if (lower.length >= 12 && lh.includes(lower) && lh.length <= lower.length + 40) return h;
  }
  return null;
}

/**
 * The site names an import learns from its pages: a title suffix („… - Stadt
 * Beispielhausen“) repeated on two or more pages of one host is the site's
 * name, and comes off every headline of that host that still carries it.
 */
export class SiteSuffixes {
  /** Host → suffix → the titles it ended (counted up to two). */
  private readonly seen = new Map<string, Map<string, Set<string>>>();

  /** Notes the title suffix of a page of `host` ('' for pages without an address). */
  observe(host: string, suffix: string | null, title: string): void {
    if (!suffix) return;
    let bySuffix = this.seen.get(host);
    if (!bySuffix) {
      // Many hosts in one import: keep memory bounded.
      if (this.seen.size >= 1000) return;
      bySuffix = new Map();
      this.seen.set(host, bySuffix);
    }
    const key = suffix.toLocaleLowerCase('de');
    let titles = bySuffix.get(key);
    if (!titles) {
      if (bySuffix.size >= 1000) return;
      titles = new Set();
      bySuffix.set(key, titles);
    }
    if (titles.size < 2) titles.add(title);
  }

  /** The suffixes seen on two or more pages of `host`. */
  names(host: string): string[] {
    return [...(this.seen.get(host) ?? new Map<string, Set<string>>()).entries()]
      .filter(([, titles]) => titles.size >= 2)
      .map(([suffix]) => suffix);
  }

  /** The headline without a repeated suffix of its host. */
  strip(host: string, headline: string): string {
    const names = this.names(host);
    if (names.length === 0) return headline;
    const stripped = stripSiteName(headline, names);
    return stripped || headline;
  }
}
