import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import type { Io } from './command';
import { cli, EXIT_CANCELLED } from './main';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs the CLI with a stderr that records raw writes (progress lines) and Ctrl+C in the test's hand. */
async function runWith(
  extra: Partial<Io>,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string; raw: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const raw: string[] = [];
  const code = await cli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l), errWrite: (c) => void raw.push(c), ...extra },
    {},
  );
  return { code, out: out.join('\n'), err: err.join('\n'), raw };
}

const data = () => join(tmp.dir, 'data');
const release = (extra: object) => ({ format: 'pressdesk.release/1', language: 'de', ...extra });

describe('pressdesk CLI', () => {
  it('imports a folder of pages and searches it as JSON', async () => {
    const fixtures = resolve(__dirname, '..', 'services', 'archive', 'fixtures');
    const imported = await run('import', fixtures, '--data-dir', data(), '--json');
    expect(JSON.parse(imported.out)).toMatchObject({ imported: 5, updated: 0, skipped: 0 });
    expect(imported.code).toBe(1); // one page without a release is reported

    const found = await run('search', 'radweg', 'OR', 'kita', '--json', '--sort', 'date', '--data-dir', data());
    expect(found.code).toBe(0);
    const rows = JSON.parse(found.out) as Record<string, unknown>[];
    expect(rows.map((r) => r.headline)).toEqual(['Neue Kita eröffnet', 'Neuer Radweg an der Ruhr freigegeben']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['headline', 'id', 'publishedAt', 'score', 'snippet', 'topic']);
    expect(rows[1]!.snippet).toContain('Radweg');

    const limited = await run('search', 'Beispielhausen', '--json', '--limit', '1', '--data-dir', data());
    expect(JSON.parse(limited.out)).toHaveLength(1);
    expect((await run('search', '--sort', 'nonsense', 'x', '--data-dir', data())).code).toBe(2);
  });

  it('imports, lists and shows releases as JSON', async () => {
    const file = join(tmp.dir, 'r.json');
    writeFileSync(
      file,
      JSON.stringify([
        release({
          id: 'a-1',
          headline: 'Erste',
          topic: 'Polizei',
          publishedAt: '2024-01-02T10:00:00Z',
          status: 'published',
          pressContact: 'Pressestelle, Telefon 0711 8990-0',
          relatedLinks: [{ title: 'Polizeibericht', url: 'https://polizei.example.org/bericht' }],
        }),
        release({ id: 'b-2', headline: 'Zweite', publishedAt: '2024-02-02T10:00:00Z' }),
      ]),
    );
    const imported = await run('import', file, '--data-dir', data(), '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({ imported: 2, updated: 0, skipped: 0, errors: [] });

    // options may follow the command name, and --limit cuts the list
    const list = await run('list', '--data-dir', data(), '--json', '--limit', '1');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(['headline', 'id', 'publishedAt', 'status', 'topic', 'updatedAt']);
    expect(rows[0]).toMatchObject({ id: 'b-2', headline: 'Zweite', publishedAt: '2024-02-02T10:00:00.000Z' });

    const show = await run('show', 'a-1', '--json', `--data-dir=${data()}`);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.out)).toMatchObject({
      format: 'pressdesk.release/1',
      id: 'a-1',
      headline: 'Erste',
      topic: 'Polizei',
      status: 'published',
      pressContact: 'Pressestelle, Telefon 0711 8990-0',
      relatedLinks: [{ title: 'Polizeibericht', url: 'https://polizei.example.org/bericht' }],
      correctedAt: null,
    });
    const text = await run('show', 'a-1', `--data-dir=${data()}`);
    expect(text.out).toContain('Polizeibericht: https://polizei.example.org/bericht');
    expect(text.out).toContain('Pressestelle, Telefon 0711 8990-0');
  });

  it('exits non-zero with one line for errors', async () => {
    const missing = await run('show', 'nope', '--data-dir', data());
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('pressdesk: No release with id nope. [NOT_FOUND]');
    const usage = await run('frobnicate', '--data-dir', data());
    expect(usage.code).toBe(2);
    expect(usage.err.split('\n')).toHaveLength(1);
    expect((await run('list', '--bogus')).code).toBe(2);
    const badFile = join(tmp.dir, 'bad.json');
    writeFileSync(badFile, '{"format":"pressdesk.release/1","headline":false}');
    const bad = await run('import', badFile, '--data-dir', data(), '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ imported: 0, errors: [{ file: badFile, code: 'IMPORT_INVALID' }] });
  });

  it('refuses an unusable data directory and a corrupt database clearly', async () => {
    const notDir = join(tmp.dir, 'file');
    writeFileSync(notDir, 'x');
    const a = await run('list', '--data-dir', notDir);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/\[DATA_DIR_NOT_WRITABLE\]$/);
    const dir = join(tmp.dir, 'corrupt');
    await run('list', '--data-dir', dir);
    writeFileSync(join(dir, 'pressdesk.db'), 'garbage'.repeat(1000));
    const b = await run('list', '--data-dir', dir);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/^pressdesk: .*\[DB_CORRUPT\]$/);
  });

  it('runs as the pressdesk bin, building itself when needed', () => {
    const bin = resolve(__dirname, '..', '..', 'bin', 'pressdesk.cjs');
    const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const listed = spawnSync(process.execPath, [bin, 'list', '--data-dir', data(), '--json'], { encoding: 'utf8' });
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});

