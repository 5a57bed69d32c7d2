import { z } from 'zod';
import { ReleaseIdSchema } from '../domain/release';
import { BytesSchema } from './assets';
import { channel, type Channel } from './channel';
import { FindingSchema } from './export';

/** Channels of the PDF export. */
export const pdfChannels = {
  /**
   * The release as a PDF on the office's letterhead, for download (a save
   * dialog in the app, a download in the browser). A running embargo is
   * printed on every page. Fails with EXPORT_BLOCKED (details.findings) when
   * preflight finds errors.
   */
  'export.pdf': channel(
    z.object({ id: ReleaseIdSchema }).strict(),
    z.object({
      fileName: z.string(),
      bytes: BytesSchema,
      embargoed: z.boolean(),
      findings: z.array(FindingSchema),
      pages: z.number().int(),
    }),
  ),
} as const satisfies Record<string, Channel>;
