// Suite "export": a release with 2,000 words and 8 photos of 3000×2000 px
// exported as a bundle, against the same renditions made by bare sharp calls
// in the same run; and HTML rendering of a 10,000-word release.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JSONContent } from '@tiptap/core';
import { generateHTML } from '@tiptap/html';
import StarterKit from '@tiptap/starter-kit';
import sharp from 'sharp';
import type { BlockNode, DocumentNode } from '../shared/document';
import { renderReleaseHtml, type RenderInput } from '../shared/render';
import { renditionWidths } from '../electron/services/export/renditions';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { openWorkstation } from '../electron/services/workstation';
import { machine, percentile, report, rng, timeMs, timeMsAsync } from './lib';
import { engineInternals } from '../electron/services/testing/internals';

const suite = 'export';
const PHOTOS = 8;
const random = rng(5);
const WORDS =
  'Land Förderung Kommunen Millionen Euro Projekt Bürgerinnen Bürger Straße Schule Integration Zusammenarbeit Stadt Gemeinde Landkreis Haushalt Sicherheit Gesundheit Pflege Digitalisierung Verwaltung Ausbildung Forschung Wirtschaft Energie Mobilität Sanierung'.split(
    ' ',
  );

function paragraph(words: number): BlockNode {
  const text = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]!.toLowerCase()).join(' ');
  return { type: 'paragraph', content: [{ type: 'text', text: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` }] };
}

function body(words: number, figures: string[]): DocumentNode {
  const content: BlockNode[] = [];
  let written = 0;
  let i = 0;
  while (written < words) {
    if (i % 6 === 5)
      content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Abschnitt ${i}` }] });
    content.push(paragraph(50));
    written += 50;
    const figure = figures[i];
    if (figure)
      content.push({
        type: 'figure',
        attrs: {
          assetId: figure,
          caption: `Bild ${i}: Die Ministerin besucht das Projekt`,
          credit: 'Foto: © Land/Jürgen Weiß',
          creditRaw: '',
          alt: 'Menschen vor einem Gebäude',
          decorative: false,
        },
      });
    i++;
  }
  return { type: 'doc', content };
}

async function photo(i: number): Promise<Buffer> {
  const raw = Buffer.alloc(300 * 200 * 3);
  for (let p = 0; p < raw.length; p++) raw[p] = (p * (i + 3) + (p >> 7)) & 255;
  return sharp(raw, { raw: { width: 300, height: 200, channels: 3 } })
    .resize(3000, 2000, { kernel: 'cubic' })
    .jpeg({ quality: 85 })
    .toBuffer();
}

const tmp = makeTempDir('pressdesk-bench-export-');
try {
  const ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
  const store = engineInternals(ws);
  const ids: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < PHOTOS; i++) {
    const file = join(tmp.dir, `photo-${i}.jpg`);
    writeFileSync(file, await photo(i));
    files.push(file);
    ids.push((await ws.importAssetFile(file)).id);
  }
  const release = store.releases.create({
    headline: 'Land fördert Integrationsmanagerinnen in allen Kommunen',
    teaser: 'Das Land stellt zwölf Millionen Euro bereit.',
    topic: 'Integration',
    dateline: 'Stuttgart',
    body: body(2000, ids.slice(1)),
    leadImage: {
      assetId: ids[0]!,
      caption: 'Die Ministerin',
      credit: 'Foto: © dpa',
      creditRaw: 'dpa',
      alt: 'Frau am Rednerpult',
      decorative: false,
    },
  });

  // Measured alternately, three rounds each, so that load on the machine weighs on both alike.
  const engine: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 3; round++) {
    engine.push(
      await timeMsAsync(() =>
        ws.exportRelease(release.id, { out: join(tmp.dir, `bundle-${round}`), office: 'Ministerium' }),
      ),
    );
    bare.push(
      await timeMsAsync(async () => {
        for (const file of files) {
          const input = readFileSync(file);
          for (const w of renditionWidths(3000)) {
            await Promise.all([
              sharp(input).rotate().resize({ width: w }).webp({ quality: 80 }).toBuffer(),
              sharp(input).rotate().resize({ width: w }).jpeg({ quality: 82, mozjpeg: true }).toBuffer(),
            ]);
          }
        }
      }),
    );
  }
  report({
    suite,
    metric: 'export_2000_words_8_photos',
    value: percentile(engine, 50) / 1000,
    unit: 's',
    baseline: percentile(bare, 50) / 1000,
    detail:
      'median of 3; bundle (preflight, renditions with XMP, HTML, JSON-LD, text, manifest, atomic write) vs bare sharp renditions',
  });

  // HTML rendering of a 10,000-word release (pure function, no images).
  const big: RenderInput = {
    id: 'x',
    version: 1,
    language: 'de',
    topic: 'Integration',
    headline: 'Lang',
    subheadline: '',
    teaser: 'Kurz',
    dateline: 'Stuttgart',
    publishedAt: '2024-05-02T08:00:00.000Z',
    updatedAt: '2024-05-02T08:00:00.000Z',
    embargoUntil: null,
    tags: ['a'],
    body: body(10_000, []),
    leadImage: null,
    assets: {},
    relatedLinks: [],
    relatedReleases: [],
    pressContact: '',
    boilerplate: '',
    office: { name: 'Ministerium' },
    embargoed: false,
    stylesheet: 'theme.css',
  };
  // Baseline: TipTap's own HTML serializer (DOM-based, via happy-dom in Node) on the same body.
  const extensions = [StarterKit.configure({ heading: { levels: [2, 3] } })];
  const bodyJson = big.body as unknown as JSONContent;
  const renders: number[] = [];
  const tiptap: number[] = [];
  for (let i = 0; i < 30; i++) {
    renders.push(timeMs(() => renderReleaseHtml(big)));
    tiptap.push(timeMs(() => generateHTML(bodyJson, extensions)));
  }
  report({
    suite,
    metric: 'render_html_10000_words_p50',
    value: percentile(renders, 50),
    unit: 'ms',
    baseline: percentile(tiptap, 50),
    detail: 'whole page vs @tiptap/html generateHTML of the body alone',
  });
  report({
    suite,
    metric: 'render_html_10000_words_p95',
    value: percentile(renders, 95),
    unit: 'ms',
    baseline: percentile(tiptap, 95),
  });
  ws.close();
  process.stderr.write(`export suite done on ${machine()}\n`);
} finally {
  tmp.cleanup();
}
