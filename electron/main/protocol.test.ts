import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../shared/csp';
import { makeTempDir } from '../services/testing/tempDir';
import { serveAppFile, serveAssetFile } from './protocol';

describe('app protocol', () => {
  const tmp = makeTempDir();
  const dir = join(tmp.dir, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>P</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp.dir, 'outside.txt'), 'secret');
  afterAll(() => tmp.cleanup());

  it('serves the app files with type and CSP', async () => {
    const page = await serveAppFile(dir, 'pressdesk://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect((await serveAppFile(dir, 'pressdesk://app/assets/app.js')).headers.get('content-type')).toMatch(
      /javascript/,
    );
    expect((await serveAppFile(dir, 'pressdesk://app/')).status).toBe(200);
  });

  it('refuses paths outside the renderer folder', async () => {
    for (const url of [
      'pressdesk://app/../outside.txt',
      'pressdesk://app/%2e%2e/outside.txt',
      'pressdesk://app/..%2foutside.txt',
    ]) {
      const res = await serveAppFile(dir, url);
      expect(res.status).not.toBe(200);
      expect(await res.text()).not.toContain('secret');
    }
  });
});

describe('asset protocol', () => {
  const tmp = makeTempDir();
  const file = join(tmp.dir, 'thumb.webp');
  writeFileSync(file, 'RIFF....WEBP');
  afterAll(() => tmp.cleanup());
  const lookup = (kind: 'thumb' | 'original', id: string) =>
    Promise.resolve(kind === 'thumb' && id === 'abc-1' ? { path: file, mime: 'image/webp' } : null);

  it('serves stored images by id with their own type and no active content', async () => {
    const res = await serveAssetFile(lookup, 'pressdesk-asset://thumb/abc-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers 404 for unknown ids, other kinds and anything path-like', async () => {
    for (const url of [
      'pressdesk-asset://thumb/nope',
      'pressdesk-asset://file/abc-1',
      'pressdesk-asset://thumb/..%2f..%2fetc%2fpasswd',
      'pressdesk-asset://thumb/a/b',
    ]) {
      expect((await serveAssetFile(lookup, url)).status).toBe(404);
    }
  });
});
