import { approveForTest } from '../testing/approve';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';
import { strToU8, zipSync } from 'fflate';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentToPlainText, type BlockNode, type DocumentNode } from '../../../shared/document';
import { importSources, type ImportSource } from '../archive/importer';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { buildReleaseDocx } from './docxExport';

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

async function photo(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .toBuffer();
}

const numbering = {
  config: [
    {
      reference: 'dots',
      levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT }],
    },
    {
      reference: 'nums',
      levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }],
    },
  ],
};

/** A draft as a colleague writes it in Word: title, headings, marks, a link, lists, a photo with its caption. */
async function colleagueDraft(): Promise<Uint8Array> {
  const doc = new Document({
    numbering,
    sections: [
      {
        children: [
          new Paragraph({ text: 'Neue Radwege für Köln-Mülheim', heading: HeadingLevel.TITLE }),
          new Paragraph({
            children: [
              new TextRun('Die Stadt baut '),
              new TextRun({ text: 'zwölf Kilometer', bold: true }),
              new TextRun(' neue Radwege, '),
              new TextRun({ text: 'früher als geplant', italics: true }),
              new TextRun('. Details: '),
              new ExternalHyperlink({
                link: 'https://stadt.example.de/radwege',
                children: [new TextRun({ text: 'stadt.example.de', style: 'Hyperlink' })],
              }),
            ],
          }),
          new Paragraph({ text: 'Was gebaut wird', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Schützenstraße', numbering: { reference: 'dots', level: 0 } }),
          new Paragraph({ text: 'Düsseldorfer Straße', numbering: { reference: 'dots', level: 0 } }),
          new Paragraph({ text: 'Planung', numbering: { reference: 'nums', level: 0 } }),
          new Paragraph({ text: 'Bau', numbering: { reference: 'nums', level: 0 } }),
          new Paragraph({
            children: [
              new ImageRun({
                type: 'jpg',
                data: await photo(),
                transformation: { width: 320, height: 240 },
                altText: { name: 'Radweg', description: 'Ein Radweg an der Schützenstraße', title: 'Radweg' },
              }),
            ],
          }),
          new Paragraph({ text: 'Der neue Radweg an der Schützenstraße. Foto: © Stadt Köln/Jürgen Weiß' }),
          new Paragraph({ text: 'Die Arbeiten beginnen im März.' }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The same, with the style names a German Word writes („Überschrift 1“, „Zitat“, „Beschriftung“). */
async function germanStyles(): Promise<Uint8Array> {
  const doc = new Document({
    styles: {
      paragraphStyles: [
        { id: 'berschrift1', name: 'Überschrift 1', basedOn: 'Normal', run: { bold: true, size: 32 } },
        { id: 'berschrift2', name: 'Überschrift 2', basedOn: 'Normal', run: { bold: true, size: 28 } },
        { id: 'Zitat', name: 'Zitat', basedOn: 'Normal', run: { italics: true } },
        { id: 'Beschriftung', name: 'Beschriftung', basedOn: 'Normal', run: { size: 18 } },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Landrat eröffnet Brücke über die Töss', style: 'berschrift1' }),
          new Paragraph({ text: 'Nach zwei Jahren Bauzeit ist die Brücke fertig.' }),
          new Paragraph({ text: 'Stimmen zur Eröffnung', style: 'berschrift2' }),
          new Paragraph({ text: '„Ein großer Tag für die Region“, sagte der Landrat.', style: 'Zitat' }),
          new Paragraph({
            children: [
              new ImageRun({
                type: 'jpg',
                data: await photo(800, 600),
                transformation: { width: 400, height: 300 },
                altText: { name: 'Brücke', description: 'Die neue Brücke', title: 'Brücke' },
              }),
            ],
          }),
          new Paragraph({ text: 'Die Brücke am Eröffnungstag', style: 'Beschriftung' }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The smallest Word file: content types, the package relationship, one document part — written by hand. */
function handMade(body: string, extra: Record<string, Uint8Array> = {}, documentRels = ''): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}" xmlns:r="${R}" ` +
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
        `xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>${body}</w:body></w:document>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${documentRels}</Relationships>`,
    ),
    ...extra,
  });
}

const p = (text: string, props = ''): string =>
  `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

/** An inline picture whose blip points at relationship `rel`, embedded or linked. */
const picture = (rel: string, how: 'embed' | 'link', descr = 'Bild'): string =>
  `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="1" name="Bild" descr="${descr}"/>` +
  '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>' +
  `<pic:nvPicPr><pic:cNvPr id="1" name="Bild"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:${how}="${rel}"/></pic:blipFill>` +
  '<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>';

const source = (name: string, data: Uint8Array): ImportSource => ({ name, read: () => Promise.resolve(data) });

async function importOne(name: string, data: Uint8Array) {
  const { releases, assets } = engineInternals(ws);
  return importSources(releases, [source(name, data)], { assets });
}

function onlyRelease() {
  const { items } = engineInternals(ws).releases.list({});
  expect(items).toHaveLength(1);
  return engineInternals(ws).releases.get(items[0]!.id);
}

function assetCount(): number {
  return engineInternals(ws).assets.list({}).total;
}

function types(doc: DocumentNode): string[] {
  return doc.content.map((b: BlockNode) => (b.type === 'heading' ? `heading${b.attrs.level}` : b.type));
}

describe('Word import', () => {
  it('reads a colleague’s draft: title as headline, headings, lists, marks, links, the photo with caption and credit', async () => {
    const summary = await importOne('Radwege.docx', await colleagueDraft());
    expect(summary.errors).toEqual([]);
    expect(summary.imported).toBe(1);
    const release = onlyRelease();
    expect(release.headline).toBe('Neue Radwege für Köln-Mülheim');
    expect(release.status).toBe('draft');
    expect(types(release.body)).toEqual(['paragraph', 'heading2', 'bulletList', 'orderedList', 'figure', 'paragraph']);
    const first = release.body.content[0]!;
    expect(first).toMatchObject({
      type: 'paragraph',
      content: [
        { text: 'Die Stadt baut ' },
        { text: 'zwölf Kilometer', marks: [{ type: 'bold' }] },
        { text: ' neue Radwege, ' },
        { text: 'früher als geplant', marks: [{ type: 'italic' }] },
        { text: '. Details: ' },
        { text: 'stadt.example.de', marks: [{ type: 'link', attrs: { href: 'https://stadt.example.de/radwege' } }] },
      ],
    });
    const figure = release.body.content[4]!;
    expect(figure.type).toBe('figure');
    if (figure.type !== 'figure') return;
    expect(figure.attrs).toMatchObject({
      caption: 'Der neue Radweg an der Schützenstraße.',
      credit: 'Foto: © Stadt Köln/Jürgen Weiß',
      creditRaw: 'Foto: © Stadt Köln/Jürgen Weiß',
      alt: 'Ein Radweg an der Schützenstraße',
    });
    // The photo is a stored asset, checked like any other.
    const asset = engineInternals(ws).assets.get(figure.attrs.assetId);
    expect(asset.mime).toBe('image/jpeg');
    expect(asset.width).toBe(640);
    expect(asset.originalName).toBe('Radwege-1.jpg');
  });

  it('knows the German style names (Überschrift 1, Zitat, Beschriftung)', async () => {
    const summary = await importOne('Brücke.docx', await germanStyles());
    expect(summary.errors).toEqual([]);
    const release = onlyRelease();
    expect(release.headline).toBe('Landrat eröffnet Brücke über die Töss');
    expect(types(release.body)).toEqual(['paragraph', 'heading2', 'blockquote', 'figure']);
    const figure = release.body.content[3]!;
    if (figure.type !== 'figure') throw new Error('no figure');
    expect(figure.attrs.caption).toBe('Die Brücke am Eröffnungstag');
    expect(figure.attrs.alt).toBe('Die neue Brücke');
  });

  it('reads a minimal hand-made file: the first heading is the headline, the language comes from the styles', async () => {
    const styles = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>` +
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>',
    );
    const file = handMade(
      p('City opens new library', '<w:pStyle w:val="Heading1"/>') + p('The library has 40,000 books & more.'),
      { 'word/styles.xml': styles },
      '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>',
    );
    const summary = await importOne('library.docx', file);
    expect(summary.errors).toEqual([]);
    const release = onlyRelease();
    expect(release.headline).toBe('City opens new library');
    expect(release.language).toBe('en');
    expect(release.body.content).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'The library has 40,000 books & more.' }] },
    ]);
  });

  it('keeps headline and body structure through export and import (round trip)', async () => {
    const { releases, assets } = engineInternals(ws);
    const img = await assets.importBytes(await photo(1200, 800), 'p.jpg');
    const original = releases.create({
      topic: 'Verkehr',
      headline: 'Straßenbahn fährt bis Überlingen',
      subheadline: 'Neue Linie ab Mai',
      teaser: 'Die Linie 7 wird verlängert.',
      body: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Ab Mai fährt die Bahn weiter.' }] },
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Die Halte' }] },
          {
            type: 'bulletList',
            content: [
              { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Markt' }] }] },
              { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Seeufer' }] }] },
            ],
          },
          {
            type: 'figure',
            attrs: {
              assetId: img.id,
              caption: 'Die neue Bahn',
              credit: 'Foto: © Verkehrsbetriebe',
              creditRaw: '',
              alt: 'Eine Straßenbahn',
              decorative: false,
            },
          },
          {
            type: 'quote',
            attrs: { speaker: 'Anna Müller', role: 'Bürgermeisterin' },
            content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Ein guter Tag für die Stadt.“' }] }],
          },
          { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Fahrplan' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'Alle zehn Minuten.', marks: [{ type: 'bold' }] }] },
        ],
      },
    });
    approveForTest(ws, original.id);
    const built = await buildReleaseDocx({ releases, assets }, original.id, {
      settings: { office: { name: 'Stadt Überlingen' } },
    });
    const summary = importSources(releases, [source('bahn.docx', built.bytes)], { assets });
    expect((await summary).errors).toEqual([]);
    const copy = releases
      .list({})
      .items.map((s) => releases.get(s.id))
      .find((r) => r.id !== original.id)!;
    expect(copy.headline).toBe(original.headline);
    expect(copy.subheadline).toBe('Neue Linie ab Mai');
    expect(copy.teaser).toBe('Die Linie 7 wird verlängert.');
    expect(copy.topic).toBe('Verkehr');
    expect(types(copy.body)).toEqual(types(original.body));
    expect(copy.body.content.find((b) => b.type === 'quote')).toMatchObject({
      attrs: { speaker: 'Anna Müller', role: 'Bürgermeisterin' },
    });
    expect(documentToPlainText(copy.body)).toBe(documentToPlainText(original.body));
    const figure = copy.body.content.find((b) => b.type === 'figure');
    if (figure?.type !== 'figure') throw new Error('no figure');
    expect(figure.attrs).toMatchObject({
      caption: 'Die neue Bahn',
      credit: 'Foto: © Verkehrsbetriebe',
      alt: 'Eine Straßenbahn',
    });
    const bold = copy.body.content.find(
      (b) => b.type === 'paragraph' && b.content?.some((n) => n.type === 'text' && n.text === 'Alle zehn Minuten.'),
    );
    expect(bold).toMatchObject({ content: [{ marks: [{ type: 'bold' }] }] });
  });

  it('imports a folder of Word files through the workstation, and the same file again updates the same release', async () => {
    const dir = join(tmp.dir, 'archiv');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.docx'), await colleagueDraft());
    writeFileSync(join(dir, 'b.docx'), await germanStyles());
    const first = await ws.importFiles([dir]);
    expect(first.errors).toEqual([]);
    expect(first.imported).toBe(2);
    const again = await ws.importFiles([join(dir, 'a.docx')]);
    expect(again.imported).toBe(0);
    expect(engineInternals(ws).releases.list({}).items).toHaveLength(2);
    expect(assetCount()).toBe(2);
  });

  it('reads Word files inside a ZIP archive', async () => {
    const zip = zipSync({
      'Archiv 2019/Radwege.docx': await colleagueDraft(),
      'Archiv 2019/Brücke.docx': await germanStyles(),
    });
    const summary = await importOne('archiv.zip', zip);
    expect(summary.errors).toEqual([]);
    expect(summary.imported).toBe(2);
    expect(assetCount()).toBe(2);
  });
});

describe('hostile Word files', () => {
  async function refused(name: string, data: Uint8Array): Promise<string> {
    const summary = await importOne(name, data);
    expect(summary.imported).toBe(0);
    expect(summary.errors).toHaveLength(1);
    expect(engineInternals(ws).releases.list({}).items).toHaveLength(0);
    expect(assetCount()).toBe(0);
    return summary.errors[0]!.code;
  }

  it('refuses a file that is no ZIP (an old .doc, or text) with a stable code', async () => {
    expect(await refused('alt.docx', strToU8('\u00d0\u00cf\u0011\u00e0 not a zip at all'))).toBe('IMPORT_DOCX_INVALID');
  });

  it('refuses a ZIP without a Word document inside', async () => {
    expect(await refused('leer.docx', zipSync({ 'readme.txt': strToU8('hallo') }))).toBe('IMPORT_DOCX_INVALID');
  });

  it('refuses a ZIP bomb from its directory, before unpacking anything', async () => {
    const zip = handMade(p('Kopf', '<w:pStyle w:val="Heading1"/>') + p('Text'));
    // Declare 1 GB for the document part in the central directory.
    const view = Buffer.from(zip);
    let at = view.lastIndexOf(Buffer.from('word/document.xml'));
    at = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at);
    view.writeUInt32LE(1024 * 1024 * 1024, at + 24);
    expect(await refused('bombe.docx', view)).toBe('IMPORT_TOO_LARGE');
  });

  it('refuses a text part longer than the import reads (a huge document), from its directory', async () => {
    const zip = handMade(p('Kopf', '<w:pStyle w:val="Heading1"/>') + p('Text'));
    const view = Buffer.from(zip);
    let at = view.lastIndexOf(Buffer.from('word/document.xml'));
    at = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at);
    view.writeUInt32LE(50 * 1024 * 1024, at + 24);
    const summary = await importOne('riesig.docx', view);
    expect(summary.errors).toMatchObject([
      { code: 'IMPORT_TOO_LARGE', message: 'The text of riesig.docx is longer than the import accepts.' },
    ]);
    expect(engineInternals(ws).releases.list({}).items).toHaveLength(0);
  });

  it('refuses an entry that unpacks to more than it declares', async () => {
    const zip = zipSync(
      {
        '[Content_Types].xml': strToU8('<Types/>'),
        'word/document.xml': strToU8(
          `<w:document xmlns:w="${W}"><w:body>${'<w:p/>'.repeat(20000)}</w:body></w:document>`,
        ),
      },
      { level: 9 },
    );
    const view = Buffer.from(zip);
    let at = view.lastIndexOf(Buffer.from('word/document.xml'));
    at = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at);
    view.writeUInt32LE(100, at + 24);
    expect(await refused('gelogen.docx', view)).toBe('IMPORT_DOCX_INVALID');
  });

  it('refuses broken XML and a picture whose relationship is missing', async () => {
    const broken = handMade('<w:p><w:r><w:t>offen');
    expect(await refused('kaputt.docx', broken)).toBe('IMPORT_DOCX_INVALID');
    const dangling = handMade(p('Kopf', '<w:pStyle w:val="Heading1"/>') + p('Text') + picture('rId404', 'embed'));
    const code = await importOne('fehlt.docx', dangling);
    // Either refused, or read without the picture: never a stored image, never a crash.
    expect(assetCount()).toBe(0);
    if (code.errors.length > 0) expect(code.errors[0]!.code).toBe('IMPORT_DOCX_INVALID');
  });

  it('never fetches a linked picture (file or web address)', async () => {
    const local = join(tmp.dir, 'secret.png');
    writeFileSync(
      local,
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } })
        .png()
        .toBuffer(),
    );
    const file = handMade(
      p('Mit verlinkten Bildern', '<w:pStyle w:val="Heading1"/>') +
        p('Text davor.') +
        picture('rIdF', 'link', 'lokal') +
        picture('rIdH', 'link', 'web'),
      {},
      `<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="file:///${local.replace(/^\//, '')}" TargetMode="External"/>` +
        '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://127.0.0.1:9/x.png" TargetMode="External"/>',
    );
    const summary = await importOne('links.docx', file);
    expect(summary.errors).toEqual([]);
    expect(assetCount()).toBe(0);
    const release = onlyRelease();
    expect(release.body.content.some((b) => b.type === 'figure')).toBe(false);
  });

  it('leaves out pictures the store does not take (Word drawings), and refuses pixel bombs before storing anything', async () => {
    const emf = new Uint8Array([1, 0, 0, 0, 0x6c, 0, 0, 0, 0, 0, 0, 0, 0x20, 0x45, 0x4d, 0x46]);
    const rel =
      '<Relationship Id="rIdI" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>';
    const drawing = handMade(
      p('Zeichnung', '<w:pStyle w:val="Heading1"/>') + p('Text.') + picture('rIdI', 'embed'),
      { 'word/media/image1.png': emf },
      rel,
    );
    const summary = await importOne('zeichnung.docx', drawing);
    expect(summary.errors).toEqual([]);
    expect(assetCount()).toBe(0);
    // A PNG header claiming 100,000 × 100,000 pixels.
    const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    const bomb = handMade(
      p('Bombe', '<w:pStyle w:val="Heading1"/>') + p('Text.') + picture('rIdI', 'embed'),
      { 'word/media/image1.png': png },
      rel,
    );
    ws.close();
    ws = openWorkstation({ dataDir: join(tmp.dir, 'data2'), host: 'cli' });
    expect(await refused('bombe.docx', bomb)).toBe('ASSET_TOO_MANY_PIXELS');
  });
});
