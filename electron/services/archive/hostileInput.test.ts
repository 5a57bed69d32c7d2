import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentToPlainText, FIGURE_LIMITS } from '../../../shared/document';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { MAX_PAGE_DEPTH, splitCaptionCredit } from './htmlRelease';

// A hang shows up as a timeout; the outcome is what is asserted, never a time.
const HOSTILE_TIMEOUT = 20_000;

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const TEXT = '<p>Die Stadt gibt den neuen Radweg an der Ruhr frei. Er verbindet die Innenstadt mit dem Ufer.</p>';

function page(figcaption: string, body = TEXT): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Neuer Radweg</title></head>
<body><article><h1>Neuer Radweg an der Ruhr</h1>${body}
<figure><img src="radweg.jpg" alt="Der Radweg am Ufer"><figcaption>${figcaption}</figcaption></figure>
</article></body></html>`;
}

/** Imports one page the way `pressdesk import` does, from a file on disk. */
async function importPage(html: string) {
  const dir = join(tmp.dir, 'pages');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'meldung.html');
  writeFileSync(file, html);
  return ws.importFiles([file]);
}

const figureLine = (): string => {
  const [only] = ws.releases.list().items;
  const release = ws.releases.get(only!.id);
  return documentToPlainText(release.body).split('\n\n').at(-1)!;
};

describe('hostile web pages', () => {
  it(
    'a figcaption of 20,000 dashes before its credit imports, credit found',
    async () => {
      const summary = await importPage(page(`Der neue Radweg ${'-'.repeat(20_000)} Foto: Stadt Beispielhausen`));
      expect(summary).toMatchObject({ imported: 1, errors: [] });
      expect(figureLine()).toMatch(/ — Foto: Stadt Beispielhausen$/);
    },
    HOSTILE_TIMEOUT,
  );

  it(
    'a figcaption of 20,000 dashes without a credit imports, its caption held to the figure limit',
    async () => {
      const summary = await importPage(page(`Der neue Radweg ${'-'.repeat(20_000)}x`));
      expect(summary).toMatchObject({ imported: 1, errors: [] });
      const line = figureLine();
      expect(line.startsWith('• Der neue Radweg ---')).toBe(true);
      expect(line.length).toBeLessThanOrEqual(FIGURE_LIMITS.caption + 10);
    },
    HOSTILE_TIMEOUT,
  );

  it(
    'a figcaption of 20,000 spaces, and one of 20,000 "© ", import',
    async () => {
      expect(await importPage(page(`Radweg${' '.repeat(20_000)}am Ufer`))).toMatchObject({ imported: 1, errors: [] });
      expect(figureLine()).toBe('• Radweg am Ufer');
      ws.close();
      ws = openWorkstation({ dataDir: join(tmp.dir, 'data-2'), host: 'cli' });
      expect(await importPage(page(`Radweg ${'© '.repeat(20_000)}`))).toMatchObject({ imported: 1, errors: [] });
      const line = figureLine();
      expect(line.startsWith('• Radweg — Foto: © © ©')).toBe(true);
      expect(line.length).toBeLessThanOrEqual(FIGURE_LIMITS.credit + 30);
    },
    HOSTILE_TIMEOUT,
  );

  it(
    'a page nesting 10,000 divs is refused with IMPORT_TOO_COMPLEX, and nothing is written',
    async () => {
      const deep = `${'<div>'.repeat(10_000)}${TEXT}${'</div>'.repeat(10_000)}`;
      const summary = await importPage(page('Radweg', deep));
      expect(summary.imported).toBe(0);
      expect(summary.errors).toEqual([expect.objectContaining({ code: 'IMPORT_TOO_COMPLEX' })]);
      // Unclosed, too.
      const open = await importPage(page('Radweg', `${'<div>'.repeat(100_000)}${TEXT}`));
      expect(open.errors).toEqual([expect.objectContaining({ code: 'IMPORT_TOO_COMPLEX' })]);
      expect(ws.releases.list().total).toBe(0);
    },
    HOSTILE_TIMEOUT,
  );

  it(
    'a page nested as deep as allowed, and one too large for Readability, still import',
    async () => {
      const deep = `${'<div>'.repeat(MAX_PAGE_DEPTH - 10)}${TEXT}${'</div>'.repeat(MAX_PAGE_DEPTH - 10)}`;
      expect(await importPage(page('Radweg', deep))).toMatchObject({ imported: 1, errors: [] });
      ws.close();
      ws = openWorkstation({ dataDir: join(tmp.dir, 'data-2'), host: 'cli' });
      const wide = `${TEXT}${'<div><span>Absatz</span></div>'.repeat(30_000)}`;
      expect(await importPage(page('Radweg', wide))).toMatchObject({ imported: 1, errors: [] });
      const release = ws.releases.get(ws.releases.list().items[0]!.id);
      expect(documentToPlainText(release.body)).toContain('Die Stadt gibt den neuen Radweg');
    },
    HOSTILE_TIMEOUT,
  );

  it('splits caption and credit as before: the first credit prefix, separators trimmed', () => {
    expect(splitCaptionCredit('Der Radweg am Ufer. – Foto: Jane Doe')).toEqual({
      caption: 'Der Radweg am Ufer.',
      credit: 'Foto: Jane Doe',
    });
    expect(splitCaptionCredit('Radweg | © Stadt / Foto: Amt')).toEqual({
      caption: 'Radweg',
      credit: '© Stadt / Foto: Amt',
    });
    expect(splitCaptionCredit('(c) dpa')).toEqual({ caption: '', credit: '(c) dpa' });
    expect(splitCaptionCredit('Radweg — Bild : Archiv')).toEqual({ caption: 'Radweg', credit: 'Bild : Archiv' });
    expect(splitCaptionCredit('Ein Radweg ohne Nachweis')).toBeNull();
    expect(splitCaptionCredit(`${'-'.repeat(50_000)}`)).toBeNull();
  });
});
