// Suite "editor": typing in the compose screen on a 10,000-word release, in
// Chromium via web mode. Figures: keystroke-to-paint latency (p50/p95 over 500
// typed characters) against a bare TipTap editor with the same content on the
// same page as the baseline, a plain textarea as the floor of the machine and
// the probe, and the autosave round trip (the engine's part through the
// validated contract, and the browser's full request).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from '@playwright/test';
import { dispatch } from '../shared/contract/dispatch';
import type { DocumentNode } from '../shared/document';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { openWorkstation } from '../electron/services/workstation';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/fixtures/chromium';
import { machine, percentile, report, rng, timeMsAsync } from './lib';
import { engineInternals } from '../electron/services/testing/internals';

const suite = 'editor';
const WORDS_TOTAL = 10_000;
const KEYSTROKES = 500;
const random = rng(20261124);
const VOCABULARY =
  'Stadt Gemeinderat beschließt Millionen Euro für Schulen Kitas Straßen Brücken Radwege Klimaschutz Bürgerinnen Bürger Verwaltung Förderung Projekt Sanierung Haushalt Verkehr Sicherheit Feuerwehr Polizei Gesundheit Pflege Kultur Bibliothek Museum'.split(
    ' ',
  );

function bigBody(): DocumentNode {
  const paragraphs: unknown[] = [];
  let words = 0;
  while (words < WORDS_TOTAL) {
    const n = Math.min(100, WORDS_TOTAL - words);
    const text = Array.from({ length: n }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!).join(' ');
    paragraphs.push({ type: 'paragraph', content: [{ type: 'text', text: `${text}.` }] });
    words += n;
  }
  return { type: 'doc', content: paragraphs } as unknown as DocumentNode;
}