describe('pressdesk asset', () => {
  const fixture = (name: string) => resolve(__dirname, '..', 'services', 'assets', 'fixtures', name);

  it('imports images and prints their mapped metadata, refusing bad files with a non-zero exit', async () => {
    const text = join(tmp.dir, 'not-an-image.jpg');
    writeFileSync(text, 'Das ist kein Bild');
    const result = await run(
      'asset',
      'import',
      fixture('de-xmp-long.jpg'),
      text,
      fixture('de-xmp-long.jpg'),
      '--data-dir',
      data(),
      '--json',
    );
    expect(result.code).toBe(1);
    const rows = JSON.parse(result.out) as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      width: 160,
      height: 120,
      mime: 'image/jpeg',
      caption: 'Die sanierte Fassade des Schlosses nach Abschluss der Arbeiten, aufgenommen im Frühjahr',
      credit: 'Foto: © Landesamt für Denkmalpflege im Regierungspräsidium Stuttgart/Müller',
      creator: 'Anna Müller',
      copyright: '© Land Baden-Württemberg',
      alt: 'Helle Schlossfassade mit drei Türmen vor blauem Himmel',
      headline: 'Schloss saniert',
      keywords: ['Denkmal', 'Schloss'],
    });
    for (const key of [
      'id',
      'sha256',
      'width',
      'height',
      'mime',
      'caption',
      'credit',
      'creator',
      'copyright',
      'alt',
      'headline',
      'keywords',
    ]) {
      expect(rows[0]).toHaveProperty(key);
    }
    expect(rows[1]).toEqual({ file: text, code: 'ASSET_UNSUPPORTED', message: expect.any(String) as string });
    expect(rows[2]!.id).toBe(rows[0]!.id);

    const list = await run('asset', 'list', '--data-dir', data(), '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as unknown[]).length).toBe(1);
    expect((await run('asset', 'frob', '--data-dir', data())).code).toBe(2);
  });
});

