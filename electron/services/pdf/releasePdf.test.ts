import { approveForTest } from '../testing/approve';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { DocumentNode, ParagraphNode } from '../../../shared/document';
import { PressdeskError } from '../../../shared/errors';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { visualRuns } from './bidi';
import { releasePdf } from './releasePdf';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
const NOW = new Date('2026-03-02T09:00:00.000Z');
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => NOW });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function set(key: string, value: string): Promise<void> {
  const envelope = await dispatch(ws.handlers, 'settings.set', { key, value });
  if (!envelope.ok) throw new Error(envelope.error.code);
}

async function photo(width: number, height: number, r = 90): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g: 140, b: 60 } } })
    .jpeg()
    .toBuffer();
}

/** The PDF written to a file and read back by poppler. */
function poppler(bytes: Buffer, name = 'release.pdf') {
  const file = join(tmp.dir, name);
  writeFileSync(file, bytes);
  const run = (tool: string, ...args: string[]) => execFileSync(tool, [...args, file], { encoding: 'utf8' });
  return {
    file,
    text: () => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
    fonts: () => run('pdffonts'),
    info: () => run('pdfinfo'),
    page: (n: number) =>
      execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }),
  };
}

const para = (text: string): ParagraphNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** The letterhead's office and a release with every kind of block. */
async function seed(): Promise<string> {
  const { assets, releases } = engineInternals(ws);
  const logo = await assets.importBytes(
    await sharp({ create: { width: 900, height: 300, channels: 4, background: '#004b87cc' } })
      .png()
      .toBuffer(),
    'logo.png',
  );
  await set('office.name', 'Ministerium für Soziales, Gesundheit und Integration');
  await set('office.logo', logo.id);
  await set('office.address', 'Else-Josenhans-Straße 6\n70173 Stuttgart');
  await set('office.contact', 'Telefon 0711 123-0 · presse@sm.example.de');
  await set('office.url', 'https://sm.example.de/presse/');
  await set('office.creditStyle', 'after');
  const lead = await assets.importBytes(await photo(2400, 1600), 'lead.jpg');
  const inner = await assets.importBytes(await photo(1200, 900, 200), 'inner.jpg');
  const body: DocumentNode = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Die Förderung für Straßen und Brücken steigt um 12 %. ' },
          { type: 'text', text: 'Deutlich', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' mehr Geld, ' },
          { type: 'text', text: 'sagte', marks: [{ type: 'italic' }] },
          { type: 'text', text: ' die Ministerin. Mehr unter ' },
          { type: 'text', text: 'sm.example.de', marks: [{ type: 'link', attrs: { href: 'https://sm.example.de/' } }] },
          { type: 'text', text: '.' },
        ],
      },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Zwischenüberschrift Ärztinnen' }] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [para('Erster Punkt Öl')] },
          { type: 'listItem', content: [para('Zweiter Punkt Übel')] },
        ],
      },
      {
        type: 'orderedList',
        attrs: { start: 3 },
        content: [
          { type: 'listItem', content: [para('Dritter Schritt')] },
          { type: 'listItem', content: [para('Vierter Schritt')] },
        ],
      },
      {
        type: 'quote',
        attrs: { speaker: 'Anna Beispiel', role: 'Ministerin' },
        content: [para('„Das ist ein guter Tag für das Land“')],
      },
      {
        type: 'figure',
        attrs: {
          assetId: inner.id,
          caption: 'Die neue Brücke',
          credit: 'Foto: © Land',
          creditRaw: '',
          alt: 'Eine Brücke über den Neckar',
          decorative: false,
        },
      },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableHeader', content: [{ type: 'text', text: 'Kreis' }] },
              { type: 'tableHeader', content: [{ type: 'text', text: 'Mittel' }] },
            ],
          },
          {
            type: 'tableRow',
            content: [
              { type: 'tableCell', content: [{ type: 'text', text: 'Esslingen' }] },
              { type: 'tableCell', content: [{ type: 'text', text: '1,2 Mio. €' }] },
            ],
          },
        ],
      },
      para('Schlussabsatz mit „Anführungszeichen“ – und Gedankenstrich.'),
    ],
  };
  return releases.create({
    headline: 'Mehr Geld für Straßen und Brücken',
    topic: 'Verkehr',
    teaser: 'Das Land erhöht die Förderung für Kommunen deutlich.',
    dateline: 'Stuttgart',
    language: 'de',
    body,
    leadImage: {
      assetId: lead.id,
      caption: 'Die Ministerin',
      credit: 'Foto: © Ministerium',
      creditRaw: '',
      alt: 'Die Ministerin am Pult',
      decorative: false,
    },
    pressContact: 'Pressestelle\nTelefon 0711 123-4567\npresse@sm.example.de',
    boilerplate: 'Das Ministerium ist für Soziales zuständig.',
    relatedLinks: [{ title: 'Förderprogramm', url: 'https://sm.example.de/foerderung' }],
  }).id;
}

