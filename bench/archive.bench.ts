// Suite "archive": a seeded archive of generated German-like releases
// (~400 words each), searched through the engine's search API and, side by
// side, through raw FTS5 SQL and a naive LIKE scan on the same database.
// Size: BENCH_ARCHIVE_RELEASES (default 100,000); the first
// BENCH_ARCHIVE_IMPORT (default 10,000) go through the engine's bulk import
// (NDJSON files, indexes included), the rest are inserted with SQL (the
// index triggers still run). About 40 % of the releases quote one or two of
// 59 people; the `sprecher:` queries are measured against a scan of all bodies.
// BENCH_ARCHIVE_VOCAB=zipf draws the words from a vocabulary of 40,000 with a
// natural (Zipf-like, rank^-1) distribution instead of the default mix, in
// which 100 common words make half of all text. The raw SQL baselines count
// their matches as the engine does (it answers the exact total), besides
// fetching the first page. The engine runs as the app and web mode run it: a
// search's total is counted on a thread of its own while the page is ranked.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../shared/contract/dispatch';
import { documentToPlainText, type DocumentNode } from '../shared/document';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { openWorkstation, recordThreadNextTo } from '../electron/services/workstation';
import { machine, percentile, report, rng, timeMs, timeMsAsync } from './lib';
import { engineInternals } from '../electron/services/testing/internals';
import { WordList } from '../electron/services/archive/wordList';
import { sourceRecordThread } from '../electron/services/testing/recordWorker';

const COUNT = Number(process.env.BENCH_ARCHIVE_RELEASES ?? 100_000);
const IMPORTED = Math.min(COUNT, Number(process.env.BENCH_ARCHIVE_IMPORT ?? 10_000));
const RUNS = Number(process.env.BENCH_ARCHIVE_RUNS ?? 30);
const suite = 'archive';
const random = rng(20261124);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const TOPICS = [
  'Polizei',
  'Verkehr',
  'Umwelt',
  'Bildung',
  'Gesundheit',
  'Wirtschaft',
  'Kultur',
  'Soziales',
  'Bauen',
  'Digitales',
  'Finanzen',
  'Sport',
];
const STATUSES = ['published', 'published', 'published', 'approved', 'draft', 'withdrawn'] as const;
const COMMON =
  'der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde'.split(
    ' ',
  );
const CONTENT =
  'Ministerin Landrat Förderung Kommunen Millionen Euro Projekt Bürgerinnen Bürger Straße Schule Polizei Einsatz Verkehr Umwelt Klimaschutz Wärmedämmung Motordämmung Integrationsmanagerinnen Zusammenarbeit Stadt Gemeinde Landkreis Haushalt Entwurf Gesetz Verordnung Sicherheit Gesundheit Pflege Krankenhaus Digitalisierung Verwaltung Ausbildung Hochschule Forschung Wirtschaft Unternehmen Arbeitsplätze Energie Wasserstoff Mobilität Radweg Brücke Sanierung Köln Düsseldorf München Grünfläche Müllabfuhr Öffentlichkeit Übergabe Feuerwehr Rettungsdienst Kita Spielplatz Wohnungsbau Mieten Breitband Glasfaser Hochwasser Deich Wald Naturschutz Artenvielfalt Landwirtschaft Tourismus Museum Theater Bibliothek Sportverein Schwimmbad Ehrenamt Senioren Jugend Familie Integration Sprachkurs Arbeitsmarkt Jobcenter Steuer Gebühren Abwasser Trinkwasser Stromnetz Photovoltaik Windkraft Ladesäule Bahnhof Bus Straßenbahn Baustelle Umleitung Unfall Festnahme Ermittlungen Zeugen Staatsanwaltschaft Gericht Urteil'.split(
    ' ',
  );
// A long tail of rarer made-up compounds, so that rare words exist.
const SYL = [
  'ber',
  'gen',
  'stadt',
  'wald',
  'bach',
  'feld',
  'hof',
  'mann',
  'haus',
  'land',
  'kirch',
  'dorf',
  'burg',
  'heim',
  'stein',
  'brunn',
  'au',
  'tal',
];
const RARE = Array.from({ length: 3000 }, (_, i) => {
  const a = SYL[i % SYL.length]!;
  const b = SYL[Math.floor(i / SYL.length) % SYL.length]!;
  const c = SYL[Math.floor(i / (SYL.length * SYL.length)) % SYL.length]!;
  return `${a[0]!.toUpperCase()}${a.slice(1)}${b}${c}er`;
});

