import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
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

describe('pressdesk export --review-copy', () => {
  it('writes the review copy as PDF and as Word file, also for a release preflight blocks', async () => {
    const file = join(tmp.dir, 'r.json');
    const quote = {
      type: 'quote',
      attrs: { speaker: 'Anna Beispiel', role: 'Ministerin' },
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Ein guter Tag.“' }] }],
    };
    writeFileSync(
      file,
      JSON.stringify([
        {
          format: 'pressdesk.release/1',
          language: 'de',
          id: 'rc-1',
          headline: 'Neue Radwege für Köln',
          teaser: 'Mehr Platz für Radfahrerinnen.',
          body: {
            type: 'doc',
            content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Die Stadt baut.' }] }, quote],
          },
        },
        // No headline: every public output refuses it, the review copy does not.
        { format: 'pressdesk.release/1', language: 'de', id: 'rc-2', headline: '' },
      ]),
    );
    expect((await run('import', file, '--data-dir', data())).code).toBe(0);

    const pdf = join(tmp.dir, 'freigabe.pdf');
    const done = await run('export', 'rc-1', '--review-copy', '--pdf', pdf, '--data-dir', data(), '--json');
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    const result = JSON.parse(done.out) as Record<string, unknown>;
    expect(result).toEqual({
      out: pdf,
      format: 'pdf',
      version: 1,
      quotes: 1,
      bytes: readFileSync(pdf).length,
      pages: 2,
    });
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('ENTWURF – nicht zur Veröffentlichung · Fassung 1');
    expect(text).toMatch(/^ *1 {2,}Neue Radwege für Köln/m);
    expect(text).toContain('Zitate zur Freigabe');
    expect(text).toContain('Anna Beispiel, Ministerin');
    expect(text).toContain('Status: offen');

    const docx = join(tmp.dir, 'freigabe.docx');
    const word = await run('export', 'rc-1', '--review-copy', '--docx', '--out', docx, '--data-dir', data());
    expect(word.code).toBe(0);
    expect(word.out).toBe(`Exported the review copy (Word file, version 1, 1 quote) to ${docx}.`);
    const bytes = readFileSync(docx);
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    expect(value).toContain('ENTWURF – nicht zur Veröffentlichung');
    expect(value).toContain('Zitate zur Freigabe');
    expect(strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!)).toContain('<w:lnNumType');

    const blocked = join(tmp.dir, 'leer.pdf');
    expect((await run('export', 'rc-2', '--review-copy', '--pdf', blocked, '--data-dir', data())).code).toBe(0);
    expect((await run('export', 'rc-2', '--pdf', '--out', join(tmp.dir, 'x.pdf'), '--data-dir', data())).code).toBe(1);

    // The log names the review copies.
    const log = await run('log', 'rc-1', '--data-dir', data(), '--json');
    expect(log.out).toContain('review-pdf');
    expect(log.out).toContain('review-docx');

    // Wrong usage, an existing file, a missing release.
    const usage = async (...argv: string[]) => (await run('export', ...argv, '--data-dir', data())).code;
    expect(await usage('rc-1', '--review-copy', join(tmp.dir, 'a.pdf'))).toBe(2);
    expect(await usage('rc-1', '--review-copy', '--pdf', '--docx', join(tmp.dir, 'a.pdf'))).toBe(2);
    expect(await usage('rc-1', '--review-copy', '--pdf', '--zip', join(tmp.dir, 'a.pdf'))).toBe(2);
    expect(await usage('rc-1', '--review-copy', '--pdf')).toBe(2);
    expect(await usage('rc-1', '--review-copy', '--pdf', '--embargoed', join(tmp.dir, 'a.pdf'))).toBe(2);
    expect(await usage('rc-1', '--review-copy', '--pdf', 'a.pdf', '--out', 'b.pdf')).toBe(2);
    const again = await run('export', 'rc-1', '--review-copy', '--pdf', pdf, '--data-dir', data());
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/\[EXPORT_TARGET_EXISTS\]$/);
    const missing = await run(
      'export',
      'nope',
      '--review-copy',
      '--docx',
      join(tmp.dir, 'n.docx'),
      '--data-dir',
      data(),
    );
    expect(missing.err).toMatch(/\[NOT_FOUND\]$/);
    expect(
      readdirSync(tmp.dir)
        .filter((f) => /\.(?:pdf|docx)$/.test(f) || f.includes('partial'))
        .sort(),
    ).toEqual(['freigabe.docx', 'freigabe.pdf', 'leer.pdf']);
    expect(existsSync(join(tmp.dir, 'x.pdf'))).toBe(false);
  });
});
