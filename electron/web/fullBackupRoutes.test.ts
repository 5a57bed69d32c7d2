import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromWireJson, toWireJson } from '../../shared/contract/wire';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation, type Workstation } from '../services/workstation';
import { webFolders } from './folders';
import { startWebHost, type WebHost } from './server';
import { signIn } from './testing';
import { engineInternals } from '../services/testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
const closers: (() => unknown)[] = [];
/** The session cookie of each host, signed in when it starts. */
const sessions = new Map<WebHost, string>();

beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  sessions.clear();
  tmp.cleanup();
});

async function station(name: string, maxUploadBytes?: number): Promise<{ ws: Workstation; host: WebHost }> {
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pressdesk</title>');
  const ws = openWorkstation({
    dataDir: join(tmp.dir, name),
    host: 'web',
    fullBackupDownloadDir: webFolders(join(tmp.dir, name)).downloadDir,
  });
  closers.push(() => ws.close());
  const host = await startWebHost({
    handlers: ws.handlers,
    rendererDir,
    archive: { ...ws.archive, uploadDir: webFolders(ws.dataDir).uploadDir, maxUploadBytes },
  });
  closers.push(() => host.close());
  sessions.set(host, await signIn(host));
  return { ws, host };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  chunks: number;
}

function http(
  host: WebHost,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; auth?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: {
          Host: `127.0.0.1:${host.port}`,
          ...(options.auth === false ? {} : { Cookie: sessions.get(host)! }),
          ...options.headers,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts),
            chunks: parts.length,
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

async function call<T>(host: WebHost, channel: string, input: unknown = {}): Promise<T> {
  const answer = await http(host, `/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: toWireJson(input),
  });
  const envelope = fromWireJson(answer.body.toString('utf8')) as { ok: boolean; value: T };
  expect(envelope.ok).toBe(true);
  return envelope.value;
}

const headlines = (ws: Workstation): string[] =>
  engineInternals(ws)
    .releases.list()
    .items.map((r) => r.headline)
    .sort();

/** A workstation holding a release with a noisy (hardly compressible, some MB) image. */
async function exportedArchive(): Promise<{ host: WebHost; ws: Workstation; archive: Buffer; assetId: string }> {
  const { ws, host } = await station('a');
  const noise = await sharp({
    create: {
      width: 1200,
      height: 900,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
  const asset = await engineInternals(ws).assets.importBytes(noise, 'rauschen.png');
  engineInternals(ws).releases.create({ headline: 'Umzug des Archivs' });
  const result = await call<{ status: string; download: string; bytes: number; fileName: string }>(
    host,
    'backup.exportFullBackup',
  );
  expect(result.status).toBe('download');
  const waiting = ws.archive.download(result.download)!;
  expect(existsSync(waiting.path)).toBe(true);
  // Without the session the download is refused and stays.
  expect((await http(host, `/full-backup/download/${result.download}`, { auth: false })).status).toBe(401);
  const answer = await http(host, `/full-backup/download/${result.download}`);
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('application/zip');
  expect(answer.headers['content-disposition']).toBe(`attachment; filename="${result.fileName}"`);
  expect(Number(answer.headers['content-length'])).toBe(result.bytes);
  expect(answer.body.length).toBe(result.bytes);
  // Streamed in pieces from the file, not sent as one buffer.
  expect(answer.chunks).toBeGreaterThan(1);
  // Fetched once, then gone from the data directory (right after the last byte went out).
  await vi.waitFor(() => expect(existsSync(waiting.path)).toBe(false));
  expect((await http(host, `/full-backup/download/${result.download}`)).status).toBe(404);
  return { host, ws, archive: answer.body, assetId: asset.id };
}

function upload(host: WebHost, body: Buffer | string, headers: Record<string, string> = {}, auth = true) {
  return http(host, '/full-backup/import', {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...headers },
    body,
    auth,
  });
}

const errorCode = (answer: Answer): string =>
  (JSON.parse(answer.body.toString('utf8')) as { error: { code: string } }).error.code;

describe('full backup over web mode', () => {
  it('downloads the archive streamed and imports it by upload into another running host', async () => {
    const { archive, ws: a, assetId } = await exportedArchive();
    expect(archive.length).toBeGreaterThan(2 * 1024 * 1024);
    const { ws: b, host } = await station('b');
    engineInternals(b).releases.create({ headline: 'Vorher' });

    expect((await upload(host, archive, {}, false)).status).toBe(401);
    expect(headlines(b)).toEqual(['Vorher']);

    const answer = await upload(host, archive);
    expect(answer.status).toBe(200);
    const envelope = JSON.parse(answer.body.toString('utf8')) as { ok: boolean; value: Record<string, unknown> };
    expect(envelope).toMatchObject({ ok: true, value: { status: 'imported', releases: 1, assets: 1, addedImages: 1 } });
    const list = await call<{ items: { headline: string }[] }>(host, 'releases.list', {});
    expect(list.items.map((r) => r.headline)).toEqual(['Umzug des Archivs']);
    const copied = readFileSync((await b.assetFile('original', assetId))!.path);
    // Buffer.equals: a deep comparison of megabytes element by element takes seconds.
    expect(copied.equals(readFileSync(engineInternals(a).assets.original(assetId).path))).toBe(true);
    expect(readdirSync(webFolders(b.dataDir).uploadDir)).toEqual([]);
  });

  it('refuses uploads over the limit with ARCHIVE_TOO_LARGE, declared or streamed, and changes nothing', async () => {
    const { ws, host } = await station('b', 64 * 1024);
    engineInternals(ws).releases.create({ headline: 'Bleibt' });
    const big = Buffer.alloc(200 * 1024, 7);
    const declared = await upload(host, big, { 'Content-Length': String(big.length) });
    expect(declared.status).toBe(413);
    expect(errorCode(declared)).toBe('ARCHIVE_TOO_LARGE');
    const streamed = await upload(host, big, { 'Transfer-Encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    expect(errorCode(streamed)).toBe('ARCHIVE_TOO_LARGE');
    expect(headlines(ws)).toEqual(['Bleibt']);
    expect(readdirSync(webFolders(ws.dataDir).uploadDir)).toEqual([]);
    expect(engineInternals(ws).releases.list().items).toHaveLength(1);
  });

  it('refuses a damaged upload with its code; data, backups and the upload folder are unchanged', async () => {
    const { archive } = await exportedArchive();
    const { ws, host } = await station('b');
    engineInternals(ws).releases.create({ headline: 'Bleibt' });
    const damaged = Buffer.from(archive);
    damaged[damaged.length >> 1]! ^= 0xff;
    const answer = await upload(host, damaged);
    expect(answer.status).toBe(422);
    expect(errorCode(answer)).toBe('ARCHIVE_INVALID');
    const foreign = await upload(host, 'Das ist kein Archiv.');
    expect(foreign.status).toBe(422);
    expect(errorCode(foreign)).toBe('ARCHIVE_UNSUPPORTED');
    expect(headlines(ws)).toEqual(['Bleibt']);
    expect(await call(host, 'backup.list')).toEqual({ items: [] });
    expect(readdirSync(webFolders(ws.dataDir).uploadDir)).toEqual([]);
    expect(readdirSync(ws.dataDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('accepts the upload only as POST of raw bytes from our own origin', async () => {
    const { host } = await station('b');
    expect((await http(host, '/full-backup/import')).status).toBe(405);
    const json = await upload(host, '{}', { 'Content-Type': 'application/json' });
    expect(json.status).toBe(415);
    const foreign = await upload(host, 'x', { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await http(host, '/full-backup/download/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});

describe('full backup over web mode: streaming', () => {
  const FILES = Number(process.env.PRESSDESK_ARCHIVE_MB ?? 160) / 32;

  /**
   * Stores a large file as an asset row (content-addressed like an import), written in 1 MB pieces.
   * It starts as a real JPEG, because an import checks every original as an image; the rest are random bytes.
   */
  async function storeLargeAsset(ws: Workstation): Promise<string> {
    const path = join(tmp.dir, `gross-${randomUUID()}`);
    const fd = openSync(path, 'w');
    const hash = createHash('sha256');
    const head = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    for (let i = 0; i < 32; i++) {
      const piece = randomBytes(1 << 20);
      if (i === 0) head.copy(piece);
      hash.update(piece);
      writeSync(fd, piece);
    }
    closeSync(fd);
    const sha256 = hash.digest('hex');
    const target = engineInternals(ws).assets.originalPath(sha256, 'image/jpeg');
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(path, target);
    writeFileSync(path, '');
    engineInternals(ws)
      .db.prepare(
        'INSERT INTO assets (id, sha256, mime, byte_size, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(randomUUID(), sha256, 'image/jpeg', 32 << 20, 4000, 3000, new Date().toISOString());
    return sha256;
  }

  it('downloads and uploads an archive far larger than the memory it uses', { timeout: 120_000 }, async () => {
    const { ws: a, host: hostA } = await station('a');
    const shas: string[] = [];
    for (let i = 0; i < FILES; i++) shas.push(await storeLargeAsset(a));
    const { ws: b, host: hostB } = await station('b');
    const total = FILES * 32;
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
    let peak = 0;
    const base = used();
    const sampler = setInterval(() => (peak = Math.max(peak, used() - base)), 5);
    try {
      const started = performance.now();
      const result = await call<{ download: string; bytes: number }>(hostA, 'backup.exportFullBackup');
      const saved = join(tmp.dir, 'download.zip');
      await new Promise<void>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: hostA.port,
            path: `/full-backup/download/${result.download}`,
            headers: { Host: `127.0.0.1:${hostA.port}`, Cookie: sessions.get(hostA)! },
          },
          (res) => {
            expect(res.statusCode).toBe(200);
            pipeline(res, createWriteStream(saved)).then(resolve, reject);
          },
        );
        req.on('error', reject);
        req.end();
      });
      const downloadMs = performance.now() - started;
      const downloadPeak = peak;
      expect(statSync(saved).size).toBe(result.bytes);

      peak = 0;
      const uploadStarted = performance.now();
      const answer = await new Promise<Answer>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: hostB.port,
            path: '/full-backup/import',
            method: 'POST',
            headers: {
              Host: `127.0.0.1:${hostB.port}`,
              Cookie: sessions.get(hostB)!,
              'Content-Type': 'application/octet-stream',
              'Content-Length': String(result.bytes),
            },
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts), chunks: 0 }),
            );
          },
        );
        req.on('error', reject);
        createReadStream(saved).pipe(req);
      });
      const uploadMs = performance.now() - uploadStarted;
      const uploadPeak = peak;
      console.info(
        `web archive: ${total} MB of assets, archive ${Math.round(result.bytes / 2 ** 20)} MB; ` +
          `export + download ${Math.round(downloadMs)} ms (memory +${Math.round(downloadPeak / 2 ** 20)} MB), ` +
          `upload + import ${Math.round(uploadMs)} ms (memory +${Math.round(uploadPeak / 2 ** 20)} MB)`,
      );
      expect(answer.status).toBe(200);
      for (const sha of shas)
        expect(statSync(engineInternals(b).assets.originalPath(sha, 'image/jpeg')).size).toBe(32 << 20);
      // Holding the archive in memory would take at least its size; streaming stays well below it.
      expect(downloadPeak).toBeLessThan((total << 20) / 2);
      expect(uploadPeak).toBeLessThan((total << 20) / 2);
    } finally {
      clearInterval(sampler);
    }
  });
});