function deps() {
  const { releases, assets, settings } = engineInternals(ws);
  return { releases, assets, settings };
}

describe('releasePdf', () => {
  it('sets a release on the letterhead: text in reading order, fonts embedded, tagged, metadata', async () => {
    const id = await seed();
    approveForTest(ws, id);
    const pdf = await releasePdf(deps(), id, { now: NOW });
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const read = poppler(pdf.bytes);
    const text = read.text();
    const order = [
      'Ministerium für Soziales, Gesundheit und',
      'Else-Josenhans-Straße 6',
      'VERKEHR',
      'Mehr Geld für Straßen und Brücken',
      'Stuttgart, 2. März 2026, 10:00 Uhr',
      'Das Land erhöht die Förderung',
      'Die Ministerin – Foto: © Ministerium',
      'Die Förderung für Straßen und Brücken steigt um 12 %.',
      'Zwischenüberschrift Ärztinnen',
      'Erster Punkt Öl',
      '3.',
      'Vierter Schritt',
      '„Das ist ein guter Tag für das Land“',
      '— Anna Beispiel, Ministerin',
      'Die neue Brücke – Foto: © Land',
      'Esslingen',
      'Schlussabsatz mit „Anführungszeichen“ – und Gedankenstrich.',
      'Förderprogramm',
      'Pressekontakt',
      'Das Ministerium ist für Soziales zuständig.',
    ];
    let at = -1;
    for (const part of order) {
      const found = text.indexOf(part, at + 1);
      expect(found, `${part} after position ${at}`).toBeGreaterThan(at);
      at = found;
    }
    expect(text).toContain(`Seite 1 von ${pdf.pages}`);

    const fonts = read.fonts().trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const line of fonts) expect(line).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes/);

    const info = read.info();
    expect(info).toMatch(/Title:\s+Mehr Geld für Straßen und Brücken/);
    expect(info).toMatch(/Author:\s+Ministerium für Soziales/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(new RegExp(`Pages:\\s+${pdf.pages}`));
    expect(info).toMatch(/PDF version:\s+1\.7/);
    expect(pdf.fileName).toMatch(/^mehr-geld-fuer-strassen-und-bruecken-[0-9a-f]{8}\.pdf$/);

    // The structure tree: headings, paragraphs, lists, figures with alt text, the language.
    const raw = pdf.bytes.toString('latin1');
    expect(raw).toContain('/Lang (de)');
    for (const tag of [
      '/H1',
      '/H2',
      '/P',
      '/L',
      '/LI',
      '/Lbl',
      '/LBody',
      '/Figure',
      '/Table',
      '/TH',
      '/TD',
      '/BlockQuote',
    ]) {
      expect(raw).toContain(`/S ${tag}`);
    }
    expect(raw).toContain('/Alt (Die Ministerin am Pult)');
    // Page 1: the logo (with its transparency as a soft mask), the lead image and the figure, at print size.
    const images = execFileSync('pdfimages', ['-list', read.file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    const onPage = (n: number) => images.map((l) => l.trim().split(/\s+/)).filter((c) => c[0] === String(n));
    expect(onPage(1).map((c) => [c[2], c[3], c[4]])).toEqual([
      ['image', '900', '300'],
      ['smask', '900', '300'],
      ['image', '1600', '1067'],
    ]);
    // The logo stands on the first page only (image and mask).
    expect(images.map((l) => l.trim().split(/\s+/)[3]).filter((w) => w === '900')).toHaveLength(2);
    // poppler reads the structure tree back: nesting, and each paragraph's words apart over its line breaks.
    const tree = execFileSync('pdfinfo', ['-struct-text', read.file], { encoding: 'utf8' });
    expect(tree).toMatch(
      /^Document\n {2}P \(block\)\n {4}"VERKEHR"\n {2}H1 \(block\)\n {4}"Mehr Geld für Straßen und Brücken"/,
    );
    expect(tree).toContain(
      '"Die Förderung für Straßen und Brücken steigt um 12 %. Deutlich mehr Geld, sagte die Ministerin. Mehr unter sm.example.de."',
    );
    expect(tree).toMatch(
      / {2}L \(block\)\n {4}LI \(block\)\n {6}Lbl \(block\)\n {8}"•"\n {6}LBody \(block\)\n {8}P \(block\)\n {10}"Erster Punkt Öl"/,
    );
    expect(tree).toMatch(/TH:\n\s+\/Scope \/Column\n\s+"Kreis"/);
    expect(tree).not.toContain('Seite 1 von');
  });

  it('gives the same bytes for the same release version', async () => {
    const id = await seed();
    approveForTest(ws, id);
    const a = await releasePdf(deps(), id, { now: NOW });
    const b = await releasePdf(deps(), id, { now: new Date('2026-03-05T09:00:00.000Z') });
    expect(b.bytes.equals(a.bytes)).toBe(true);
    const { releases } = engineInternals(ws);
    const release = releases.get(id);
    releases.save(id, release.version, { headline: 'Mehr Geld für Brücken' });
    // The changed headline needs the approver's word before it goes out.
    await expect(releasePdf(deps(), id, { now: NOW })).rejects.toMatchObject({ code: 'EXPORT_BLOCKED' });
    engineInternals(ws).approval.confirmCorrection(id, { via: 'phone' });
    const c = await releasePdf(deps(), id, { now: NOW });
    expect(c.bytes.equals(a.bytes)).toBe(false);
  });
});

describe('releasePdf, right to left and odd content', () => {
  it('sets an Arabic release right to left; poppler extracts its words in reading order', async () => {
    const { releases } = engineInternals(ws);
    const id = releases.create({
      headline: 'وزارة الصحة تعلن خطة جديدة',
      language: 'ar',
      teaser: 'أعلنت الوزارة اليوم عن خطة جديدة',
      body: {
        type: 'doc',
        content: [para('في عام 2026 ستبدأ الوزارة برنامج PDF الجديد'), para('שלום עולם'), para('خطة (مهمة) جديدة')],
      },
    }).id;
    const pdf = await releasePdf(deps(), id, { now: NOW });
    const read = poppler(pdf.bytes);
    // poppler marks a right-to-left line with embedding controls (RLE … PDF).
    const text = read.text().replace(/[\u202a-\u202e]/g, '');
    expect(text).toContain('وزارة الصحة تعلن خطة جديدة');
    expect(text).toContain('أعلنت الوزارة اليوم عن خطة جديدة');
    // Numbers and Latin words stay in place; poppler puts the space before such a word inside its
    // left-to-right embedding, so the mixed line is compared without its spaces.
    expect(text.replace(/\s+/g, '')).toContain('فيعام2026ستبدأالوزارةبرنامجPDFالجديد');
    expect(text).toContain('في عام');
    expect(text).toContain('שלום עולם');
    // Brackets are drawn mirrored, so they look right; poppler gives the glyphs' characters back.
    expect(text).toContain('خطة )مهمة( جديدة');
    expect(text).toContain(`Page 1 of ${pdf.pages}`);
    expect(text).toContain('2 March 2026, 10:00');
    expect(read.info()).toMatch(/Tagged:\s+yes/);
    expect(pdf.bytes.toString('latin1')).toContain('/Lang (ar)');
  });
});

describe('releasePdf, blocks and odd content', () => {
  it('is blocked by preflight errors, like the export', async () => {
    const { releases } = engineInternals(ws);
    const id = releases.create({ headline: '' }).id;
    const error = await releasePdf(deps(), id, { now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PressdeskError);
    expect((error as PressdeskError).code).toBe('EXPORT_BLOCKED');
    expect(JSON.stringify((error as PressdeskError).details)).toContain('HEADLINE_EMPTY');
    const missing = await releasePdf(deps(), 'no-such-release', { now: NOW }).catch((e: unknown) => e);
    expect((missing as PressdeskError).code).toBe('NOT_FOUND');
  });

  it('carries a running embargo on every page, in the release language', async () => {
    const { releases } = engineInternals(ws);
    const body: DocumentNode = {
      type: 'doc',
      content: Array.from({ length: 200 }, (_, i) => para(`Absatz ${i + 1}: Die Förderung wächst weiter.`)),
    };
    const id = releases.create({ headline: 'Haushalt 2027', embargoUntil: '2026-03-03T10:00:00+01:00', body }).id;
    const pdf = await releasePdf(deps(), id, { now: NOW });
    expect(pdf.embargoed).toBe(true);
    expect(pdf.pages).toBeGreaterThan(2);
    const read = poppler(pdf.bytes);
    for (let n = 1; n <= pdf.pages; n++) {
      const page = read.page(n);
      expect(page).toContain('SPERRFRIST bis 3. März 2026, 10:00 Uhr (MEZ)');
      expect(page).toContain(`Seite ${n} von ${pdf.pages}`);
    }
    const text = read.text();
    // Every paragraph once, in order, over the pages.
    let at = -1;
    for (let i = 1; i <= 200; i++) {
      const found = text.indexOf(`Absatz ${i}: Die Förderung wächst weiter.`, at + 1);
      expect(found, `paragraph ${i}`).toBeGreaterThan(at);
      at = found;
    }
    expect(read.info()).toMatch(new RegExp(`Pages:\\s+${pdf.pages}\\n`));

    const english = releases.create({ headline: 'Budget', language: 'en', embargoUntil: '2026-07-03T08:00:00Z' }).id;
    const en = poppler((await releasePdf(deps(), english, { now: NOW })).bytes, 'en.pdf').text();
    expect(en).toContain('EMBARGOED until 3 July 2026, 10:00 (CEST)');
    expect(en).toContain('Page 1 of 1');
    // Once the embargo has passed, no line.
    const later = await releasePdf(deps(), english, { now: new Date('2026-08-01T00:00:00Z') });
    expect(later.embargoed).toBe(false);
    expect(poppler(later.bytes, 'later.pdf').text()).not.toContain('EMBARGOED');
  });

  it('sets a long table over pages, its column headings at the top of each', async () => {
    const { releases } = engineInternals(ws);
    const cell = (type: 'tableHeader' | 'tableCell', text: string) => ({
      type,
      content: [{ type: 'text' as const, text }],
    });
    const id = releases.create({
      headline: 'Fördermittel nach Kreisen',
      body: {
        type: 'doc',
        content: [
          {
            type: 'table',
            content: [
              { type: 'tableRow', content: [cell('tableHeader', 'Landkreis'), cell('tableHeader', 'Fördersumme')] },
              ...Array.from({ length: 120 }, (_, i) => ({
                type: 'tableRow' as const,
                content: [cell('tableCell', `Kreis Nr. ${i + 1}`), cell('tableCell', `${i + 1},5 Mio. €`)],
              })),
            ],
          },
        ],
      },
    }).id;
    const pdf = await releasePdf(deps(), id, { now: NOW });
    expect(pdf.pages).toBeGreaterThan(1);
    const read = poppler(pdf.bytes, 'table.pdf');
    for (let n = 1; n <= pdf.pages; n++) expect(read.page(n)).toContain('Landkreis');
    const text = read.text();
    let at = -1;
    for (let i = 1; i <= 120; i++) {
      const found = text.indexOf(`Kreis Nr. ${i}\n`, at + 1);
      expect(found, `row ${i}`).toBeGreaterThan(at);
      at = found;
    }
  });

  it('refuses an image whose stored file is damaged, with a stable code', async () => {
    const { releases, assets } = engineInternals(ws);
    const image = await assets.importBytes(await photo(800, 600), 'kaputt.jpg');
    const id = releases.create({
      headline: 'Mit kaputtem Bild',
      leadImage: {
        assetId: image.id,
        caption: 'Bild',
        credit: 'Foto: © Amt',
        creditRaw: '',
        alt: 'Ein Bild',
        decorative: false,
      },
    }).id;
    writeFileSync(assets.original(image.id).path, Buffer.from('not a jpeg at all'));
    const error = await releasePdf(deps(), id, { now: NOW }).catch((e: unknown) => e);
    expect((error as PressdeskError).code).toBe('ASSET_CORRUPT');
    expect((error as PressdeskError).details).toMatchObject({ assetId: image.id });
  });

  it('copes with an empty body, a very long word, hostile metadata and a decorative image', async () => {
    const { releases, assets } = engineInternals(ws);
    const empty = releases.create({ headline: 'Nur eine Überschrift' }).id;
    const bare = await releasePdf(deps(), empty, { now: NOW });
    expect(bare.pages).toBe(1);
    expect(poppler(bare.bytes, 'bare.pdf').text()).toContain('Nur eine Überschrift');

    const long = 'Donaudampfschifffahrtsgesellschaftskapitän'.repeat(12);
    const image = await assets.importBytes(await photo(800, 600), 'deco.jpg');
    const hostile = '</rdf:li><x:evil> & "quotes" <script>';
    const id = releases.create({
      headline: `Titel ${hostile}`,
      teaser: hostile,
      body: {
        type: 'doc',
        content: [
          para(long),
          { type: 'paragraph' },
          {
            type: 'figure',
            attrs: { assetId: image.id, caption: '', credit: 'Foto: © Amt', creditRaw: '', alt: '', decorative: true },
          },
          para(`z.\u00a0B. 10\u202f% mehr`),
        ],
      },
    }).id;
    const pdf = await releasePdf(deps(), id, { now: NOW });
    const read = poppler(pdf.bytes, 'odd.pdf');
    // The long word is cut to fit the line, nothing of it lost.
    expect(read.text().replace(/\s+/g, '')).toContain(long);
    expect(read.text()).toContain('Foto: © Amt');
    expect(read.info()).toMatch(/Title:\s+Titel <\/rdf:li><x:evil> & "quotes" <script>/);
    // The XMP metadata (XML) has the title escaped.
    const raw = pdf.bytes.toString('utf8');
    const xmp = raw.slice(raw.indexOf('<x:xmpmeta'), raw.indexOf('</x:xmpmeta>'));
    expect(xmp.length).toBeGreaterThan(0);
    expect(xmp.includes('<x:evil>')).toBe(false);
    expect(xmp.includes('Titel &lt;/rdf:li&gt;&lt;x:evil&gt; &amp; &quot;quotes&quot;')).toBe(true);
    expect(xmp.includes('<dc:language><rdf:Bag><rdf:li>de</rdf:li>')).toBe(true);
  });
});

describe('visualRuns', () => {
  it('keeps numbers and Latin words left to right inside a right-to-left line', () => {
    const runs = visualRuns([{ text: 'عام 2026 مع PDF اليوم', tag: 'a' }], 'rtl').map((r) => r.text);
    // Each Arabic run in logical order (the shaper sets it right to left), the runs themselves left to right.
    expect(runs).toEqual([' اليوم', 'PDF', ' مع ', '2026', 'عام ']);
    expect(visualRuns([{ text: 'خطة (مهمة) جديدة', tag: 'a' }], 'rtl')).toEqual([
      { text: 'خطة (مهمة) جديدة', tag: 'a', rtl: true },
    ]);
  });
});

void PressdeskError;
