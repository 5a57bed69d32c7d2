import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dispatch } from '../../shared/contract/dispatch';
import type { Envelope, Handlers } from '../../shared/contract';
import { parseEvent } from '../../shared/contract/engineEvents';
import { APP_CSP } from '../../shared/csp';
import { fromWireJson, toWireJson } from '../../shared/contract/wire';
import { PressdeskError, toErrorPayload } from '../../shared/errors';
import type { AssetFileKind, WireAnswer } from '../services/engine/protocol';
import { pageLanguage, signedOutPage, wantsPage } from './signedOutPage';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
/**
 * The session cookie's name carries the port: browsers send a cookie to
 * every port of the host, and two hosts on one machine would otherwise
 * overwrite each other's session.
 */
const cookieName = (port: number): string => `pressdesk_session_${port}`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const STATUS: Record<string, number> = {
  INVALID_INPUT: 400,
  INVALID_DOCUMENT: 422,
  UNSAFE_LINK: 422,
  UNKNOWN_CHANNEL: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_IN_TRASH: 409,
  UNAUTHORIZED: 401,
  ARCHIVE_TOO_LARGE: 413,
  ARCHIVE_INVALID: 422,
  ARCHIVE_UNSUPPORTED: 422,
  DB_TOO_NEW: 422,
};

/** The largest archive upload web mode accepts (one archive holds up to 4 GB). */
export const MAX_ARCHIVE_UPLOAD_BYTES = 4 * 1024 ** 3;

/** A comment line on every open event stream this often, so that idle connections are not dropped on the way. */
export const EVENT_HEARTBEAT_MS = 15_000;
/** A stream whose reader has fallen this far behind is closed (EventSource connects again by itself). */
const MAX_EVENT_BACKLOG_BYTES = 1024 * 1024;

/** One event of the engine as the host hears it; `/events` checks it against the contract before it is sent. */
export interface WebEvent {
  readonly name: string;
  readonly payload: unknown;
}
export type WebEventListener = (event: WebEvent) => void;

export interface WebHostOptions {
  readonly handlers: Handlers;
  /**
   * Answers a call from its wire JSON where the engine runs in another thread
   * (parsed, checked and serialised there, so the HTTP thread only copies a
   * string each way); without it the host runs `dispatch` on `handlers`.
   */
  readonly callWire?: (channel: string, body: string) => Promise<WireAnswer>;
  /** The built renderer (index.html and its assets). */
  readonly rendererDir: string;
  readonly port?: number;
  /** Fixed token (tests); otherwise a random one per run. */
  readonly token?: string;
  readonly onError?: (error: unknown) => void;
  /** Finds the file behind `/asset/<kind>/<id>` (thumbnails and originals of stored images). */
  readonly assetFile?: (kind: AssetFileKind, id: string) => Promise<{ path: string; mime: string } | null>;
  /** The full backup's download and upload routes. */
  readonly archive?: WebArchiveRoutes;
  /**
   * Subscribes to the engine's events (`shared/contract/engineEvents.ts`) for one
   * client of `GET /events`; returns the function that unsubscribes it.
   */
  readonly events?: (listener: WebEventListener) => () => void;
  /** The heartbeat of `/events` (tests); default `EVENT_HEARTBEAT_MS`. */
  readonly eventHeartbeatMs?: number;
}

export type { AssetFileKind };

/**
 * Where this host serves a stored image's original (`/asset/original/<id>`),
 * for the engine's `assetUrlPrefix`: the export preview's pictures point there.
 */
export const WEB_ASSET_URL_PREFIX = '/asset/original/';

