import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { parseEvent } from '../../shared/contract/engineEvents';
import { fromWireJson, toWireJson } from '../../shared/contract/wire';
import { PressdeskError } from '../../shared/errors';
import { makeTempDir } from '../services/testing/tempDir';
import { DATABASE_FILE } from '../services/workstation';
import { startEngineWorker, type EngineWorkerOptions, type WebEngine } from './engineClient';
import { webFolders } from './folders';
import type { EngineWorkerData } from '../services/engine/protocol';
import type { WebEvent } from './server';

/**
 * The worker's TypeScript entry, run through tsx's require hook inside the
 * worker thread (the built bundle runs the same code; the e2e suite and the
 * benchmark start that one).
 */
const TSX = createRequire(import.meta.url).resolve('tsx/cjs/api');
const ENTRY = join(__dirname, 'engineWorker.ts');
const started: Worker[] = [];
function createWorker(workerData: EngineWorkerData): Worker {
  const worker = new Worker(`require(${JSON.stringify(TSX)}).register(); require(${JSON.stringify(ENTRY)});`, {
    eval: true,
    workerData,
  });
  started.push(worker);
  return worker;
}

let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  tmp = makeTempDir();
});
afterAll(() => tmp.cleanup());

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function engine(name: string, options: Partial<EngineWorkerOptions> = {}): Promise<WebEngine> {
  const opened = await startEngineWorker({ dataDir: join(tmp.dir, name), createWorker, ...options });
  closers.push(() => opened.close());
  return opened;
}

const line = (id: string, headline: string) =>
  JSON.stringify({ format: 'pressdesk.release/1', id, headline, bodyHtml: `<p>${headline} im Text.</p>` });
const ndjson = (prefix: string, count: number) => ({
  name: `${prefix}.ndjson`,
  bytes: new TextEncoder().encode(
    Array.from({ length: count }, (_, i) => line(`${prefix}-${i}`, `Meldung ${prefix} ${i}`)).join('\n'),
  ),
});

