import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentToPlainText } from '../../../shared/document';
import { htmlToDocument } from '../../../shared/document/fromHtml';
import { releaseToInterchange } from '../../../shared/domain';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from '../testing/internals';

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

function file(name: string, content: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
}

const base = { format: 'pressdesk.release/1', language: 'de' };

describe('import of pressdesk.release/1', () => {
  it('reads one object, an array and NDJSON', async () => {
    const a = file('a.json', JSON.stringify({ ...base, id: 'a', headline: 'Eins' }));
    const b = file(
      'b.json',
      JSON.stringify([
        { ...base, id: 'b', headline: 'Zwei' },
        { ...base, id: 'c', headline: 'Drei' },
      ]),
    );
    const c = file(
      'c.ndjson',
      `${JSON.stringify({ ...base, id: 'd', headline: 'Vier' })}\n\n${JSON.stringify({ ...base, id: 'e', headline: 'Fünf' })}\n`,
    );
    const summary = await ws.importFiles([a, b, c]);
    expect(summary).toEqual({ imported: 5, updated: 0, skipped: 0, errors: [] });
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.id)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reads related releases, writes them back, and refuses more than twelve', async () => {
    const ok = file(
      'related.json',
      JSON.stringify({ ...base, id: 'r', headline: 'Mit Weiteren Meldungen', relatedReleaseIds: ['a', 'b', 'a'] }),
    );
    expect(await ws.importFiles([ok])).toMatchObject({ imported: 1, errors: [] });
    expect(engineInternals(ws).releases.get('r').relatedReleaseIds).toEqual(['a', 'b']);
    expect(releaseToInterchange(engineInternals(ws).releases.get('r')).relatedReleaseIds).toEqual(['a', 'b']);
    // A file without the field (written before it existed) imports with none.
    const old = file('old.json', JSON.stringify({ ...base, id: 'o', headline: 'Ohne' }));
    await ws.importFiles([old]);
    expect(engineInternals(ws).releases.get('o').relatedReleaseIds).toEqual([]);

    const many = file(
      'many.json',
      JSON.stringify({
        ...base,
        id: 'm',
        headline: 'Zu viele',
        relatedReleaseIds: Array.from({ length: 13 }, (_, i) => `x${i}`),
      }),
    );
    const summary = await ws.importFiles([many]);
    expect(summary).toMatchObject({ imported: 0, errors: [{ code: 'IMPORT_INVALID' }] });
    expect(engineInternals(ws).releases.find('m')).toBeNull();
  });

  it('is idempotent on id, and on content where no id is given', async () => {
    const f = file(
      'x.json',
      JSON.stringify([
        { ...base, id: 'x', headline: 'Mit Id' },
        { ...base, headline: 'Ohne Id' },
      ]),
    );
    expect(await ws.importFiles([f])).toMatchObject({ imported: 2, skipped: 0 });
    expect(await ws.importFiles([f])).toMatchObject({ imported: 0, updated: 0, skipped: 2 });
    file('x.json', JSON.stringify([{ ...base, id: 'x', headline: 'Mit Id, korrigiert' }]));
    expect(await ws.importFiles([f])).toMatchObject({ imported: 0, updated: 1 });
    expect(engineInternals(ws).releases.get('x')).toMatchObject({ headline: 'Mit Id, korrigiert', version: 2 });
    expect(engineInternals(ws).releases.list().total).toBe(2);
  });

  it('converts bodyHtml through the document vocabulary, dropping what it does not allow', async () => {
    const f = file(
      'h.json',
      JSON.stringify({
        ...base,
        id: 'h',
        headline: 'HTML',
        bodyHtml:
          '<h2>Zwischen</h2><p onmouseover="x()">Text <a href="javascript:x()">hier</a></p><script>alert(1)</script>',
      }),
    );
    expect(await ws.importFiles([f])).toMatchObject({ imported: 1, errors: [] });
    const r = engineInternals(ws).releases.get('h');
    expect(documentToPlainText(r.body)).toBe('Zwischen\n\nText hier');
    expect(JSON.stringify(r.body)).not.toMatch(/javascript|onmouseover|alert/);
  });

  it('imports Word HTML in bodyHtml as the editor pastes it: real list items, no bullets or indent spans', async () => {
    const word = readFileSync(new URL('../../../shared/document/fixtures/word-lists.html', import.meta.url), 'utf8');
    const f = file('w.json', JSON.stringify({ ...base, id: 'w', headline: 'Word', bodyHtml: word }));
    expect(await ws.importFiles([f])).toMatchObject({ imported: 1, errors: [] });
    const r = engineInternals(ws).releases.get('w');
    expect(r.body).toEqual(htmlToDocument(word));
    expect(r.body.content.map((b) => b.type)).toEqual([
      'paragraph',
      'paragraph',
      'bulletList',
      'paragraph',
      'orderedList',
      'bulletList',
    ]);
    expect(JSON.stringify(r.body)).not.toMatch(/·|mso|\u00a0\u00a0/);
    expect(documentToPlainText(r.body)).toContain('• Radweg an der B 27');
  });

  it('reports bad records and files one by one and imports the rest', async () => {
    const good = { ...base, id: 'ok', headline: 'Gut' };
    const f = file(
      'mixed.ndjson',
      [
        JSON.stringify(good),
        '{broken',
        JSON.stringify({ ...base, headline: 42 }),
        JSON.stringify({ ...base, headline: 'Datum', publishedAt: 'gestern' }),
        JSON.stringify({
          ...base,
          headline: 'Link',
          body: {
            type: 'doc',
            content: [
              {
                type: 'paragraph',
                content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:1' } }] }],
              },
            ],
          },
        }),
        JSON.stringify({ format: 'pressdesk.release/9', headline: 'Zukunft' }),
        JSON.stringify({ ...base, headline: 'Beides', body: { type: 'doc' }, bodyHtml: '<p>x</p>' }),
      ].join('\n'),
    );
    const empty = file('empty.json', '   ');
    const garbage = file('garbage.json', 'hello world');
    const summary = await ws.importFiles([f, empty, garbage, join(tmp.dir, 'missing.json')]);
    expect(summary.imported).toBe(1);
    expect(summary.errors.map((e) => [e.record ?? null, e.code])).toEqual([
      [2, 'IMPORT_PARSE'],
      [3, 'IMPORT_INVALID'],
      [4, 'IMPORT_INVALID'],
      [5, 'UNSAFE_LINK'],
      [6, 'IMPORT_INVALID'],
      [7, 'IMPORT_INVALID'],
      [null, 'IMPORT_PARSE'],
      [null, 'IMPORT_PARSE'],
      [null, 'FILE_UNREADABLE'],
    ]);
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.id),
    ).toEqual(['ok']);
  });

  it('round-trips show → import, including right-to-left text and dates', async () => {
    const created = engineInternals(ws).releases.create({
      headline: 'مرحبا بالعالم',
      language: 'ar',
      teaser: 'نص عربي قصير',
      publishedAt: '2024-03-01T09:30:00+01:00',
      embargoUntil: '2024-03-01T08:00:00Z',
      tags: ['اندماج'],
      status: 'approved',
    });
    expect(created.publishedAt).toBe('2024-03-01T08:30:00.000Z');
    const exported = file('rt.json', JSON.stringify(releaseToInterchange(created)));
    ws.close();
    ws = openWorkstation({ dataDir: join(tmp.dir, 'other'), host: 'cli' });
    expect(await ws.importFiles([exported])).toMatchObject({ imported: 1, errors: [] });
    const copy = engineInternals(ws).releases.get(created.id);
    expect({ ...copy, updatedAt: null }).toEqual({ ...created, updatedAt: null });
  });

  it('reads a plain date as midnight in Berlin', async () => {
    const f = file(
      'd.json',
      JSON.stringify([
        { ...base, id: 'w', headline: 'Winter', publishedAt: '2024-01-15' },
        { ...base, id: 's', headline: 'Sommer', publishedAt: '2024-07-15' },
      ]),
    );
    await ws.importFiles([f]);
    expect(engineInternals(ws).releases.get('w').publishedAt).toBe('2024-01-14T23:00:00.000Z');
    expect(engineInternals(ws).releases.get('s').publishedAt).toBe('2024-07-14T22:00:00.000Z');
  });
});

