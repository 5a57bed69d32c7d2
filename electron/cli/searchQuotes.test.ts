import { writeFileSync } from 'node:fs';
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
const quote = (speaker: string, role: string, text: string) => ({
  type: 'quote',
  attrs: { speaker, role },
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const release = (id: string, headline: string, status: string, ...content: unknown[]) => ({
  format: 'pressdesk.release/1',
  language: 'de',
  id,
  headline,
  status,
  publishedAt: '2024-05-02T08:00:00Z',
  body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Einleitung.' }] }, ...content] },
});

describe('pressdesk search sprecher:', () => {
  beforeEach(async () => {
    const file = join(tmp.dir, 'r.json');
    writeFileSync(
      file,
      JSON.stringify([
        release(
          'p-1',
          'Mehr Geld für die Pflege',
          'published',
          quote('Manne Lucha', 'Minister', '„Die Pflege zählt.“'),
        ),
        release('p-2', 'Pflege im Entwurf', 'draft', quote('Manne Lucha', 'Minister', '„Noch offen.“')),
        release('p-3', 'Hofbesuch', 'published', quote('Cem Özdemir', 'Bundesminister', '„Ein schöner Hof.“')),
      ]),
    );
    expect((await run('import', file, '--data-dir', data())).code).toBe(0);
  });

  it('prints the quotes of the person asked for as JSON, combined with words and filters', async () => {
    const found = await run(
      'search',
      'sprecher:Lucha',
      'Pflege',
      'status:veröffentlicht',
      '--json',
      '--data-dir',
      data(),
    );
    expect(found.code).toBe(0);
    const rows = JSON.parse(found.out) as Record<string, unknown>[];
    expect(rows.map((r) => r.id)).toEqual(['p-1']);
    expect(rows[0]!.quotes).toEqual([{ speaker: 'Manne Lucha', role: 'Minister', text: '„Die Pflege zählt.“' }]);

    const folded = JSON.parse((await run('search', 'sprecher:ozdemir', '--json', '--data-dir', data())).out) as {
      id: string;
      quotes: { speaker: string }[];
    }[];
    expect(folded.map((r) => [r.id, r.quotes[0]!.speaker])).toEqual([['p-3', 'Cem Özdemir']]);
    // A search without a speaker keeps the JSON rows as they were.
    const plain = JSON.parse((await run('search', 'Pflege', '--json', '--data-dir', data())).out) as object[];
    expect(Object.keys(plain[0]!)).not.toContain('quotes');
  });

  it('prints the quotes under each hit in the text output', async () => {
    const found = await run('search', 'speaker:"Manne Lucha"', '--sort', 'date', '--data-dir', data());
    expect(found.code).toBe(0);
    const lines = found.out.split('\n');
    const hit = lines.findIndex((l) => l.includes('Mehr Geld für die Pflege'));
    expect(hit).toBeGreaterThanOrEqual(0);
    expect(lines.slice(hit + 2, hit + 4)).toEqual(['    > „Die Pflege zählt.“', '      — Manne Lucha, Minister']);
    expect(lines.at(-1)).toBe('2 found.');
  });
});
