import { approveForTest } from '../testing/approve';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../../shared/document';
import { PressdeskError } from '../../../shared/errors';
import type { ExportSettings } from '../export/bundle';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { buildReleaseDocx, exportReleaseDocx, exportReleaseWireText } from './docxExport';

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

const settings: ExportSettings = {
  office: {
    name: 'Ministerium für Soziales & Integration',
    url: 'https://sm.example.de/',
    address: 'Else-Josenhans-Straße 6\n70173 Stuttgart',
  },
};

async function photo(width: number, height: number, r = 90): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g: 140, b: 60 } } })
    .jpeg()
    .toBuffer();
}

async function seed(extra: Record<string, unknown> = {}) {
  const { assets, releases } = engineInternals(ws);
  const lead = await assets.importBytes(await photo(2400, 1600), 'lead.jpg');
  const inline = await assets.importBytes(await photo(800, 600, 200), 'inline.png');
  const body: DocumentNode = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Das Land fördert ' },
          { type: 'text', text: 'Integration', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' vor Ort, ' },
          { type: 'text', text: 'überall', marks: [{ type: 'italic' }] },
          { type: 'text', text: '. Mehr unter ' },
          {
            type: 'text',
            text: 'sm.example.de',
            marks: [{ type: 'link', attrs: { href: 'https://sm.example.de/?a=1&b=2' } }],
          },
          { type: 'text', text: '.' },
        ],
      },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Förderung für Gemeinden' }] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '12 Mio. Euro' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '200 Stellen' }] }] },
        ],
      },
      {
        type: 'orderedList',
        attrs: { start: 1 },
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Antrag stellen' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Geld erhalten' }] }] },
        ],
      },
      {
        type: 'quote',
        attrs: { speaker: 'Manne Lucha', role: 'Minister' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Integration gelingt vor Ort.“' }] }],
      },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableHeader', content: [{ type: 'text', text: 'Kreis' }] },
              { type: 'tableHeader', content: [{ type: 'text', text: 'Betrag' }] },
            ],
          },
          {
            type: 'tableRow',
            content: [
              { type: 'tableCell', content: [{ type: 'text', text: 'Böblingen' }] },
              { type: 'tableCell', content: [{ type: 'text', text: '1,2 Mio. €' }] },
            ],
          },
        ],
      },
      {
        type: 'figure',
        attrs: {
          assetId: inline.id,
          caption: 'Menschen im Gespräch',
          credit: 'Foto: © Stadt Köln/Jürgen Weiß',
          creditRaw: '',
          alt: 'Menschen an einem Tisch',
          decorative: false,
        },
      },
    ],
  };
  return releases.create({
    topic: 'Integration',
    headline: 'Land fördert Integrationsmanagerinnen',
    subheadline: 'Zwölf Millionen für die Kommunen',
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
    relatedLinks: [{ title: 'Förderprogramm', url: 'https://sm.example.de/foerderung' }],
    ...extra,
  });
}

function deps() {
  const { releases, assets } = engineInternals(ws);
  return { releases, assets };
}

async function html(bytes: Uint8Array): Promise<string> {
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes) },
    { convertImage: mammoth.images.imgElement((image) => Promise.resolve({ src: image.contentType })) },
  );
  return result.value;
}

