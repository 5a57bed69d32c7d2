import { z } from 'zod';
import { ReleaseIdSchema } from '../domain/release';
import { BytesSchema } from './assets';
import { channel, type Channel } from './channel';
import { FindingSchema } from './export';

const WordInput = z
  .object({
    id: ReleaseIdSchema,
    /** The embargoed form (embargo line first) while the embargo runs; required then, like the bundle's. */
    embargoed: z.boolean().optional(),
  })
  .strict();

/** Channels of the Word file and the wire text: outputs of one release besides the bundle. */
export const wordChannels = {
  /**
   * The release as a Word file (.docx) for download or the app's save
   * dialog. Preflight runs first: EXPORT_BLOCKED (details.findings) when it
   * finds errors.
   */
  'export.docx': channel(
    WordInput,
    z.object({ fileName: z.string(), bytes: BytesSchema, embargoed: z.boolean(), findings: z.array(FindingSchema) }),
  ),
  /**
   * The release's wire text in the presseportal/ots layout (CRLF line
   * endings), for the clipboard or a file. Preflight runs first, as for every
   * public output.
   */
  'export.wireText': channel(
    WordInput,
    z.object({ fileName: z.string(), text: z.string(), embargoed: z.boolean(), findings: z.array(FindingSchema) }),
  ),
} as const satisfies Record<string, Channel>;
