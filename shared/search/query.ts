import { RELEASE_STATUSES, type ReleaseStatus } from '../domain/constants';

/**
 * The archive's query language, parsed into a plain structure. Parsing never
 * throws: unbalanced quotes close at the end, lone operators and syntax
 * characters are dropped, unknown fields are read as words.
 *
 * - `wort wort` — all words (AND); each word also matches as a prefix
 * - `"genauer Satz"` (also „…“ and «…») — a phrase
 * - `-wort`, `-"Satz"` — exclude
 * - `a OR b` (also `ODER`, `|`) — either
 * - `thema:`/`topic:`, `status:`, `tag:`, `von:`/`from:`, `bis:`/`to:`, `bild:`/`credit:`
 * - `sprecher:`/`speaker:` — releases quoting a person: each word of the value
 *   (`sprecher:Lucha`, `sprecher:"Manne Lucha"`) starts a word of a quote's speaker
 * - `datum:ohne`/`date:none` — releases without a date (no publication date);
 *   `datum:2024` is `von:2024 bis:2024`. Date filters never match undated releases.
 */
export interface QueryTerm {
  /** Words of the term, separated by single spaces; more than one word is matched as a phrase. */
  readonly text: string;
  readonly phrase: boolean;
}

export interface ParsedQuery {
  /** Groups that all must match; within a group, any term may match (OR). */
  readonly include: readonly (readonly QueryTerm[])[];
  readonly exclude: readonly QueryTerm[];
  readonly topics: readonly string[];
  readonly statuses: readonly ReleaseStatus[];
  readonly tags: readonly string[];
  /** Caption or credit text of the release's figures. */
  readonly media: readonly string[];
  /**
   * Names of quoted people (`sprecher:`), words separated by single spaces; a
   * release must quote each of them (every word as the start of a word of one
   * quote's speaker).
   */
  readonly speakers: readonly string[];
  /** Inclusive lower bound (ISO instant). */
  readonly from: string | null;
  /** Exclusive upper bound (ISO instant). */
  readonly to: string | null;
  /** Only releases without a date (`datum:ohne`). */
  readonly undated: boolean;
}

/** Longest query the parser reads; the rest is ignored. */
export const MAX_QUERY_LENGTH = 1000;
/** Most terms a query may have; further terms are ignored. */
export const MAX_QUERY_TERMS = 32;

const FIELD_ALIASES: Record<string, 'topic' | 'status' | 'tag' | 'from' | 'to' | 'date' | 'media' | 'speaker'> = {
  thema: 'topic',
  topic: 'topic',
  status: 'status',
  tag: 'tag',
  schlagwort: 'tag',
  von: 'from',
  from: 'from',
  ab: 'from',
  bis: 'to',
  to: 'to',
  datum: 'date',
  date: 'date',
  bild: 'media',
  credit: 'media',
  foto: 'media',
  sprecher: 'speaker',
  sprecherin: 'speaker',
  speaker: 'speaker',
};

/** Values of `datum:` that ask for releases without a date. */
const UNDATED_VALUES = new Set(['ohne', 'keins', 'keines', 'undatiert', 'none', 'undated', 'missing']);
/** The query value of the year facet's "without a date" entry (`datum:ohne`). */
export const UNDATED = 'ohne';

const STATUS_ALIASES: Record<string, ReleaseStatus> = {
  entwurf: 'draft',
  pruefung: 'review',
  prüfung: 'review',
  freigegeben: 'approved',
  freigabe: 'approved',
  veroeffentlicht: 'published',
  veröffentlicht: 'published',
  zurueckgezogen: 'withdrawn',
  zurückgezogen: 'withdrawn',
};

const OPEN_QUOTES: Record<string, string> = { '"': '"', '„': '“', '“': '”', '«': '»', '»': '«', '”': '”' };

/** The words of a text as the index sees them: letters, digits and combining marks of any script. */
export function queryWords(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}\p{M}\u200c\u200d]+/gu) ?? [];
}

function term(raw: string, phrase: boolean): QueryTerm | null {
  const words = queryWords(raw).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return { text: words.join(' ').slice(0, 200), phrase: phrase || words.length > 1 };
}

interface Token {
  readonly value: string;
  readonly quoted: boolean;
  readonly negated: boolean;
  readonly field: string | null;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const s = input.slice(0, MAX_QUERY_LENGTH);
  let i = 0;
  while (i < s.length && tokens.length < MAX_QUERY_TERMS * 2) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let negated = false;
    if (c === '-' || c === '!') {
      negated = true;
      i++;
    }
    let field: string | null = null;
    const fieldMatch = /^(\p{L}+):/u.exec(s.slice(i, i + 30));
    if (fieldMatch && FIELD_ALIASES[fieldMatch[1]!.toLowerCase()]) {
      field = FIELD_ALIASES[fieldMatch[1]!.toLowerCase()]!;
      i += fieldMatch[0].length;
    }
    const q = s[i];
    if (q !== undefined && OPEN_QUOTES[q]) {
      const closers = new Set([OPEN_QUOTES[q], '"', '“', '”', '»', '«']);
      let j = i + 1;
      while (j < s.length && !closers.has(s[j]!)) j++;
      tokens.push({ value: s.slice(i + 1, j), quoted: true, negated, field });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]!) && !(j > i && OPEN_QUOTES[s[j]!])) j++;
    tokens.push({ value: s.slice(i, j), quoted: false, negated, field });
    i = Math.max(j, i + 1);
  }
  return tokens;
}

