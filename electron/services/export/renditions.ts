import { loadSharp } from '../assets/sharp';
import { ASSET_MAX_PIXELS } from '../../../shared/domain';
import type { Rendition } from '../../../shared/render';
import { xmpPacket, type XmpFields } from './xmp';

/** Rendition widths of the bundle; an image is never made wider than it is. */
export const RENDITION_WIDTHS = [480, 960, 1600] as const;

export interface RenditionFile extends Rendition {
  readonly data: Buffer;
}

export function renditionWidths(width: number, widths: readonly number[] = RENDITION_WIDTHS): number[] {
  return [...new Set(widths.map((w) => Math.min(w, width)))].sort((a, b) => a - b);
}

/**
 * WebP and JPEG renditions of one image, decoded once. Orientation is
 * applied, colours converted to sRGB (CMYK and 16-bit sources included); the
 * JPEGs carry Pressdesk's XMP (caption, credit, creator, copyright, alt text)
 * and nothing else of the original's metadata (no GPS, no camera serials).
 */
export async function makeRenditions(
  original: string,
  width: number,
  base: string,
  xmp: XmpFields,
  widths: readonly number[] = RENDITION_WIDTHS,
): Promise<RenditionFile[]> {
  const sizes = renditionWidths(width, widths);
  const largest = sizes[sizes.length - 1]!;
  const sharp = await loadSharp();
  const { data, info } = await sharp(original, { limitInputPixels: ASSET_MAX_PIXELS, pages: 1 })
    .rotate()
    .resize({ width: largest, withoutEnlargement: true })
    .toColourspace('srgb')
    .flatten({ background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const packet = xmpPacket(xmp);
  const out: RenditionFile[] = [];
  for (const w of sizes) {
    const pipeline = () =>
      sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).resize({
        width: w,
        withoutEnlargement: true,
      });
    const [webp, jpeg] = await Promise.all([
      pipeline().webp({ quality: 80 }).toBuffer({ resolveWithObject: true }),
      pipeline().jpeg({ quality: 82, mozjpeg: true }).withXmp(packet).toBuffer({ resolveWithObject: true }),
    ]);
    out.push({
      path: `images/${base}-${w}.webp`,
      width: webp.info.width,
      height: webp.info.height,
      type: 'image/webp',
      data: webp.data,
    });
    out.push({
      path: `images/${base}-${w}.jpg`,
      width: jpeg.info.width,
      height: jpeg.info.height,
      type: 'image/jpeg',
      data: jpeg.data,
    });
  }
  return out;
}

/** The widest the office's logo is written into a bundle (it is shown far smaller). */
export const LOGO_WIDTH = 480;

/**
 * The office's logo as the bundle's `images/logo.png`: orientation applied,
 * sRGB, transparency kept, at most {@link LOGO_WIDTH} wide, and none of the
 * original's metadata.
 */
export async function makeLogo(
  original: string,
): Promise<{ path: string; width: number; height: number; data: Buffer }> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(original, { limitInputPixels: ASSET_MAX_PIXELS, pages: 1 })
    .rotate()
    .resize({ width: LOGO_WIDTH, withoutEnlargement: true })
    .toColourspace('srgb')
    .png({ compressionLevel: 9 })
    .toBuffer({ resolveWithObject: true });
  return { path: 'images/logo.png', width: info.width, height: info.height, data };
}
