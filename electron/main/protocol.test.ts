import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../shared/csp';
import { makeTempDir } from '../services/testing/tempDir';
import { serveAppFile } from './protocol';

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