const VOCAB = process.env.BENCH_ARCHIVE_VOCAB === 'zipf' ? 'zipf' : 'mix';

/**
 * The Zipf vocabulary: the common words first, then the content words, then
 * made-up words and compounds, 40,000 in all; the word of rank r is drawn
 * with a weight of 1/r.
 */
const ZIPF_WORDS = (() => {
  if (VOCAB !== 'zipf') return [];
  const made: string[] = [];
  const endings = ['ung', 'heit', 'ler', 'isch', 'en', 'ig', 'schaft', 'wesen'];
  for (let i = 0; made.length < 40_000 - COMMON.length - CONTENT.length - RARE.length; i++) {
    const a = SYL[i % SYL.length]!;
    const b = SYL[Math.floor(i / SYL.length) % SYL.length]!;
    const c = SYL[Math.floor(i / (SYL.length * SYL.length)) % SYL.length]!;
    const e = endings[Math.floor(i / (SYL.length * SYL.length * SYL.length)) % endings.length]!;
    made.push(`${a[0]!.toUpperCase()}${a.slice(1)}${b}${c}${e}`);
  }
  // Content words interleaved with the rest, so that the queried ones sit at natural ranks.
  return [...COMMON, ...CONTENT.flatMap((w, i) => [w, made[i]!]), ...made.slice(CONTENT.length), ...RARE];
})();
const ZIPF_CUMULATIVE = (() => {
  const out = new Float64Array(ZIPF_WORDS.length);
  let sum = 0;
  for (let i = 0; i < ZIPF_WORDS.length; i++) out[i] = sum += 1 / (i + 1);
  return out;
})();

function zipfWord(): string {
  const target = random() * ZIPF_CUMULATIVE[ZIPF_CUMULATIVE.length - 1]!;
  let lo = 0;
  let hi = ZIPF_CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF_CUMULATIVE[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return ZIPF_WORDS[lo]!;
}

function word(): string {
  if (VOCAB === 'zipf') return zipfWord();
  const r = random();
  if (r < 0.5) return pick(COMMON);
  if (r < 0.97) return pick(CONTENT);
  return pick(RARE);
}

function sentence(min: number, max: number): string {
  const n = min + Math.floor(random() * (max - min));
  const words = Array.from({ length: n }, word);
  const first = words[0]!;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

function paragraph(words: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < words) {
    const s = sentence(8, 18);
    out.push(s);
    n += s.split(' ').length;
  }
  return out.join(' ');
}

// People quoted in the releases (`sprecher:` queries): 60 names, each in about 1 % of all releases.
const FIRST_NAMES = ['Manne', 'Cem', 'Petra', 'Jürgen', 'Anna', 'Thekla', 'Nicole', 'Peter', 'Marion', 'Winfried'];
const SURNAMES = ['Lucha', 'Özdemir', 'Müller', 'Hoffmann', 'Schäfer', 'Walker'];
const SPEAKERS = FIRST_NAMES.flatMap((f) => SURNAMES.map((s) => `${f} ${s}`)).filter((n) => n !== 'Manne Özdemir');
const ROLES = ['Minister für Soziales', 'Landrat', 'Oberbürgermeisterin', 'Pressesprecher', 'Staatssekretärin'];

/** About 40 % of releases quote one or two people (after the second paragraph). */
function quotes(): DocumentNode['content'] {
  const n = random() < 0.4 ? (random() < 0.25 ? 2 : 1) : 0;
  return Array.from({ length: n }, () => ({
    type: 'quote' as const,
    attrs: { speaker: pick(SPEAKERS), role: pick(ROLES) },
    content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text: `„${paragraph(25)}“` }] }],
  }));
}

function release(i: number) {
  const paragraphs = Array.from({ length: 5 }, () => paragraph(75));
  const body: DocumentNode = {
    type: 'doc',
    content: [
      ...paragraphs
        .slice(0, 2)
        .map((text) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] })),
      ...quotes(),
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: sentence(3, 6) }] },
      ...paragraphs
        .slice(2)
        .map((text) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] })),
    ],
  };
  const day = Math.floor(random() * 365 * 12);
  const published = new Date(Date.UTC(2014, 0, 1) + day * 86_400_000 + (i % 600) * 60_000).toISOString();
  const topic = pick(TOPICS);
  return {
    format: 'pressdesk.release/1',
    id: `arch-${i}`,
    language: 'de',
    topic,
    headline: sentence(5, 10).slice(0, 90),
    subheadline: '',
    // A fixed phrase in about 2 % of releases, for the phrase query.
    teaser: i % 50 === 7 ? `Die neue Brücke über den Fluss ist fertig. ${sentence(8, 16)}` : sentence(12, 24),
    dateline: pick(['Stuttgart', 'Berlin', 'München', 'Köln', 'Düsseldorf']),
    publishedAt: published,
    status: pick(STATUSES),
    tags: [topic, pick(CONTENT)],
    body,
  };
}