/** "2024", "2024-05", "2024-05-17", "17.05.2024", "5.2024" → [start, next start) as ISO instants. */
export function parseDateBound(value: string): { start: string; end: string } | null {
  const v = value.trim();
  let y: number;
  let m: number | null = null;
  let d: number | null = null;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(v))) {
    y = Number(match[1]);
    m = match[2] ? Number(match[2]) : null;
    d = match[3] ? Number(match[3]) : null;
  } else if ((match = /^(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})$/.exec(v))) {
    y = Number(match[3]);
    m = Number(match[2]);
    d = match[1] ? Number(match[1]) : null;
  } else return null;
  if (y < 1000 || (m !== null && (m < 1 || m > 12)) || (d !== null && (d < 1 || d > 31))) return null;
  const start = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  if (d !== null && start.getUTCDate() !== d) return null;
  const end =
    d !== null
      ? new Date(Date.UTC(y, m! - 1, d + 1))
      : m !== null
        ? new Date(Date.UTC(y, m, 1))
        : new Date(Date.UTC(y + 1, 0, 1));
  return { start: start.toISOString(), end: end.toISOString() };
}

function status(value: string): ReleaseStatus | null {
  const v = value.trim().toLowerCase();
  if ((RELEASE_STATUSES as readonly string[]).includes(v)) return v as ReleaseStatus;
  return STATUS_ALIASES[v] ?? null;
}

/** Parses a search query. Never throws; anything it cannot read is dropped. */
export function parseQuery(input: unknown): ParsedQuery {
  const text = typeof input === 'string' ? input : '';
  const include: QueryTerm[][] = [];
  const exclude: QueryTerm[] = [];
  const topics: string[] = [];
  const statuses: ReleaseStatus[] = [];
  const tags: string[] = [];
  const media: string[] = [];
  const speakers: string[] = [];
  let from: string | null = null;
  let to: string | null = null;
  let undated = false;
  let joinNext = false;
  let terms = 0;

  for (const token of tokenize(text)) {
    if (terms >= MAX_QUERY_TERMS) break;
    if (!token.quoted && !token.field && !token.negated && /^(?:OR|ODER|\|\|?)$/.test(token.value)) {
      joinNext = include.length > 0;
      continue;
    }
    if (token.field) {
      const value = token.value.trim();
      if (!value) continue;
      switch (token.field) {
        case 'topic':
          if (term(value, true)) topics.push(term(value, true)!.text);
          break;
        case 'tag':
          if (term(value, true)) tags.push(term(value, true)!.text);
          break;
        case 'media':
          if (term(value, true)) media.push(term(value, token.quoted)!.text);
          break;
        case 'speaker': {
          const name = term(value, true)?.text;
          if (name && !speakers.includes(name)) speakers.push(name);
          break;
        }
        case 'status': {
          const s = status(value);
          if (s && !statuses.includes(s)) statuses.push(s);
          break;
        }
        case 'from':
          from = parseDateBound(value)?.start ?? from;
          break;
        case 'to':
          to = parseDateBound(value)?.end ?? to;
          break;
        case 'date': {
          if (UNDATED_VALUES.has(value.toLowerCase())) {
            undated = true;
            break;
          }
          const bound = parseDateBound(value);
          if (bound) {
            from = bound.start;
            to = bound.end;
          }
          break;
        }
      }
      terms++;
      joinNext = false;
      continue;
    }
    const t = term(token.value, token.quoted);
    if (!t) continue;
    terms++;
    if (token.negated) {
      exclude.push(t);
      joinNext = false;
      continue;
    }
    if (joinNext && include.length > 0) include[include.length - 1]!.push(t);
    else include.push([t]);
    joinNext = false;
  }
  return { include, exclude, topics, statuses, tags, media, speakers, from, to, undated };
}

/** True when the query has nothing to search or filter by. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return (
    q.include.length === 0 &&
    q.exclude.length === 0 &&
    q.topics.length === 0 &&
    q.statuses.length === 0 &&
    q.tags.length === 0 &&
    q.media.length === 0 &&
    q.speakers.length === 0 &&
    q.from === null &&
    q.to === null &&
    !q.undated
  );
}

/** Writes a filter as query text (for facets added from the UI). */
export function filterToken(
  field: 'thema' | 'status' | 'tag' | 'von' | 'bis' | 'datum' | 'sprecher',
  value: string,
): string {
  const clean = value.replace(/["„“”«»]/g, ' ').trim();
  return /[\s:]/.test(clean) || clean === '' ? `${field}:"${clean}"` : `${field}:${clean}`;
}

/** A status by its name, English or German as in search (`veröffentlicht`, `Prüfung`); null when unknown. */
export function statusFromWord(value: string): ReleaseStatus | null {
  return status(value);
}
