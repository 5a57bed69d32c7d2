import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { expect, test } from '@playwright/test';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
};

let dir: string;
let bundle: string;
let server: Server;
let origin: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressdesk-bundle-'));
  bundle = execFileSync(process.execPath, ['--import', 'tsx', 'e2e/fixtures/makeBundle.ts', dir], {
    encoding: 'utf8',
  }).trim();
  server = createServer((req, res) => {
    const file = normalize(join(bundle, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(bundle + sep)) return void res.writeHead(403).end();
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }).end(data);
  });
  return new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    }),
  );
});

test.afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the exported page is accessible (axe-core: no violations) and runs no script', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${origin}/index.html`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<script>alert(2)</script>');
  await expect(page.locator('figure.lead img')).toHaveAttribute('alt', 'Frau am Rednerpult');
  await expect(page.locator('figure.lead .credit')).toHaveText('Foto: © dpa');
  // every image loads (renditions exist and are served)
  const broken = await page
    .locator('img')
    .evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((i) => !i.complete || i.naturalWidth === 0).length);
  expect(broken).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('script:not([type="application/ld+json"])').length)).toBe(
    0,
  );
  const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axe });
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe.run();
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length}`);
  });
  expect(violations).toEqual([]);
  expect(dialogs).toEqual([]);
});

test('the exported page prints and reflows on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${origin}/index.html`);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
