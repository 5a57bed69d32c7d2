import type Database from 'better-sqlite3';
import {
  SEARCH_QUOTES_MAX,
  type SearchFacets,
  type SearchHit,
  type SearchQuote,
  type SearchResult,
  type SearchSort,
} from '../../../shared/contract/archive';
import type { ReleaseStatus } from '../../../shared/domain';
import { foldGerman, umlautVariants } from '../../../shared/search/fold';
import { isEmptyQuery, parseQuery, queryWords, type ParsedQuery, type QueryTerm } from '../../../shared/search/query';
import { PressdeskError } from '../../../shared/errors';
import { toSummary } from '../releases/releaseRepository';
import { makeExcerpt } from './excerpt';
import { FacetCounts, rowidsOf } from './facetCounts';
import type { CountedIndex, MatchCounter } from './matchCounter';
import { tokenForm, WordList } from './wordList';

/**
 * bm25 weights of the index columns (headline, subheadline, teaser, body,
 * topic, tags, media): a word in the headline counts ten times one in the body.
 */
export const SEARCH_WEIGHTS = [10, 5, 3, 1, 4, 4, 2] as const;
const BM25 = `bm25(release_fts, ${SEARCH_WEIGHTS.join(', ')})`;
/** bm25 weights of the head index (headline, subheadline, teaser, topic, tags), as in the main index. */
export const HEAD_WEIGHTS = [10, 5, 3, 4, 4] as const;
const HEAD_BM25 = `bm25(release_head, ${HEAD_WEIGHTS.join(', ')})`;

export interface SearchOptions {
  readonly query: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly sort?: SearchSort;
  readonly facets?: boolean;
}

type SearchIndex = CountedIndex;

/** A search begun: its page, and its total as far as known or how to count it. */
interface Run {
  readonly known: number | undefined;
  /** The total, counted by the match counter meanwhile (a parallel search whose total the page does not tell). */
  readonly counting: Promise<number> | null;
  /** Counts the total on this thread. */
  total(): number;
  finish(total: number): SearchResult;
}

interface Ranked {
  rowid: number;
  rank: number;
}

interface HitRow {
  rowid: number;
  id: string;
  headline: string;
  topic: string;
  status: ReleaseStatus;
  language: string;
  published_at: string | null;
  embargo_until: string | null;
  updated_at: string;
  deleted_at: string | null;
  lead_image_id: string | null;
  tags_json: string;
  teaser: string;
  body_text: string;
  rank: number;
}

/** A string as one FTS5 string literal (double quotes doubled), after German folding. */
function ftsString(text: string): string {
  return `"${foldGerman(text).replace(/"/g, '""')}"`;
}

/**
 * What the word index holds of the words a spelling starts: none, the word
 * itself only, or more (see `SearchService.startsOf`).
 */
type WordStarts = (folded: string) => 'none' | 'word' | 'more';

/**
 * A query word as an expression of the word index: the start of a word, in
 * each of its spellings. A spelling the index holds no word for is left out;
 * one it holds only as the word itself is asked as that word, which finds the
 * same releases without FTS5 merging the hits of every word it starts.
 */
