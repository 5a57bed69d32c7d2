import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { cli } from './main';

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

const data = () => join(tmp.dir, 'data');
const release = (extra: object) => ({ format: 'pressdesk.release/1', language: 'de', ...extra });

async function seed(): Promise<void> {
  const file = join(tmp.dir, 'r.json');
  writeFileSync(
    file,
    JSON.stringify([
      release({
        id: 'ok-1',
        headline: 'Neue Radwege für Köln',
        topic: 'Verkehr',
        status: 'published',
        dateline: 'Köln',
        bodyHtml: '<p>Die Stadt baut <strong>zwölf</strong> Kilometer.</p><ul><li>Mülheim</li></ul>',
        tags: ['Radverkehr'],
      }),
      release({ id: 'empty-1', headline: '' }),
    ]),
  );
  expect((await run('import', file, '--data-dir', data())).code).toBe(0);
}

describe('pressdesk export --docx / --wire', () => {
  it('writes a Word file, read back by mammoth, and prints {out, embargoed, findings, bytes}', async () => {
    await seed();
    const out = join(tmp.dir, 'radwege.docx');
    const done = await run(
      'export',
      'ok-1',
      '--docx',
      '--out',
      out,
      '--data-dir',
      data(),
      '--json',
      '--office',
      'Stadt Köln',
    );
    expect(done.code).toBe(0);
    const result = JSON.parse(done.out) as { out: string; bytes: number; embargoed: boolean; findings: unknown[] };
    expect(result).toMatchObject({ out, embargoed: false });
    expect(result.bytes).toBe(readFileSync(out).byteLength);
    const html = (await mammoth.convertToHtml({ path: out })).value;
    expect(html).toContain('<h1>Neue Radwege für Köln</h1>');
    expect(html).toContain('<strong>zwölf</strong>');
    expect(html).toContain('<ul><li>Mülheim</li></ul>');
    // Never over an existing file; nothing partial left.
    const again = await run('export', 'ok-1', '--docx', '--out', out, '--data-dir', data());
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/\[EXPORT_TARGET_EXISTS\]$/);
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('refuses when preflight finds errors and writes nothing', async () => {
    await seed();
    const out = join(tmp.dir, 'leer.docx');
    const blocked = await run('export', 'empty-1', '--docx', '--out', out, '--data-dir', data(), '--json');
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.out)).toMatchObject({ out: null });
    expect(blocked.err).toContain('HEADLINE_EMPTY');
    expect(existsSync(out)).toBe(false);
    expect((await run('export', 'ok-1', '--docx', '--wire', '--out', out, '--data-dir', data())).code).toBe(2);
  });

  it('writes the wire text in the ots layout', async () => {
    await seed();
    const out = join(tmp.dir, 'radwege.txt');
    const done = await run('export', 'ok-1', '--wire', '--out', out, '--data-dir', data());
    expect(done.code).toBe(0);
    expect(done.out).toContain('wire text');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(
      'Neue Radwege für Köln\r\n\r\nKöln (ots) - Die Stadt baut zwölf Kilometer.\r\n\r\n- Mülheim',
    );
    expect(text).toContain('Schlagworte: Radverkehr');
  });

  it('imports the exported Word file again as a release (same JSON summary as other files)', async () => {
    await seed();
    const out = join(tmp.dir, 'radwege.docx');
    expect((await run('export', 'ok-1', '--docx', '--out', out, '--data-dir', data())).code).toBe(0);
    const other = join(tmp.dir, 'other');
    const imported = await run('import', out, '--data-dir', other, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({ imported: 1, updated: 0, skipped: 0, errors: [] });
    const listed = await run('list', '--data-dir', other, '--json');
    expect(listed.out).toContain('Neue Radwege für Köln');
  });
});
