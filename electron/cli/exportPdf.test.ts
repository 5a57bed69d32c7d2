import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

describe('pressdesk export --pdf', () => {
  it('writes the PDF, refuses an existing file, a missing folder and preflight errors with codes', async () => {
    const file = join(tmp.dir, 'r.json');
    writeFileSync(
      file,
      JSON.stringify([
        release({
          id: 'ok-1',
          headline: 'Neue Radwege für Köln',
          topic: 'Verkehr',
          status: 'published',
          teaser: '„Mehr Platz“ für Radfahrerinnen und Fußgänger.',
        }),
        release({ id: 'empty-1', headline: '' }),
      ]),
    );
    await run('import', file, '--data-dir', data());
    await run('settings', 'set', 'office.name', 'Stadt Köln', '--data-dir', data());
    const out = join(tmp.dir, 'radwege.pdf');
    const done = await run('export', 'ok-1', '--pdf', '--out', out, '--data-dir', data(), '--json');
    expect(done.code).toBe(0);
    const result = JSON.parse(done.out) as { out: string; pages: number; embargoed: boolean; bytes: number };
    expect(result).toMatchObject({ out, pages: 1, embargoed: false });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(result.bytes).toBe(readFileSync(out).length);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Stadt Köln');
    expect(text).toContain('Neue Radwege für Köln');
    expect(text).toContain('„Mehr Platz“ für Radfahrerinnen und Fußgänger.');

    const human = await run('export', 'ok-1', '--pdf', '--out', join(tmp.dir, 'b.pdf'), '--data-dir', data());
    expect(human.out).toMatch(/^Exported the PDF to .*b\.pdf \(1 page\)\.$/);

    const again = await run('export', 'ok-1', '--pdf', '--out', out, '--data-dir', data());
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/\[EXPORT_TARGET_EXISTS\]$/);
    const nowhere = await run('export', 'ok-1', '--pdf', '--out', join(tmp.dir, 'no', 'x.pdf'), '--data-dir', data());
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('does not exist');
    expect(nowhere.err).toMatch(/\[EXPORT_TARGET_NOT_WRITABLE\]$/);
    const blocked = await run('export', 'empty-1', '--pdf', '--out', join(tmp.dir, 'c.pdf'), '--data-dir', data());
    expect(blocked.code).toBe(1);
    expect(blocked.err).toContain('HEADLINE_EMPTY');
    expect(blocked.err).toMatch(/\[EXPORT_BLOCKED\]$/);
    expect(
      (await run('export', 'ok-1', '--pdf', '--zip', '--out', join(tmp.dir, 'd.pdf'), '--data-dir', data())).code,
    ).toBe(2);
    // Nothing but the two PDFs (no partial files).
    expect(
      readdirSync(tmp.dir)
        .filter((f) => f.endsWith('.pdf') || f.includes('partial'))
        .sort(),
    ).toEqual(['b.pdf', 'radwege.pdf']);
    expect(existsSync(join(tmp.dir, 'c.pdf'))).toBe(false);
  });
});
