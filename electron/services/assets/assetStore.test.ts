import { chmodSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
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

const fixture = (name: string) => join(__dirname, 'fixtures', name);

/** Every file below the asset folder, relative. */
function storedFiles(): string[] {
  const root = join(tmp.dir, 'data', 'assets');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  walk(root, '');
  return out.sort();
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return 'no error';
}

/** Random pixels compress badly, so the JPEG is big enough to cut in half meaningfully. */
async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A valid PNG header that claims a huge image: a decompression bomb's first bytes. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(2, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('asset store', () => {
  it('stores an original once, named by its SHA-256, with a thumbnail and its metadata', async () => {
    const a = await engineInternals(ws).assets.importFile(fixture('de-xmp-long.jpg'));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toMatchObject({
      mime: 'image/jpeg',
      width: 160,
      height: 120,
      originalName: 'de-xmp-long.jpg',
      creator: 'Anna Müller',
    });
    expect(storedFiles()).toEqual([`originals/${a.sha256.slice(0, 2)}/${a.sha256}.jpg`, `thumbs/${a.sha256}-480.webp`]);
    expect(readFileSync(join(tmp.dir, 'data', 'assets', 'originals', a.sha256.slice(0, 2), `${a.sha256}.jpg`))).toEqual(
      readFileSync(fixture('de-xmp-long.jpg')),
    );
    const again = await engineInternals(ws).assets.importBytes(readFileSync(fixture('de-xmp-long.jpg')), 'copy.jpg');
    expect(again.id).toBe(a.id);
    expect(engineInternals(ws).assets.list().total).toBe(1);
  });

  it('applies EXIF orientation to the size and the thumbnail', async () => {
    const a = await engineInternals(ws).assets.importFile(fixture('orientation6.jpg'));
    expect([a.width, a.height]).toEqual([120, 160]);
    const thumb = await sharp((await engineInternals(ws).assets.thumbnail(a.id)).path).metadata();
    expect([thumb.width, thumb.height]).toEqual([120, 160]);
  });

  it('accepts PNG, WebP, GIF (first frame), AVIF and TIFF, and makes sRGB thumbnails of CMYK and 16-bit sources', async () => {
    const base = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } } });
    const files: [string, Buffer][] = [
      ['a.png', await base.clone().png().toBuffer()],
      ['a.webp', await base.clone().webp().toBuffer()],
      ['a.gif', await base.clone().gif().toBuffer()],
      ['a.avif', await base.clone().avif({ effort: 0 }).toBuffer()],
      ['a.tif', await base.clone().tiff().toBuffer()],
      ['cmyk.jpg', await base.clone().toColourspace('cmyk').jpeg().toBuffer()],
      ['deep.png', await base.clone().toColourspace('rgb16').png().toBuffer()],
    ];
    const mimes: string[] = [];
    for (const [name, data] of files) {
      const a = await engineInternals(ws).assets.importBytes(data, name);
      mimes.push(a.mime);
      const thumb = await sharp((await engineInternals(ws).assets.thumbnail(a.id)).path).metadata();
      expect(thumb.space, name).toBe('srgb');
      expect(thumb.depth, name).toBe('uchar');
    }
    expect(mimes).toEqual([
      'image/png',
      'image/webp',
      'image/gif',
      'image/avif',
      'image/tiff',
      'image/jpeg',
      'image/png',
    ]);
  });

  it('tells where an asset is used', async () => {
    const a = await engineInternals(ws).assets.importFile(fixture('de-xmp-long.jpg'));
    const figure = { assetId: a.id, caption: 'x', credit: 'Foto: © x', creditRaw: '', alt: 'y', decorative: false };
    const lead = engineInternals(ws).releases.create({ headline: 'Mit Aufmacher', leadImage: figure });
    const inBody = engineInternals(ws).releases.create({
      headline: 'Im Text',
      body: { type: 'doc', content: [{ type: 'figure', attrs: figure }] },
    });
    engineInternals(ws).releases.create({ headline: 'Ohne Bild' });
    const usage = engineInternals(ws).assets.usage(a.id);
    expect(usage.map((u) => [u.id, u.asLeadImage]).sort()).toEqual(
      [
        [inBody.id, false],
        [lead.id, true],
      ].sort(),
    );
  });

  it('finds assets by caption, credit and creator', async () => {
    await engineInternals(ws).assets.importFile(fixture('de-xmp-long.jpg'));
    await engineInternals(ws).assets.importFile(fixture('de-iim-latin1.jpg'));
    expect(
      engineInternals(ws)
        .assets.list({ query: 'müller' })
        .items.map((a) => a.originalName),
    ).toEqual(['de-xmp-long.jpg']);
    expect(
      engineInternals(ws)
        .assets.list({ query: 'NRW schlüssel' })
        .items.map((a) => a.originalName),
    ).toEqual(['de-iim-latin1.jpg']);
    expect(engineInternals(ws).assets.list({ query: 'nichts' }).total).toBe(0);
  });

  describe('bad input leaves no files and no rows', () => {
    const cases: [string, () => Promise<Buffer | string>, string][] = [
      ['a zero-byte file', () => Promise.resolve(Buffer.alloc(0)), 'ASSET_EMPTY'],
      ['a truncated JPEG', async () => (await noisyJpeg(400, 300)).subarray(0, 20_000), 'ASSET_CORRUPT'],
      [
        'a text file named .jpg',
        () => Promise.resolve(Buffer.from('Pressemitteilung\nDas ist kein Bild.\n')),
        'ASSET_UNSUPPORTED',
      ],
      [
        'an SVG with a script',
        () => Promise.resolve(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
        'ASSET_UNSUPPORTED',
      ],
      [
        'a PNG claiming 400 megapixels (decompression bomb)',
        () => Promise.resolve(pngClaiming(20_000, 20_000)),
        'ASSET_TOO_MANY_PIXELS',
      ],
      [
        'a JPEG header with garbage after it',
        () => Promise.resolve(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 0x41)])),
        'ASSET_CORRUPT',
      ],
    ];
    it.each(cases)('refuses %s', async (_name, make, code) => {
      const data = await make();
      expect(
        await codeOf(
          engineInternals(ws).assets.importBytes(typeof data === 'string' ? Buffer.from(data) : data, 'x.jpg'),
        ),
      ).toBe(code);
      expect(storedFiles()).toEqual([]);
      expect(engineInternals(ws).assets.list().total).toBe(0);
    });

    it('refuses a file over 200 MB without reading it', async () => {
      const big = join(tmp.dir, 'big.jpg');
      writeFileSync(big, Buffer.from([0xff, 0xd8, 0xff]));
      truncateSync(big, 201 * 1024 * 1024); // sparse: no real disk use
      expect(statSync(big).size).toBeGreaterThan(200 * 1024 * 1024);
      expect(await codeOf(engineInternals(ws).assets.importFile(big))).toBe('ASSET_TOO_LARGE');
      expect(storedFiles()).toEqual([]);
    });

    it('refuses an unreadable path', async () => {
      expect(await codeOf(engineInternals(ws).assets.importFile(join(tmp.dir, 'missing.jpg')))).toBe('FILE_UNREADABLE');
      expect(await codeOf(engineInternals(ws).assets.importFile(tmp.dir))).toBe('FILE_UNREADABLE');
      if (process.getuid?.() !== 0) {
        const locked = join(tmp.dir, 'locked.jpg');
        writeFileSync(locked, readFileSync(fixture('orientation6.jpg')));
        chmodSync(locked, 0o000);
        expect(await codeOf(engineInternals(ws).assets.importFile(locked))).toBe('FILE_UNREADABLE');
      }
      expect(engineInternals(ws).assets.list().total).toBe(0);
    });
  });
});

