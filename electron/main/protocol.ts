import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_CSP } from '../../shared/csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Answers a request for the app's own files from the built renderer folder.
 * Paths outside the folder are refused; the CSP travels as a header too.
 */
export async function serveAppFile(rendererDir: string, requestUrl: string): Promise<Response> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  const root = normalize(rendererDir);
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(root + sep)) return new Response('Forbidden', { status: 403 });
  try {
    const data = await readFile(file);
    return new Response(data, {
      status: 200,
      headers: {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': APP_CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

export const ASSET_SCHEME = 'pressdesk-asset';

/**
 * Where the app serves a stored image's original (`pressdesk-asset://original/<id>`),
 * for the engine's `assetUrlPrefix`: the export preview's pictures point there.
 */
export const APP_ASSET_URL_PREFIX = `${ASSET_SCHEME}://original/`;

export type AssetLookup = (kind: 'thumb' | 'original', id: string) => Promise<{ path: string; mime: string } | null>;

/**
 * Answers `pressdesk-asset://thumb/<id>` and `pressdesk-asset://original/<id>`:
 * stored images by id, never by a path from the renderer, with our own
 * content type and nothing active allowed.
 */
export async function serveAssetFile(lookup: AssetLookup, requestUrl: string): Promise<Response> {
  let kind: string;
  let id: string;
  try {
    const url = new URL(requestUrl);
    kind = url.hostname;
    id = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  if ((kind !== 'thumb' && kind !== 'original') || !/^[A-Z0-9-]{1,64}$/i.test(id)) {
    return new Response('Not found', { status: 404 });
  }
  const file = await lookup(kind, id).catch(() => null);
  const data = file ? await readFile(file.path).catch(() => null) : null;
  if (!file || !data) return new Response('Not found', { status: 404 });
  return new Response(data, {
    status: 200,
    headers: {
      'Content-Type': file.mime,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
