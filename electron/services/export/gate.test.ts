import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderReleaseHtml, renderReleaseText } from '../../../shared/render';
import { makeTempDir } from '../testing/tempDir';
import { parsePage } from '../testing/dom';
import { validateHtml } from '../testing/vnu';
import { openWorkstation, type Workstation } from '../workstation';
import { exportRelease, renderInputFor, type ExportOptions } from './bundle';
import { engineInternals } from '../testing/internals';

/*
 * The gate between the store and the public: a bundle shows no related
 * release the public may not see, and whatever a stored document holds, the
 * page stays inert.
 */

const NOW = new Date('2026-06-01T10:00:00.000Z');
const settings: ExportOptions['settings'] = { office: { name: 'Stadt Musterstadt' } };

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => NOW });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function leadImage(): Promise<{ assetId: string; caption: string; credit: string; alt: string }> {
  const bytes = await sharp({ create: { width: 1400, height: 900, channels: 3, background: '#3a6' } })
    .jpeg()
    .toBuffer();
  const asset = await engineInternals(ws).assets.importBytes(bytes, 'teaser.jpg');
  return { assetId: asset.id, caption: 'Geheimes Bild', credit: 'Foto: © Geheim', alt: 'Ein Bild' };
}

function body(text: string) {
  return {
    type: 'doc' as const,
    content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] }],
  };
}

function published(headline: string, extra: Record<string, unknown> = {}) {
  return engineInternals(ws).releases.create({
    headline,
    topic: 'Verkehr',
    body: body('Text'),
    status: 'published',
    publishedAt: '2026-05-01T08:00:00.000Z',
    ...extra,
  });
}

describe('related releases in a public bundle', () => {
  async function scenario() {
    const image = await leadImage();
    const embargoed = engineInternals(ws).releases.create({
      headline: 'Sperrfrist-Meldung B',
      topic: 'Haushalt',
      body: body('B'),
      status: 'approved',
      embargoUntil: '2027-01-15T09:00:00.000Z',
      leadImage: { ...image, creditRaw: '', decorative: false },
    });
    const draft = engineInternals(ws).releases.create({ headline: 'Entwurf C', body: body('C'), status: 'draft' });
    const trashed = published('Papierkorb D');
    engineInternals(ws).releases.trash(trashed.id);
    const publishedUnderEmbargo = published('Veröffentlicht mit Sperrfrist E', {
      embargoUntil: '2026-12-24T10:00:00.000Z',
    });
    const visible = published('Öffentliche Meldung F');
    const main = published('Hauptmeldung A', {
      relatedReleaseIds: [embargoed.id, draft.id, trashed.id, publishedUnderEmbargo.id, visible.id],
    });
    return { main, embargoed, draft, trashed, publishedUnderEmbargo, visible };
  }

  it('leaves out drafts, trashed and embargoed releases and names each in preflight', async () => {
    const s = await scenario();
    const out = join(tmp.dir, 'bundle');
    const result = await exportRelease(engineInternals(ws), s.main.id, { out, settings, now: NOW });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Öffentliche Meldung F');
    for (const hidden of ['Sperrfrist-Meldung B', 'Entwurf C', 'Papierkorb D', 'Veröffentlicht mit Sperrfrist E']) {
      expect(html).not.toContain(hidden);
      expect(readFileSync(join(out, 'release.txt'), 'utf8')).not.toContain(hidden);
    }
    // The embargoed release's teaser image and credit are not in the bundle either.
    expect(html).not.toContain('Foto: © Geheim');
    expect(result.files.filter((f) => f.path.startsWith('images/'))).toEqual([]);
    const left = result.findings.filter((f) => f.code === 'RELATED_NOT_PUBLIC');
    expect(left.map((f) => [f.details?.headline, f.details?.reason, f.severity])).toEqual([
      ['Sperrfrist-Meldung B', 'not-published', 'warning'],
      ['Entwurf C', 'not-published', 'warning'],
      ['Papierkorb D', 'trashed', 'warning'],
      ['Veröffentlicht mit Sperrfrist E', 'embargo', 'warning'],
    ]);
    expect(left[3]?.details?.embargoUntil).toBe('2026-12-24T10:00:00.000Z');
  });

  it('applies the same rule to related releases asked for explicitly, and to the preview', async () => {
    const s = await scenario();
    const out = join(tmp.dir, 'asked');
    const result = await exportRelease(engineInternals(ws), s.main.id, {
      out,
      settings,
      now: NOW,
      relatedIds: [s.draft.id, s.visible.id],
    });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toContain('Entwurf C');
    expect(html).toContain('Öffentliche Meldung F');
    expect(result.findings.filter((f) => f.code === 'RELATED_NOT_PUBLIC')).toHaveLength(1);

    const preview = await ws.handlers['export.preview']({ id: s.main.id });
    expect(preview.html).toContain('Öffentliche Meldung F');
    expect(preview.html).not.toContain('Sperrfrist-Meldung B');
    expect(preview.html).not.toContain('Entwurf C');
    const checks = (await ws.handlers['export.preflight']({ id: s.main.id })) as {
      findings: { code: string; details?: Record<string, unknown> }[];
    };
    expect(checks.findings.filter((f) => f.code === 'RELATED_NOT_PUBLIC').map((f) => f.details?.reason)).toEqual([
      'not-published',
      'not-published',
      'trashed',
      'embargo',
    ]);
  });

  it('shows a related release once its embargo has passed', async () => {
    const s = await scenario();
    const later = new Date('2026-12-24T10:00:01.000Z');
    const out = join(tmp.dir, 'later');
    await exportRelease(engineInternals(ws), s.main.id, { out, settings, now: later });
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Veröffentlicht mit Sperrfrist E');
  });
});

