import { SEARCH_LIMIT_MAX, SEARCH_SORTS, type SearchSort } from '../../../shared/contract/archive';
import { officeDate } from '../../../shared/domain';
import { positiveInt, UsageError, type Command } from '../command';
import { pad } from '../format';

export const searchCommand: Command = {
  name: 'search',
  synopsis: 'search QUERY',
  summary:
    'Search the archive (words, "phrases", -exclude, OR, thema:, status:, tag:, von:, bis:, datum:ohne, bild:, sprecher:)',
  options: {
    limit: { type: 'string', description: 'at most N results (default 20)' },
    sort: { type: 'string', description: 'relevance (default) or date' },
  },
  async run({ args, options, json, io, call }) {
    if (args.length === 0) throw new UsageError('search needs a QUERY');
    const limit = positiveInt(options.limit, 'limit') ?? 20;
    const sort = options.sort === undefined ? undefined : String(options.sort);
    if (sort !== undefined && !(SEARCH_SORTS as readonly string[]).includes(sort)) {
      throw new UsageError(`--sort must be one of ${SEARCH_SORTS.join(', ')}`);
    }
    // A larger --limit is taken as "as many as a search gives".
    const result = await call('archive.search', {
      query: args.join(' '),
      limit: Math.min(limit, SEARCH_LIMIT_MAX),
      sort: sort as SearchSort | undefined,
    });
    const rows = result.items.map((r) => ({
      id: r.id,
      headline: r.headline,
      topic: r.topic,
      publishedAt: r.publishedAt,
      // The JSON output keeps its field name `snippet` (scripts rely on it).
      snippet: r.excerpt,
      score: r.score,
      // With a `sprecher:` query: what the people asked for said in this release.
      ...(r.quotes ? { quotes: r.quotes.map(({ speaker, role, text }) => ({ speaker, role, text })) } : {}),
    }));
    if (json) io.out(JSON.stringify(rows));
    else {
      for (const r of result.items) {
        const date = officeDate(r.publishedAt ?? r.updatedAt);
        io.out(`${pad(r.id, 36)}  ${pad(date, 10)}  ${pad(r.topic, 16)}  ${r.headline}`);
        io.out(`    ${r.excerpt}`);
        for (const q of r.quotes ?? []) {
          io.out(`    > ${q.text}`);
          io.out(`      — ${[q.speaker, q.role].filter(Boolean).join(', ')}`);
        }
      }
      io.out(`${result.total} found.`);
    }
    return 0;
  },
};