/** The full backup over HTTP: a download streamed from the data directory, an upload streamed into it. */
export interface WebArchiveRoutes {
  /** The archive waiting behind `GET /full-backup/download/<id>`, or null. */
  download(id: string): { path: string; fileName: string } | null | Promise<{ path: string; fileName: string } | null>;
  /** Called once the download was sent (or broke off): the file goes. */
  finishDownload(id: string): Promise<void>;
  /** Applies an uploaded archive; its answer is sent as the envelope's value. */
  importFile(file: string): Promise<unknown>;
  /** Where an upload is written before it is checked (inside the data directory). */
  readonly uploadDir: string;
  /** Larger uploads are refused with ARCHIVE_TOO_LARGE (default 4 GB). */
  readonly maxUploadBytes?: number;
}

export interface WebHost {
  /** The sign-in address with the one-time token, as printed at start. */
  readonly url: string;
  readonly port: number;
  /** The one-time token of `url`; it signs in once and is refused afterwards. */
  readonly token: string;
  /** The name of the session cookie the sign-in sets. */
  readonly cookie: string;
  close(): Promise<void>;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', APP_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, body: Envelope<unknown>): void {
  sendText(res, status, toWireJson(body));
}

/** An envelope already written as wire JSON. */
function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/**
 * A browser's page request without a session (a reload after web mode started
 * again) gets a translated page saying what to do; everything else the envelope.
 */