function startHost(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const server = join(process.cwd(), 'out', 'web', 'server.cjs');
  const child = spawn(process.execPath, [server, '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PRESSDESK_DATA_DIR: '' },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`web host did not start (run "npm run build"):\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, stop: () => child.kill('SIGTERM') });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

/** Keystroke-to-paint: from the key event to the first task after the next animation frame. */
const LATENCY_PROBE = `(() => {
  window.__latencies = [];
  window.addEventListener('keydown', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - start), 0));
  }, true);
})()`;

async function typeAndMeasure(page: Page): Promise<number[]> {
  await page.evaluate(LATENCY_PROBE);
  // ASCII only: every character is a real key press with its keydown event.
  const text = 'Die Stadt informiert ueber neue Oeffnungszeiten. ';
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.press(text[i % text.length] === ' ' ? 'Space' : text[i % text.length]!);
  }
  await page.waitForTimeout(300);
  return page.evaluate<number[]>('window.__latencies');
}

async function main(): Promise<void> {
  const exe = chromiumPath();
  if (!exe) throw new Error('Chromium not found (set CHROMIUM_PATH).');
  const tmp = makeTempDir();
  const body = bigBody();

  // The engine's part of an autosave: one save of the 10,000-word release through the validated contract.
  const ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
  const created = engineInternals(ws).releases.create({ headline: 'Benchmark: Haushalt 2027', body });
  let version = created.version;
  const engineTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const fields = { teaser: `Fassung ${i}`, body };
    engineTimes.push(
      await timeMsAsync(async () => {
        const out = await dispatch(ws.handlers, 'releases.save', { id: created.id, baseVersion: version, fields });
        if (!out.ok) throw new Error(out.error.message);
        version = (out.value as { version: number }).version;
      }),
    );
  }
  ws.close();
  const engine = engineTimes.slice(10);
  report({ suite, metric: 'autosave_engine_p50', value: percentile(engine, 50), unit: 'ms', detail: '10,000 words' });
  report({ suite, metric: 'autosave_engine_p95', value: percentile(engine, 95), unit: 'ms', detail: machine() });

  const bare = await build({
    entryPoints: [join(process.cwd(), 'renderer', 'src', 'testing', 'bareEditor.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  const bareScript = bare.outputFiles[0]!.text;

  const host = await startHost(tmp.dir);
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
  try {
    // Same context options for both: the baseline is injected into the app's own page.
    // The German interface, as in the e2e suite (the labels below are German).
    const context = await browser.newContext({
      bypassCSP: true,
      locale: 'de-DE',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('button', { name: /^Benchmark: Haushalt 2027/ }).click();
    const editor = page.getByRole('textbox', { name: 'Fließtext', exact: true });
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+End');
    const saves: number[] = [];
    page.on('requestfinished', (request) => {
      if (request.url().includes('/api/releases.save')) saves.push(request.timing().responseEnd);
    });
    const app = await typeAndMeasure(page);
    await page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: /Gespeichert um/ })
      .waitFor();

    // The printed address signs in once; the session cookie opens the app from then on.
    const appUrl = `${new URL(host.url).origin}/`;
    await page.goto(appUrl);
    await page.addScriptTag({ content: bareScript });
    await page.evaluate(`window.mountBareEditor(${JSON.stringify(body)})`);
    await page.locator('.bare-editor').click();
    await page.keyboard.press('Control+End');
    const baseline = await typeAndMeasure(page);

    // The floor of this machine and probe: a plain <textarea> (no editor at all) in the same page.
    await page.goto(appUrl);
    await page.getByRole('main').waitFor();
    await page.evaluate(`(() => {
      const area = document.createElement('textarea');
      area.className = 'bare-textarea';
      area.rows = 10;
      document.body.replaceChildren(area);
    })()`);
    await page.locator('.bare-textarea').click();
    const floor = await typeAndMeasure(page);

    const detail = `${KEYSTROKES} keystrokes, ${WORDS_TOTAL} words, Chromium ${browser.version()}`;
    report({
      suite,
      metric: 'keystroke_to_paint_p50',
      value: percentile(app, 50),
      unit: 'ms',
      baseline: percentile(baseline, 50),
      detail,
    });
    report({
      suite,
      metric: 'keystroke_to_paint_p95',
      value: percentile(app, 95),
      unit: 'ms',
      baseline: percentile(baseline, 95),
      detail,
    });
    const floorDetail = `${KEYSTROKES} keystrokes into an empty plain textarea, the floor of this machine and probe`;
    for (const p of [50, 95]) {
      const value = percentile(floor, p);
      report({ suite, metric: `textarea_keystroke_to_paint_p${p}`, value, unit: 'ms', detail: floorDetail });
    }
    // The autosave's round trip from the page: typing above triggers only one or two autosaves, too few
    // for a percentile, so the same save (the whole 10,000-word body, a changed teaser) is sent from the
    // page as the app's client sends it, 50 times, request start to parsed answer, the first 10 left out.
    const autosaves = saves.length;
    const roundTrips = await page.evaluate<number[]>(`(async () => {
      const call = async (channel, input) => {
        const response = await fetch('/api/' + channel, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
          credentials: 'same-origin',
        });
        return JSON.parse(await response.text());
      };
      const body = ${JSON.stringify(body)};
      let version = (await call('releases.get', { id: ${JSON.stringify(created.id)} })).value.version;
      const times = [];
      for (let i = 0; i < 60; i++) {
        const input = { id: ${JSON.stringify(created.id)}, baseVersion: version, fields: { teaser: 'Runde ' + i, body } };
        const start = performance.now();
        const answer = await call('releases.save', input);
        times.push(performance.now() - start);
        if (!answer.ok) throw new Error(answer.error.code);
        version = answer.value.version;
      }
      return times.slice(10);
    })()`);
    const roundTripDetail = `${roundTrips.length} saves of the 10,000-word release from the page (fetch, as the app's client), ${autosaves} autosave(s) while typing; engine: ${process.env.PRESSDESK_WEB_ENGINE || 'workers'}`;
    for (const p of [50, 95])
      report({
        suite,
        metric: `autosave_round_trip_p${p}`,
        value: percentile(roundTrips, p),
        unit: 'ms',
        detail: roundTripDetail,
      });
    await context.close();
  } finally {
    await browser.close();
    host.stop();
    tmp.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