function ftsTerm(t: QueryTerm, starts?: WordStarts): string {
  if (t.phrase) return ftsString(t.text);
  const variants = umlautVariants(t.text);
  const parts: string[] = [];
  for (const v of variants) {
    const held = starts?.(v) ?? 'more';
    // A whole word is a plain ASCII word (see `startsOf`): written as its token.
    if (held !== 'none') parts.push(held === 'word' ? `"${v.toLowerCase()}"` : `${ftsString(v)}*`);
  }
  // No spelling in the index: the question as written, which finds nothing.
  if (parts.length === 0) parts.push(`${ftsString(variants[0]!)}*`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

function ftsGroup(group: readonly QueryTerm[], starts?: WordStarts): string {
  return group.length === 1 ? ftsTerm(group[0]!, starts) : `(${group.map((t) => ftsTerm(t, starts)).join(' OR ')})`;
}

/**
 * A `sprecher:` name as an expression of the speaker index: every word as the
 * start of a word of one quote's speaker, written with or without umlauts.
 */
export function speakerMatch(name: string): string {
  return queryWords(name)
    .map((word) => {
      const variants = umlautVariants(word).map((v) => `${ftsString(v)}*`);
      return variants.length === 1 ? variants[0]! : `(${variants.join(' OR ')})`;
    })
    .join(' AND ');
}

/** Quotes whose speaker matches the speaker index expression `@name`, by their rowid. */
const QUOTES_OF = (name: string) => `SELECT rowid FROM release_quote_fts WHERE release_quote_fts MATCH @${name}`;

/**
 * The words of the archive's list of words that hold a query term inside
 * (see `SearchService.inside`); null when the term is too short to look for.
 */
type Inside = (t: QueryTerm) => readonly string[] | null;

/** A term of three or more characters is also looked for inside words. */
function longEnoughInside(t: QueryTerm): boolean {
  return [...t.text].length >= 3;
}

/**
 * Substring hits of up to this many words are asked of the word index as one
 * expression (and ranked like any word); with more, FTS5's merging of so many
 * terms grows faster than their hits, and each word is asked on its own.
 */
export const INSIDE_IN_EXPRESSION = 48;

interface Plan {
  /** SQL producing (rowid, rank) of the releases that match the words, or null without words. */
  readonly hits: string | null;
  readonly where: string[];
  readonly params: Record<string, string>;
  readonly ranked: boolean;
  /** The one index that answers the words alone, if so: then its top-k and count paths apply. */
  readonly single: 'release_fts' | null;
  /**
   * Substring hits beside few word hits: an expression of the word index
   * (`params.tri`), or, with many words holding the substring, their
   * releases' rowids (`params.triRows`, as JSON).
   */
  readonly substrings: 'expression' | 'rows' | null;
  /** Few releases hold the words (fewer than SUBSTRING_BELOW): ranking them all by the main index costs little. */
  readonly few: boolean;
  /** With `sprecher:` alone: the releases quoting all of them (SQL over `release_quotes`), which the quote index counts. */
  readonly quotedOnly: string | null;
  /** The words alone (no column filters), when the head index can rank in tiers: no exclusions, no `medien:`. */
  readonly words: string | null;
  /** The column filters (`thema:`, `tag:`), as an expression of either word index, or null. */
  readonly columns: string | null;
}

/** The releases holding, per group, any of its expressions; given by the search service (one word index query each). */
type RowsOf = (groups: readonly (readonly string[])[]) => readonly number[];

function plan(
  q: ParsedQuery,
  wordHits: (main: string) => number,
  ranked: boolean,
  starts?: WordStarts,
  inside?: Inside,
  rowsOf?: RowsOf,
): Plan {
  const params: Record<string, string> = {};
  const where: string[] = ['r.deleted_at IS NULL'];
  let hits: string | null = null;
  const columns: string[] = [];
  for (const topic of q.topics) columns.push(`topic : ${ftsString(topic)}`);
  for (const tag of q.tags) columns.push(`tags : ${ftsString(tag)}`);
  for (const m of q.media) columns.push(`media : ${ftsString(m)}*`);
  const exclude = q.exclude.map((t) => ftsTerm(t, starts)).join(' OR ');
  // Filters the word index can apply itself, as SQL conditions for the other paths.
  const filtersInSql = (): void => {
    if (columns.length > 0) {
      params.columns = columns.join(' AND ');
      where.push('r.rowid IN (SELECT rowid FROM release_fts WHERE release_fts MATCH @columns)');
    }
    if (exclude) {
      params.exclude = exclude;
      where.push('r.rowid NOT IN (SELECT rowid FROM release_fts WHERE release_fts MATCH @exclude)');
    }
  };
  let words =
    q.include.length > 0 && q.exclude.length === 0 && q.media.length === 0
      ? q.include.map((g) => ftsGroup(g, starts)).join(' AND ')
      : null;
  let substrings: Plan['substrings'] = null;
  let few = false;
  if (q.include.length > 0) {
    const withFilters = (groups: readonly string[]) => {
      const positive = [...groups, ...columns].join(' AND ');
      return exclude ? `(${positive}) NOT (${exclude})` : positive;
    };
    params.main = withFilters(q.include.map((g) => ftsGroup(g, starts)));
    const main = `SELECT rowid, ${ranked ? BM25 : '0'} AS rank FROM release_fts WHERE release_fts MATCH @main`;
    hits = main;
    // Substrings inside compounds ("dämm" in "Motordämmung"): the listed words that hold them,
    // when every group has a term of 3+ characters to look for.
    // The list of words is asked only when the word search finds few releases.
    const eligible = inside !== undefined && q.include.every((g) => g.every(longEnoughInside));
    const found = eligible ? wordHits(params.main) : SUBSTRING_BELOW;
    const holding = inside && found < SUBSTRING_BELOW ? q.include.map((g) => g.map(inside)) : null;
    const held = holding?.map((g) => [...new Set(g.flatMap((t) => t ?? []))]) ?? q.include.map(() => []);
    const count = held.reduce((n, g) => n + g.length, 0);
    few = found < SUBSTRING_BELOW && count === 0;
    // Per group: its own terms, or any word holding one of them.
    const expanded = q.include.map((g, i) => {
      const own = ftsGroup(g, starts);
      return held[i]!.length === 0 ? own : `(${[own, ...held[i]!.map((w) => `"${w}"`)].join(' OR ')})`;
    });
    if (found < SUBSTRING_BELOW && count > 0 && count <= INSIDE_IN_EXPRESSION) {
      if (found === 0) {
        // Nothing found as words: the words holding the substrings are the question, ranked as words.
        params.main = withFilters(expanded);
        if (words !== null) words = expanded.join(' AND ');
      } else {
        // Few word hits: they rank first, the substring hits follow.
        params.tri = withFilters(expanded);
        substrings = 'expression';
        const tri = 'SELECT rowid, 0 AS rank FROM release_fts WHERE release_fts MATCH @tri';
        hits = `SELECT rowid, min(rank) AS rank FROM (${main} UNION ALL ${tri}) GROUP BY rowid`;
      }
    } else if (found < SUBSTRING_BELOW && count > 0 && rowsOf) {
      // Many words hold a substring: their releases, each word asked on its own.
      params.triRows = JSON.stringify(
        rowsOf(q.include.map((g, i) => [ftsGroup(g, starts), ...held[i]!.map((w) => `"${w}"`)])),
      );
      substrings = 'rows';
      const tri = 'SELECT value AS rowid, 0 AS rank FROM json_each(@triRows)';
      hits = found === 0 ? tri : `SELECT rowid, min(rank) AS rank FROM (${main} UNION ALL ${tri}) GROUP BY rowid`;
      if (found === 0) delete params.main;
      filtersInSql();
    }
  } else {
    filtersInSql();
  }
  const byWords = hits !== null;
  const single = hits === null || q.speakers.length > 0 || substrings !== null ? null : 'release_fts';
  // Each person asked for must be quoted in the release: the quote index, never the stored bodies.
  // Beside words, a word hit is checked by its rowid before its row is read (a common word has
  // tens of thousands of hits, a person is quoted in far fewer releases); the unary plus keeps
  // SQLite from handing each rowid to the word index as a query of its own.
  const quoted = q.speakers.map((name, i) => {
    params[`speaker${i}`] = speakerMatch(name);
    const sql = `SELECT release_id FROM release_quotes WHERE rowid IN (${QUOTES_OF(`speaker${i}`)})`;
    where.push(hits ? `+h.rowid IN (SELECT rowid FROM releases WHERE id IN (${sql}))` : `r.id IN (${sql})`);
    return sql;
  });
  if (q.statuses.length > 0) {
    q.statuses.forEach((s, i) => (params[`status${i}`] = s));
    where.push(`r.status IN (${q.statuses.map((_, i) => `@status${i}`).join(', ')})`);
  }
  // A release's date is its publication date; one without it (an undated import,
  // a draft) is in no year: date filters skip it, `datum:ohne` finds it.
  if (q.from) {
    params.from = q.from;
    where.push('r.published_at >= @from');
  }
  if (q.to) {
    params.to = q.to;
    where.push('r.published_at < @to');
  }
  if (q.undated) where.push('r.published_at IS NULL');
  // Nothing but people asked for: the releases quoting them all, each once.
  const quotedOnly =
    quoted.length > 0 && !hits && where.length === 1 + quoted.length
      ? quoted.map((sql) => sql.replace('SELECT release_id', 'SELECT DISTINCT release_id')).join(' INTERSECT ')
      : null;
  return {
    hits,
    where,
    params,
    ranked: byWords,
    single,
    substrings,
    few,
    quotedOnly,
    words,
    columns: columns.length > 0 ? columns.join(' AND ') : null,
  };
}

/**
 * Substring matches inside compounds are added when the word search finds
 * fewer releases than this: they rescue rare stems ("dämm" → "Motordämmung")
 * without burying the archive's answer to a common word under thousands of
 * substring hits.
 */
export const SUBSTRING_BELOW = 200;

const ORDER: Record<Exclude<SearchSort, 'relevance'>, string> = {
  date: 'coalesce(r.published_at, r.updated_at) DESC, r.id',
  headline: 'r.headline COLLATE NOCASE, r.id',
  updated: 'r.updated_at DESC, r.id',
};

let searchServices = 0;

/** The archive's search: query language → FTS5 (words, and the listed words that hold a substring) + SQL filters. */
export class SearchService {
  private readonly stmtTrashed;
  private readonly stmtTrashedRows;
  private readonly counted = new Map<string, number>();
  private readonly listed = new Map<string, Uint32Array>();
  /** The hits the date walk checks its index entries against (`hitFunction`), while it runs. */
  private walkHits: Set<number> | null = null;
  private readonly hitFunction: string;
  private readonly stmtLastRowid;
  private readonly stmtLiveTotal;
  private readonly facetCounts: FacetCounts;
  private vocabulary: {
    from: Database.Statement<[string], string>;
    docs: Database.Statement<[string], number>;
  } | null = null;
  private readonly starts = new Map<string, 'none' | 'word' | 'more'>();
  private readonly wordList: WordList;
  /** Per search: the listed words holding each term, the releases found by them, and whether the list caught up. */
  private readonly insides = new Map<string, readonly string[]>();
  private readonly holdingRows = new Map<string, readonly number[]>();
  private listCaughtUp = false;

  constructor(
    private readonly db: Database.Database,
    private readonly counter: MatchCounter | null = null,
  ) {
    this.stmtTrashed = db.prepare('SELECT trashed FROM release_totals').pluck();
    this.stmtTrashedRows = db.prepare('SELECT rowid FROM releases WHERE deleted_at IS NOT NULL').pluck();
    this.facetCounts = new FacetCounts(db);
    this.wordList = new WordList(db);
    this.stmtLastRowid = db.prepare('SELECT coalesce(max(rowid), 0) FROM releases').pluck();
    this.stmtLiveTotal = db.prepare('SELECT live FROM release_totals').pluck();
    // A name of its own: two services on one connection never see each other's hits.
    this.hitFunction = `pressdesk_search_hit_${++searchServices}`;
    db.function(this.hitFunction, { deterministic: false, directOnly: true }, (rowid) =>
      this.walkHits?.has(Number(rowid)) ? 1 : 0,
    );
  }

  search(options: SearchOptions): SearchResult {
    return this.guarded(options, () => {
      const run = this.begin(options, false);
      return run.finish(run.known ?? run.total());
    });
  }

  /**
   * The same search, with the exact total counted on the other core (the
   * match counter) while this thread ranks the page and cuts its excerpts;
   * should the counter fail, this thread counts.
   */
  async searchAsync(options: SearchOptions): Promise<SearchResult> {
    if (!this.counter?.available) return this.search(options);
    const run = this.guarded(options, () => this.begin(options, true));
    let total = run.known;
    if (total === undefined && run.counting) total = await run.counting.catch(() => undefined);
    return this.guarded(options, () => run.finish(total ?? run.total()));
  }

  /** Runs `work`, saying plainly when FTS5 refuses an expression (the parser only emits well-formed ones). */
  private guarded<T>(options: SearchOptions, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof Error && /fts5|MATCH/i.test(error.message)) {
        throw new PressdeskError('SEARCH_QUERY', 'The search query cannot be read.', { query: options.query });
      }
      throw error;
    }
  }

  /** The page of a search; its total as far as known, or how to count it (here, or on the counter). */
  private begin(options: SearchOptions, parallel: boolean): Run {
    const q = parseQuery(options.query);
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    // Every count of an index match is taken once per search (the substring check, the tiers and the total share them).
    this.counted.clear();
    this.listed.clear();
    this.starts.clear();
    this.insides.clear();
    this.holdingRows.clear();
    this.listCaughtUp = false;
    // In date order the hits themselves are needed: listing them counts them. With the counter at hand
    // the substring check counts no further than it needs; the counter counts them all meanwhile.
    const dated = (options.sort ?? 'relevance') === 'date';
    const wordHits = (main: string): number =>
      dated ? this.hitList(main).length : parallel ? this.enoughWordHits(main) : this.matches('release_fts', main);
    const starts = (folded: string) => this.startsOf(folded);
    const inside = (t: QueryTerm) => this.inside(t);
    const rowsOf = (groups: readonly (readonly string[])[]) => this.releasesHolding(groups);
    const p = plan(q, wordHits, (options.sort ?? 'relevance') === 'relevance', starts, inside, rowsOf);
    // Counting needs no ranking.
    const unranked = (): Plan => (p.ranked ? plan(q, wordHits, false, starts, inside, rowsOf) : p);
    const from = p.hits ? `(${p.hits}) h JOIN releases r ON r.rowid = h.rowid` : 'releases r';
    const where = p.where.join(' AND ');
    const sort = options.sort ?? (p.ranked ? 'relevance' : 'date');
    const order = sort === 'relevance' && p.ranked ? 'h.rank, r.id' : ORDER[sort === 'relevance' ? 'date' : sort];
    const rank = p.hits ? 'h.rank' : '0';
    const alone = p.where.length === 1 ? p.single : null;
    const aloneMatch = alone === 'release_fts' ? p.params.main : undefined;
    let counting: Promise<number> | null = null;
    if (parallel && alone && aloneMatch !== undefined && !this.counted.has(`${alone} ${aloneMatch}`)) {
      counting = this.counter!.count(alone, aloneMatch);
      // Not every page needs it (a short one tells its total): a failure is handled where it is awaited.
      counting.catch(() => undefined);
    }
    let rows: HitRow[] | null = null;
    let known: number | undefined;
    if (sort === 'relevance' && alone === 'release_fts' && p.words && !p.few) {
      rows = this.tiered(p.params.main!, p.words, p.columns, limit, offset);
    } else if (sort === 'relevance' && alone) {
      rows = this.topOf(p.params, limit, offset);
    } else if (sort === 'relevance' && p.where.length === 1 && p.params.main && p.substrings === 'expression') {
      ({ rows, total: known } = this.merged(p.params.main, p.params.tri!, limit, offset));
    } else if (sort !== 'relevance' && alone === 'release_fts' && order === ORDER.date) {
      rows = this.newestOf(p.params.main!, limit, offset);
    }
    rows ??= this.db
      .prepare<Record<string, string | number>, HitRow>(
        `SELECT ${HIT_COLUMNS}, ${rank} AS rank
         FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...p.params, limit, offset });
    const page = rows;
    if (known === undefined && page.length < limit && (page.length > 0 || offset === 0)) known = offset + page.length;
    if (known === undefined && alone && aloneMatch !== undefined && this.counted.has(`${alone} ${aloneMatch}`)) {
      known = this.matchTotal(alone, aloneMatch);
    }
    return {
      known,
      counting,
      total: () =>
        alone && aloneMatch !== undefined
          ? this.matchTotal(alone, aloneMatch)
          : p.quotedOnly
            ? this.quotedTotal(p.quotedOnly, p.params)
            : !p.hits && p.where.length === 1
              ? (this.stmtLiveTotal.get() as number)
              : this.countOf(unranked()),
      finish: (total) => {
        const terms = q.include.flat();
        const quotes = q.speakers.length > 0 ? this.quotesOf(page, q.speakers, terms) : null;
        return {
          items: page.map((row) => {
            const hit = toHit(row, terms);
            return quotes ? { ...hit, quotes: quotes.get(row.id) ?? [] } : hit;
          }),
          total,
          facets: options.facets ? this.facets(unranked(), from, where) : null,
        };
      },
    };
  }

  /**
   * The quotes of the people asked for in each of `rows`, in document order, at
   * most SEARCH_QUOTES_MAX per release, each cut around the first search word.
   */
  private quotesOf(
    rows: readonly HitRow[],
    speakers: readonly string[],
    terms: readonly QueryTerm[],
  ): Map<string, SearchQuote[]> {
    const out = new Map<string, SearchQuote[]>();
    if (rows.length === 0) return out;
    const found = this.db
      .prepare<{ ids: string; any: string }, { release_id: string; speaker: string; role: string; text: string }>(
        // From the page's releases to their few quotes, each checked against the speaker index by its rowid.
        `SELECT q.release_id, q.speaker, q.role, q.text
         FROM json_each(@ids) j CROSS JOIN release_quotes q ON q.release_id = j.value
         WHERE EXISTS (SELECT 1 FROM release_quote_fts f WHERE release_quote_fts MATCH @any AND f.rowid = q.rowid)
         ORDER BY j.key, q.ordinal`,
      )
      .all({
        ids: JSON.stringify(rows.map((r) => r.id)),
        any: speakers.map((name) => `(${speakerMatch(name)})`).join(' OR '),
      });
    for (const quote of found) {
      const list = out.get(quote.release_id) ?? [];
      if (list.length >= SEARCH_QUOTES_MAX) continue;
      const { excerpt, highlights } = makeExcerpt(quote.text, terms);
      list.push({ speaker: quote.speaker, role: quote.role, text: excerpt, highlights });
      out.set(quote.release_id, list);
    }
    return out;
  }

  /** The number of releases a plan finds (planned without ranking: a count needs none). */
  private countOf(p: Plan): number {
    const from = p.hits ? `(${p.hits}) h JOIN releases r ON r.rowid = h.rowid` : 'releases r';
    return (
      this.db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${p.where.join(' AND ')}`).get(p.params) as {
        n: number;
      }
    ).n;
  }

  /** Releases quoting the people asked for, less those in the trash (usually none), from the quote index alone. */
  private quotedTotal(quoted: string, params: Record<string, string>): number {
    const all = (this.db.prepare(`SELECT count(*) AS n FROM (${quoted})`).get(params) as { n: number }).n;
    if (this.stmtTrashed.get() === 0) return all;
    const trashed = this.db
      .prepare(`SELECT count(*) AS n FROM releases WHERE deleted_at IS NOT NULL AND id IN (${quoted})`)
      .get(params) as { n: number };
    return all - trashed.n;
  }

  /**
   * Word hits up to SUBSTRING_BELOW, to tell few from many. A word start
   * needs FTS5 to merge the hits of every word it starts before the first
   * one (a whole word does not), so cheaper questions come first: the words
   * as whole words, then the word starts in the small head index. The hits
   * of either are hits of the whole question, so enough of them settles it.
   */
  private enoughWordHits(main: string): number {
    // An exclusion asked of whole words or of the head alone would leave out fewer: then only the question itself.
    if (/\bNOT\b/.test(main)) return this.countUpTo('release_fts', main, SUBSTRING_BELOW);
    const whole = this.countUpTo('release_fts', main.replace(/"\*/g, '"'), SUBSTRING_BELOW);
    if (whole >= SUBSTRING_BELOW) return whole;
    // The head index knows no captions (`medien:`): such a question goes to the main index.
    const head = /\bmedia :/.test(main) ? 0 : this.countUpTo('release_head', main, SUBSTRING_BELOW);
    return head >= SUBSTRING_BELOW ? head : this.countUpTo('release_fts', main, SUBSTRING_BELOW);
  }

  /** Matches of an index up to `cap` (the trash included): enough to tell few from many. */
  private countUpTo(table: SearchIndex, match: string, cap: number): number {
    return this.db
      .prepare<[string, number], number>(
        `SELECT count(*) FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`,
      )
      .pluck()
      .get(match, cap)!;
  }

  /** All matches of an index, the trash included, counted once per search. */
  private matches(table: SearchIndex, match: string): number {
    const key = `${table} ${match}`;
    let n = this.counted.get(key);
    if (n === undefined) {
      // One whole word of the word index: its number of releases, kept with the word, is the count.
      const word = table === 'release_fts' ? ONE_WORD.exec(match)?.[1] : undefined;
      const vocabulary = word === undefined ? null : this.vocabularyOf();
      n =
        vocabulary && word !== undefined
          ? (vocabulary.docs.get(word) ?? 0)
          : this.db
              .prepare<[string], number>(`SELECT count(*) FROM ${table} WHERE ${table} MATCH ?`)
              .pluck()
              .get(match)!;
      this.counted.set(key, n);
    }
    return n;
  }

  /**
   * What the word index holds of the words a folded spelling starts: none,
   * only the word itself, or more. Asked of the index's list of words (an
   * FTS5 vocabulary table on this connection), a look-up or two each; only
   * for plain words of ASCII letters and digits, which are sure to be one
   * token spelled as the tokenizer writes it. Anything else: "more", which
   * leaves the question as it was.
   */
  private startsOf(folded: string): 'none' | 'word' | 'more' {
    const word = folded.toLowerCase();
    if (!/^[a-z0-9]+$/.test(word)) return 'more';
    let held = this.starts.get(word);
    if (held === undefined) {
      const vocabulary = this.vocabularyOf();
      if (!vocabulary) return 'more';
      const first = vocabulary.from.get(word);
      if (first === undefined || !first.startsWith(word)) held = 'none';
      else if (first !== word) held = 'more';
      else {
        // Every character of a token sorts at or after "0": the next word that starts with this one, if any.
        const next = vocabulary.from.get(`${word}0`);
        held = next !== undefined && next.startsWith(word) ? 'more' : 'word';
      }
      this.starts.set(word, held);
    }
    return held;
  }

  /**
   * The listed words that hold a query term: for a word, those that hold one
   * of its spellings after their start (its start is asked anyway); for a
   * phrase of one word, any that holds it. Null when the term is too short
   * to look for; none for a phrase of several words (a substring is looked
   * for inside one word). The list first takes in the words of releases
   * written since it last did; should that fail (a read-only file), the
   * words listed so far answer.
   */
  private inside(t: QueryTerm): readonly string[] | null {
    if (!longEnoughInside(t)) return null;
    const key = `${t.phrase ? 'phrase' : 'word'} ${t.text}`;
    let words = this.insides.get(key);
    if (words === undefined) {
      const forms = (t.phrase ? [foldGerman(t.text)] : umlautVariants(t.text)).map(tokenForm);
      if (forms.some((form) => !ONE_TOKEN.test(form))) {
        words = [];
      } else {
        if (!this.listCaughtUp) {
          this.listCaughtUp = true;
          try {
            if (this.wordList.behind()) this.wordList.catchUp();
          } catch {
            // The words listed so far answer.
          }
        }
        words = [...new Set(forms.flatMap((form) => this.wordList.holding(form, t.phrase)))];
      }
      this.insides.set(key, words);
    }
    return words;
  }

  /**
   * The releases that hold, in every group, one of the group's expressions,
   * each expression asked of the word index on its own (many words holding a
   * substring: one query each costs less than one query of them all).
   */
  private releasesHolding(groups: readonly (readonly string[])[]): readonly number[] {
    const key = JSON.stringify(groups);
    let found = this.holdingRows.get(key);
    if (found === undefined) {
      const rowids = this.db
        .prepare<[string], number>('SELECT rowid FROM release_fts WHERE release_fts MATCH ?')
        .pluck();
      let all: Set<number> | null = null;
      for (const group of groups) {
        const inGroup = new Set<number>();
        for (const expression of group) {
          for (const rowid of rowids.all(expression)) if (all === null || all.has(rowid)) inGroup.add(rowid);
        }
        all = inGroup;
      }
      found = [...(all ?? [])];
      this.holdingRows.set(key, found);
    }
    return found;
  }

  /** The word index's list of words, as vocabulary tables of this connection's own (made at the first use). */
  private vocabularyOf(): SearchService['vocabulary'] {
    if (!this.vocabulary) {
      try {
        this.db.exec(
          `CREATE VIRTUAL TABLE IF NOT EXISTS temp.pressdesk_fts_words USING fts5vocab(main, release_fts, 'instance');
           CREATE VIRTUAL TABLE IF NOT EXISTS temp.pressdesk_fts_word_rows USING fts5vocab(main, release_fts, 'row');`,
        );
        this.vocabulary = {
          from: this.db
            .prepare<[string], string>('SELECT term FROM temp.pressdesk_fts_words WHERE term >= ? LIMIT 1')
            .pluck(),
          docs: this.db
            .prepare<[string], number>('SELECT doc FROM temp.pressdesk_fts_word_rows WHERE term = ?')
            .pluck(),
        };
      } catch {
        return null;
      }
    }
    return this.vocabulary;
  }

  /** The best `limit` straight from the word index (bm25 top-k), the page's rows read once. */
  private topOf(params: Record<string, string>, limit: number, offset: number): HitRow[] {
    const trashed = new Set(this.stmtTrashedRows.all() as number[]);
    const picked = this.best('release_fts', BM25, params.main!, offset + limit, trashed);
    return this.rowsOf(picked.slice(offset, offset + limit));
  }

  /**
   * The ranking in tiers: releases with all the words in the headline first,
   * then those with them in the head (headline, subheadline, teaser, topic,
   * tags), each tier by bm25 of the small head index; then those with the
   * words only further down, by bm25 of the main index. A frequent word is
   * scored only in the tiers the page reaches: the head index holds a
   * fifteenth of the text, and the page usually fills from it.
   */
  private tiered(main: string, words: string, columns: string | null, limit: number, offset: number): HitRow[] {
    const trashed = new Set(this.stmtTrashedRows.all() as number[]);
    // All the words in the headline implies the whole expression but for the column filters.
    const inHeadline = `{headline} : (${words})${columns ? ` AND ${columns}` : ''}`;
    const tiers = [inHeadline, `(${main}) NOT {headline} : (${words})`];
    const picked: Ranked[] = [];
    let before = 0;
    for (const match of tiers) {
      if (picked.length >= limit) break;
      const n = this.liveMatches('release_head', match, trashed.size);
      if (before + n > offset) {
        const skip = Math.max(0, offset - before);
        const take = limit - picked.length;
        picked.push(...this.best('release_head', HEAD_BM25, match, skip + take, trashed).slice(skip, skip + take));
      }
      before += n;
    }
    if (picked.length < limit) {
      // The body tier: the main index's best, less the releases the head tiers hold (few, or the page were full).
      const head = new Set(
        this.db
          .prepare<[string], number>('SELECT rowid FROM release_head WHERE release_head MATCH ?')
          .pluck()
          .all(main),
      );
      const skip = Math.max(0, offset - before);
      const take = limit - picked.length;
      const body = this.best('release_fts', BM25, main, skip + take + head.size, trashed);
      picked.push(...body.filter((h) => !head.has(h.rowid)).slice(skip, skip + take));
    }
    return this.rowsOf(picked);
  }

  /** The `k` best matches of one index by `rank` (newest first without one), less those in the trash. */
  private best(table: SearchIndex, rank: string | null, match: string, k: number, trashed: Set<number>): Ranked[] {
    return this.db
      .prepare<[string, number], Ranked>(
        // Without a ranking (substrings): newest first, which FTS5 answers without visiting every match.
        rank === null
          ? `SELECT rowid, 0 AS rank FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ?`
          : `SELECT rowid, ${rank} AS rank FROM ${table} WHERE ${table} MATCH ? ORDER BY rank, rowid DESC LIMIT ?`,
      )
      .all(match, k + trashed.size)
      .filter((h) => !trashed.has(h.rowid));
  }

  /**
   * Hits newest first, as the archive list orders: the date index of the
   * facet table walked until the page is full, each entry checked against the
   * hits (the stored releases are read for the page only).
   */
  private newestOf(main: string, limit: number, offset: number): HitRow[] {
    const hits = this.hitList(main);
    // Many hits (more than one release in a hundred): the walk of the date index meets the page's
    // releases soon, each entry checked in memory; few: their own dates, sorted.
    this.walkHits = hits.length * 100 > (this.stmtLastRowid.get() as number) ? new Set(hits) : null;
    try {
      const rowids = this.db
        .prepare<Record<string, string | number>, number>(
          this.walkHits
            ? `SELECT rowid FROM release_facets WHERE live = 1 AND ${this.hitFunction}(rowid)
               ORDER BY sort_key DESC, id LIMIT @limit OFFSET @offset`
            : `SELECT f.rowid FROM json_each(@hits) j CROSS JOIN release_facets f ON f.rowid = j.value
               WHERE f.live = 1 ORDER BY f.sort_key DESC, f.id LIMIT @limit OFFSET @offset`,
        )
        .pluck()
        .all(this.walkHits ? { limit, offset } : { hits: JSON.stringify(Array.from(hits)), limit, offset });
      return this.rowsOf(rowids.map((rowid) => ({ rowid, rank: 0 })));
    } finally {
      this.walkHits = null;
    }
  }

  /** The rowids of all matches of the word index (the trash included), once per search; they count it too. */
  private hitList(main: string): Uint32Array {
    let list = this.listed.get(main);
    if (!list) {
      const joined = this.db
        .prepare<[string], string | null>('SELECT group_concat(rowid) FROM release_fts WHERE release_fts MATCH ?')
        .pluck()
        .get(main);
      list = rowidsOf(joined ?? null);
      this.listed.set(main, list);
      this.counted.set(`release_fts ${main}`, list.length);
    }
    return list;
  }

  /**
   * Few word hits and the substrings beside them: the words once with their
   * scores, the words holding the substrings once, merged here; a word hit
   * keeps its score, a substring hit alone has none and follows, newest
   * first. The page and the exact total come from the same pass.
   */
  private merged(main: string, tri: string, limit: number, offset: number): { rows: HitRow[]; total: number } {
    const trashed = new Set(this.stmtTrashedRows.all() as number[]);
    const rank = new Map<number, number>();
    for (const h of this.db
      .prepare<[string], Ranked>(`SELECT rowid, ${BM25} AS rank FROM release_fts WHERE release_fts MATCH ?`)
      .all(main)) {
      rank.set(h.rowid, h.rank);
    }
    for (const rowid of this.db
      .prepare<[string], number>('SELECT rowid FROM release_fts WHERE release_fts MATCH ?')
      .pluck()
      .all(tri)) {
      if (!rank.has(rowid)) rank.set(rowid, 0);
    }
    const live: Ranked[] = [];
    for (const [rowid, r] of rank) if (!trashed.has(rowid)) live.push({ rowid, rank: r });
    live.sort((a, b) => a.rank - b.rank || b.rowid - a.rowid);
    return { rows: this.rowsOf(live.slice(offset, offset + limit)), total: live.length };
  }

  /** The rows of ranked hits, in their order, read once for the page. */
  private rowsOf(picked: readonly Ranked[]): HitRow[] {
    if (picked.length === 0) return [];
    const rows = this.db
      .prepare<[string], HitRow>(
        `SELECT ${HIT_COLUMNS}, 0 AS rank FROM json_each(?) j CROSS JOIN releases r ON r.rowid = j.value ORDER BY j.key`,
      )
      .all(JSON.stringify(picked.map((h) => h.rowid)));
    const rank = new Map(picked.map((h) => [h.rowid, h.rank]));
    return rows.map((row) => ({ ...row, rank: rank.get(row.rowid)! }));
  }

  /** Matches of an index that are not in the trash (`trashed`: how many releases are). */
  private liveMatches(table: SearchIndex, match: string, trashed: number): number {
    const all = this.matches(table, match);
    if (trashed === 0) return all;
    const inTrash = this.db
      .prepare<[string], number>(
        `SELECT count(*) FROM ${table} WHERE ${table} MATCH ?
           AND rowid IN (SELECT rowid FROM releases WHERE deleted_at IS NOT NULL)`,
      )
      .pluck()
      .get(match)!;
    return all - inTrash;
  }

  /** Matches of one index, less those in the trash. */
  private matchTotal(table: 'release_fts', match: string): number {
    return this.liveMatches(table, match, this.stmtTrashed.get() as number);
  }

  /**
   * Exact counts of topic, status, year and tag over all live hits: the hits'
   * rowids in one pass of the index (or of the filtered join), counted in the
   * facet copy. Without words and filters: every live release.
   */
  private facets(p: Plan, from: string, where: string): SearchFacets {
    this.facetCounts.catchUp();
    if (!p.hits && p.where.length === 1) return this.facetCounts.count(null).facets;
    const sql =
      p.hits && p.where.length === 1
        ? `SELECT group_concat(rowid) FROM (${p.hits})`
        : `SELECT group_concat(r.rowid) FROM ${from} WHERE ${where}`;
    const list = this.db.prepare<Record<string, string>, string | null>(sql).pluck().get(p.params) ?? null;
    return this.facetCounts.count(rowidsOf(list)).facets;
  }

  /**
   * Releases like `id`: its topic and its most distinctive headline/teaser
   * words, as one ranked query of the head index (what a release is about
   * stands in its head; the body's many words would only blur it).
   */
  similar(id: string, limit = 10): SearchHit[] {
    const row = this.db
      .prepare<[string], { rowid: number; topic: string; headline: string; teaser: string; tags_json: string }>(
        'SELECT rowid, topic, headline, teaser, tags_json FROM releases WHERE id = ?',
      )
      .get(id);
    if (!row) throw new PressdeskError('NOT_FOUND', `No release with id ${id}.`, { id });
    // The topic is asked for anyway: the same word or tag again would only match all of it.
    const same = (text: string) =>
      foldGerman(text.toLocaleLowerCase('de')) === foldGerman(row.topic.toLocaleLowerCase('de'));
    const candidates = [...new Set(queryWords(`${row.headline} ${row.teaser}`).map((w) => w.toLocaleLowerCase('de')))]
      .filter((w) => [...w].length >= 4 && !STOPWORDS.has(w) && !(row.topic && same(w)))
      .sort((a, b) => b.length - a.length)
      .slice(0, SIMILAR_WORDS);
    // Only the distinctive words and tags: one in many releases says nothing of this one (and asking
    // for it would visit all of them), one in this release alone finds nothing. Counted up to the limit.
    const common = Math.max(SIMILAR_COMMON_MIN, Math.ceil((this.stmtLiveTotal.get() as number) * SIMILAR_COMMON_SHARE));
    const distinctive = (term: string) => {
      const n = this.countUpTo('release_head', term, common);
      return n > 1 && n < common;
    };
    const words = candidates.filter((w) => distinctive(ftsString(w)));
    const tags = (JSON.parse(row.tags_json) as string[])
      .filter((t) => !(row.topic && same(t)))
      .map((t) => `tags : ${ftsString(t)}`)
      .filter(distinctive);
    const shared = [...words.map((w) => ftsString(w)), ...tags];
    if (shared.length === 0 && !row.topic) return [];
    // Same topic (when there is one) and any shared term, ranked by how much is shared;
    // nothing distinctive shared: the topic's releases stored last.
    const topic = row.topic ? `topic : ${ftsString(row.topic)}` : '';
    const expression =
      shared.length === 0 ? topic : topic ? `${topic} AND (${shared.join(' OR ')})` : shared.join(' OR ');
    const trashed = new Set(this.stmtTrashedRows.all() as number[]);
    const best = this.best('release_head', shared.length > 0 ? HEAD_BM25 : null, expression, limit + 1, trashed)
      .filter((h) => h.rowid !== row.rowid)
      .slice(0, limit);
    const terms = words.map((text) => ({ text, phrase: false }));
    return this.rowsOf(best).map((r) => toHit(r, terms));
  }
}

const HIT_COLUMNS = `r.rowid, r.id, r.headline, r.topic, r.status, r.language, r.published_at, r.embargo_until, r.updated_at,
  r.deleted_at, json_extract(r.lead_image_json, '$.assetId') AS lead_image_id, r.tags_json, r.teaser, r.body_text`;

function toHit(row: HitRow, terms: readonly QueryTerm[]): SearchHit {
  const source = terms.length > 0 ? `${row.teaser}\n${row.body_text}` : row.teaser || row.body_text;
  const { excerpt, highlights } = makeExcerpt(source, terms);
  return {
    ...toSummary(row),
    tags: JSON.parse(row.tags_json) as string[],
    score: row.rank < 0 ? Number((-row.rank).toPrecision(6)) : 0,
    excerpt,
    highlights,
  };
}

export { isEmptyQuery };

/** A term in the form of one token of the word index (no separator inside). */
const ONE_TOKEN = /^[\p{L}\p{N}\p{M}\p{Co}]+$/u;

/** An expression of one whole word (see `ftsTerm`), its token. */
const ONE_WORD = /^"([a-z0-9]+)"$/;

/** The longest words of a headline and teaser that „Ähnliche Meldungen“ look for (the longest say the most). */
const SIMILAR_WORDS = 12;
/**
 * A word or tag in more than this share of the live releases (and at least
 * SIMILAR_COMMON_MIN) is too common to make two releases alike.
 */
const SIMILAR_COMMON_SHARE = 0.02;
const SIMILAR_COMMON_MIN = 50;

/** Words too common in German releases to say anything about similarity. */
const STOPWORDS = new Set(
  'aber alle auch dass diese dieser dieses durch eine einem einen einer eines für gegen haben hatte heute hier ihre jetzt kann mehr nach neue neuen nicht noch oder sich sind soll über unter vom wird werden wurde wurden zwischen with from that this have will'.split(
    ' ',
  ),
);
