import { z } from 'zod';
import { ASSET_MAX_BYTES, AssetSchema } from '../domain/asset';
import { channel, type Channel } from './channel';
import { isBytes } from './wire';

/** File bytes of at most `max` bytes as they cross the contract (structured clone over IPC; base64-wrapped over HTTP). */
export function bytesUpTo(max: number, tooLarge: string) {
  return z
    .custom<Uint8Array>((value) => isBytes(value), { message: 'expected file bytes' })
    .refine((b) => b.byteLength <= max, tooLarge);
}

/** An image file's bytes. */
export const BytesSchema = bytesUpTo(ASSET_MAX_BYTES, 'the file is larger than Pressdesk accepts');

/** The most images one listing answers with. */
export const ASSET_LIST_LIMIT_MAX = 10_000;

/** Channels of the image store. */
export const assetChannels = {
  /** Stores an image from bytes (paste, upload, drop) and returns it with the metadata read from it. */
  'assets.import': channel(
    z.object({ bytes: BytesSchema, name: z.string().max(255).optional() }).strict(),
    AssetSchema,
  ),
  /** Stored images, newest first; `query` matches caption, credit, creator, headline and file name. */
  'assets.list': channel(
    z
      .object({
        query: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(ASSET_LIST_LIMIT_MAX).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    z.object({ items: z.array(AssetSchema), total: z.number().int() }),
  ),
  /** The releases that show an image (as lead image or in the body), newest first. */
  'assets.usage': channel(
    z.object({ id: z.string().min(1).max(64) }).strict(),
    z.array(z.object({ id: z.string(), headline: z.string(), asLeadImage: z.boolean() })),
  ),
  /** One stored image. Fails with NOT_FOUND. */
  'assets.get': channel(z.object({ id: z.string().min(1).max(64) }).strict(), AssetSchema),
} as const satisfies Record<string, Channel>;