describe('pressdesk export', () => {
  it('exports a folder or a zip and refuses when preflight finds errors', async () => {
    const file = join(tmp.dir, 'r.json');
    writeFileSync(
      file,
      JSON.stringify([
        // Only a published release may appear as a teaser card; the draft is left out with a warning.
        release({ id: 'ok-1', headline: 'Neue Radwege', topic: 'Verkehr', status: 'published' }),
        release({ id: 'empty-1', headline: '' }),
      ]),
    );
    await run('import', file, '--data-dir', data());
    const out = join(tmp.dir, 'bundle');
    const done = await run('export', 'ok-1', '--out', out, '--data-dir', data(), '--json', '--office', 'Stadt Köln');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ out, embargoed: false });
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<title>Neue Radwege – Stadt Köln</title>');
    const withCards = join(tmp.dir, 'cards');
    const cards = await run(
      'export',
      'ok-1',
      '--out',
      withCards,
      '--related',
      'empty-1',
      '--related',
      'ok-1',
      '--data-dir',
      data(),
    );
    expect(cards.code).toBe(0);
    expect(cards.err).toContain('RELATED_NOT_PUBLIC');
    const page = readFileSync(join(withCards, 'index.html'), 'utf8');
    expect(page).toContain('<section class="related-releases"');
    expect(page.match(/<li class="card">/g)).toHaveLength(1);
    const zipped = await run('export', 'ok-1', '--out', join(tmp.dir, 'b.zip'), '--zip', '--data-dir', data());
    expect(zipped.code).toBe(0);
    const blocked = await run('export', 'empty-1', '--out', join(tmp.dir, 'no'), '--data-dir', data());
    expect(blocked.code).toBe(1);
    expect(blocked.err).toContain('HEADLINE_EMPTY');
    expect(blocked.err).toMatch(/\[EXPORT_BLOCKED\]$/);
    expect((await run('export', 'ok-1', '--data-dir', data())).code).toBe(2);
  });
});

describe('pressdesk settings', () => {
  it('sets, gets and lists the office, refusing bad keys and values with stable codes', async () => {
    const logoFile = join(tmp.dir, 'logo.png');
    writeFileSync(
      logoFile,
      await sharp({ create: { width: 240, height: 80, channels: 4, background: '#004b87' } })
        .png()
        .toBuffer(),
    );
    expect((await run('settings', 'set', 'office.name', 'Stadt Köln', '--data-dir', data())).code).toBe(0);
    const url = await run(
      'settings',
      'set',
      'office.url',
      'https://stadt-koeln.example/',
      '--data-dir',
      data(),
      '--json',
    );
    expect(JSON.parse(url.out)).toEqual({ key: 'office.url', value: 'https://stadt-koeln.example/' });
    const logo = await run('settings', 'set', 'office.logo', logoFile, '--data-dir', data(), '--json');
    expect(logo.code).toBe(0);
    const logoId = (JSON.parse(logo.out) as { value: string }).value;
    expect(logoId).toMatch(/^[a-z0-9-]+$/i);
    expect((await run('settings', 'set', 'office.numbering', 'PM {n}/{yyyy}', '--data-dir', data())).code).toBe(0);

    const got = await run('settings', 'get', 'office.name', '--data-dir', data());
    expect(got).toMatchObject({ code: 0, out: 'Stadt Köln' });
    const list = await run('settings', 'list', '--json', '--data-dir', data());
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual({
      'office.name': 'Stadt Köln',
      'office.logo': logoId,
      'office.address': null,
      'office.url': 'https://stadt-koeln.example/',
      'office.contact': null,
      'office.boilerplate': null,
      'office.creditStyle': null,
      'office.numbering': 'PM {n}/{yyyy}',
      'mail.host': null,
      'mail.port': null,
      'mail.security': null,
      'mail.user': null,
      'mail.from': null,
      'mail.replyTo': null,
      'mail.rate': null,
      'approval.fourEyes': 'on',
      'approval.quotes': 'on',
    });

    const unknown = await run('settings', 'set', 'office.colour', 'rot', '--data-dir', data());
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/\[SETTING_UNKNOWN\]$/);
    const badStyle = await run('settings', 'set', 'office.creditStyle', 'unten', '--data-dir', data());
    expect(badStyle.code).toBe(1);
    expect(badStyle.err).toMatch(/\[SETTING_INVALID\]$/);
    const badUrl = await run('settings', 'set', 'office.url', 'ftp://x.example', '--data-dir', data());
    expect(badUrl.err).toMatch(/\[SETTING_INVALID\]$/);
    const notImage = join(tmp.dir, 'logo.txt');
    writeFileSync(notImage, 'kein Bild');
    const badLogo = await run('settings', 'set', 'office.logo', notImage, '--data-dir', data());
    expect(badLogo.code).toBe(1);
    expect(badLogo.err).toMatch(/\[ASSET_UNSUPPORTED\]$/);
    expect((await run('settings', 'get', 'office.nope', '--data-dir', data())).err).toMatch(/\[SETTING_UNKNOWN\]$/);
    expect(JSON.parse((await run('settings', 'list', '--json', '--data-dir', data())).out)).toEqual(
      JSON.parse(list.out),
    );
    expect((await run('settings', 'get', '--data-dir', data())).code).toBe(2);
    expect((await run('settings', 'set', 'office.name', '--data-dir', data())).code).toBe(2);
    expect((await run('settings', 'frob', '--data-dir', data())).code).toBe(2);

    // The export names the office with its logo; --office still overrides the name.
    const file = join(tmp.dir, 'r.json');
    writeFileSync(file, JSON.stringify([release({ id: 'ok-1', headline: 'Neue Radwege', status: 'published' })]));
    await run('import', file, '--data-dir', data());
    const out = join(tmp.dir, 'bundle');
    expect((await run('export', 'ok-1', '--out', out, '--data-dir', data(), '--office', 'Presseamt')).code).toBe(0);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('<title>Neue Radwege – Presseamt</title>');
    expect(page).toContain('src="images/logo.png"');
    expect(existsSync(join(out, 'images', 'logo.png'))).toBe(true);
  });
});

