// Suite "assets": import of 50 photos of 3000×2000 px (metadata + thumbnail +
// content-addressed store) against the bare sharp + exifr calls on the same
// files, measured in the same run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { openWorkstation } from '../electron/services/workstation';
import { THUMB_WIDTH } from '../electron/services/assets/assetStore';
import { machine, percentile, report, timeMsAsync } from './lib';

const COUNT = Number(process.env.BENCH_PHOTOS ?? 50);
const WIDTH = 3000;
const HEIGHT = 2000;
const suite = 'assets';

function xmp(i: number): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Bürgermeisterin eröffnet das Straßenfest Nr. ${i}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>Jürgen Weiß</rdf:li></rdf:Seq></dc:creator>
<photoshop:Credit>Foto: © Stadt Köln/Jürgen Weiß</photoshop:Credit>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

/** A photo-like image: smooth gradients plus noise, distinct per index. */
async function photo(i: number): Promise<Buffer> {
  const w = 300;
  const h = 200;
  const raw = Buffer.alloc(w * h * 3);
  let seed = 0x9e3779b9 ^ (i * 7919);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const o = (y * w + x) * 3;
      raw[o] = (x + i * 13) & 255;
      raw[o + 1] = (y * 2 + (seed & 31)) & 255;
      raw[o + 2] = ((x + y) / 2 + i * 5) & 255;
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .jpeg({ quality: 85 })
    .withXmp(xmp(i))
    .toBuffer();
}

const tmp = makeTempDir('pressdesk-bench-assets-');
try {
  const files: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const file = join(tmp.dir, `photo-${i}.jpg`);
    writeFileSync(file, await photo(i));
    files.push(file);
  }

  // Baseline: what any importer must do at least — read the file, read its metadata, make the
  // thumbnail. Measured alternately with the engine, photo by photo, so that whatever else the
  // machine does weighs on both sides alike.
  const bare: number[] = [];
  const engine: number[] = [];
  const ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
  for (const file of files) {
    bare.push(
      await timeMsAsync(async () => {
        const bytes = readFileSync(file);
        await Promise.all([
          exifr.parse(bytes, { xmp: true, iptc: true, tiff: true, mergeOutput: false }),
          sharp(bytes)
            .rotate()
            .resize({ width: THUMB_WIDTH, height: THUMB_WIDTH, fit: 'inside' })
            .webp({ quality: 78 })
            .toBuffer(),
        ]);
      }),
    );
    engine.push(
      await timeMsAsync(async () => {
        const asset = await ws.importAssetFile(file);
        if (!asset.credit.startsWith('Foto: © Stadt Köln')) throw new Error(`metadata lost: ${asset.credit}`);
      }),
    );
  }
  ws.close();

  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  report({
    suite,
    metric: `import_${COUNT}_photos_3000x2000`,
    value: sum(engine) / 1000,
    unit: 's',
    baseline: sum(bare) / 1000,
    detail: 'asset store (sniff, hash, metadata, thumbnail, atomic writes, row) vs bare sharp thumbnail + exifr',
  });
  report({
    suite,
    metric: 'import_per_photo_p50',
    value: percentile(engine, 50),
    unit: 'ms',
    baseline: percentile(bare, 50),
  });
  report({
    suite,
    metric: 'import_per_photo_p95',
    value: percentile(engine, 95),
    unit: 'ms',
    baseline: percentile(bare, 95),
  });
  process.stderr.write(`assets suite done on ${machine()}\n`);
} finally {
  tmp.cleanup();
}
