import { z } from 'zod';
import { FIGURE_LIMITS } from '../document/types';

/** Image types Pressdesk accepts. SVG is refused: it can carry script. */
export const ASSET_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/tiff',
] as const;
export const AssetMimeSchema = z.enum(ASSET_MIME_TYPES);

/** Largest file accepted (bytes). */
export const ASSET_MAX_BYTES = 200 * 1024 * 1024;
/** Largest image accepted (pixels), checked before decoding. */
export const ASSET_MAX_PIXELS = 100_000_000;

/**
 * A stored image: the original file, named by its SHA-256, and the metadata
 * read from it (IPTC/XMP/EXIF). Figures in releases copy caption, credit and
 * alt text from here as defaults and then own them.
 */
export const AssetSchema = z.object({
  id: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mime: AssetMimeSchema,
  byteSize: z.number().int().nonnegative(),
  /** Pixel size as displayed (EXIF orientation applied). */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  originalName: z.string(),
  caption: z.string(),
  /** The credit line exactly as the photo carries it (IPTC Credit / photoshop:Credit). */
  credit: z.string(),
  creator: z.string(),
  copyright: z.string(),
  alt: z.string(),
  headline: z.string(),
  keywords: z.array(z.string()),
  /** When the photo was taken, as given in its metadata (ISO 8601 date or date-time), or null. */
  dateCreated: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type Asset = z.infer<typeof AssetSchema>;

/** What the photo's metadata says, before it is stored. */
export type PhotoMetadata = Pick<
  Asset,
  'caption' | 'credit' | 'creator' | 'copyright' | 'alt' | 'headline' | 'keywords' | 'dateCreated'
>;

/**
 * Longest texts kept from a photo's metadata (IPTC/XMP/EXIF): a figure takes
 * caption, credit and alt text from them as they are, so they fit its limits.
 */
export const PHOTO_METADATA_LIMITS = {
  caption: FIGURE_LIMITS.caption,
  credit: FIGURE_LIMITS.creditRaw,
  creator: FIGURE_LIMITS.credit,
  copyright: FIGURE_LIMITS.credit,
  alt: FIGURE_LIMITS.alt,
  headline: 500,
  keyword: 100,
  keywords: 100,
} as const;
