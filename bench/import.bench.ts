// Suite "import": 10,000 generated releases through the engine's import, and
// list on them. Baseline: the same rows inserted with raw SQL (no parsing,
// validation or revision snapshots) into the same schema, in the same run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../shared/contract/dispatch';
import { documentToPlainText } from '../shared/document';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { openWorkstation } from '../electron/services/workstation';
import { parseInterchangeRecord } from '../electron/services/releases/interchange';
import { machine, percentile, report, rng, timeMs, timeMsAsync } from './lib';

const COUNT = Number(process.env.BENCH_RELEASES ?? 10_000);
const suite = 'import';
const random = rng(20241124);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const TOPICS = [
  'Integration',
  'Polizei',
  'Justiz',
  'Verkehr',
  'Umwelt',
  'Bildung',
  'Gesundheit',
  'Wirtschaft',
  'Kultur',
  'Digitales',
];
const WORDS =
  'Ministerin Land Förderung Kommunen Millionen Euro Projekt Bürgerinnen Bürger Straße Schule Polizei Einsatz Verkehr Umwelt Klimaschutz Wärmedämmung Integrationsmanagerinnen Zusammenarbeit Stadt Gemeinde Landkreis Haushalt Entwurf Gesetz Verordnung Sicherheit Gesundheit Pflege Krankenhaus Digitalisierung Verwaltung Ausbildung Hochschule Forschung Wirtschaft Unternehmen Arbeitsplätze Energie Wasserstoff Mobilität Radweg Brücke Sanierung'.split(
    ' ',
  );

function sentence(min: number, max: number): string {
  const n = min + Math.floor(random() * (max - min));
  const words = Array.from({ length: n }, () => pick(WORDS).toLowerCase());
  const first = words[0]!;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

function release(i: number) {
  const paragraphs = Array.from({ length: 4 + Math.floor(random() * 5) }, () => ({
    type: 'paragraph',
    content: [
      { type: 'text', text: `${sentence(8, 20)} ${sentence(8, 20)} ` },
      { type: 'text', text: pick(WORDS), marks: [{ type: 'bold' }] },
      { type: 'text', text: ` ${sentence(5, 15)}` },
    ],
  }));
  const year = 2015 + (i % 10);
  return {
    format: 'pressdesk.release/1',
    id: `bench-${i}`,
    language: i % 20 === 0 ? 'en' : 'de',
    topic: pick(TOPICS),
    headline: sentence(5, 10).slice(0, 70),
    subheadline: sentence(4, 9),
    teaser: `${sentence(10, 20)} ${sentence(10, 20)}`.slice(0, 300),
    dateline: pick(['Stuttgart', 'Berlin', 'München', 'Köln', 'Düsseldorf']),
    publishedAt: `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00+01:00`,
    status: 'published',
    tags: [pick(TOPICS), pick(WORDS)],
    body: {
      type: 'doc',
      content: [
        ...paragraphs.slice(0, 2),
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: sentence(3, 6) }] },
        ...paragraphs.slice(2),
        {
          type: 'bulletList',
          content: [1, 2, 3].map(() => ({
            type: 'listItem',
            content: [{ type: 'paragraph', content: [{ type: 'text', text: sentence(4, 8) }] }],
          })),
        },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Mehr unter ' },
            {
              type: 'text',
              text: 'example.org',
              marks: [{ type: 'link', attrs: { href: `https://example.org/presse/${i}` } }],
            },
          ],
        },
      ],
    },
  };
}

const tmp = makeTempDir('pressdesk-bench-');
try {
  const records = Array.from({ length: COUNT }, (_, i) => release(i));
  const file = join(tmp.dir, 'releases.ndjson');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));

  // Baseline: raw inserts of the already-converted rows into a fresh store.
  const base = openWorkstation({ dataDir: join(tmp.dir, 'baseline'), host: 'cli' });
  const rows = records.map((r) => {
    const { id, fields } = parseInterchangeRecord(r);
    return { id, fields, text: documentToPlainText(fields.body) };
  });
  const insert = base.db.prepare(
    `INSERT INTO releases (id, topic, headline, subheadline, teaser, dateline, body_json, body_text, language, status,
       published_at, embargo_until, tags_json, created_at, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const now = new Date().toISOString();
  const baselineMs = timeMs(() =>
    base.db.transaction(() => {
      for (const { id, fields: f, text } of rows) {
        insert.run(
          id,
          f.topic,
          f.headline,
          f.subheadline,
          f.teaser,
          f.dateline,
          JSON.stringify(f.body),
          text,
          f.language,
          f.status,
          f.publishedAt,
          f.embargoUntil,
          JSON.stringify(f.tags),
          now,
          now,
        );
      }
    })(),
  );
  base.close();

  const ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
  let summary = { imported: 0, errors: [] as unknown[] };
  const importMs = await timeMsAsync(async () => {
    summary = await ws.importFiles([file]);
  });
  if (summary.imported !== COUNT || summary.errors.length > 0)
    throw new Error(`import went wrong: ${JSON.stringify(summary).slice(0, 300)}`);
  report({
    suite,
    metric: `import_${COUNT}_releases`,
    value: importMs / 1000,
    unit: 's',
    baseline: baselineMs / 1000,
    detail: 'engine import (parse, validate, upsert, revisions) vs raw INSERTs',
  });
  report({ suite, metric: 'import_throughput', value: COUNT / (importMs / 1000), unit: 'releases/s' });

  const reimportMs = await timeMsAsync(() => ws.importFiles([file]));
  report({
    suite,
    metric: `reimport_${COUNT}_unchanged`,
    value: reimportMs / 1000,
    unit: 's',
    detail: 'idempotent re-import, all skipped',
  });

  const listAll: number[] = [];
  const listPage: number[] = [];
  for (let i = 0; i < 15; i++) {
    listAll.push(timeMs(() => ws.releases.list()));
    listPage.push(timeMs(() => ws.releases.list({ limit: 50, offset: 5000 })));
  }
  const naive: number[] = [];
  for (let i = 0; i < 5; i++)
    naive.push(
      timeMs(() => ws.db.prepare('SELECT * FROM releases ORDER BY coalesce(published_at, updated_at) DESC').all()),
    );
  report({
    suite,
    metric: `list_all_${COUNT}_p50`,
    value: percentile(listAll, 50),
    unit: 'ms',
    baseline: percentile(naive, 50),
    detail: 'summaries vs SELECT * of full rows',
  });
  report({ suite, metric: 'list_page_50_p50', value: percentile(listPage, 50), unit: 'ms' });

  const target = ws.releases.create({ headline: 'Autosave' });
  let version = target.version;
  const saves: number[] = [];
  for (let i = 0; i < 200; i++) {
    const ms = await timeMsAsync(async () => {
      const answer = await dispatch(ws.handlers, 'releases.save', {
        id: target.id,
        baseVersion: version,
        fields: { teaser: `Stand ${i}`, body: records[i]!.body },
      });
      if (!answer.ok) throw new Error(answer.error.message);
      version += 1;
    });
    saves.push(ms);
  }
  report({
    suite,
    metric: 'save_via_contract_p50',
    value: percentile(saves, 50),
    unit: 'ms',
    detail: 'synchronous=FULL, one revision per save',
  });
  report({ suite, metric: 'save_via_contract_p95', value: percentile(saves, 95), unit: 'ms' });
  ws.close();
  process.stderr.write(`import suite done on ${machine()}\n`);
} finally {
  tmp.cleanup();
}
