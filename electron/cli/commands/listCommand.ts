import { officeDate } from '../../../shared/domain';
import { positiveInt, type Command } from '../command';
import { pad } from '../format';

export const listCommand: Command = {
  name: 'list',
  synopsis: 'list',
  summary: 'List releases, newest first',
  options: { limit: { type: 'string', description: 'at most N releases' } },
  run({ options, json, io, workstation }) {
    const limit = positiveInt(options.limit, 'limit');
    const { items } = workstation().releases.list({ limit });
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
    return Promise.resolve(0);
  },
};