function sendSignedOut(req: IncomingMessage, res: ServerResponse, pathname: string, message: string): void {
  if (!wantsPage(req.method, pathname, req.headers.accept)) {
    sendError(res, 401, 'UNAUTHORIZED', message);
    return;
  }
  const lang = pageLanguage(req.headers['accept-language']);
  const html = signedOutPage(lang);
  res.writeHead(401, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Language': lang,
    Vary: 'Accept, Accept-Language',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('too large'), { tooLarge: true });
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Serves the renderer and the contract on 127.0.0.1. The URL printed at start
 * carries a one-time token: its first request (`GET /?token=…`) is answered
 * with a new random session id in an HttpOnly, SameSite=Strict cookie and a
 * redirect that takes the token out of the address bar and the history. The
 * token is refused from then on (it may linger in a terminal, a shell history
 * or a process list); only the session cookie opens anything: the app, the
 * contract, stored images, archive downloads and uploads, the event stream.
 * Any Host other than our own is refused (DNS rebinding), and so are
 * cross-origin writes.
 *
 * `GET /events` pushes the engine's events (`shared/contract/engineEvents.ts`) as
 * server-sent events, for `new EventSource('/events')` on the app's own
 * origin (the session cookie goes along by itself; without it: 401). Each
 * event is checked against the contract first (one that does not match is
 * not sent, but reported to `onError`) and sent as
 *
 *     event: export.onDidChangeExportJob
 *     data: {"jobId":"…","state":"running","done":1,"total":3,…}
 *
 * with the payload as wire JSON (`shared/contract/wire.ts`) on one line and a
 * blank line after it; a comment line `: heartbeat` follows every 15 s. The
 * stream starts with `: connected`. Nothing is replayed: a client that
 * connects again asks the progress channels for what it missed.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  let port = 0;
  let tokenUsed = false;
  /** The one session of this run, made when the token is exchanged. */
  let session: string | null = null;

  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(rendererDir, rel));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    let target = file;
    const info = await stat(target).catch(() => null);
    if (!info || info.isDirectory()) {
      // Unknown paths without an extension belong to the app (client-side routes).
      if (extname(rel) !== '' && rel !== '/') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      target = join(rendererDir, 'index.html');
    }
    const data = await readFile(target).catch(() => null);
    if (!data) {
      res
        .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The renderer has not been built. Run npm run build.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
      'Content-Length': data.length,
    });
    res.end(data);
  }

  /** Stored images: our own content type (never guessed from the file), and nothing active. */
  async function serveAsset(kind: AssetFileKind, id: string, res: ServerResponse): Promise<void> {
    const file = await options.assetFile?.(kind, id).catch(() => null);
    const data = file ? await readFile(file.path).catch(() => null) : null;
    if (!file || !data) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.writeHead(200, { 'Content-Type': file.mime, 'Content-Length': data.length, 'Content-Disposition': 'inline' });
    res.end(data);
  }

  /** Streams a waiting archive to the browser as a download, then deletes it. */
  async function serveArchiveDownload(id: string, res: ServerResponse): Promise<void> {
    const archive = options.archive;
    const waiting = (await archive?.download(id)) ?? null;
    const info = waiting ? await stat(waiting.path).catch(() => null) : null;
    if (!archive || !waiting || !info) {
      sendError(res, 404, 'NOT_FOUND', 'This archive download is not available (any more).');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Length': info.size,
      'Content-Disposition': `attachment; filename="${waiting.fileName.replace(/[^\w.-]/g, '_')}"`,
    });
    try {
      await pipeline(createReadStream(waiting.path, { highWaterMark: 1 << 20 }), res);
    } finally {
      await archive.finishDownload(id);
    }
  }

  /** The event streams open now: ended properly when the host closes, not cut off. */
  const streams = new Set<ServerResponse>();

  /** The engine's events as server-sent events, for as long as the client stays. */
  function serveEvents(res: ServerResponse): void {
    const subscribe = options.events;
    if (!subscribe) {
      sendError(res, 404, 'NOT_FOUND', 'Not found.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // Sent at once, so that the browser's EventSource reports the stream open before the first event.
    res.write(': connected\n\n');
    streams.add(res);
    const send = (text: string): void => {
      if (res.writableLength > MAX_EVENT_BACKLOG_BYTES) res.destroy();
      else res.write(text);
    };
    let ended = false;
    const unsubscribe = subscribe((event) => {
      if (ended) return;
      const checked = parseEvent(event.name, event.payload);
      if (!checked) {
        options.onError?.(
          new Error(`An engine event does not match the contract and was not sent: ${String(event.name).slice(0, 80)}`),
        );
        return;
      }
      send(`event: ${checked.name}\ndata: ${toWireJson(checked.payload)}\n\n`);
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), options.eventHeartbeatMs ?? EVENT_HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      ended = true;
      streams.delete(res);
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  /** Receives an archive as the raw request body, streamed to a file in the data directory, and applies it. */
  async function receiveArchive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const archive = options.archive;
    if (!archive) {
      sendError(res, 404, 'NOT_FOUND', 'Not found.');
      return;
    }
    const limit = archive.maxUploadBytes ?? MAX_ARCHIVE_UPLOAD_BYTES;
    const tooLarge = (): PressdeskError =>
      new PressdeskError('ARCHIVE_TOO_LARGE', 'The archive is larger than Pressdesk accepts (4 GB).', { limit });
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    const file = join(archive.uploadDir, `${randomUUID()}.zip`);
    let envelope: Envelope<unknown>;
    try {
      if (declared > limit) throw tooLarge();
      await mkdir(archive.uploadDir, { recursive: true });
      let size = 0;
      // Past the limit nothing more is written; the rest is read and dropped so the answer still arrives.
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(null, size > limit ? undefined : chunk);
        },
      });
      await pipeline(req, counter, createWriteStream(file, { flags: 'wx' }));
      if (size > limit) throw tooLarge();
      envelope = { ok: true, value: await archive.importFile(file) };
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code === 'INTERNAL') options.onError?.(error);
      envelope = { ok: false, error: payload };
    } finally {
      await rm(file, { force: true });
    }
    // A refused upload may not have been read to its end: the connection is not reused.
    if (!envelope.ok && !req.complete) res.setHeader('Connection', 'close');
    sendJson(res, envelope.ok ? 200 : (STATUS[envelope.error.code] ?? 500), envelope);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      sendError(res, 403, 'UNAUTHORIZED', 'Unexpected Host header.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && req.method === 'GET') {
      if (!tokenMatches(token, queryToken)) {
        // Most often the address of an earlier run of web mode.
        sendSignedOut(req, res, url.pathname, 'Wrong token.');
        return;
      }
      if (tokenUsed) {
        sendError(
          res,
          401,
          'UNAUTHORIZED',
          'This sign-in address was used already. Start web mode again for a new one.',
        );
        return;
      }
      tokenUsed = true;
      session = randomBytes(32).toString('base64url');
      url.searchParams.delete('token');
      // No Secure: the host speaks plain http on the loopback address, where a Secure cookie would not be sent back.
      res.setHeader('Set-Cookie', `${cookieName(port)}=${session}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(303, { Location: url.pathname + url.search }).end();
      return;
    }
    if (session === null || !tokenMatches(session, cookieValue(req, cookieName(port)))) {
      sendSignedOut(
        req,
        res,
        url.pathname,
        'Not signed in. Open the address printed by "npm run web" (each address signs in once).',
      );
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendError(res, 405, 'INVALID_INPUT', 'Use POST.');
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
        sendError(res, 403, 'UNAUTHORIZED', 'Cross-origin requests are refused.');
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendError(res, 415, 'INVALID_INPUT', 'Send application/json.');
        return;
      }
      let raw: Buffer;
      let input: unknown;
      try {
        raw = await readBody(req);
        input = options.callWire || raw.length === 0 ? {} : fromWireJson(raw.toString('utf8'));
      } catch (error) {
        const tooLarge = (error as { tooLarge?: boolean }).tooLarge === true;
        sendError(
          res,
          tooLarge ? 413 : 400,
          'INVALID_INPUT',
          tooLarge ? 'The request is too large.' : 'The request is not valid JSON.',
        );
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      if (options.callWire) {
        const answer = await options.callWire(channel, raw.toString('utf8'));
        if ('invalidJson' in answer) {
          sendError(res, 400, 'INVALID_INPUT', 'The request is not valid JSON.');
          return;
        }
        sendText(res, answer.errorCode === null ? 200 : (STATUS[answer.errorCode] ?? 500), answer.text);
        return;
      }
      const envelope = await dispatch(options.handlers, channel, input, options.onError);
      sendJson(res, envelope.ok ? 200 : (STATUS[envelope.error.code] ?? 500), envelope);
      return;
    }
    if (url.pathname === '/events') {
      const origin = req.headers.origin;
      if (req.method !== 'GET') {
        res.setHeader('Allow', 'GET');
        sendError(res, 405, 'INVALID_INPUT', 'Use GET.');
      } else if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
        sendError(res, 403, 'UNAUTHORIZED', 'Cross-origin requests are refused.');
      } else {
        serveEvents(res);
      }
      return;
    }
    if (url.pathname === '/full-backup/import') {
      const origin = req.headers.origin;
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendError(res, 405, 'INVALID_INPUT', 'Use POST.');
      } else if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
        sendError(res, 403, 'UNAUTHORIZED', 'Cross-origin requests are refused.');
      } else if (!/^application\/(?:octet-stream|zip)\b/.test(req.headers['content-type'] ?? '')) {
        sendError(res, 415, 'INVALID_INPUT', 'Send the archive as application/octet-stream.');
      } else {
        await receiveArchive(req, res);
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'INVALID_INPUT', 'Method not allowed.');
      return;
    }
    const asset = /^\/asset\/(thumb|original)\/([A-Za-z0-9-]{1,64})$/.exec(url.pathname);
    if (asset) {
      await serveAsset(asset[1] as AssetFileKind, asset[2]!, res);
      return;
    }
    const download = /^\/full-backup\/download\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      await serveArchiveDownload(download[1]!, res);
      return;
    }
    await serveStatic(url.pathname, res);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'An unexpected error occurred.');
      else res.destroy();
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    cookie: cookieName(port),
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      // Each event stream gets its last chunk, so a browser sees it end rather than break off.
      await Promise.all(
        [...streams].map(
          (res) =>
            new Promise<void>((done) => {
              const timer = setTimeout(done, 500);
              res.end(() => {
                clearTimeout(timer);
                done();
              });
            }),
        ),
      );
      await new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
    },
  };
}