/** Imports release `photos-1` with `count` photos (noise, so that renditions take a moment) as body figures. */
async function importReleaseWithPhotos(count: number, size: number): Promise<void> {
  const dir = join(tmp.dir, 'import');
  mkdirSync(join(dir, 'fotos'), { recursive: true });
  const content = [];
  for (let i = 0; i < count; i += 1) {
    const pixels = Buffer.alloc(size * size * 3);
    for (let p = 0; p < pixels.length; p += 1) pixels[p] = (p * 7919 + i * 104729) % 251;
    await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
      .jpeg()
      .toFile(join(dir, 'fotos', `bild-${i}.jpg`));
    content.push({
      type: 'figure',
      attrs: { file: `fotos/bild-${i}.jpg`, caption: `Bild ${i}`, credit: 'Foto: © Stadt', alt: `Testbild ${i}` },
    });
  }
  const file = join(dir, 'r.json');
  writeFileSync(
    file,
    JSON.stringify(release({ id: 'photos-1', headline: 'Mit Bildern', body: { type: 'doc', content } })),
  );
  const imported = await run('import', file, '--data-dir', data(), '--json');
  expect(JSON.parse(imported.out)).toMatchObject({ imported: 1, errors: [] });
}

/** What a folder holds besides the data directory and the import files (a bundle, or a partial one). */
const leftovers = () => readdirSync(tmp.dir).filter((name) => name !== 'data' && name !== 'import');

