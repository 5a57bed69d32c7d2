import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentToPlainText, FIGURE_LIMITS } from '../../../shared/document';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { MAX_PAGE_DEPTH, splitCaptionCredit } from './htmlRelease';
import { engineInternals } from '../testing/internals';

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
  const [only] = engineInternals(ws).releases.list().items;
  const release = engineInternals(ws).releases.get(only!.id);
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
      expect(engineInternals(ws).releases.list().total).toBe(0);
    },
    HOSTILE_TIMEOUT,
  );

  it(
    'pages full of players, of chrome-like classes and of nested short texts import (the chrome passes are bounded)',
    async () => {
      const players = `<div>${`${TEXT}<iframe src="https://video.example/x">Kein iFrame</iframe>`.repeat(3_000)}</div>`;
      expect(await importPage(page('Radweg', players))).toMatchObject({ imported: 1, errors: [] });
      const cookies = `${TEXT}${'<div class="cookie-note"><span>Absatz über Cookies und mehr Text</span></div>'.repeat(10_000)}`;
      expect(await importPage(page('Radweg', cookies))).toMatchObject({ errors: [] });
      const chains = `${TEXT}${`${'<span>'.repeat(400)}Anzeige${'</span>'.repeat(400)}`.repeat(100)}`;
      expect(await importPage(page('Radweg', chains))).toMatchObject({ errors: [] });
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
      const release = engineInternals(ws).releases.get(engineInternals(ws).releases.list().items[0]!.id);
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

describe('folder imports', () => {
  const release = (id: string, headline: string) =>
    JSON.stringify({ format: 'pressdesk.release/1', language: 'de', id, headline });

  it('never follow a symbolic link, in or out of the folder, and report each', async () => {
    const outside = join(tmp.dir, 'outside');
    const folder = join(tmp.dir, 'import');
    mkdirSync(join(outside, 'more'), { recursive: true });
    mkdirSync(folder);
    writeFileSync(join(outside, 'secret.json'), release('secret-1', 'Geheim'));
    writeFileSync(join(outside, 'more', 'also.json'), release('secret-2', 'Auch geheim'));
    writeFileSync(join(folder, 'a.json'), release('a-1', 'Sichtbar'));
    symlinkSync(join(outside, 'secret.json'), join(folder, 'b-link.json'));
    symlinkSync(join(outside, 'more'), join(folder, 'c-folder'));
    symlinkSync(join(folder, 'a.json'), join(folder, 'd-inside.json'));
    symlinkSync(join(tmp.dir, 'nowhere.json'), join(folder, 'e-dangling.json'));

    const summary = await ws.importFiles([folder]);
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.headline),
    ).toEqual(['Sichtbar']);
    expect(summary.imported).toBe(1);
    expect(summary.errors.map((e) => [e.file, e.code])).toEqual([
      [join(folder, 'b-link.json'), 'IMPORT_NOT_A_FILE'],
      [join(folder, 'c-folder'), 'IMPORT_NOT_A_FILE'],
      [join(folder, 'd-inside.json'), 'IMPORT_NOT_A_FILE'],
      [join(folder, 'e-dangling.json'), 'IMPORT_NOT_A_FILE'],
    ]);
    expect(summary.errors[0]!.message).toContain('symbolic link');
  });

  it(
    'report a FIFO without opening it for a read that would wait forever',
    async () => {
      const folder = join(tmp.dir, 'import');
      mkdirSync(folder);
      writeFileSync(join(folder, 'a.json'), release('a-1', 'Sichtbar'));
      execFileSync('mkfifo', [join(folder, 'b.json')]);
      execFileSync('mkfifo', [join(folder, 'c.html')]);
      const summary = await ws.importFiles([folder]);
      expect(summary.imported).toBe(1);
      expect(summary.errors.map((e) => [e.file, e.code])).toEqual([
        [join(folder, 'b.json'), 'IMPORT_NOT_A_FILE'],
        [join(folder, 'c.html'), 'IMPORT_NOT_A_FILE'],
      ]);
      expect(summary.errors[0]!.message).toContain('FIFO');
      // Named directly, a FIFO is refused as well (a path the user names may be a link to a file, not a pipe).
      const direct = await ws.importFiles([join(folder, 'b.json')]);
      expect(direct.errors).toEqual([expect.objectContaining({ code: 'IMPORT_NOT_A_FILE' })]);
    },
    HOSTILE_TIMEOUT,
  );

  it('read a device only when it is named, never from a folder, and follow a link the user names', async () => {
    const folder = join(tmp.dir, 'import');
    mkdirSync(folder);
    symlinkSync('/dev/zero', join(folder, 'zero.json'));
    const summary = await ws.importFiles([folder, '/dev/null']);
    expect(summary.errors.map((e) => e.code)).toEqual(['IMPORT_NOT_A_FILE', 'IMPORT_NOT_A_FILE']);

    const real = join(tmp.dir, 'real.json');
    writeFileSync(real, release('named-1', 'Benannt'));
    symlinkSync(real, join(tmp.dir, 'named-link.json'));
    expect(await ws.importFiles([join(tmp.dir, 'named-link.json')])).toMatchObject({ imported: 1, errors: [] });
  });

  it('read images placed by file only from inside the folder, never through a link', async () => {
    const outside = join(tmp.dir, 'outside');
    const folder = join(tmp.dir, 'import');
    mkdirSync(outside);
    mkdirSync(folder);
    const photo = join(__dirname, '..', 'assets', 'fixtures', 'de-iim-utf8.jpg');
    copyFileSync(photo, join(folder, 'real.jpg'));
    symlinkSync(join(folder, 'real.jpg'), join(folder, 'linked.jpg'));
    symlinkSync(photo, join(folder, 'outside.jpg'));
    symlinkSync(join(__dirname, '..', 'assets', 'fixtures'), join(folder, 'bilder'));
    const withImage = (id: string, file: string) =>
      JSON.stringify({
        format: 'pressdesk.release/1',
        language: 'de',
        id,
        headline: `Mit Bild ${id}`,
        leadImage: { file, caption: 'Bild', credit: 'Foto: Stadt', alt: 'Ein Bild' },
      });
    writeFileSync(join(folder, 'a.json'), withImage('a-1', 'linked.jpg'));
    writeFileSync(join(folder, 'b.json'), withImage('b-1', 'outside.jpg'));
    writeFileSync(join(folder, 'c.json'), withImage('c-1', 'bilder/de-iim-utf8.jpg'));
    writeFileSync(join(folder, 'd.json'), withImage('d-1', 'real.jpg'));
    const summary = await ws.importFiles(['a', 'b', 'c', 'd'].map((n) => join(folder, `${n}.json`)));
    expect(summary.errors.map((e) => e.code)).toEqual(['IMPORT_NOT_A_FILE', 'IMPORT_INVALID', 'IMPORT_INVALID']);
    // The image that is a file in the folder is stored, once.
    expect(summary.imported).toBe(1);
    expect(engineInternals(ws).assets.list().total).toBe(1);
  });
});
