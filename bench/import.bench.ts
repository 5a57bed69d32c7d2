// Suite "import": 10,000 generated releases through the engine's import, and
// list on them. Baseline: the same rows inserted with raw SQL (no parsing,
// validation or revision snapshots) into the same schema, in the same run.
// Then the UI's latency during an import through web mode: the built host,
// with the engine in worker threads, against the engine in the HTTP thread.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../shared/contract/dispatch';
import { documentToPlainText } from '../shared/document';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { openWorkstation } from '../electron/services/workstation';
import { parseInterchangeRecord } from '../electron/services/releases/interchange';
import { machine, percentile, report, rng, timeMs, timeMsAsync } from './lib';
import { toWireJson } from '../shared/contract/wire';
import { ensureBuilt, startBuiltWebHost } from './webHost';
import { engineInternals } from '../electron/services/testing/internals';

const COUNT = Number(process.env.BENCH_RELEASES ?? 10_000);
const suite = 'import';
/** The renderer's limit of file bytes per `archive.importStart` request (renderer/src/stores/archiveSlice.ts). */
const UPLOAD_BATCH_BYTES = 18 * 1024 * 1024;
const RELEASES_PER_FILE = 2000;
const PROBE_PAUSE_MS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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
  const baseDb = engineInternals(base).db;
  const rows = records.map((r) => {
    const { id, fields } = parseInterchangeRecord(r);
    return { id, fields, text: documentToPlainText(fields.body) };
  });
  const insert = baseDb.prepare(
    `INSERT INTO releases (id, topic, headline, subheadline, teaser, dateline, body_json, body_text, language, status,
       published_at, embargo_until, tags_json, created_at, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const now = new Date().toISOString();
  const baselineMs = timeMs(() =>
    baseDb.transaction(() => {
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

  const { db, releases } = engineInternals(ws);
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
    listAll.push(timeMs(() => releases.list()));
    listPage.push(timeMs(() => releases.list({ limit: 50, offset: 5000 })));
  }
  const naive: number[] = [];
  for (let i = 0; i < 5; i++)
    naive.push(
      timeMs(() => db.prepare('SELECT * FROM releases ORDER BY coalesce(published_at, updated_at) DESC').all()),
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

  const target = releases.create({ headline: 'Autosave' });
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

  await uiLatencyFigures(records);
  process.stderr.write(`import suite done on ${machine()}\n`);
} finally {
  tmp.cleanup();
}

type EngineMode = 'workers' | 'single-worker' | 'inline';

/**
 * The requests of an upload as the renderer makes them: NDJSON files of
 * 2,000 releases as bytes (base64-wrapped in the wire JSON), as many files
 * per request as fit in its limit. Made before the measurement, so the client's own work does not count.
 */
function uploadBodies(records: readonly unknown[]): string[] {
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < records.length; i += RELEASES_PER_FILE) {
    const text = records
      .slice(i, i + RELEASES_PER_FILE)
      .map((r) => JSON.stringify(r))
      .join('\n');
    files.push({ name: `releases-${i / RELEASES_PER_FILE + 1}.ndjson`, bytes: new TextEncoder().encode(text) });
  }
  const batches: (typeof files)[] = [[]];
  let size = 0;
  for (const file of files) {
    if (size + file.bytes.byteLength > UPLOAD_BATCH_BYTES && batches.at(-1)!.length > 0) {
      batches.push([]);
      size = 0;
    }
    batches.at(-1)!.push(file);
    size += file.bytes.byteLength;
  }
  return batches.map((files) => toWireJson({ files }));
}

interface ImportJobAnswer {
  jobId: string;
  state: string;
  summary: { imported: number; errors: unknown[] };
}

/**
 * One run against the built web host: the upload goes in (start, then a
 * progress poll every 200 ms until the job ends, batch after batch, as the
 * renderer does), while a second client asks for the first page of the list
 * (`releases.list`, limit 50) one call at a time with 20 ms between calls,
 * as a user clicking about the app would.
 */
async function measureWebImport(
  mode: EngineMode,
  bodies: readonly string[],
): Promise<{ idle: number[]; during: number[]; importMs: number }> {
  const host = await startBuiltWebHost(
    join(tmp.dir, `web-${mode}`),
    // Benchmark-only switch of the web host (electron/web/main.ts).
    mode === 'workers' ? {} : { PRESSDESK_WEB_ENGINE: mode },
  );
  try {
    const listBody = JSON.stringify({ limit: 50 });
    const list = async (): Promise<number> =>
      timeMsAsync(async () => {
        const answer = await host.call('releases.list', listBody);
        if (!answer.ok) throw new Error(`releases.list failed: ${JSON.stringify(answer.error)}`);
      });
    const idle: number[] = [];
    for (let i = 0; i < 30; i++) {
      idle.push(await list());
      await sleep(PROBE_PAUSE_MS);
    }
    let importing = true;
    const during: number[] = [];
    // Resolves with what made a call fail, so that it surfaces after the import rather than unhandled.
    const probe = (async (): Promise<Error | null> => {
      while (importing) {
        during.push(await list());
        await sleep(PROBE_PAUSE_MS);
      }
      return null;
    })().catch((error: unknown) =>
      error instanceof Error ? error : new Error(`releases.list failed: ${JSON.stringify(error)}`),
    );
    let imported = 0;
    const importMs = await timeMsAsync(async () => {
      for (const body of bodies) {
        let answer = await host.call('archive.importStart', body);
        if (!answer.ok) throw new Error(`archive.importStart failed: ${JSON.stringify(answer.error)}`);
        let job = answer.value as ImportJobAnswer;
        while (job.state === 'running') {
          await sleep(200);
          answer = await host.call('archive.importProgress', JSON.stringify({ jobId: job.jobId }));
          if (!answer.ok) throw new Error(`archive.importProgress failed: ${JSON.stringify(answer.error)}`);
          job = answer.value as ImportJobAnswer;
        }
        if (job.summary.errors.length > 0) throw new Error(`import errors: ${JSON.stringify(job.summary.errors)}`);
        imported += job.summary.imported;
      }
    });
    importing = false;
    const failure = await probe;
    if (failure) throw failure;
    if (imported !== COUNT) throw new Error(`web import (${mode}) imported ${imported} of ${COUNT}`);
    return { idle, during, importMs };
  } catch (error) {
    throw new Error(`web import with the engine as ${mode} failed; the host printed:\n${host.output()}`, {
      cause: error,
    });
  } finally {
    await host.stop();
  }
}

async function uiLatencyFigures(records: readonly unknown[]): Promise<void> {
  await ensureBuilt();
  const bodies = uploadBodies(records);
  const runs = {} as Record<EngineMode, Awaited<ReturnType<typeof measureWebImport>>>;
  for (const mode of ['workers', 'single-worker', 'inline'] as const) runs[mode] = await measureWebImport(mode, bodies);
  const { workers, inline } = runs;
  const single = runs['single-worker'];
  const detail = `releases.list (limit 50) over HTTP every ${PROBE_PAUSE_MS} ms while ${COUNT} releases are uploaded in ${bodies.length} archive.importStart requests of ${RELEASES_PER_FILE}-release NDJSON files; engine in worker threads with a read-only connection for reads vs. engine in the HTTP thread`;
  for (const p of [50, 95] as const)
    report({
      suite,
      metric: `ui_latency_during_import_p${p}`,
      value: percentile(workers.during, p),
      unit: 'ms',
      baseline: percentile(inline.during, p),
      detail: p === 95 ? detail : undefined,
    });
  report({
    suite,
    metric: 'ui_latency_during_import_max',
    value: Math.max(...workers.during),
    unit: 'ms',
    baseline: Math.max(...inline.during),
  });
  report({
    suite,
    metric: 'ui_latency_during_import_samples',
    value: workers.during.length,
    unit: 'calls',
    baseline: inline.during.length,
  });
  for (const p of [50, 95] as const)
    report({
      suite,
      metric: `ui_latency_during_import_single_worker_p${p}`,
      value: percentile(single.during, p),
      unit: 'ms',
      baseline: percentile(inline.during, p),
      detail: p === 95 ? 'the engine in one worker thread, reads waiting behind the import like every call' : undefined,
    });
  report({
    suite,
    metric: 'ui_latency_during_import_single_worker_samples',
    value: single.during.length,
    unit: 'calls',
    baseline: inline.during.length,
  });
  report({
    suite,
    metric: 'ui_latency_during_import_single_worker_max',
    value: Math.max(...single.during),
    unit: 'ms',
    baseline: Math.max(...inline.during),
  });
  report({
    suite,
    metric: 'ui_latency_idle_p95',
    value: percentile(workers.idle, 95),
    unit: 'ms',
    baseline: percentile(inline.idle, 95),
    detail: 'the same call before the import (30 calls)',
  });
  report({
    suite,
    metric: `web_import_${COUNT}_releases`,
    value: workers.importMs / 1000,
    unit: 's',
    baseline: inline.importMs / 1000,
    detail: `upload to last job done, through HTTP (single worker: ${(single.importMs / 1000).toFixed(2)} s)`,
  });
}
