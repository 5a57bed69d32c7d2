// Suite "team": team mode against a real PostgreSQL cluster of its own
// (initdb/pg_ctl into a temporary folder, removed afterwards).
//
// - first sync: BENCH_TEAM_RELEASES (default 100,000) releases of ~250 words
//   on the server (written with SQL, through the server's own write trigger);
//   a new workstation joins and pulls them all: time, releases per second, the
//   process's peak resident memory, and a search on the replica afterwards.
// - live: BENCH_TEAM_WORKSTATIONS (default 20) workstations in live mode
//   (LISTEN/NOTIFY), each editing a random release of a shared set every
//   BENCH_TEAM_PAUSE_MS (default 2,000 ms, jittered) for BENCH_TEAM_SECONDS
//   (default 60): changes per second through the hub, the time from a
//   change's save to its arrival on each other workstation (median, p95,
//   max), conflicts. All workstations run in this one process (the machine's
//   cores are shared by them and the server).
// BENCH_TEAM_PARTS=first or =live runs one part only.
import { join } from 'node:path';
import pg from 'pg';
import { startPgCluster } from '../electron/services/testing/pgCluster';
import { engineInternals } from '../electron/services/testing/internals';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { addTeamUser, initServer, openWorkstation, type Workstation } from '../electron/services/workstation';
import { machine, percentile, report, rng, timeMsAsync } from './lib';

const suite = 'team';
const RELEASES = Number(process.env.BENCH_TEAM_RELEASES ?? 100_000);
const WORKSTATIONS = Number(process.env.BENCH_TEAM_WORKSTATIONS ?? 20);
const SECONDS = Number(process.env.BENCH_TEAM_SECONDS ?? 60);
const PAUSE_MS = Number(process.env.BENCH_TEAM_PAUSE_MS ?? 2000);
const random = rng(20261203);
const WORDS =
  'Ministerin Landrat Förderung Kommunen Millionen Euro Projekt Bürgerinnen Bürger Straße Schule Polizei Einsatz Verkehr Umwelt Klimaschutz Haushalt Gesetz Sicherheit Gesundheit Pflege Digitalisierung Verwaltung Hochschule Wirtschaft Energie Mobilität Radweg Brücke Sanierung Köln Düsseldorf Feuerwehr Kita Wohnungsbau Breitband Hochwasser Naturschutz Tourismus Museum Ehrenamt Integration der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch'.split(
    ' ',
  );
const words = (n: number): string =>
  Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');

function record(i: number): Record<string, unknown> {
  const paragraphs = Array.from({ length: 5 }, () => ({
    type: 'paragraph',
    content: [{ type: 'text', text: `${words(50)}.` }],
  }));
  return {
    format: 'pressdesk.release/1',
    id: `bench-${i}`,
    headline: `Meldung ${i}: ${words(6)}`,
    topic: WORDS[i % 12],
    teaser: words(20),
    status: 'draft',
    language: 'de',
    body: { type: 'doc', content: paragraphs },
    createdAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
    updatedAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
  };
}

async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peak, process.memoryUsage().rss) / (1024 * 1024) };
  } finally {
    clearInterval(timer);
  }
}

async function seedServer(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let start = 0; start < count; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - start) }, (_, k) => record(start + k));
      await client.query(
        `INSERT INTO pressdesk.releases (id, version, seq, data, content_by, updated_by, updated_at)
         SELECT r->>'id', 1, 0, r, session_user, session_user, now() FROM jsonb_array_elements($1::jsonb) AS r`,
        [JSON.stringify(rows)],
      );
    }
  } finally {
    await client.end();
  }
}

async function firstSync(cluster: Awaited<ReturnType<typeof startPgCluster>>, dir: string): Promise<void> {
  cluster.psql('CREATE DATABASE first');
  const admin = cluster.url('first');
  await initServer({ url: admin });
  await addTeamUser({ url: admin }, { login: 'neu', role: 'author', password: 'neu-passwort-1' });
  const seedMs = await timeMsAsync(() => seedServer(cluster.url('first'), RELEASES));
  report({
    suite,
    metric: 'server seed (SQL, through the write trigger)',
    value: seedMs / 1000,
    unit: 's',
    detail: `${RELEASES} releases`,
  });
  const ws = openWorkstation({ dataDir: join(dir, 'first'), host: 'cli', teamPassword: () => 'neu-passwort-1' });
  try {
    const team = engineInternals(ws).team;
    await team.connect({ url: `postgresql://127.0.0.1:${cluster.port}/first`, user: 'neu' });
    const before = process.memoryUsage().rss / (1024 * 1024);
    let ms = 0;
    const { result, peakMb } = await peakRss(async () => {
      const start = process.hrtime.bigint();
      const r = await team.sync();
      ms = Number(process.hrtime.bigint() - start) / 1e6;
      return r;
    });
    report({
      suite,
      metric: 'first sync to a new workstation',
      value: ms / 1000,
      unit: 's',
      detail: `${result.pulled} releases, ${Math.round(result.pulled / (ms / 1000))} releases/s; ${machine()}`,
    });
    report({
      suite,
      metric: 'first sync peak RSS',
      value: peakMb,
      unit: 'MB',
      detail: `before: ${Math.round(before)} MB`,
    });
    const searchMs = await timeMsAsync(async () =>
      ws.handlers['archive.search']({ query: 'Hochwasser Brücke', limit: 20 }),
    );
    report({ suite, metric: 'search on the replica after the first sync', value: searchMs, unit: 'ms' });
  } finally {
    ws.close();
  }
}

