// The Word file of one release: time to build it (preflight, images as JPEGs,
// the document, the package made deterministic), its size, and the time to
// read it back through the Word import. `benchDocx` is called by the
// distribution suite with its 10,000-word release; run this file alone
// (`node --import tsx bench/distributionDocx.ts`) to measure a release of its own.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { BlockNode, DocumentNode } from '../shared/document';
import { buildReleaseDocx } from '../electron/services/docx/docxExport';
import { readDocx } from '../electron/services/docx/docxImport';
import { engineInternals } from '../electron/services/testing/internals';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { openWorkstation, type Workstation } from '../electron/services/workstation';
import { machine, percentile, report, rng, timeMsAsync } from './lib';

const suite = 'distribution';

export interface DocxFigures {
  /** Median time to build the Word file (ms). */
  readonly buildMs: number;
  /** Its size (bytes). */
  readonly bytes: number;
  /** Median time to read it back as a release (ms). */
  readonly readMs: number;
}

/** Measures the Word file of `releaseId` (three rounds, medians) and reports the figures. */
export async function benchDocx(ws: Workstation, releaseId: string, rounds = 3): Promise<DocxFigures> {
  const { releases, assets, settings } = engineInternals(ws);
  const build: number[] = [];
  const read: number[] = [];
  let bytes = 0;
  for (let round = 0; round < rounds; round++) {
    let file: Uint8Array = new Uint8Array(0);
    build.push(
      await timeMsAsync(async () => {
        file = (await buildReleaseDocx({ releases, assets }, releaseId, { settings: settings.exportSettings() })).bytes;
      }),
    );
    bytes = file.byteLength;
    read.push(await timeMsAsync(() => readDocx('bench.docx', file)));
  }
  const figures = { buildMs: percentile(build, 50), bytes, readMs: percentile(read, 50) };
  report({
    suite,
    metric: 'docx_build',
    value: figures.buildMs / 1000,
    unit: 's',
    detail: `median of ${rounds}; preflight, images as JPEG (≤ 1600 px), document, deterministic package; ${machine()}`,
  });
  report({ suite, metric: 'docx_size', value: figures.bytes / 1024 / 1024, unit: 'MiB' });
  report({
    suite,
    metric: 'docx_read_back',
    value: figures.readMs / 1000,
    unit: 's',
    detail: 'median; the Word import (ZIP checks, mammoth, HTML conversion), images not stored',
  });
  return figures;
}

const WORDS =
  'Land Förderung Kommunen Millionen Euro Projekt Bürgerinnen Bürger Straße Schule Integration Stadt Gemeinde Landkreis Haushalt Gesundheit Pflege Verwaltung'.split(
    ' ',
  );

/** A release of `words` words with `photos` photos of 3000×2000 px (for running this file alone). */
async function bigRelease(ws: Workstation, dir: string, words: number, photos: number): Promise<string> {
  const random = rng(11);
  const ids: string[] = [];
  for (let i = 0; i < photos; i++) {
    const raw = Buffer.alloc(300 * 200 * 3);
    for (let p = 0; p < raw.length; p++) raw[p] = (p * (i + 3) + (p >> 7)) & 255;
    const file = join(dir, `photo-${i}.jpg`);
    writeFileSync(
      file,
      await sharp(raw, { raw: { width: 300, height: 200, channels: 3 } })
        .resize(3000, 2000)
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    ids.push((await ws.importAssetFile(file)).id);
  }
  const content: BlockNode[] = [];
  for (let written = 0, i = 0; written < words; written += 50, i++) {
    if (i % 6 === 5)
      content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Abschnitt ${i}` }] });
    const text = Array.from({ length: 50 }, () => WORDS[Math.floor(random() * WORDS.length)]!).join(' ');
    content.push({ type: 'paragraph', content: [{ type: 'text', text: `${text}.` }] });
    const figure = ids[i + 1];
    if (figure && i % 20 === 0)
      content.push({
        type: 'figure',
        attrs: {
          assetId: figure,
          caption: `Bild ${i}`,
          credit: 'Foto: © Land/Jürgen Weiß',
          creditRaw: '',
          alt: 'Menschen vor einem Gebäude',
          decorative: false,
        },
      });
  }
  const body: DocumentNode = { type: 'doc', content };
  const release = engineInternals(ws).releases.create({
    headline: 'Land fördert Integrationsmanagerinnen in allen Kommunen',
    teaser: 'Das Land stellt zwölf Millionen Euro bereit.',
    topic: 'Integration',
    dateline: 'Stuttgart',
    body,
    leadImage: {
      assetId: ids[0]!,
      caption: 'Die Ministerin',
      credit: 'Foto: © dpa',
      creditRaw: 'dpa',
      alt: 'Frau am Rednerpult',
      decorative: false,
    },
  });
  return release.id;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tmp = makeTempDir('pressdesk-bench-docx-');
  try {
    const ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
    await benchDocx(ws, await bigRelease(ws, tmp.dir, 10_000, 8));
    ws.close();
  } finally {
    tmp.cleanup();
  }
}
