import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation, type Workstation } from '../services/workstation';
import { toWireJson } from '../../shared/contract/wire';
import { startWebHost, tokenMatches, type WebHost } from './server';
import { signIn } from './testing';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let host: WebHost;
/** The `Cookie` header of the session, signed in before each test that is not about signing in. */
let session: string;

beforeEach(async () => {
  tmp = makeTempDir();
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pressdesk</title>');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'web' });
  host = await startWebHost({ handlers: ws.handlers, rendererDir, assetFile: (kind, id) => ws.assetFile(kind, id) });
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
    expect(ws.releases.list().total).toBe(0);
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
        (await http(`/archive/download/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, { headers })).status,
      ).toBe(401);
      const upload = await http('/archive/import', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/octet-stream' },
        body: 'PK',
      });
      expect(upload.status).toBe(401);
    }
    expect((await api('releases.create', { headline: 'x' }, { Cookie: tokenCookie })).status).toBe(401);
    expect(ws.releases.list().total).toBe(0);
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
    expect(ws.releases.list().total).toBe(0);
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
