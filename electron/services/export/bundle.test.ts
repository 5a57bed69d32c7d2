import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../../shared/document';
import { PressdeskError } from '../../../shared/errors';
import { readPhotoMetadata } from '../assets/metadata';
import { parsePage } from '../testing/dom';
import { makeTempDir } from '../testing/tempDir';
import { validateHtml } from '../testing/vnu';
import { openWorkstation, type Workstation } from '../workstation';
import { exportRelease, type ExportOptions } from './bundle';
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

const settings: ExportOptions['settings'] = {
  office: { name: 'Ministerium für Soziales & Integration', url: 'https://sm.example.de/' },
  baseUrl: 'https://sm.example.de/presse/foerderung',
};
const HOSTILE = '<script>alert(1)</script> & "Zitat" \'x\'';

/** A photo with GPS and a serial number in its EXIF, and German IPTC-like XMP. */
async function photo(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Kamera', Model: 'X1' },
      IFD2: { BodySerialNumber: 'SN-123456' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 46/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '9/1 10/1 0/1' },
    })
    .toBuffer();
}

async function seed(extra: Record<string, unknown> = {}) {
  const lead = await engineInternals(ws).assets.importBytes(await photo(2400, 1600), 'lead.jpg');
  const inline = await engineInternals(ws).assets.importBytes(await photo(800, 600), 'inline.jpg');
  const body: DocumentNode = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Das Land fördert ' },
          { type: 'text', text: 'Integration', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' vor Ort. Mehr unter ' },
          {
            type: 'text',
            text: 'sm.example.de',
            marks: [{ type: 'link', attrs: { href: 'https://sm.example.de/?a=1&b=2' } }],
          },
          { type: 'text', text: '.' },
        ],
      },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Förderung' }] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '12 Mio. Euro' }] }] },
        ],
      },
      {
        type: 'quote',
        attrs: { speaker: 'Manne Lucha', role: 'Minister' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Integration gelingt vor Ort.“' }] }],
      },
      {
        type: 'figure',
        attrs: {
          assetId: inline.id,
          caption: `Bildunterschrift ${HOSTILE}`,
          credit: 'Foto: © Stadt Köln/Jürgen Weiß',
          creditRaw: '',
          alt: 'Menschen an einem Tisch',
          decorative: false,
        },
      },
    ],
  };
  return engineInternals(ws).releases.create({
    topic: 'Integration',
    headline: `Land fördert Integrationsmanagerinnen ${HOSTILE}`,
    subheadline: 'Unterzeile',
    teaser: 'Das Land stellt 12 Millionen Euro bereit.',
    dateline: 'Stuttgart',
    publishedAt: '2024-05-02T10:00:00+02:00',
    status: 'published',
    tags: ['Integration', 'Kommunen'],
    body,
    leadImage: {
      assetId: lead.id,
      caption: 'Die Ministerin',
      credit: 'Foto: © dpa',
      creditRaw: 'dpa',
      alt: 'Frau am Rednerpult',
      decorative: false,
    },
    pressContact: 'Pressestelle\nTelefon 0711 123-0\npresse@sm.example.de',
    boilerplate: 'Das Ministerium für Soziales & Integration ist zuständig für …',
    relatedLinks: [{ title: 'Förderprogramm', url: 'https://sm.example.de/foerderung?x=1&y=2' }],
    ...extra,
  });
}

function tree(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = readFileSync(join(d, e.name));
    }
  };
  walk(dir, '');
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return 'no error';
}