describe('DOCX export', () => {
  it('carries headline, headings, lists, marks, links, quote, table, figures with alt, caption and credit, contact and boilerplate', async () => {
    const release = await seed();
    const built = await buildReleaseDocx(deps(), release.id, { settings, now: new Date('2024-06-01T00:00:00Z') });
    expect(built.fileName).toMatch(/\.docx$/);
    const out = await html(built.bytes);
    expect(out).toContain('<h1>Land fördert Integrationsmanagerinnen</h1>');
    expect(out).toContain('<h2>Förderung für Gemeinden</h2>');
    expect(out).toContain('<strong>Integration</strong>');
    expect(out).toContain('<em>überall</em>');
    expect(out).toContain('<a href="https://sm.example.de/?a=1&amp;b=2">sm.example.de</a>');
    expect(out).toMatch(/<ul><li>12 Mio\. Euro<\/li><li>200 Stellen<\/li><\/ul>/);
    expect(out).toMatch(/<ol><li>Antrag stellen<\/li><li>Geld erhalten<\/li><\/ol>/);
    expect(out).toContain('„Integration gelingt vor Ort.“');
    expect(out).toContain('— Manne Lucha, Minister');
    expect(out).toContain('<table><thead><tr><th><p><strong>Kreis</strong></p></th>');
    expect(out).toContain('<tbody><tr><td><p>Böblingen</p></td>');
    expect(out).toContain('Böblingen');
    expect(out).toContain('1,2 Mio. €');
    // Both images, with their alt texts; each caption with its credit.
    expect(out.match(/<img /g)).toHaveLength(2);
    expect(out).toContain('alt="Frau am Rednerpult"');
    expect(out).toContain('alt="Menschen an einem Tisch"');
    expect(out).toContain('Menschen im Gespräch (Foto: © Stadt Köln/Jürgen Weiß)');
    expect(out).toContain('Die Ministerin (Foto: © dpa)');
    expect(out).toContain('Pressestelle');
    expect(out).toContain('presse@sm.example.de');
    expect(out).toContain('Das Ministerium für Soziales &amp; Integration ist zuständig für …');
    expect(out).toContain('<a href="https://sm.example.de/foerderung">Förderprogramm</a>');
    expect(out).toContain('<p>Stuttgart, 2. Mai 2024, 10:00 Uhr</p>');
    expect(out).toContain('Das Land stellt 12 Millionen Euro bereit.');

    const files = unzipSync(built.bytes);
    const core = strFromU8(files['docProps/core.xml']!);
    expect(core).toContain('<dc:title>Land fördert Integrationsmanagerinnen</dc:title>');
    expect(core).toContain('<dc:creator>Ministerium für Soziales &amp; Integration</dc:creator>');
    const document = strFromU8(files['word/document.xml']!);
    expect(strFromU8(files['word/styles.xml']!)).toContain('w:lang w:val="de-DE"');
    expect(document).not.toContain('w:bidi');
    // The office in the header, the page numbers in the footer.
    const parts = Object.keys(files);
    const header = parts.find((p) => /^word\/header\d*\.xml$/.test(p))!;
    const footer = parts.find((p) => /^word\/footer\d*\.xml$/.test(p))!;
    expect(strFromU8(files[header]!)).toContain('Ministerium für Soziales &amp; Integration');
    expect(strFromU8(files[header]!)).toContain('70173 Stuttgart');
    expect(strFromU8(files[footer]!)).toMatch(/PAGE[\s\S]*NUMPAGES/);
    // Images as JPEGs no wider than the Word file needs.
    const media = parts.filter((p) => p.startsWith('word/media/'));
    expect(media).toHaveLength(2);
    for (const m of media) {
      const meta = await sharp(Buffer.from(files[m]!)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.width).toBeLessThanOrEqual(1600);
    }
  });

  it('gives the same bytes for the same release version', async () => {
    const release = await seed();
    const a = await buildReleaseDocx(deps(), release.id, { settings });
    await new Promise((r) => setTimeout(r, 1100));
    const b = await buildReleaseDocx(deps(), release.id, { settings });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('sets the language and right-to-left paragraphs for Arabic', async () => {
    const release = await seed({ language: 'ar', headline: 'الوزارة تدعم البلديات', topic: 'اندماج' });
    const built = await buildReleaseDocx(deps(), release.id, { settings });
    const files = unzipSync(built.bytes);
    const document = strFromU8(files['word/document.xml']!);
    expect(document).toContain('<w:bidi/>');
    expect(document).toContain('<w:rtl/>');
    expect(strFromU8(files['word/styles.xml']!)).toMatch(/w:lang w:val="ar-SA" w:bidi="ar-SA"/);
    expect(await html(built.bytes)).toContain('الوزارة تدعم البلديات');
  });

  it('puts the embargo line first while an embargo runs (Berlin time)', async () => {
    const release = await seed({ embargoUntil: '2030-01-15T09:00:00Z', status: 'draft', publishedAt: null });
    approveForTest(ws, release.id);
    await expect(buildReleaseDocx(deps(), release.id, { settings })).rejects.toMatchObject({ code: 'EXPORT_BLOCKED' });
    const built = await buildReleaseDocx(deps(), release.id, { settings, embargoed: true });
    expect(built.embargoed).toBe(true);
    const out = await html(built.bytes);
    expect(out.indexOf('SPERRFRIST bis 15. Januar 2030, 10:00 Uhr (MEZ)')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('SPERRFRIST')).toBeLessThan(out.indexOf('<h1>'));
  });

  it('is blocked by preflight errors, and writes nothing', async () => {
    const release = await seed({ headline: '' });
    const out = join(tmp.dir, 'x.docx');
    await expect(exportReleaseDocx(deps(), release.id, { settings, out })).rejects.toMatchObject({
      code: 'EXPORT_BLOCKED',
    });
    expect(existsSync(out)).toBe(false);
  });

  it('writes atomically and never over an existing file', async () => {
    const release = await seed();
    const out = join(tmp.dir, 'release.docx');
    const written = await exportReleaseDocx(deps(), release.id, { settings, out });
    expect(written.bytes).toBe(readFileSync(out).byteLength);
    writeFileSync(out, 'keep');
    const error = await exportReleaseDocx(deps(), release.id, { settings, out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PressdeskError);
    expect((error as PressdeskError).code).toBe('EXPORT_TARGET_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('keep');
    const missing = join(tmp.dir, 'no-such-folder', 'r.docx');
    await expect(exportReleaseDocx(deps(), release.id, { settings, out: missing })).rejects.toMatchObject({
      code: 'EXPORT_TARGET_NOT_WRITABLE',
    });
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('writes the wire text as a file with CRLF line endings', async () => {
    const release = await seed();
    const out = join(tmp.dir, 'release.txt');
    await exportReleaseWireText(deps(), release.id, { settings, out });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('Land fördert Integrationsmanagerinnen\r\n')).toBe(true);
    expect(text).toContain('Stuttgart (ots) - Das Land fördert Integration');
    expect(text).not.toMatch(/[^\r]\n/);
  });
});