describe('search by caption and credit', () => {
  it('finds releases by the captions and credits of their images (bild:, credit:)', async () => {
    const a = await engineInternals(ws).assets.importFile(fixture('de-xmp-long.jpg'));
    const figure = {
      assetId: a.id,
      caption: 'Straßenfest am Rhein',
      credit: 'Foto: © dpa/Jürgen Weiß',
      creditRaw: 'dpa',
      alt: 'Menschen',
      decorative: false,
    };
    engineInternals(ws).releases.create({ headline: 'Mit Aufmacher', leadImage: figure });
    const inBody = engineInternals(ws).releases.create({
      headline: 'Im Text',
      body: {
        type: 'doc',
        content: [
          { type: 'figure', attrs: { ...figure, credit: 'Bild: © Stadt Köln', creditRaw: '', caption: 'Rathaus' } },
        ],
      },
    });
    engineInternals(ws).releases.create({ headline: 'Ohne Bild über dpa' });
    const found = (query: string) =>
      engineInternals(ws)
        .search.search({ query })
        .items.map((h) => h.headline)
        .sort();
    expect(found('credit:dpa')).toEqual(['Mit Aufmacher']);
    expect(found('bild:weiss')).toEqual(['Mit Aufmacher']);
    expect(found('bild:rathaus')).toEqual(['Im Text']);
    expect(found('credit:köln')).toEqual(['Im Text']);
    // a changed caption is found under its new words only
    engineInternals(ws).releases.save(inBody.id, 1, {
      body: {
        type: 'doc',
        content: [{ type: 'figure', attrs: { ...figure, credit: 'Bild: © Land NRW', caption: 'Landtag' } }],
      },
    });
    expect(found('bild:rathaus')).toEqual([]);
    expect(found('bild:landtag')).toEqual(['Im Text']);
  });
});