describe('pressdesk export progress and Ctrl+C', () => {
  it('shows one updating progress line on stderr when asked, and leaves stdout as it was', async () => {
    await importReleaseWithPhotos(3, 64);
    const plain = await runWith({}, 'export', 'photos-1', '--out', join(tmp.dir, 'a'), '--data-dir', data(), '--json');
    expect(plain.code).toBe(0);
    expect(plain.raw).toEqual([]);

    const shown = await runWith(
      {},
      'export',
      'photos-1',
      '--out',
      join(tmp.dir, 'b'),
      '--data-dir',
      data(),
      '--json',
      '--progress',
    );
    expect(shown.code).toBe(0);
    expect(shown.raw).toEqual([
      '\rImage renditions: 0 of 3\u001b[K',
      '\rImage renditions: 1 of 3\u001b[K',
      '\rImage renditions: 2 of 3\u001b[K',
      '\rImage renditions: 3 of 3\u001b[K',
      '\n',
    ]);
    // stdout is the same JSON apart from the target.
    const withoutOut = (text: string) => ({ ...(JSON.parse(text) as object), out: null });
    expect(withoutOut(shown.out)).toEqual(withoutOut(plain.out));
    expect(shown.err).toBe(plain.err);
  });

  it('shows the line in a terminal, but not with --json there, nor without a terminal', async () => {
    await importReleaseWithPhotos(2, 32);
    const tty = await runWith(
      { errIsTTY: true },
      'export',
      'photos-1',
      '--out',
      join(tmp.dir, 'a'),
      '--data-dir',
      data(),
    );
    expect(tty.code).toBe(0);
    expect(tty.raw.join('')).toBe(
      '\rImage renditions: 0 of 2\u001b[K\rImage renditions: 1 of 2\u001b[K\rImage renditions: 2 of 2\u001b[K\n',
    );
    expect(tty.out).toMatch(/^Exported the bundle to .+ \(\d+ files\)\.$/);
    const ttyJson = await runWith(
      { errIsTTY: true },
      'export',
      'photos-1',
      '--out',
      join(tmp.dir, 'b'),
      '--data-dir',
      data(),
      '--json',
    );
    expect(ttyJson.raw).toEqual([]);
    const pipe = await runWith(
      { errIsTTY: false },
      'export',
      'photos-1',
      '--out',
      join(tmp.dir, 'c'),
      '--data-dir',
      data(),
    );
    expect(pipe.raw).toEqual([]);
  });

  it('Ctrl+C during the renditions stops the export: exit code 130, no bundle, nothing partial', async () => {
    await importReleaseWithPhotos(3, 64);
    let interrupt: (() => void) | undefined;
    let handedBack = 0;
    const out = join(tmp.dir, 'bundle');
    const stopped = await runWith(
      {
        catchInterrupt: (onInterrupt) => {
          interrupt = onInterrupt;
          return () => void (handedBack += 1);
        },
        errWrite: (chunk) => {
          // The user presses Ctrl+C once the first image is done.
          if (chunk.includes('1 of 3')) interrupt?.();
        },
      },
      'export',
      'photos-1',
      '--out',
      out,
      '--data-dir',
      data(),
      '--progress',
    );
    expect(stopped.code).toBe(EXIT_CANCELLED);
    expect(stopped.err).toBe('pressdesk: The export was cancelled; nothing was written. [CANCELLED]');
    expect(stopped.out).toBe('');
    expect(handedBack).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
    // The same export runs to the end afterwards.
    expect((await run('export', 'photos-1', '--out', out, '--data-dir', data())).code).toBe(0);
    expect(leftovers()).toEqual(['bundle']);
  });

  it('Ctrl+C stops a full backup: exit code 130, no archive, nothing partial', async () => {
    await importReleaseWithPhotos(2, 32);
    const out = join(tmp.dir, 'archiv.zip');
    let handedBack = 0;
    const stopped = await runWith(
      {
        catchInterrupt: (onInterrupt) => {
          // The user presses Ctrl+C as soon as the backup has started.
          queueMicrotask(onInterrupt);
          return () => void (handedBack += 1);
        },
      },
      'backup',
      '--out',
      out,
      '--full',
      '--data-dir',
      data(),
    );
    expect(stopped.code).toBe(EXIT_CANCELLED);
    expect(stopped.err).toBe('pressdesk: The full backup was cancelled; nothing was written. [CANCELLED]');
    expect(stopped.out).toBe('');
    expect(handedBack).toBe(1);
    expect(leftovers()).toEqual([]);
    expect((await run('backup', '--out', out, '--full', '--data-dir', data())).code).toBe(0);
    expect(leftovers()).toEqual(['archiv.zip']);
  });

  it('the built command stops on SIGINT and leaves no zip behind', async () => {
    await importReleaseWithPhotos(4, 1600);
    const bin = resolve(__dirname, '..', '..', 'bin', 'pressdesk.cjs');
    const out = join(tmp.dir, 'bundle.zip');
    const child = spawn(
      process.execPath,
      [bin, 'export', 'photos-1', '--out', out, '--zip', '--progress', '--data-dir', data()],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((done) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupted as soon as the renditions have started.
        if (stderr.includes('Image renditions: 0 of 4') && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (exitCode) => done(exitCode));
    });
    expect(stderr).toContain('[CANCELLED]');
    expect(code).toBe(EXIT_CANCELLED);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 60_000);
});

describe('pressdesk backup and restore', () => {
  it('backs up while open and restores, keeping the replaced database', async () => {
    const file = join(tmp.dir, 'r.json');
    writeFileSync(file, JSON.stringify(release({ id: 'one', headline: 'Eins' })));
    await run('import', file, '--data-dir', data());
    const out = join(tmp.dir, 'backup.db');
    expect((await run('backup', '--out', out, '--data-dir', data())).code).toBe(0);
    writeFileSync(file, JSON.stringify(release({ id: 'two', headline: 'Zwei' })));
    await run('import', file, '--data-dir', data());
    const restored = await run('restore', out, '--data-dir', data(), '--json');
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({
      restored: out,
      previous: expect.stringMatching(/before-restore/) as string,
    });
    const list = await run('list', '--data-dir', data(), '--json');
    expect((JSON.parse(list.out) as { id: string }[]).map((r) => r.id)).toEqual(['one']);
    const bad = await run('restore', file, '--data-dir', data());
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/\[DB_CORRUPT\]$/);
  });

  it('restores into the data directory of the environment handed to the CLI', async () => {
    const file = join(tmp.dir, 'r.json');
    writeFileSync(file, JSON.stringify(release({ id: 'one', headline: 'Eins' })));
    await run('import', file, '--data-dir', data());
    const out = join(tmp.dir, 'backup-env.db');
    expect((await run('backup', '--out', out, '--data-dir', data())).code).toBe(0);
    const target = join(tmp.dir, 'aus-der-umgebung');
    const lines: string[] = [];
    const code = await cli(
      ['restore', out, '--json'],
      { out: (l) => lines.push(l), err: () => undefined },
      {
        PRESSDESK_DATA_DIR: target,
      },
    );
    expect(code).toBe(0);
    const list = await run('list', '--data-dir', target, '--json');
    expect((JSON.parse(list.out) as { id: string }[]).map((r) => r.id)).toEqual(['one']);
  });

  it('--full writes a portable archive that restore recognises by content, whatever its name', async () => {
    const file = join(tmp.dir, 'r.json');
    writeFileSync(file, JSON.stringify(release({ id: 'one', headline: 'Eins' })));
    await run('import', file, '--data-dir', data());
    const out = join(tmp.dir, 'umzug.db');
    const written = await run('backup', '--out', out, '--full', '--data-dir', data(), '--json');
    expect(written.code).toBe(0);
    expect(JSON.parse(written.out)).toMatchObject({ kind: 'archive', format: 'pressdesk.archive/1', releases: 1 });
    const other = join(tmp.dir, 'anderer-rechner');
    const restored = await run('restore', out, '--data-dir', other, '--json');
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({ restored: out, kind: 'archive', previous: null, releases: 1 });
    const list = await run('list', '--data-dir', other, '--json');
    expect((JSON.parse(list.out) as { id: string }[]).map((r) => r.id)).toEqual(['one']);
    const again = await run('backup', '--out', out, '--full', '--data-dir', data());
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/\[EXPORT_TARGET_EXISTS\]$/);
  });
});