async function live(cluster: Awaited<ReturnType<typeof startPgCluster>>, dir: string): Promise<void> {
  cluster.psql('CREATE DATABASE live');
  const admin = cluster.url('live');
  await initServer({ url: admin });
  const url = `postgresql://127.0.0.1:${cluster.port}/live`;
  const stations: Workstation[] = [];
  // Arrival times: "id headline" → when each workstation saw it.
  const saved = new Map<string, number>();
  const latencies: number[] = [];
  const seenBy = new Set<string>();
  let changes = 0;
  for (let i = 0; i < WORKSTATIONS; i++) {
    const login = `officer${i}`;
    const password = `passwort-${i}-geheim`;
    await addTeamUser({ url: admin }, { login, role: 'author', password });
    const ws = openWorkstation({ dataDir: join(dir, `live-${i}`), host: 'web', teamPassword: () => password });
    engineInternals(ws).settings.setProfile({ name: `Officer ${i}`, function: '' });
    const { releases } = engineInternals(ws);
    ws.onEvent((event) => {
      if (event.name !== 'team.onDidChange' || event.payload.pulled === 0) return;
      const now = Date.now();
      for (const [key, at] of saved) {
        const [id, headline] = key.split('\u0000') as [string, string];
        if (at <= 0 || releases.find(id)?.headline !== headline) continue;
        const seenKey = `${key}\u0000${i}`;
        if (seenBy.has(seenKey)) continue;
        seenBy.add(seenKey);
        latencies.push(now - at);
      }
    });
    await ws.handlers['team.connect']({ url, user: login, password });
    stations.push(ws);
  }
  // A shared set of releases everyone edits.
  const first = stations[0]!;
  const ids: string[] = [];
  for (let k = 0; k < 40; k++) ids.push((await first.handlers['releases.create']({ headline: `Gemeinsam ${k}` })).id);
  const settle = async () => {
    for (let round = 0; round < 100; round++) {
      if (stations.every((ws) => ids.every((id) => engineInternals(ws).releases.find(id)))) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await settle();
  const end = Date.now() + SECONDS * 1000;
  const editors = stations.map(async (ws, i) => {
    const { releases } = engineInternals(ws);
    let n = 0;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, PAUSE_MS * (0.5 + random())));
      const id = ids[Math.floor(random() * ids.length)]!;
      const current = releases.find(id);
      if (!current) continue;
      const headline = `Gemeinsam ${id.slice(0, 4)} · ${i}-${n++}`;
      try {
        releases.save(id, current.version, { headline });
        saved.set(`${id}\u0000${headline}`, Date.now());
        changes += 1;
      } catch {
        // Saved meanwhile by a pull: the next round tries again.
      }
    }
  });
  await Promise.all(editors);
  await new Promise((r) => setTimeout(r, 3000));
  const conflicts = stations.reduce((sum, ws) => sum + engineInternals(ws).team.status().conflicts, 0);
  const server = new pg.Client({ connectionString: admin });
  await server.connect();
  const through = Number(
    (await server.query<{ n: string }>('SELECT last_value AS n FROM pressdesk.change_seq')).rows[0]!.n,
  );
  await server.end();
  report({
    suite,
    metric: 'live: changes saved',
    value: changes / SECONDS,
    unit: 'changes/s',
    detail: `${changes} in ${SECONDS} s by ${WORKSTATIONS} workstations`,
  });
  report({
    suite,
    metric: 'live: writes through the hub',
    value: through / SECONDS,
    unit: 'writes/s',
    detail: `${through} feed entries`,
  });
  report({
    suite,
    metric: 'live: save → arrival on another workstation, median',
    value: percentile(latencies, 50),
    unit: 'ms',
    detail: `${latencies.length} arrivals`,
  });
  report({
    suite,
    metric: 'live: save → arrival on another workstation, p95',
    value: percentile(latencies, 95),
    unit: 'ms',
  });
  report({ suite, metric: 'live: save → arrival, max', value: Math.max(...latencies), unit: 'ms' });
  report({
    suite,
    metric: 'live: conflicts left',
    value: conflicts,
    unit: 'releases',
    detail: 'editing the same 40 releases',
  });
  for (const ws of stations) ws.close();
}

async function main(): Promise<void> {
  const tmp = makeTempDir('pressdesk-bench-team-');
  const cluster = await startPgCluster();
  try {
    const parts = (process.env.BENCH_TEAM_PARTS ?? '').split(',').filter(Boolean);
    if (parts.length === 0 || parts.includes('first')) await firstSync(cluster, tmp.dir);
    if (parts.length === 0 || parts.includes('live')) await live(cluster, tmp.dir);
  } finally {
    cluster.remove();
    tmp.cleanup();
  }
}

await main();