const rss = () => process.memoryUsage().rss / 1024 / 1024;
let peakRss = rss();
const sample = () => (peakRss = Math.max(peakRss, rss()));

async function main(): Promise<void> {
  const tmp = makeTempDir('pressdesk-bench-archive-');
  try {
    // As the app and web mode run it: a search's total counted on a thread of its own, and
    // the records of an import read and checked on another while the engine writes them.
    const ws = openWorkstation({
      dataDir: join(tmp.dir, 'data'),
      host: 'cli',
      parallelSearch: true,
      // Bundled (`npm run bench`) the worker is the build's, next to the bundle; from source, through tsx.
      recordThread: recordThreadNextTo(import.meta.url) ?? sourceRecordThread,
    });
    // Seeding with SQL and timing the store's own queries need the parts behind the Engine API.
    const { db, releases, search } = engineInternals(ws);

    // 1. Bulk import through the engine (NDJSON files of 2,000 releases).
    // Written line by line: the bench's own garbage is not the engine's memory.
    const files: string[] = [];
    for (let start = 0; start < IMPORTED; start += 2000) {
      const file = join(tmp.dir, `part-${start}.ndjson`);
      const fd = openSync(file, 'w');
      try {
        for (let i = start; i < Math.min(IMPORTED, start + 2000); i++) writeSync(fd, `${JSON.stringify(release(i))}\n`);
      } finally {
        closeSync(fd);
      }
      files.push(file);
    }
    const importMs = await timeMsAsync(async () => {
      const summary = await ws.importFiles(files);
      if (summary.imported !== IMPORTED) throw new Error(`imported ${summary.imported} of ${IMPORTED}`);
    });
    sample();
    report({
      suite,
      metric: `import_${IMPORTED}_releases`,
      value: importMs / 1000,
      unit: 's',
      detail: 'engine bulk import incl. the word indexes and the list of words',
    });
    report({ suite, metric: 'import_throughput', value: IMPORTED / (importMs / 1000), unit: 'releases/s' });

    // 2. The rest with SQL (the triggers index them as well).
    const insert = db.prepare(
      `INSERT INTO releases (id, topic, headline, subheadline, teaser, dateline, body_json, body_text, language, status,
         published_at, embargo_until, tags_json, created_at, updated_at, version, deleted_at)
       VALUES (@id, @topic, @headline, '', @teaser, @dateline, @body_json, @body_text, 'de', @status, @published_at, NULL,
         @tags_json, @published_at, @published_at, 1, NULL)`,
    );
    const words = new WordList(db);
    const seedMs = timeMs(() => {
      for (let start = IMPORTED; start < COUNT; start += 5000) {
        db.transaction(() => {
          for (let i = start; i < Math.min(COUNT, start + 5000); i++) {
            const r = release(i);
            insert.run({
              id: r.id,
              topic: r.topic,
              headline: r.headline,
              teaser: r.teaser,
              dateline: r.dateline,
              body_json: JSON.stringify(r.body),
              body_text: documentToPlainText(r.body),
              status: r.status,
              published_at: r.publishedAt,
              tags_json: JSON.stringify(r.tags),
            });
          }
          // The words of the batch into the list of words, as the engine's bulk import does.
          words.catchUp();
        })();
        sample();
      }
    });
    if (COUNT > IMPORTED) {
      report({
        suite,
        metric: `seed_sql_${COUNT - IMPORTED}_releases`,
        value: seedMs / 1000,
        unit: 's',
        detail: 'raw INSERTs, index triggers and the list of words included',
      });
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec(
      `INSERT INTO release_fts(release_fts) VALUES ('optimize'); INSERT INTO release_head(release_head) VALUES ('optimize')`,
    );

    // 3. First page of the archive list.
    const pageTimes = Array.from({ length: RUNS }, () => timeMs(() => releases.list({ limit: 50 })));
    report({ suite, metric: 'first_page_50_p50', value: percentile(pageTimes, 50), unit: 'ms' });
    report({ suite, metric: 'first_page_50_p95', value: percentile(pageTimes, 95), unit: 'ms' });

    // 4. The query mix: engine API vs. raw FTS5 SQL vs. LIKE scan.
    const rare = RARE[17]!;
    const mix: { name: string; query: string; sort?: 'date'; raw: string; rawParam: string; like: string }[] = [
      { name: 'rare_word', query: rare, raw: 'main', rawParam: `"${rare.toLowerCase()}"*`, like: rare },
      { name: 'common_word', query: 'Förderung', raw: 'main', rawParam: '"foerderung"*', like: 'Förderung' },
      { name: 'two_words', query: 'Radweg Brücke', raw: 'main', rawParam: '"radweg"* AND "bruecke"*', like: 'Radweg' },
      { name: 'phrase', query: '"neue Brücke"', raw: 'main', rawParam: '"neue bruecke"', like: 'neue Brücke' },
      { name: 'prefix', query: 'Digitalis', raw: 'main', rawParam: '"digitalis"*', like: 'Digitalis' },
      // The list of words holds the folded spelling (ä → ae): the words holding it, then those words.
      { name: 'compound_substring', query: 'dämm', raw: 'holding', rawParam: 'daemm', like: 'dämm' },
      {
        name: 'topic_filter_by_date',
        query: 'Hochwasser thema:Umwelt',
        sort: 'date',
        raw: 'topic',
        rawParam: '"hochwasser"* AND topic : "umwelt"',
        like: 'Hochwasser',
      },
    ];
    const rawMain = db.prepare(
      `SELECT r.id, r.headline FROM (SELECT rowid, bm25(release_fts, 10, 5, 3, 1, 4, 4, 2) AS rank FROM release_fts WHERE release_fts MATCH ? ORDER BY rank LIMIT 50) h
       JOIN releases r ON r.rowid = h.rowid ORDER BY h.rank`,
    );
    const rawHolding = db
      .prepare<[string], string>('SELECT word FROM search_word_grams WHERE search_word_grams MATCH ?')
      .pluck();
    const rawTopic = db.prepare(
      `SELECT r.id, r.headline FROM release_fts f JOIN releases r ON r.rowid = f.rowid WHERE release_fts MATCH ?
       ORDER BY coalesce(r.published_at, r.updated_at) DESC LIMIT 50`,
    );
    const countMain = db.prepare('SELECT count(*) AS n FROM release_fts WHERE release_fts MATCH ?');
    const likeScan = db.prepare(
      `SELECT id, headline FROM releases WHERE deleted_at IS NULL AND (headline LIKE ? OR teaser LIKE ? OR body_text LIKE ?)
       ORDER BY coalesce(published_at, updated_at) DESC LIMIT 50`,
    );
    const engineAll: number[] = [];
    const rawAll: number[] = [];
    for (const q of mix) {
      const engine: number[] = [];
      const raw: number[] = [];
      let hits = 0;
      for (let run = 0; run < RUNS; run++) {
        engine.push(
          await timeMsAsync(async () => {
            const envelope = await dispatch(ws.handlers, 'archive.search', { query: q.query, limit: 50, sort: q.sort });
            if (!envelope.ok) throw new Error(envelope.error.message);
            hits = (envelope.value as { total: number }).total;
          }),
        );
        const stmt = q.raw === 'topic' ? rawTopic : rawMain;
        // The first page and the exact total, as the engine answers (a substring: the words holding it first).
        raw.push(
          timeMs(() => {
            const match =
              q.raw === 'holding'
                ? rawHolding
                    .all(`"${q.rawParam}"`)
                    .filter((w) => !w.startsWith(q.rawParam))
                    .map((w) => `"${w}"`)
                    .join(' OR ')
                : q.rawParam;
            stmt.all(match);
            countMain.get(match);
          }),
        );
      }
      sample();
      const like = Array.from({ length: 2 }, () =>
        timeMs(() => likeScan.all(`%${q.like}%`, `%${q.like}%`, `%${q.like}%`)),
      );
      engineAll.push(...engine);
      rawAll.push(...raw);
      report({
        suite,
        metric: `search_${q.name}_p50`,
        value: percentile(engine, 50),
        unit: 'ms',
        baseline: percentile(raw, 50),
        detail: `${hits} hits (${VOCAB} vocabulary); baseline raw FTS5 SQL: first page and exact count`,
      });
      report({
        suite,
        metric: `search_${q.name}_p95`,
        value: percentile(engine, 95),
        unit: 'ms',
        baseline: percentile(raw, 95),
      });
      report({
        suite,
        metric: `like_scan_${q.name}`,
        value: percentile(like, 50),
        unit: 'ms',
        baseline: percentile(engine, 50),
        detail: 'naive LIKE scan; ratio = speed-up of the engine',
      });
    }
    report({
      suite,
      metric: 'search_mix_p50',
      value: percentile(engineAll, 50),
      unit: 'ms',
      baseline: percentile(rawAll, 50),
    });
    report({
      suite,
      metric: 'search_mix_p95',
      value: percentile(engineAll, 95),
      unit: 'ms',
      baseline: percentile(rawAll, 95),
    });

    // 5. "What has X said": speaker queries against a scan of the stored bodies.
    const speakerQueries = [
      { name: 'speaker', query: 'sprecher:Lucha' },
      { name: 'speaker_combined', query: 'sprecher:Lucha Pflege status:veröffentlicht' },
      { name: 'speaker_folded', query: 'sprecher:ozdemir' },
      { name: 'speaker_as_word', query: 'Lucha' },
    ];
    const bodyScan = db.prepare(
      `SELECT count(DISTINCT r.id) AS n FROM releases r, json_tree(r.body_json) t
       WHERE r.deleted_at IS NULL AND instr(r.body_json, '"quote"') > 0 AND t.key = 'speaker' AND t.value LIKE ?`,
    );
    const scan = Array.from({ length: 2 }, () => timeMs(() => bodyScan.get('%Lucha%')));
    for (const q of speakerQueries) {
      let hits = 0;
      let quoted = 0;
      const times = Array.from({ length: RUNS }, () =>
        timeMs(() => {
          const result = search.search({ query: q.query, limit: 50 });
          hits = result.total;
          quoted = result.items.filter((h) => (h as { quotes?: unknown[] }).quotes?.length).length;
        }),
      );
      sample();
      report({
        suite,
        metric: `search_${q.name}_p50`,
        value: percentile(times, 50),
        unit: 'ms',
        baseline: percentile(scan, 50),
        detail: `${q.query}: ${hits} hits, ${quoted} of the first 50 with quotes; baseline a json_tree scan of all bodies`,
      });
      report({ suite, metric: `search_${q.name}_p95`, value: percentile(times, 95), unit: 'ms' });
    }

    // The archive screen's whole search: results, excerpts and exact facet counts, through the contract.
    // The facet copy in memory is read once, at the first search with facets: timed on its own.
    const facetsFirst = timeMs(() => search.search({ query: 'Hafen', limit: 1, facets: true }));
    report({
      suite,
      metric: 'facet_copy_first_read',
      value: facetsFirst,
      unit: 'ms',
      detail: `the first search with facets after opening reads the facet table of ${COUNT} releases`,
    });
    let facetHits = 0;
    const facetTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      facetTimes.push(
        await timeMsAsync(async () => {
          const envelope = await dispatch(ws.handlers, 'archive.search', { query: 'Radweg', limit: 50, facets: true });
          if (!envelope.ok) throw new Error(envelope.error.message);
          facetHits = (envelope.value as { total: number }).total;
        }),
      );
    }
    report({
      suite,
      metric: 'search_with_facets_p50',
      value: percentile(facetTimes, 50),
      unit: 'ms',
      detail: `${facetHits} hits (${VOCAB} vocabulary), exact topic/status/year/tag counts`,
    });
    report({ suite, metric: 'search_with_facets_p95', value: percentile(facetTimes, 95), unit: 'ms' });
    const similar = Array.from({ length: RUNS }, (_, i) => timeMs(() => search.similar(`arch-${i * 7}`)));
    report({ suite, metric: 'similar_p50', value: percentile(similar, 50), unit: 'ms' });
    report({ suite, metric: 'similar_p95', value: percentile(similar, 95), unit: 'ms' });
    sample();
    report({
      suite,
      metric: 'peak_rss',
      value: Math.max(peakRss, process.resourceUsage().maxRSS / 1024),
      unit: 'MB',
      detail: `${COUNT} releases, run ${recordThreadNextTo(import.meta.url) ? 'bundled' : 'from source'}; ${machine()}`,
    });
    ws.close();
  } finally {
    tmp.cleanup();
  }
}

// Not a top-level await: the suite also runs as a CommonJS bundle.
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
