import { request } from 'node:http';
import type { WebHost } from './server';

/**
 * Signs in as a browser opening the printed address does, and returns the
 * `Cookie` header value of the session it gets. The host's token is used up.
 */
export function signIn(host: WebHost): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: new URL(host.url).pathname + new URL(host.url).search,
        headers: { Host: `127.0.0.1:${host.port}` },
      },
      (res) => {
        res.resume();
        const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
        if (res.statusCode !== 303 || !cookie) reject(new Error(`sign-in answered ${res.statusCode}`));
        else resolve(cookie);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
