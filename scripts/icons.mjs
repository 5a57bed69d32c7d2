#!/usr/bin/env node
// Renders the app icon from resources/icon.svg in every size the installers
// need, with sharp. Run once after changing the SVG and commit the outputs:
//   node scripts/icons.mjs
// resources/icons/NxN.png   Linux icon set (electron-builder's naming)
// resources/icon.ico        Windows: 16–48 px as 32-bit bitmaps, 64–256 px as PNG
// resources/icon.icns       macOS: 16–1024 px as PNG entries
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resources = join(root, 'resources');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** Sizes below this go into the ICO as bitmaps, which every Windows version and NSIS read. */
const ICO_PNG_FROM = 64;
/** ICNS entry types holding PNG data, by pixel size (the @2x types carry the same pixels). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

const svg = readFileSync(join(resources, 'icon.svg'));

async function png(size) {
  // Rendered at the target size from the vector (not scaled down from a big bitmap), so small sizes stay sharp.
  return sharp(svg, { density: Math.max(72, Math.ceil((72 * size) / 512) * 2) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** A 32-bit BGRA DIB as an ICO entry: BITMAPINFOHEADER (height doubled), bottom-up rows, then the AND mask. */
async function dib(size) {
  const { data } = await sharp(svg).resize(size, size).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16);
  header.writeUInt32LE(size * size * 4, 20);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = data[from + 2];
      pixels[to + 1] = data[from + 1];
      pixels[to + 2] = data[from];
      pixels[to + 3] = data[from + 3];
    }
  }
  // The AND mask is ignored for 32-bit images but must be present: 1 bit per pixel, rows padded to 4 bytes.
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size);
  return Buffer.concat([header, pixels, mask]);
}

function ico(entries) {
  const head = Buffer.alloc(6 + 16 * entries.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(entries.length, 4);
  let offset = head.length;
  entries.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    head.writeUInt8(size >= 256 ? 0 : size, at);
    head.writeUInt8(size >= 256 ? 0 : size, at + 1);
    head.writeUInt8(0, at + 2);
    head.writeUInt8(0, at + 3);
    head.writeUInt16LE(1, at + 4);
    head.writeUInt16LE(32, at + 6);
    head.writeUInt32LE(data.length, at + 8);
    head.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...entries.map((e) => e.data)]);
}

function icns(entries) {
  const chunks = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

const pngs = new Map();
for (const size of PNG_SIZES) pngs.set(size, await png(size));

mkdirSync(join(resources, 'icons'), { recursive: true });
for (const [size, data] of pngs) writeFileSync(join(resources, 'icons', `${size}x${size}.png`), data);

const icoEntries = [];
for (const size of ICO_SIZES) icoEntries.push({ size, data: size >= ICO_PNG_FROM ? pngs.get(size) : await dib(size) });
writeFileSync(join(resources, 'icon.ico'), ico(icoEntries));

writeFileSync(join(resources, 'icon.icns'), icns(ICNS_TYPES.map(([type, size]) => ({ type, data: pngs.get(size) }))));

console.log(
  `icons: ${PNG_SIZES.length} PNGs, icon.ico (${ICO_SIZES.join(', ')}), icon.icns (${ICNS_TYPES.length} entries)`,
);
