import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation, type Workstation } from '../services/workstation';
import type { ImportJob } from '../../shared/contract/archive';
import { parseEvent } from '../../shared/contract/engineEvents';
import { fromWireJson, toWireJson } from '../../shared/contract/wire';
import { EventHub } from '../services/engine/eventHub';
import { EVENT_HEARTBEAT_MS, startWebHost, tokenMatches, type WebHost } from './server';
import { signIn } from './testing';
import { engineInternals } from '../services/testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let host: WebHost;
/** The `Cookie` header of the session, signed in before each test that is not about signing in. */
let session: string;
/** Clients of `/events` subscribed to the engine right now. */
let subscribers: number;
/** What the host reported through `onError`. */
let reported: unknown[];
let rendererDir: string;

beforeEach(async () => {
  tmp = makeTempDir();
  rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pressdesk</title>');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'web' });
  subscribers = 0;
  reported = [];
  host = await startWebHost({
    handlers: ws.handlers,
    rendererDir,
    assetFile: (kind, id) => ws.assetFile(kind, id),
    onError: (error) => reported.push(error),
    events: (listener) => {
      subscribers += 1;
      const off = ws.onEvent(listener);
      return () => {
        subscribers -= 1;
        off();
      };
    },
  });
});

/** Signs in first (using up the token): for the tests that are about what comes after. */
async function signedIn(): Promise<void> {
  session = await signIn(host);
}
afterEach(async () => {
  await host.close();
  ws.close();
  tmp.cleanup();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so that Host and other headers can be set freely. */
function http(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const auth = () => ({ Cookie: session });
const api = (channel: string, body: unknown, headers: Record<string, string> = auth()) =>
  http(`/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: toWireJson(body),
  });

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a URL with a random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses requests without a session', async () => {
    expect((await http('/')).status).toBe(401);
    expect((await api('releases.list', {}, {})).status).toBe(401);
    expect((await http('/?token=wrong')).status).toBe(401);
    expect(engineInternals(ws).releases.list().total).toBe(0);
  });

  it('exchanges the token once for a separate random session cookie and serves the app with its CSP', async () => {
    const login = await http(`/?token=${host.token}`);
    expect(login.status).toBe(303);
    // The token leaves the address bar (and so the history) at once.
    expect(login.headers.location).toBe('/');
    const setCookie = login.headers['set-cookie'] ?? [];
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(new RegExp(`^${host.cookie}=[\\w-]{43}; HttpOnly; SameSite=Strict; Path=/$`));
    const cookie = setCookie[0]!.split(';')[0]!;
    // The session is its own random value, not the token.
    expect(cookie).not.toContain(host.token);
    const page = await http('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Pressdesk</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const listed = await api('releases.list', {}, { Cookie: cookie });
    expect(listed.status).toBe(200);
  });

  it('refuses the token a second time, with or without the session', async () => {
    const cookie = await signIn(host);
    for (const headers of [{}, { Cookie: cookie }] as Record<string, string>[]) {
      const again = await http(`/?token=${host.token}`, { headers });
      expect(again.status).toBe(401);
      expect(again.headers['set-cookie']).toBeUndefined();
      expect(JSON.parse(again.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    // The session made by the first use still works.
    expect((await http('/', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('answers a page reload after a restart with a translated page, and API calls with the envelope', async () => {
    const cookie = await signIn(host);
    // Web mode starts again: a new token, the old session is gone.
    await host.close();
    host = await startWebHost({ handlers: ws.handlers, rendererDir });
    const page = { Cookie: cookie, Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const german = await http('/', { headers: { ...page, 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.8' } });
    expect(german.status).toBe(401);
    expect(german.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(german.headers['content-security-policy']).toContain("default-src 'none'");
    expect(german.body).toContain('<html lang="de">');
    expect(german.body).toContain('Der Web-Modus wurde neu gestartet');
    expect(german.body).toContain('npm run web');
    // English too, below; and no script or inline style the CSP would refuse.
    expect(german.body).toContain('Web mode was restarted');
    expect(german.body).not.toMatch(/<script|<style|\sstyle=/i);
    const english = await http('/', { headers: { ...page, 'Accept-Language': 'en-GB,en;q=0.9,de;q=0.5' } });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body.indexOf('Web mode was restarted')).toBeLessThan(english.body.indexOf('Der Web-Modus'));
    // German first when the browser names neither.
    expect((await http('/', { headers: { ...page, 'Accept-Language': 'fr' } })).body).toContain('<html lang="de">');
    expect((await http('/', { headers: page })).body).toContain('<html lang="de">');
    // The old sign-in address as a page too.
    const oldAddress = await http('/?token=old', { headers: page });
    expect(oldAddress.status).toBe(401);
    expect(oldAddress.body).toContain('npm run web');
    // The app's calls, its files and requests that do not ask for HTML keep the JSON envelope.
    for (const answer of [
      await api('releases.list', {}, { Cookie: cookie, Accept: 'text/html' }),
      await http('/', { headers: { Cookie: cookie } }),
      await http('/', { headers: { Cookie: cookie, Accept: 'application/json' } }),
      await http('/assets/index.js', { headers: page }),
      await http('/events', { headers: page }),
      await http('/', { method: 'POST', headers: page }),
    ]) {
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('opens nothing with the token itself, and nothing without the right session cookie', async () => {
    const tokenCookie = `${host.cookie}=${host.token}`;
    const cookie = await signIn(host);
    const value = cookie.split('=')[1]!;
    const wrong: Record<string, string>[] = [
      {},
      { Cookie: tokenCookie },
      { Authorization: `Bearer ${host.token}` },
      { Authorization: `Bearer ${value}` },
      { Cookie: `${host.cookie}=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}` },
      { Cookie: `${host.cookie}=` },
      // The right value under another port's name is another host's session.
      { Cookie: `pressdesk_session_1=${value}` },
    ];
    for (const headers of wrong) {
      expect((await http('/', { headers })).status).toBe(401);
      expect((await api('releases.list', {}, headers)).status).toBe(401);
      expect((await http('/asset/thumb/unknown', { headers })).status).toBe(401);
      expect(
        (await http(`/full-backup/download/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, { headers })).status,
      ).toBe(401);
      const upload = await http('/full-backup/import', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/octet-stream' },
        body: 'PK',
      });
      expect(upload.status).toBe(401);
    }
    expect((await api('releases.create', { headline: 'x' }, { Cookie: tokenCookie })).status).toBe(401);
    expect(engineInternals(ws).releases.list().total).toBe(0);
    // Other cookies next to the session are fine.
    expect((await http('/', { headers: { Cookie: `theme=dark; ${cookie}; lang=de` } })).status).toBe(200);
  });

  it('checks the Host header against DNS rebinding', async () => {
    await signedIn();
    const answer = await http('/', { headers: { ...auth(), Host: 'evil.example:80' } });
    expect(answer.status).toBe(403);
  });

  it('refuses cross-origin API calls and non-JSON bodies', async () => {
    await signedIn();
    expect((await api('releases.list', {}, { ...auth(), Origin: 'http://evil.example' })).status).toBe(403);
    const form = await http('/api/releases.create', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const bad = await http('/api/releases.create', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(engineInternals(ws).releases.list().total).toBe(0);
  });

  it('serves the contract with validated payloads and typed errors', async () => {
    await signedIn();
    const created = await api('releases.create', { headline: 'Über uns' });
    expect(created.status).toBe(200);
    const release = (JSON.parse(created.body) as { value: { id: string } }).value;
    const list = JSON.parse((await api('releases.list', {})).body) as { value: { total: number } };
    expect(list.value.total).toBe(1);
    const invalid = await api('releases.create', { headline: 1 });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const conflict = await api('releases.save', { id: release.id, baseVersion: 7, fields: {} });
    expect(conflict.status).toBe(409);
    expect((await api('nope.nothing', {})).status).toBe(404);
  });

  it('takes image bytes through the contract and serves the thumbnail only with the session', async () => {
    await signedIn();
    const bytes = new Uint8Array(
      readFileSync(join(__dirname, '..', 'services', 'assets', 'fixtures', 'de-iim-utf8.jpg')),
    );
    const answer = await api('assets.import', { bytes, name: 'Foto.jpg' });
    expect(answer.body).toContain('"ok":true');
    expect(answer.status).toBe(200);
    const asset = (JSON.parse(answer.body) as { value: { id: string; caption: string } }).value;
    expect(asset.caption).toBe('Bürgermeisterin Märta Öztürk eröffnet die Straße am Fluss');
    const thumb = await http(`/asset/thumb/${asset.id}`, { headers: auth() });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['content-security-policy']).toContain('sandbox');
    expect((await http(`/asset/thumb/${asset.id}`)).status).toBe(401);
    expect((await http('/asset/thumb/unknown', { headers: auth() })).status).toBe(404);
    const bad = await api('assets.import', { bytes: new Uint8Array([60, 115, 118, 103, 62]), name: 'x.svg' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'ASSET_UNSUPPORTED' } });
  });

  it('never serves files outside the renderer folder', async () => {
    await signedIn();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const answer = await http(path, { headers: auth() });
      expect(answer.body).not.toContain('secret');
    }
  });

  it('compares tokens in constant time without length leaks', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });
});