/** What a call threw (it must throw). */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('the engine in a worker thread', () => {
  it('answers the contract as the engine does, with its errors rebuilt as PressdeskErrors', async () => {
    const ws = await engine('calls');
    const info = await ws.handlers['app.info']({});
    expect(info).toMatchObject({ host: 'web', dataDir: join(tmp.dir, 'calls') });
    const created = await ws.handlers['releases.create']({ headline: 'Über die Brücke', topic: 'Verkehr' });
    expect((await ws.handlers['releases.get']({ id: created.id })).headline).toBe('Über die Brücke');

    const missing = await failure(() => ws.handlers['releases.get']({ id: 'nope' }));
    expect(missing).toBeInstanceOf(PressdeskError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'No release with id nope.', details: { id: 'nope' } });
    const stale = await failure(() =>
      ws.handlers['releases.save']({ id: created.id, baseVersion: 99, fields: { teaser: 'x' } }),
    );
    expect(stale).toMatchObject({ code: 'CONFLICT' });

    // Through the host's dispatch: input is checked before the worker sees it, output after.
    expect(await dispatch(ws.handlers, 'releases.get', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { id: 'nope' } },
    });
    expect(await dispatch(ws.handlers, 'releases.get', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const listed = await dispatch(ws.handlers, 'releases.list', { limit: 50 });
    expect(listed).toMatchObject({ ok: true, value: { total: 1 } });

    // A failure that is no Pressdesk error (input the contract would never let through) arrives
    // as INTERNAL with the generic message only; what the worker threw is its cause, for the log.
    const bug = await failure(() =>
      (ws.handlers['releases.get'] as (input: unknown) => unknown)({ id: { not: 'a string' } }),
    );
    expect(bug).toBeInstanceOf(PressdeskError);
    expect((bug as PressdeskError).toPayload()).toEqual({ code: 'INTERNAL', message: 'An unexpected error occurred.' });
    expect((bug as Error).cause).toBeInstanceOf(Error);
    expect(((bug as Error).cause as Error).message).toBe('Too few parameter values were provided');
  });

  it("clears web mode's folders of what an earlier run left, and keeps downloads there", async () => {
    const dataDir = join(tmp.dir, 'folders');
    const { downloadDir, uploadDir } = webFolders(dataDir);
    for (const dir of [downloadDir, uploadDir]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'left-over.zip'), 'half');
    }
    const ws = await engine('folders');
    expect([existsSync(downloadDir), existsSync(uploadDir)]).toEqual([false, false]);
    expect(ws.archive.uploadDir).toBe(uploadDir);
    const saved = await dispatch(ws.handlers, 'backup.exportFullBackup', {});
    expect(saved).toMatchObject({ ok: true, value: { status: 'download' } });
    const waiting = await ws.archive.download((saved as { value: { download: string } }).value.download);
    expect(waiting?.path.startsWith(downloadDir)).toBe(true);
  });

  it("answers a call from its wire JSON in the engine thread, as the host's dispatch would", async () => {
    const ws = await engine('wire');
    const callWire = ws.callWire!;
    const png = new Uint8Array(
      await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3c3' } })
        .png()
        .toBuffer(),
    );
    const body = toWireJson({ bytes: png, name: 'Grün.png' });
    const imported = await callWire('assets.import', body);
    expect(imported).toMatchObject({ errorCode: null });
    const asset = fromWireJson((imported as { text: string }).text) as {
      ok: true;
      value: { id: string; width: number };
    };
    expect(asset.value.width).toBe(32);
    const created = await dispatch(ws.handlers, 'releases.create', { headline: 'Draht' });
    expect(created.ok).toBe(true);
    // A read goes to the read-only connection, and answers exactly like the engine.
    for (const [channel, input] of [
      ['releases.list', { limit: 5 }],
      ['releases.get', { id: 'nope' }],
      ['assets.get', { id: asset.value.id }],
      ['releases.create', { headline: ['x'] }],
      ['no.such', {}],
    ] as const) {
      const answer = await callWire(channel, JSON.stringify(input));
      const expected = await dispatch(ws.handlers, channel, input);
      expect(JSON.parse((answer as { text: string }).text)).toEqual(JSON.parse(toWireJson(expected)));
      expect((answer as { errorCode: string | null }).errorCode).toBe(expected.ok ? null : expected.error.code);
    }
    await expect(callWire('releases.list', '{"limit": ')).resolves.toEqual({ invalidJson: true });
    await expect(callWire('releases.list', '')).resolves.toMatchObject({ errorCode: null });
  });

  it('carries file bytes both ways intact, also after the HTTP wire format', async () => {
    const ws = await engine('bytes');
    const png = new Uint8Array(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
        .png()
        .toBuffer(),
    );
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    // As the web host receives it: base64 in JSON, decoded into a Uint8Array.
    const input = fromWireJson(toWireJson({ bytes: png, name: 'Rot.png' }));
    const answer = await dispatch(ws.handlers, 'assets.import', input);
    expect(answer.ok).toBe(true);
    const asset = (answer as { value: { id: string; width: number; height: number } }).value;
    expect(asset).toMatchObject({ width: 64, height: 48 });
    const original = await ws.assetFile('original', asset.id);
    expect(original?.mime).toBe('image/png');
    expect(sha(readFileSync(original!.path))).toBe(sha(png));
    expect(await ws.assetFile('thumb', 'unknown')).toBeNull();
    // A thumbnail that went missing is made again when it is asked for.
    const thumb = await ws.assetFile('thumb', asset.id);
    expect(thumb?.mime).toBe('image/webp');
    rmSync(thumb!.path);
    expect(await ws.assetFile('thumb', asset.id)).toEqual(thumb);
    expect(existsSync(thumb!.path)).toBe(true);
    expect((await ws.handlers['assets.list']({})).total).toBe(1);

    const bad = await failure(() => ws.handlers['assets.import']({ bytes: new Uint8Array([60, 115, 118, 103, 62]) }));
    expect(bad).toMatchObject({ code: 'ASSET_UNSUPPORTED', details: { kind: 'markup' } });

    // Bytes coming back: an exported bundle as a ZIP.
    const release = await ws.handlers['releases.create']({ headline: 'Mit Bild', topic: 'Test' });
    const zipped = await dispatch(ws.handlers, 'export.zip', { id: release.id });
    expect(zipped.ok).toBe(true);
    const bytes = (zipped as { value: { bytes: Uint8Array } }).value.bytes;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(fromWireJson(toWireJson({ bytes }))).toEqual({ bytes });
  });

  it('pushes the engine job events from the worker, each valid by the contract', async () => {
    const ws = await engine('events');
    const seen: WebEvent[] = [];
    const stop = ws.events((event) => seen.push(event));
    const job = await ws.handlers['archive.importStart']({ files: [ndjson('a', 3), ndjson('b', 2)] });
    const mine = () => seen.filter((e) => (e.payload as { jobId?: string }).jobId === job.jobId);
    await until(() => mine().some((e) => (e.payload as { state: string }).state === 'done'), 'the import to end');
    expect(mine().map((e) => e.name)).toEqual(mine().map(() => 'archive.onDidChangeImportJob'));
    expect(mine().at(-1)!.payload).toMatchObject({ state: 'done', done: 2, total: 2, summary: { imported: 5 } });
    for (const e of mine()) expect(parseEvent(e.name, e.payload)).not.toBeNull();

    stop();
    const before = seen.length;
    const second = await ws.handlers['archive.importStart']({ files: [ndjson('c', 1)] });
    while ((await ws.handlers['archive.importProgress']({ jobId: second.jobId })).state === 'running')
      await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(before);
  });

  it('answers reads from the read-only connection while the writer is inside an import transaction', async () => {
    for (const readConnection of [true, false]) {
      const ws = await engine(`reads-${readConnection}`, { readConnection });
      const order: string[] = [];
      ws.events((event) => {
        const { done, state } = event.payload as { done: number; state: string };
        order.push(`${state} ${done}`);
      });
      await ws.handlers['archive.importStart']({ files: [ndjson('first', 5), ndjson('second', 3000)] });
      // The first file is committed; the second one's transaction starts right after this event.
      await until(() => order.includes('running 1'), 'the first file');
      const listed = await ws.handlers['releases.list']({ limit: 50 });
      order.push(`list ${listed.total}`);
      await until(() => order.some((o) => o.startsWith('done')), 'the end of the import');
      if (readConnection) {
        // Answered before the writer finished the second file, with what was committed.
        expect(order.slice(0, 2)).toEqual(['running 1', 'list 5']);
      } else {
        // One thread: the list waited for the second file's transaction.
        expect(order.indexOf('list 3005')).toBeGreaterThan(order.indexOf('running 2'));
      }
      expect((await ws.handlers['releases.list']({})).total).toBe(3005);
    }
  });

  it('never answers a read before a write that came first (the read then goes to the writer)', async () => {
    const ws = await engine('order');
    const writes = Array.from({ length: 20 }, (_, i) =>
      Promise.resolve(ws.handlers['releases.create']({ headline: `R ${i}` })),
    );
    // Sent while the writes are on their way: each list sees at least the writes sent before it.
    const lists = Array.from({ length: 20 }, () => Promise.resolve(ws.handlers['releases.list']({})));
    await Promise.all(writes);
    for (const list of await Promise.all(lists)) expect(list.total).toBe(20);
    const search = await ws.handlers['archive.search']({ query: 'R' });
    expect(search.total).toBe(20);
    expect(await ws.handlers['releases.topics']({})).toEqual([]);
  });

  it('closes the database in the worker and ends its threads; calls afterwards fail as INTERNAL', async () => {
    const dir = join(tmp.dir, 'close');
    const ws = await startEngineWorker({ dataDir: dir, createWorker });
    const threads = started.slice(-2);
    await ws.handlers['releases.create']({ headline: 'Bleibt' });
    const exited = threads.map((w) => new Promise((r) => w.once('exit', r)));
    await ws.close();
    await Promise.all(exited);
    // The last connection closed checkpoints and removes the write-ahead log.
    expect(existsSync(join(dir, `${DATABASE_FILE}-wal`))).toBe(false);
    await expect(ws.handlers['releases.list']({})).rejects.toMatchObject({ code: 'INTERNAL' });
    await ws.close();

    const again = await engine('close');
    expect((await again.handlers['releases.list']({})).total).toBe(1);
  });

  it('reports a worker that dies and fails its waiting calls instead of hanging', async () => {
    const crashes: Error[] = [];
    const ws = await engine('crash', { onCrash: (error) => crashes.push(error) });
    const [writer] = started.slice(-2);
    const job = await ws.handlers['archive.importStart']({ files: [ndjson('big', 3000)] });
    const waiting = ws.handlers['archive.importProgress']({ jobId: job.jobId });
    await writer!.terminate();
    await expect(waiting).rejects.toMatchObject({ code: 'INTERNAL' });
    await until(() => crashes.length === 1, 'the crash report');
    expect(crashes[0]!.message).toContain('writer');
    await expect(ws.handlers['releases.create']({ headline: 'x' })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('fails to start with the engine’s error code when the data directory cannot be opened', async () => {
    const dir = join(tmp.dir, 'damaged');
    mkdirSync(dir);
    writeFileSync(join(dir, DATABASE_FILE), 'this is not a database, but long enough to look like a file'.repeat(100));
    const failed = await failure(() => startEngineWorker({ dataDir: dir, createWorker }));
    expect(failed).toBeInstanceOf(PressdeskError);
    expect(failed).toMatchObject({ code: 'DB_CORRUPT' });
  });
});
