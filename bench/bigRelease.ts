// A large release for the distribution benchmarks (PDF, DOCX): 10,000 words
// of German text with headings, lists, a statement, a table and 8 photos of
// about 2400 px made by sharp, stored in a workstation as a user would.
import sharp from 'sharp';
import type { BlockNode, DocumentNode } from '../shared/document';
import { approveForTest } from '../electron/services/testing/approve';
import { engineInternals } from '../electron/services/testing/internals';
import type { Workstation } from '../electron/services/workstation';
import { rng } from './lib';

export interface BigReleaseOptions {
  /** Words of body text (10,000 unless said otherwise). */
  readonly words?: number;
  /** Photos placed in the body, the first also as lead image (8 unless said otherwise). */
  readonly photos?: number;
  /** Width of each photo in pixels (2400 unless said otherwise; 3:2). */
  readonly photoWidth?: number;
}

export interface BigRelease {
  readonly releaseId: string;
  readonly words: number;
  readonly photos: number;
  /** The stored images' ids, in the order they stand in the body. */
  readonly assetIds: readonly string[];
}

const VOCABULARY =
  'Land Förderung Kommunen Millionen Euro Projekt Bürgerinnen Bürger Straße Schule Integration Zusammenarbeit Stadt Gemeinde Landkreis Haushalt Sicherheit Gesundheit Pflege Digitalisierung Verwaltung Ausbildung Forschung Wirtschaft Energie Mobilität Sanierung Übergabe Größe Brücke'.split(
    ' ',
  );

/** A photo with detail (not a flat colour, which would compress to nothing): a scaled-up noise pattern. */
async function photo(i: number, width: number): Promise<Buffer> {
  const w = 320;
  const h = 213;
  const raw = Buffer.alloc(w * h * 3);
  for (let p = 0; p < raw.length; p++) raw[p] = (p * (i + 3) + (p >> 7) + ((p % 97) << 1)) & 255;
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .resize(width, Math.round((width * 2) / 3), { kernel: 'cubic' })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Creates the release (and its photos) in `ws`; the same options give the same text every time. */
export async function createBigRelease(ws: Workstation, options: BigReleaseOptions = {}): Promise<BigRelease> {
  const words = options.words ?? 10_000;
  const photos = options.photos ?? 8;
  const width = options.photoWidth ?? 2400;
  const { assets, releases } = engineInternals(ws);
  const random = rng(15);
  const sentence = (n: number): string => {
    const text = Array.from({ length: n }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!).join(' ');
    return `${text}.`;
  };
  const para = (n: number): BlockNode => ({
    type: 'paragraph',
    content: [
      { type: 'text', text: `${sentence(Math.max(1, n - 12))} ` },
      { type: 'text', text: '„Ein guter Tag“', marks: [{ type: 'italic' }] },
      { type: 'text', text: ` – ${sentence(6)} ` },
      {
        type: 'text',
        text: 'Mehr Informationen',
        marks: [{ type: 'link', attrs: { href: 'https://land.example.de/' } }],
      },
      { type: 'text', text: '.' },
    ],
  });
  const assetIds: string[] = [];
  for (let i = 0; i < photos; i++) assetIds.push((await assets.importBytes(await photo(i, width), `foto-${i}.jpg`)).id);

  const content: BlockNode[] = [];
  let written = 0;
  let block = 0;
  const perPhoto = Math.max(1, Math.floor(words / Math.max(photos, 1)));
  let nextPhoto = 0;
  while (written < words) {
    if (block % 8 === 7) {
      content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Abschnitt ${block}` }] });
    }
    if (block % 25 === 12) {
      content.push({
        type: 'bulletList',
        content: [1, 2, 3].map((n) => ({
          type: 'listItem' as const,
          content: [
            { type: 'paragraph' as const, content: [{ type: 'text' as const, text: `Punkt ${n}: ${sentence(8)}` }] },
          ],
        })),
      });
      written += 27;
    }
    if (block % 40 === 20) {
      content.push({
        type: 'quote',
        attrs: { speaker: 'Anna Beispiel', role: 'Ministerin' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `„${sentence(20)}“` }] }],
      });
      written += 20;
    }
    if (block === 30) {
      content.push({
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: ['Landkreis', 'Mittel 2026', 'Mittel 2027'].map((t) => ({
              type: 'tableHeader' as const,
              content: [{ type: 'text' as const, text: t }],
            })),
          },
          ...Array.from({ length: 12 }, (_, r) => ({
            type: 'tableRow' as const,
            content: [`Kreis ${r + 1}`, `${(r + 1) * 1.5} Mio. €`, `${(r + 1) * 1.7} Mio. €`].map((t) => ({
              type: 'tableCell' as const,
              content: [{ type: 'text' as const, text: t }],
            })),
          })),
        ],
      });
    }
    content.push(para(60));
    written += 60;
    if (nextPhoto < photos && written >= nextPhoto * perPhoto) {
      content.push({
        type: 'figure',
        attrs: {
          assetId: assetIds[nextPhoto]!,
          caption: `Bild ${nextPhoto + 1}: Die Ministerin besucht das Projekt in Stuttgart`,
          credit: 'Foto: © Land/Jürgen Weiß',
          creditRaw: '',
          alt: 'Menschen vor einem Gebäude',
          decorative: false,
        },
      });
      nextPhoto++;
    }
    block++;
  }
  const body: DocumentNode = { type: 'doc', content };
  const release = releases.create({
    headline: 'Land fördert Integrationsmanagerinnen in allen Kommunen',
    topic: 'Integration',
    teaser: 'Das Land stellt für die kommenden zwei Jahre 58 Millionen Euro bereit.',
    dateline: 'Stuttgart',
    language: 'de',
    body,
    leadImage: assetIds[0]
      ? {
          assetId: assetIds[0],
          caption: 'Die Ministerin im Gespräch',
          credit: 'Foto: © Land/Jürgen Weiß',
          creditRaw: '',
          alt: 'Die Ministerin im Gespräch mit Bürgerinnen',
          decorative: false,
        }
      : null,
    pressContact: 'Pressestelle\nTelefon 0711 123-4567\npresse@land.example.de',
    boilerplate: 'Das Ministerium für Soziales, Gesundheit und Integration ist zuständig für …',
  });
  // Approved, with every quote approved by its speaker: the PDF and the Word file are public outputs.
  approveForTest(ws, release.id);
  return { releaseId: release.id, words: written, photos, assetIds };
}