describe('compose fields in pressdesk.release/1', () => {
  it('round-trips press contact, boilerplate and related links, and writes correctedAt', async () => {
    const path = file(
      'kontakt.json',
      JSON.stringify({
        ...base,
        id: 'k1',
        headline: 'Mit Kontakt',
        pressContact: 'Pressestelle\nTelefon 0711 216-0',
        boilerplate: 'Über die Stadt',
        relatedLinks: [{ title: 'Portal', url: 'https://www.stuttgart.de/' }],
      }),
    );
    await ws.importFiles([path]);
    const out = releaseToInterchange(engineInternals(ws).releases.get('k1'));
    expect(out).toMatchObject({
      pressContact: 'Pressestelle\nTelefon 0711 216-0',
      boilerplate: 'Über die Stadt',
      relatedLinks: [{ title: 'Portal', url: 'https://www.stuttgart.de/' }],
      correctedAt: null,
    });
    // Files without the new fields still import, with empty defaults.
    await ws.importFiles([file('alt.json', JSON.stringify({ ...base, id: 'k2', headline: 'Ohne' }))]);
    expect(engineInternals(ws).releases.get('k2')).toMatchObject({
      pressContact: '',
      boilerplate: '',
      relatedLinks: [],
    });
  });

  it('refuses a related link that is not http or https, importing nothing of that record', async () => {
    const path = file(
      'bad.json',
      JSON.stringify({
        ...base,
        id: 'k3',
        headline: 'Böse',
        relatedLinks: [{ title: 'x', url: 'javascript:alert(1)' }],
      }),
    );
    const summary = await ws.importFiles([path]);
    expect(summary.imported).toBe(0);
    expect(summary.errors.map((e) => e.code)).toEqual(['IMPORT_INVALID']);
    expect(engineInternals(ws).releases.find('k3')).toBeNull();
  });
});
