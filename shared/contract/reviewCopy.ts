import { z } from 'zod';
import { ReleaseIdSchema } from '../domain/release';
import { BytesSchema } from './assets';
import { channel, type Channel } from './channel';

/** Channels of the review copy („Freigabeexemplar“). */
export const reviewCopyChannels = {
  /**
   * The saved release as a review copy for the people who approve it (a
   * minister's office, the quoted speakers): a PDF or a Word file marked
   * „ENTWURF – nicht zur Veröffentlichung“ on every page, with its version
   * and the moment it was made, numbered lines and the list of its quotes
   * with their approval state. It goes out for approval, so preflight
   * findings do not block it. For download (a save dialog in the app).
   */
  'export.reviewCopy': channel(
    z.object({ id: ReleaseIdSchema, format: z.enum(['pdf', 'docx']) }).strict(),
    z.object({
      fileName: z.string(),
      bytes: BytesSchema,
      format: z.enum(['pdf', 'docx']),
      /** The release version the copy shows. */
      version: z.number().int(),
      /** How many quotes the list „Zitate zur Freigabe“ names. */
      quotes: z.number().int(),
      /** Pages of the PDF; absent for a Word file (Word paginates it). */
      pages: z.number().int().optional(),
    }),
  ),
} as const satisfies Record<string, Channel>;
