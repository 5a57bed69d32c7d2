import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { CHECK_CHUNK_ROWS } from '../services/contacts/contactImport';
import { cli, EXIT_CANCELLED } from './main';

const german = (n: number) => new Intl.NumberFormat('de-DE').format(n);

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
const fixture = (name: string) => resolve(__dirname, '..', 'services', 'contacts', 'fixtures', name);

describe('pressdesk contacts and lists', () => {
  it('imports onto a list, lists contacts and lists as JSON, and reports bad rows with exit 1', async () => {
    const clean = await run(
      'contacts',
      'import',
      fixture('outlook-en.csv'),
      fixture('contacts-3.0.vcf'),
      '--list',
      'Landespresse',
      '--json',
      '--data-dir',
      data(),
    );
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out)).toEqual({ imported: 5, updated: 0, skipped: 0, errors: [] });

    const bad = await run(
      'contacts',
      'import',
      fixture('bad-rows.csv'),
      join(tmp.dir, 'fehlt.csv'),
      '--json',
      '--data-dir',
      data(),
    );
    expect(bad.code).toBe(1);
    const summary = JSON.parse(bad.out) as {
      imported: number;
      errors: { file: string; line: number; code: string; message: string }[];
    };
    expect(summary.imported).toBe(2);
    expect(summary.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'CONTACT_EMAIL_MISSING'],
      [4, 'CONTACT_EMAIL_INVALID'],
      [5, 'CONTACT_INVALID'],
      [6, 'CONTACT_EMAIL_INVALID'],
      [8, 'CONTACT_INVALID'],
      [0, 'FILE_UNREADABLE'],
    ]);
    expect(Object.keys(summary.errors[0]!).sort()).toEqual(['code', 'file', 'line', 'message']);
    expect(summary.errors[0]!.file).toBe(fixture('bad-rows.csv'));

    const human = await run('contacts', 'import', fixture('bad-rows.csv'), '--data-dir', data());
    expect(human.code).toBe(1);
    expect(human.out).toBe('Imported 0, updated 0, unchanged 2, refused 5.');
    expect(human.err).toContain('bad-rows.csv:3: The row has no e-mail address. [CONTACT_EMAIL_MISSING]');

    const listed = await run('contacts', 'list', '--list', 'landespresse', '--json', '--data-dir', data());
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.out) as Record<string, unknown>[];
    expect(rows.map((r) => r.name)).toEqual([
      'Anna Müller',
      'Chloé Dubois',
      'Jörg Weiß',
      'Jürgen Köhler',
      'Maria Schäfer',
    ]);
    expect(Object.keys(rows[0]!).sort()).toEqual(['email', 'id', 'lists', 'name', 'optOut', 'outlet']);
    expect(rows[0]).toMatchObject({ outlet: 'Stuttgarter Zeitung', lists: ['Landespresse'], optOut: false });

    const all = await run('contacts', 'list', '--json', '--data-dir', data());
    expect(JSON.parse(all.out)).toHaveLength(7);
    const missing = await run('contacts', 'list', '--list', 'Gibt es nicht', '--data-dir', data());
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('LIST_NOT_FOUND');

    const lists = await run('lists', '--json', '--data-dir', data());
    expect(JSON.parse(lists.out)).toEqual([{ name: 'Landespresse', contacts: 5 }]);
    const listsHuman = await run('lists', '--data-dir', data());
    expect(listsHuman.out).toMatch(/^Landespresse\s+5$/);
  });

  it('opts an address out for good and exports a CSV for Excel that does not overwrite', async () => {
    await run('contacts', 'import', fixture('excel-de-1252.csv'), '--list', 'Wirtschaft', '--data-dir', data());
    const opted = await run(
      'contacts',
      'optout',
      'Guenter.Gruesser@swp.example.de',
      'neu@example.org',
      '--json',
      '--data-dir',
      data(),
    );
    expect(opted.code).toBe(0);
    const results = JSON.parse(opted.out) as { email: string; optOut: boolean; contact: string | null }[];
    expect(results.map((r) => [r.email, r.optOut, r.contact === null])).toEqual([
      ['Guenter.Gruesser@swp.example.de', true, false],
      ['neu@example.org', true, true],
    ]);
    const refused = await run('contacts', 'optout', 'kein-at', '--data-dir', data());
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('CONTACT_EMAIL_INVALID');

    const listed = JSON.parse((await run('contacts', 'list', '--json', '--data-dir', data())).out) as {
      email: string;
      optOut: boolean;
    }[];
    expect(listed.filter((c) => c.optOut).map((c) => c.email)).toEqual(['guenter.gruesser@swp.example.de']);

    // An address opted out before it was ever imported is imported opted out.
    writeFileSync(join(tmp.dir, 'neu.csv'), 'E-Mail;Name\nneu@example.org;Neue Person\n');
    await run('contacts', 'import', join(tmp.dir, 'neu.csv'), '--data-dir', data());
    const neu = JSON.parse((await run('contacts', 'list', '--json', '--data-dir', data())).out) as {
      email: string;
      optOut: boolean;
    }[];
    expect(neu.find((c) => c.email === 'neu@example.org')?.optOut).toBe(true);

    const out = join(tmp.dir, 'verteiler.csv');
    const exported = await run(
      'contacts',
      'export',
      '--out',
      out,
      '--list',
      'Wirtschaft',
      '--json',
      '--data-dir',
      data(),
    );
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out)).toEqual({ file: out, count: 3 });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('Günter Grüßer;Südwest Presse;Ressortleiter;guenter.gruesser@swp.example.de;');
    expect(text).toContain(';ja;Wirtschaft\r\n');

    const again = await run('contacts', 'export', '--out', out, '--data-dir', data());
    expect(again.code).toBe(1);
    expect(again.err).toContain('EXPORT_TARGET_EXISTS');
    expect((await run('contacts', 'export', '--data-dir', data())).code).toBe(2);
    expect(existsSync(join(tmp.dir, 'x.csv'))).toBe(false);
    expect((await run('contacts', 'frobnicate', '--data-dir', data())).code).toBe(2);
  });

  it('shows the rows checked on a terminal, and Ctrl+C stops the import with exit 130 keeping only whole files', async () => {
    const write = (name: string, prefix: string, rows: number) => {
      const lines = ['Name;E-Mail'];
      for (let i = 0; i < rows; i += 1) lines.push(`${prefix} ${i};${prefix}.${i}@example.org`);
      writeFileSync(join(tmp.dir, name), `${lines.join('\n')}\n`);
      return join(tmp.dir, name);
    };
    const first = write('erste.csv', 'a', 10);
    const second = write('zweite.csv', 'b', 3 * CHECK_CHUNK_ROWS);
    const out: string[] = [];
    const err: string[] = [];
    const chunks: string[] = [];
    let interrupt: (() => void) | null = null;
    let handedBack = 0;
    const code = await cli(
      ['contacts', 'import', first, second, '--data-dir', data()],
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        errIsTTY: true,
        errWrite: (chunk) => {
          chunks.push(chunk);
          // The user presses Ctrl+C while the second file's rows are checked.
          if (chunk.includes(`Contacts: ${german(10 + CHECK_CHUNK_ROWS)} of`)) interrupt?.();
        },
        catchInterrupt: (onInterrupt) => {
          interrupt = onInterrupt;
          return () => void (handedBack += 1);
        },
      },
      {},
    );
    expect(code).toBe(EXIT_CANCELLED);
    expect(out).toEqual([]);
    expect(err.join('\n')).toBe(
      `pressdesk: The import was cancelled; imported before: ${first}. The file in progress and those after it were not imported. [CANCELLED]`,
    );
    expect(handedBack).toBe(1);
    expect(chunks[0]).toBe(`\rContacts: 0 of ${german(10 + 3 * CHECK_CHUNK_ROWS)} rows checked\u001b[K`);
    // The progress line ends before anything else is printed.
    expect(chunks[chunks.length - 1]).toBe('\n');
    // The first file is in, nothing of the second.
    const listed = await run('contacts', 'list', '--json', '--data-dir', data());
    const emails = (JSON.parse(listed.out) as { email: string }[]).map((r) => r.email);
    expect(emails).toHaveLength(10);
    expect(emails.every((e) => e.startsWith('a.'))).toBe(true);
    // Run again, the import goes through; --json shows no progress line and prints exactly the summary.
    const again = await run('contacts', 'import', first, second, '--json', '--data-dir', data());
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ imported: 3 * CHECK_CHUNK_ROWS, updated: 0, skipped: 10, errors: [] });
  });
});
