import { RELEASE_LIST_LIMIT_MAX } from '../../../shared/contract/releases';
import { officeDate } from '../../../shared/domain';
import { positiveInt, type Command } from '../command';
import { pad } from '../format';

export const listCommand: Command = {
  name: 'list',
  synopsis: 'list',
  summary: 'List releases, newest first',
  options: { limit: { type: 'string', description: 'at most N releases' } },
  async run({ options, json, io, call }) {
    const limit = positiveInt(options.limit, 'limit');
    const { items } = await call('releases.list', {
      limit: limit === undefined ? undefined : Math.min(limit, RELEASE_LIST_LIMIT_MAX),
    });
    const rows = items.map((r) => ({
      id: r.id,
      headline: r.headline,
      topic: r.topic,
      status: r.status,
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
    }));
    if (json) io.out(JSON.stringify(rows));
    else {
      for (const r of rows) {
        const date = officeDate(r.publishedAt ?? r.updatedAt);
        io.out(`${pad(r.id, 36)}  ${pad(date, 10)}  ${pad(r.status, 9)}  ${pad(r.topic, 16)}  ${r.headline}`);
      }
      if (rows.length === 0) io.out('No releases.');
    }
    return 0;
  },
};