describe('export bundle', () => {
  it('writes a complete, valid, escaped bundle with Open Graph, JSON-LD and renditions', async () => {
    const release = await seed();
    const out = join(tmp.dir, 'bundle');
    const result = await exportRelease(engineInternals(ws), release.id, {
      out,
      settings,
      now: new Date('2024-06-01T00:00:00Z'),
    });
    const files = tree(out);
    expect(Object.keys(files).sort()).toEqual([
      'images/image-1-1600.jpg',
      'images/image-1-1600.webp',
      'images/image-1-480.jpg',
      'images/image-1-480.webp',
      'images/image-1-960.jpg',
      'images/image-1-960.webp',
      'images/image-2-480.jpg',
      'images/image-2-480.webp',
      'images/image-2-800.jpg',
      'images/image-2-800.webp',
      'index.html',
      'manifest.json',
      'release.json',
      'release.txt',
      'theme.css',
    ]);
    expect(result.files.map((f) => f.path)).toContain('manifest.json');

    const html = files['index.html']!.toString('utf8');
    expect(await validateHtml([join(out, 'index.html')])).toEqual([]);
    const document = parsePage(html);
    expect(document.documentElement.getAttribute('lang')).toBe('de');
    expect(document.querySelector('h1')!.textContent).toBe(`Land fördert Integrationsmanagerinnen ${HOSTILE}`);
    expect([...document.querySelectorAll('script')].map((s) => s.getAttribute('type'))).toEqual([
      'application/ld+json',
    ]);
    expect(document.querySelector('meta[name="description"]')!.getAttribute('content')).toBe(
      'Das Land stellt 12 Millionen Euro bereit.',
    );
    expect(document.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe(
      'https://sm.example.de/presse/foerderung/index.html',
    );
    const og = (p: string) => document.querySelector(`meta[property="${p}"]`)?.getAttribute('content');
    expect(og('og:type')).toBe('article');
    expect(og('og:image')).toBe('https://sm.example.de/presse/foerderung/images/image-1-1600.jpg');
    expect(og('og:image:width')).toBe('1600');
    expect(og('og:image:alt')).toBe('Frau am Rednerpult');
    expect(og('article:section')).toBe('Integration');
    expect(
      [...document.querySelectorAll('meta[property="article:tag"]')].map((m) => m.getAttribute('content')),
    ).toEqual(['Integration', 'Kommunen']);
    const figure = document.querySelector('.body figure.image')!;
    expect(figure.querySelector('img')!.getAttribute('alt')).toBe('Menschen an einem Tisch');
    expect(figure.querySelector('img')!.getAttribute('width')).toBe('800');
    expect(figure.querySelector('.caption')!.textContent).toBe(`Bildunterschrift ${HOSTILE}`);
    expect(figure.querySelector('.credit')!.textContent).toBe('Foto: © Stadt Köln/Jürgen Weiß');
    expect(document.querySelector('.body a')!.getAttribute('href')).toBe('https://sm.example.de/?a=1&b=2');
    expect(document.querySelector('.statement cite')!.textContent).toBe('Manne Lucha');
    expect(document.querySelector('.related-links a')!.getAttribute('href')).toBe(
      'https://sm.example.de/foerderung?x=1&y=2',
    );
    expect(document.querySelector('.press-contact address')!.textContent).toContain('presse@sm.example.de');
    expect(document.querySelector('.boilerplate p')!.textContent).toBe(
      'Das Ministerium für Soziales & Integration ist zuständig für …',
    );

    const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!) as Record<
      string,
      unknown
    >;
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      headline: `Land fördert Integrationsmanagerinnen ${HOSTILE}`,
      alternativeHeadline: 'Unterzeile',
      inLanguage: 'de',
      datePublished: '2024-05-02T08:00:00.000Z',
      articleSection: 'Integration',
      keywords: 'Integration, Kommunen',
      locationCreated: { '@type': 'Place', name: 'Stuttgart' },
      publisher: { name: 'Ministerium für Soziales & Integration' },
    });
    expect((ld.image as Record<string, unknown>[])[0]).toMatchObject({
      '@type': 'ImageObject',
      caption: 'Die Ministerin',
      creditText: 'Foto: © dpa',
      width: 1600,
      height: 1067,
    });
    expect(html).not.toContain('<script>alert(1)');

    const jpeg = files['images/image-2-800.jpg']!;
    const meta = (await exifr.parse(jpeg, {
      xmp: true,
      gps: true,
      tiff: true,
      exif: true,
      mergeOutput: false,
    })) as Record<string, Record<string, unknown> | undefined>;
    expect(await readPhotoMetadata(jpeg)).toMatchObject({
      caption: `Bildunterschrift ${HOSTILE}`,
      credit: 'Foto: © Stadt Köln/Jürgen Weiß',
      alt: 'Menschen an einem Tisch',
    });
    expect(meta.gps).toBeUndefined();
    expect(JSON.stringify(meta)).not.toContain('SN-123456');
    expect((await sharp(jpeg).metadata()).width).toBe(800);

    const manifest = JSON.parse(files['manifest.json']!.toString()) as {
      files: { path: string; sha256: string; size: number }[];
      releaseVersion: number;
    };
    expect(manifest.releaseVersion).toBe(release.version);
    for (const f of manifest.files) expect(files[f.path]!.length, f.path).toBe(f.size);
    const text = files['release.txt']!.toString();
    expect(text).toContain('FÖRDERUNG');
    expect(text).toContain('[Bild: Die Ministerin (Foto: © dpa)]');
    expect(text).toContain('Stuttgart, 2. Mai 2024, 10:00 Uhr (MESZ)');
    expect(text).toContain('Pressekontakt:\nPressestelle');
    expect(text).toContain('- Förderprogramm: https://sm.example.de/foerderung?x=1&y=2');
    const sidecar = JSON.parse(files['release.json']!.toString()) as {
      format: string;
      leadImage: { file: string };
      embargoed: boolean;
    };
    expect(sidecar).toMatchObject({
      format: 'pressdesk.release/1',
      embargoed: false,
      leadImage: { file: 'images/image-1-1600.jpg' },
    });
  });

  it('is deterministic: the same release version gives byte-identical bundles, also as zip', async () => {
    const release = await seed();
    const a = join(tmp.dir, 'a');
    const b = join(tmp.dir, 'b');
    await exportRelease(engineInternals(ws), release.id, { out: a, settings, now: new Date('2024-06-01T00:00:00Z') });
    await exportRelease(engineInternals(ws), release.id, { out: b, settings, now: new Date('2025-01-01T00:00:00Z') });
    expect(tree(b)).toEqual(tree(a));
    await exportRelease(engineInternals(ws), release.id, { out: join(tmp.dir, 'a.zip'), zip: true, settings });
    await exportRelease(engineInternals(ws), release.id, { out: join(tmp.dir, 'b.zip'), zip: true, settings });
    const zipA = readFileSync(join(tmp.dir, 'a.zip'));
    expect(readFileSync(join(tmp.dir, 'b.zip')).equals(zipA)).toBe(true);
    const entries = unzipSync(new Uint8Array(zipA));
    expect(Object.keys(entries).sort()).toEqual(Object.keys(tree(a)).sort());
    expect(Buffer.from(entries['index.html']!).equals(tree(a)['index.html']!)).toBe(true);
  });

  it('exports an embargoed bundle only when asked, with notice, noindex and without Open Graph or JSON-LD', async () => {
    const release = await seed({ embargoUntil: '2024-06-10T08:00:00Z' });
    const now = new Date('2024-06-01T00:00:00Z');
    const blocked = exportRelease(engineInternals(ws), release.id, { out: join(tmp.dir, 'x'), settings, now });
    expect(await codeOf(blocked)).toBe('EXPORT_BLOCKED');
    expect(existsSync(join(tmp.dir, 'x'))).toBe(false);
    const out = join(tmp.dir, 'embargo');
    const result = await exportRelease(engineInternals(ws), release.id, { out, settings, now, embargoed: true });
    expect(result.embargoed).toBe(true);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(await validateHtml([join(out, 'index.html')])).toEqual([]);
    const document = parsePage(html);
    expect(document.querySelector('.embargo')!.textContent).toBe(
      'SPERRFRIST bis 10. Juni 2024, 10:00 Uhr (MESZ). Veröffentlichung vorher nicht gestattet.',
    );
    expect(document.querySelector('meta[name="robots"]')!.getAttribute('content')).toContain('noindex');
    expect(document.querySelectorAll('meta[property^="og:"]').length).toBe(0);
    expect(document.querySelectorAll('script').length).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'release.json'), 'utf8'))).toMatchObject({ embargoed: true });
  });

  it('blocks on preflight errors: missing credit and alt text, empty headline', async () => {
    const release = await seed();
    engineInternals(ws).releases.save(release.id, release.version, {
      headline: '',
      leadImage: { ...release.leadImage!, credit: '', alt: '' },
    });
    try {
      await exportRelease(engineInternals(ws), release.id, { out: join(tmp.dir, 'x'), settings });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PressdeskError);
      const findings = ((error as PressdeskError).details as { findings: { code: string }[] }).findings.map(
        (f) => f.code,
      );
      expect(findings).toEqual(
        expect.arrayContaining(['HEADLINE_EMPTY', 'FIGURE_ALT_MISSING', 'FIGURE_CREDIT_MISSING']),
      );
    }
    expect(readdirSync(tmp.dir).sort()).toEqual(['data']);
  });

  it('leaves nothing behind when cancelled midway or when the target exists', async () => {
    const release = await seed();
    const controller = new AbortController();
    const out = join(tmp.dir, 'cancelled');
    const cancelled = exportRelease(engineInternals(ws), release.id, {
      out,
      settings,
      signal: controller.signal,
      onProgress: ({ done }) => done === 1 && controller.abort(),
    });
    expect(await codeOf(cancelled)).toBe('CANCELLED');
    expect(readdirSync(tmp.dir).sort()).toEqual(['data']);
    writeFileSync(join(tmp.dir, 'taken'), 'x');
    expect(
      await codeOf(exportRelease(engineInternals(ws), release.id, { out: join(tmp.dir, 'taken'), settings })),
    ).toBe('EXPORT_TARGET_EXISTS');
    expect(readFileSync(join(tmp.dir, 'taken'), 'utf8')).toBe('x');
    expect(readdirSync(tmp.dir).sort()).toEqual(['data', 'taken']);
  });
});