interface EventStream {
  readonly response: IncomingMessage;
  /** Everything received so far. */
  text(): string;
  /** The events received so far (comments left out), with their data parsed as wire JSON. */
  events(): { name: string; data: unknown; raw: string }[];
  /** Waits until `check` holds for what has arrived. */
  until(check: () => boolean, what: string): Promise<void>;
  close(): void;
}

/** A client of `GET /events`, as an EventSource is one. */
function openEvents(target: WebHost, headers: Record<string, string>): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req: ClientRequest = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: '/events',
        headers: { Host: `127.0.0.1:${target.port}`, Accept: 'text/event-stream', ...headers },
      },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('error', () => undefined);
        resolve({
          response,
          text: () => text,
          events: () =>
            text
              .split('\n\n')
              .filter((block) => block !== '' && !block.startsWith(':'))
              .map((raw) => {
                const [event, data] = raw.split('\n');
                return { name: event!.slice('event: '.length), data: fromWireJson(data!.slice('data: '.length)), raw };
              }),
          async until(check, what) {
            for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
            if (!check()) throw new Error(`no ${what} in:\n${text}`);
          },
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('engine events over GET /events', () => {
  it('needs the session like every other route, and only GET from our own origin', async () => {
    await signedIn();
    const value = session.split('=')[1]!;
    for (const headers of [
      {},
      { Cookie: `${host.cookie}=${host.token}` },
      { Cookie: `${host.cookie}=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}` },
      { Cookie: `pressdesk_session_1=${value}` },
    ] as Record<string, string>[]) {
      const answer = await http('/events', { headers });
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).not.toContain('event-stream');
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect((await http('/events', { method: 'POST', headers: auth() })).status).toBe(405);
    expect((await http('/events', { headers: { ...auth(), Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await http('/events', { headers: { ...auth(), Host: 'evil.example' } })).status).toBe(403);
    expect(subscribers).toBe(0);
  });

  it('streams every job event as "event:" and "data:" lines of wire JSON that the contract accepts', async () => {
    await signedIn();
    const stream = await openEvents(host, auth());
    const { headers } = stream.response;
    expect(stream.response.statusCode).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    await stream.until(() => stream.text().startsWith(': connected\n\n'), 'opening comment');
    expect(subscribers).toBe(1);

    const line = (i: number) =>
      JSON.stringify({ format: 'pressdesk.release/1', id: `sse-${i}`, headline: `Meldung ${i}`, bodyHtml: '<p>x</p>' });
    const files = [1, 2].map((i) => ({ name: `r${i}.ndjson`, bytes: new TextEncoder().encode(`${line(i)}\n`) }));
    const started = JSON.parse((await api('archive.importStart', { files })).body) as { value: { jobId: string } };
    const importEvents = () =>
      stream.events().filter((e) => (e.data as { jobId?: string }).jobId === started.value.jobId);
    await stream.until(() => importEvents().some((e) => (e.data as { state: string }).state === 'done'), 'import end');
    const imported = importEvents();
    expect(imported.map((e) => e.name)).toEqual(imported.map(() => 'archive.onDidChangeImportJob'));
    expect(imported.at(-1)!.data).toMatchObject({ state: 'done', done: 2, total: 2, summary: { imported: 2 } });

    const release = JSON.parse((await api('releases.create', { headline: 'Mit Ereignis', topic: 'Test' })).body) as {
      value: { id: string };
    };
    const job = JSON.parse((await api('export.start', { id: release.value.id, target: 'download' })).body) as {
      value: { jobId: string };
    };
    const exportEvents = () => stream.events().filter((e) => (e.data as { jobId?: string }).jobId === job.value.jobId);
    await stream.until(() => exportEvents().some((e) => (e.data as { state: string }).state === 'done'), 'export end');
    expect(exportEvents().map((e) => e.name)).toContain('export.onDidChangeExportJob');
    expect(exportEvents().map((e) => (e.data as { state: string }).state)[0]).toBe('queued');

    for (const event of stream.events()) {
      // One event line, one data line of JSON without line breaks, one blank line.
      expect(event.raw).toMatch(/^event: [a-z]+\.onDid[A-Za-z]+\ndata: \{[^\n]*\}$/);
      expect(parseEvent(event.name, event.data)).not.toBeNull();
    }
    expect(stream.text().endsWith('\n\n')).toBe(true);
    expect(reported).toEqual([]);
    stream.close();
    await waitFor(() => subscribers === 0, 'the stream to unsubscribe');
  });

  it('drops an event that does not match the contract and reports it; the stream goes on', async () => {
    const hub = new EventHub();
    const errors: unknown[] = [];
    const other = await startWebHost({
      handlers: ws.handlers,
      rendererDir,
      onError: (error) => errors.push(error),
      events: (listener) => hub.on(listener),
    });
    try {
      const stream = await openEvents(other, { Cookie: await signIn(other) });
      await stream.until(() => stream.text().includes(': connected'), 'opening comment');
      const job: ImportJob = {
        jobId: 'j-1',
        state: 'running',
        done: 0,
        total: 1,
        summary: { imported: 0, updated: 0, skipped: 0, errors: [] },
      };
      hub.emit('archive.onDidChangeImportJob', { ...job, done: 'half' } as never);
      hub.emit('archive.onDidChangeImportJob', job);
      await stream.until(() => stream.events().length === 1, 'the valid event');
      expect(stream.events()[0]!.data).toEqual(job);
      expect(stream.text()).not.toContain('half');
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain('archive.onDidChangeImportJob');
      expect(String(errors[0])).not.toContain('half');
      stream.close();
      await waitFor(() => hub.size === 0, 'the stream to unsubscribe');
    } finally {
      await other.close();
    }
  });

  it('sends a heartbeat comment while nothing happens (every 15 s by default)', async () => {
    expect(EVENT_HEARTBEAT_MS).toBe(15_000);
    const hub = new EventHub();
    const other = await startWebHost({
      handlers: ws.handlers,
      rendererDir,
      events: (listener) => hub.on(listener),
      eventHeartbeatMs: 20,
    });
    try {
      const stream = await openEvents(other, { Cookie: await signIn(other) });
      await stream.until(() => stream.text().split(': heartbeat\n\n').length > 3, 'three heartbeats');
      expect(stream.events()).toEqual([]);
      stream.close();
    } finally {
      await other.close();
    }
  });

  it('lets go of the engine when a client disconnects or the host closes: no listener stays behind', async () => {
    const hub = new EventHub();
    const other = await startWebHost({ handlers: ws.handlers, rendererDir, events: (listener) => hub.on(listener) });
    const cookie = await signIn(other);
    const streams = await Promise.all([1, 2, 3].map(() => openEvents(other, { Cookie: cookie })));
    await waitFor(() => hub.size === 3, 'three subscriptions');
    streams[0]!.close();
    streams[1]!.response.destroy();
    await waitFor(() => hub.size === 1, 'two clients to unsubscribe');
    // Opening and dropping many streams leaves nothing behind either.
    for (let i = 0; i < 20; i++) (await openEvents(other, { Cookie: cookie })).close();
    await waitFor(() => hub.size === 1, 'the short-lived clients to unsubscribe');
    await other.close();
    await waitFor(() => hub.size === 0, 'the last client to unsubscribe on close');
    // The stream still open was ended with its last chunk, not cut off.
    streams[2]!.response.resume();
    await waitFor(() => streams[2]!.response.complete, 'the open stream to end properly');
  });
});
