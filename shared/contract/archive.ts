import { z } from 'zod';
import { ReleaseIdSchema, ReleaseSummarySchema } from '../domain/release';
import { MAX_QUERY_LENGTH } from '../search/query';
import { channel, type Channel } from './channel';
import { bytesUpTo } from './assets';

/** The most results one search answers with. */
export const SEARCH_LIMIT_MAX = 500;

export const SEARCH_SORTS = ['relevance', 'date', 'headline', 'updated'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Largest single file an import accepts (a press release page is far smaller). */
export const MAX_IMPORT_FILE_BYTES = 16 * 1024 * 1024;
/** Most files one upload may carry. */
export const MAX_IMPORT_FILES = 5000;

const FacetSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));

/** Most quotes a search hit carries. */
export const SEARCH_QUOTES_MAX = 3;

/** A quote of a hit whose speaker a `sprecher:` query asked for. */
export const SearchQuoteSchema = z.object({
  speaker: z.string(),
  role: z.string(),
  /** The quote's text on one line, cut around the first hit of the search words, with „…“ where it is cut. */
  text: z.string(),
  /** Hits of the search words inside `text` as [start, end) offsets in UTF-16 code units. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type SearchQuote = z.infer<typeof SearchQuoteSchema>;

export const SearchHitSchema = ReleaseSummarySchema.extend({
  tags: z.array(z.string()),
  /** Relevance (higher is better; 0 when matched only as a substring or without search words). */
  score: z.number(),
  /** Plain text around the first hit. */
  excerpt: z.string(),
  /** Hits inside `excerpt` as [start, end) offsets in UTF-16 code units. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** With a `sprecher:` query: the hit's quotes of the people asked for, in document order (at most SEARCH_QUOTES_MAX). */
  quotes: z.array(SearchQuoteSchema).max(SEARCH_QUOTES_MAX).optional(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchFacetsSchema = z.object({
  /** Whether the counts are exact: always true since they are counted over every hit (earlier versions sampled large result sets). */
  exact: z.boolean(),
  topic: FacetSchema,
  status: FacetSchema,
  /** Years of the publication date, newest first; releases without one last, as `ohne` (`UNDATED`, `datum:ohne`). */
  year: FacetSchema,
  tag: FacetSchema,
});
export type SearchFacets = z.infer<typeof SearchFacetsSchema>;

export const SearchResultSchema = z.object({
  items: z.array(SearchHitSchema),
  total: z.number().int(),
  facets: SearchFacetsSchema.nullable(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const ImportSummarySchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(
    z.object({ file: z.string(), record: z.number().int().optional(), code: z.string(), message: z.string() }),
  ),
});

export const ImportJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled']),
  /** Files finished so far, of `total`. */
  done: z.number().int(),
  total: z.number().int(),
  summary: ImportSummarySchema,
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

const JobIdInput = z.object({ jobId: z.string().min(1).max(64) }).strict();

/** Channels of the archive: search, similar releases, bulk import. */
export const archiveChannels = {
  /**
   * Searches the archive with the query language (words, "phrases", -exclude,
   * OR, thema:, status:, tag:, von:, bis:, bild:/credit:). Any query text is
   * accepted; `facets: true` adds counts by topic, status, year and tag.
   */
  'archive.search': channel(
    z
      .object({
        query: z.string().max(MAX_QUERY_LENGTH * 4),
        limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).optional(),
        offset: z.number().int().min(0).max(1_000_000).optional(),
        sort: z.enum(SEARCH_SORTS).optional(),
        facets: z.boolean().optional(),
      })
      .strict(),
    SearchResultSchema,
  ),
  /** Releases like the given one: same topic and shared distinctive terms, best first. */
  'archive.similar': channel(
    z.object({ id: ReleaseIdSchema, limit: z.number().int().min(1).max(50).optional() }).strict(),
    z.array(SearchHitSchema),
  ),
  /**
   * Starts importing uploaded files (interchange JSON/NDJSON, HTML pages, ZIPs
   * of them) in the background; its progress is pushed as
   * `archive.onDidChangeImportJob`. Files come as bytes (like every file that
   * crosses the contract), never as paths on the engine's machine.
   */
  'archive.importStart': channel(
    z
      .object({
        files: z
          .array(
            z.object({
              name: z.string().min(1).max(500),
              bytes: bytesUpTo(MAX_IMPORT_FILE_BYTES, 'the file is larger than an import accepts'),
            }),
          )
          .min(1)
          .max(MAX_IMPORT_FILES),
      })
      .strict(),
    ImportJobSchema,
  ),
  /** Where an import job stands (its summary grows as files finish). Fails with NOT_FOUND for unknown jobs. */
  'archive.importProgress': channel(JobIdInput, ImportJobSchema),
  /** Asks an import job to stop after the current batch; what was imported stays. */
  'archive.importCancel': channel(JobIdInput, ImportJobSchema),
} as const satisfies Record<string, Channel>;