describe('hostile documents straight from the store', () => {
  const hostile = '2><script>alert(1)</script><h2';

  /** Writes a body into the table directly, as a foreign or hand-edited database would hold it. */
  function storeRaw(id: string, doc: unknown, extra: { related_links_json?: string } = {}): void {
    engineInternals(ws)
      .db.prepare(
        'UPDATE releases SET body_json = ?, related_links_json = coalesce(?, related_links_json) WHERE id = ?',
      )
      .run(JSON.stringify(doc), extra.related_links_json ?? null, id);
  }

  it('writes only checked attributes: heading level, list start, link targets', async () => {
    const release = published('Angriff');
    storeRaw(
      release.id,
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: hostile }, content: [{ type: 'text', text: 'Titel' }] },
          { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Eins' }] },
          { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Drei' }] },
          {
            type: 'orderedList',
            attrs: { start: '2" onmouseover="alert(1)' },
            content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] }],
          },
          {
            type: 'orderedList',
            attrs: { start: 4 },
            content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }] }],
          },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'klick', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
              { type: 'text', text: ' und ' },
              { type: 'text', text: 'hier', marks: [{ type: 'link', attrs: { href: 'https://example.org/' } }] },
            ],
          },
        ],
      },
      { related_links_json: JSON.stringify([{ title: 'Böse', url: 'javascript:alert(2)' }]) },
    );
    const stored = engineInternals(ws).releases.get(release.id);
    const html = renderReleaseHtml(
      renderInputFor(engineInternals(ws), stored, { settings, embargoed: false, stylesheet: 'theme.css' }),
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('onmouseover');
    expect(html).toContain('<h2>Titel</h2>');
    expect(html).toContain('<h2>Eins</h2>');
    expect(html).toContain('<h3>Drei</h3>');
    expect(html).toContain('<ol start="4">');
    expect(html).toContain('<a href="https://example.org/">hier</a>');
    expect(html).toContain('<li>Böse</li>');
    const page = parsePage(html);
    expect(page.querySelectorAll('script:not([type="application/ld+json"])')).toHaveLength(0);
    const file = join(tmp.dir, 'hostile.html');
    writeFileSync(file, html);
    expect(await validateHtml([file])).toEqual([]);

    const text = renderReleaseText(
      renderInputFor(engineInternals(ws), stored, { settings, embargoed: false, stylesheet: 'theme.css' }),
    );
    expect(text).not.toContain('javascript:');
    expect(text).toContain('1. a');
    expect(text).toContain('4. b');
  });

  it('takes no base URL or office address that is not a web address', () => {
    const release = published('Adressen');
    const html = renderReleaseHtml(
      renderInputFor(engineInternals(ws), engineInternals(ws).releases.get(release.id), {
        settings: {
          office: { name: 'Amt', url: 'javascript:alert(1)', logoUrl: 'data:text/html,<script>x</script>' },
          baseUrl: 'javascript:alert(2)//',
        },
        embargoed: false,
        stylesheet: 'theme.css',
      }),
    );
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:text/html');
    expect(html).not.toContain('rel="canonical"');
  });
});