describe('export channels', () => {
  it('answer preflight, a preview from the store and a zip through the validated contract', async () => {
    const { dispatch } = await import('../../../shared/contract/dispatch');
    const release = await seed();
    engineInternals(ws).settings.set('export.office', { name: 'Ministerium' });
    const pre = await dispatch(ws.handlers, 'export.preflight', { id: release.id });
    expect(pre).toMatchObject({ ok: true, value: { embargoActive: false } });
    const preview = await dispatch(ws.handlers, 'export.preview', { id: release.id });
    expect(preview.ok).toBe(true);
    const html = (preview as { value: { html: string } }).value.html;
    expect(html).toContain(`/asset/original/${release.leadImage!.assetId}`);
    expect(html).toContain('<link rel="stylesheet" href="export-theme.css">');
    const zip = await dispatch(ws.handlers, 'export.zip', { id: release.id });
    expect(zip.ok).toBe(true);
    const value = (zip as { value: { fileName: string; bytes: Uint8Array } }).value;
    expect(value.fileName).toMatch(/^land-foerdert-integrationsmanagerinnen-script-alert-1-script-[a-z0-9-]*\.zip$/);
    expect(value.fileName.endsWith(`-${release.id.slice(0, 8)}.zip`)).toBe(true);
    expect(Object.keys(unzipSync(value.bytes))).toContain('index.html');
    const bad = await dispatch(ws.handlers, 'export.zip', { id: release.id, relatedIds: ['../x'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it("point the preview's pictures where the host serves them (its assetUrlPrefix)", async () => {
    const { dispatch } = await import('../../../shared/contract/dispatch');
    const release = await seed();
    ws.close();
    ws = openWorkstation({
      dataDir: join(tmp.dir, 'data'),
      host: 'electron',
      assetUrlPrefix: 'pressdesk-asset://original/',
    });
    const preview = await dispatch(ws.handlers, 'export.preview', { id: release.id });
    if (!preview.ok) throw new Error(preview.error.code);
    const { html } = preview.value as { html: string };
    expect(html).toContain(`pressdesk-asset://original/${release.leadImage!.assetId}`);
    expect(html).not.toContain('/asset/original/');
  });
});

describe('bundle import', () => {
  it('restores release and images from an exported folder or zip, and exports the same page again', async () => {
    const release = await seed();
    const folder = join(tmp.dir, 'bundle');
    await exportRelease(engineInternals(ws), release.id, { out: folder, settings });
    await exportRelease(engineInternals(ws), release.id, { out: join(tmp.dir, 'bundle.zip'), zip: true, settings });
    for (const source of [folder, join(tmp.dir, 'bundle.zip')]) {
      const other = openWorkstation({
        dataDir: join(tmp.dir, `other-${source.endsWith('.zip') ? 'zip' : 'dir'}`),
        host: 'cli',
      });
      try {
        const summary = await other.importFiles([source]);
        expect(summary).toMatchObject({ imported: 1, errors: [] });
        const copy = engineInternals(other).releases.get(release.id);
        expect(copy.leadImage).toMatchObject({
          caption: 'Die Ministerin',
          credit: 'Foto: © dpa',
          alt: 'Frau am Rednerpult',
        });
        expect(engineInternals(other).assets.list().total).toBe(2);
        const again = join(tmp.dir, `again-${source.endsWith('.zip') ? 'zip' : 'dir'}`);
        await exportRelease(engineInternals(other), release.id, { out: again, settings });
        expect(readFileSync(join(again, 'index.html'), 'utf8')).toBe(readFileSync(join(folder, 'index.html'), 'utf8'));
        // importing the bundle again changes nothing
        expect(await other.importFiles([source])).toMatchObject({ imported: 0, updated: 0, skipped: 1, errors: [] });
      } finally {
        other.close();
      }
    }
  });

  it('places images given by file in interchange records, and refuses paths that leave the folder', async () => {
    const dir = join(tmp.dir, 'in');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(dir, 'fotos'), { recursive: true });
    copyFileSync(join(__dirname, '..', 'assets', 'fixtures', 'de-xmp-long.jpg'), join(dir, 'fotos', 'schloss.jpg'));
    const record = (id: string, file: string) => ({
      format: 'pressdesk.release/1',
      id,
      headline: 'Schloss saniert',
      leadImage: { file },
      body: { type: 'doc', content: [{ type: 'figure', attrs: { file, caption: 'Eigene Unterschrift' } }] },
    });
    writeFileSync(
      join(dir, 'r.json'),
      JSON.stringify([
        record('ok', 'fotos/schloss.jpg'),
        record('escape', '../../etc/passwd'),
        record('missing', 'fotos/fehlt.jpg'),
      ]),
    );
    const summary = await ws.importFiles([join(dir, 'r.json')]);
    expect(summary.imported).toBe(1);
    expect(summary.errors.map((e) => e.code)).toEqual(['IMPORT_INVALID', 'FILE_UNREADABLE']);
    const ok = engineInternals(ws).releases.get('ok');
    expect(ok.leadImage).toMatchObject({
      caption: 'Die sanierte Fassade des Schlosses nach Abschluss der Arbeiten, aufgenommen im Frühjahr',
      credit: 'Foto: © Landesamt für Denkmalpflege im Regierungspräsidium Stuttgart/Müller',
      alt: 'Helle Schlossfassade mit drei Türmen vor blauem Himmel',
    });
    expect(ok.body.content[0]).toMatchObject({
      type: 'figure',
      attrs: { assetId: ok.leadImage!.assetId, caption: 'Eigene Unterschrift' },
    });
  });
});
