import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_WINDOW_ICON, PACKAGED_WINDOW_ICON } from './windowIcon';

// js-yaml comes with electron-builder, which reads the same file with it.
const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };

const root = join(__dirname, '..', '..');
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

const section = (name: string) => config[name] as Record<string, unknown>;
const buildResources = join(root, (config.directories as { buildResources: string }).buildResources);

const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

async function sizeOf(data: Buffer): Promise<[number, number]> {
  const meta = await sharp(data).metadata();
  return [meta.width, meta.height];
}

/** The images of an ICO file: its directory and each image (PNG, or a 32-bit bitmap read from its header). */
function readIco(data: Buffer) {
  expect(data.readUInt16LE(0)).toBe(0);
  expect(data.readUInt16LE(2)).toBe(1);
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const size = data.readUInt8(at) || 256;
    const length = data.readUInt32LE(at + 8);
    const offset = data.readUInt32LE(at + 12);
    expect(offset + length).toBeLessThanOrEqual(data.length);
    return { size, bitCount: data.readUInt16LE(at + 6), image: data.subarray(offset, offset + length) };
  });
}

function readIcns(data: Buffer) {
  expect(data.toString('latin1', 0, 4)).toBe('icns');
  expect(data.readUInt32BE(4)).toBe(data.length);
  const entries: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < data.length;) {
    const length = data.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    entries.push({ type: data.toString('latin1', at, at + 4), data: data.subarray(at + 8, at + length) });
    at += length;
  }
  return entries;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('electron-builder.yml', () => {
  it('names the app and packs it into an ASAR with the native modules unpacked', () => {
    expect(config.appId).toBe('de.pressdesk.app');
    expect(config.productName).toBe('Pressdesk');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/sharp/**', 'node_modules/@img/**']),
    );
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
  });

  it('builds AppImage and deb, an NSIS installer and a DMG', () => {
    expect(section('linux').target).toEqual(['AppImage', 'deb']);
    expect(section('win').target).toEqual(['nsis']);
    expect(section('mac').target).toEqual(['dmg']);
    expect(section('mac').hardenedRuntime).toBe(true);
  });

  it('flips the Electron fuses that close the usual doors', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('ships the window icon as an extra resource where the app looks for it at run time', async () => {
    const entries = config.extraResources as { from: string; to: string }[];
    const icon = entries.find((e) => e.to === PACKAGED_WINDOW_ICON.split('\\').join('/'));
    expect(icon, 'extraResources entry for the window icon').toBeDefined();
    // The same file the development build uses, and it is there: a 512 px PNG.
    expect(join(root, icon!.from)).toBe(join(root, CHECKOUT_WINDOW_ICON));
    const data = readFileSync(join(root, icon!.from));
    expect(data.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
    expect(await sizeOf(data)).toEqual([512, 512]);
  });

  it('prepares native modules for Electron in the dist script only', () => {
    expect(pkg.scripts.dist).toMatch(
      /electron-builder install-app-deps && electron-builder --config electron-builder\.yml$/,
    );
    for (const [name, script] of Object.entries(pkg.scripts)) {
      if (name !== 'dist') expect(script, name).not.toContain('install-app-deps');
    }
    expect(pkg.scripts).not.toHaveProperty('postinstall');
  });
});

describe('icons', () => {
  it('has the Linux icon set in every size, named NxN.png', async () => {
    const dir = join(buildResources, section('linux').icon as string);
    for (const size of PNG_SIZES) {
      const file = join(dir, `${size}x${size}.png`);
      expect(existsSync(file), file).toBe(true);
      const data = readFileSync(file);
      expect(data.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
      expect(await sizeOf(data)).toEqual([size, size]);
    }
  });

  it('has a Windows ICO with 16 to 256 px, each image readable at its stated size', async () => {
    const entries = readIco(readFileSync(join(buildResources, section('win').icon as string)));
    expect(entries.map((e) => e.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, bitCount, image } of entries) {
      expect(bitCount).toBe(32);
      if (image.subarray(0, 4).equals(PNG_MAGIC)) {
        expect(await sizeOf(image)).toEqual([size, size]);
      } else {
        // A bitmap: BITMAPINFOHEADER with the height doubled (colour plus mask), 32 bits, then pixels and mask.
        expect(image.readUInt32LE(0)).toBe(40);
        expect([image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([size, size * 2, 32]);
        expect(image.length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
        // Not blank: the icon's opaque background is in the pixels.
        expect(image.subarray(40, 40 + size * size * 4).some((byte) => byte !== 0)).toBe(true);
      }
    }
    expect(entries.filter((e) => e.size >= 256).every((e) => e.image.subarray(0, 4).equals(PNG_MAGIC))).toBe(true);
  });

  it('has a macOS ICNS whose PNG entries match their types', async () => {
    const entries = readIcns(readFileSync(join(buildResources, section('mac').icon as string)));
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      ic11: 32,
      icp6: 64,
      ic12: 64,
      ic07: 128,
      ic08: 256,
      ic13: 256,
      ic09: 512,
      ic14: 512,
      ic10: 1024,
    };
    expect(entries.map((e) => e.type).sort()).toEqual(Object.keys(expected).sort());
    for (const { type, data } of entries) {
      expect(await sizeOf(data), type).toEqual([expected[type], expected[type]]);
    }
  });

  it('renders the same picture in every size (the 16 px icon is the 1024 px one scaled down)', async () => {
    const big = await sharp(readFileSync(join(buildResources, 'icons', '1024x1024.png')))
      .resize(16, 16)
      .raw()
      .toBuffer();
    const small = await sharp(readFileSync(join(buildResources, 'icons', '16x16.png')))
      .raw()
      .toBuffer();
    expect(small.length).toBe(big.length);
    const diff = small.reduce((sum, byte, i) => sum + Math.abs(byte - big[i]!), 0) / small.length;
    expect(diff).toBeLessThan(12);
  });
});
