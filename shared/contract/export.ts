import { z } from 'zod';
import { ReleaseIdSchema } from '../domain/release';
import { BytesSchema } from './assets';
import { channel, type Channel } from './channel';

/** One preflight finding (see shared/preflight). */
export const FindingSchema = z.object({
  code: z.enum([
    'HEADLINE_EMPTY',
    'FIGURE_ALT_MISSING',
    'FIGURE_CREDIT_MISSING',
    'UNSAFE_LINK',
    'EMBARGO_ACTIVE',
    'HEADLINE_LONG',
    'TEASER_LONG',
    'LEAD_IMAGE_SMALL',
    'TOPIC_MISSING',
  ]),
  severity: z.enum(['error', 'warning']),
  field: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const ExportInput = z
  .object({
    id: ReleaseIdSchema,
    /** Export an embargoed bundle (notice, noindex, no Open Graph or JSON-LD) while the embargo runs. */
    embargoed: z.boolean().optional(),
    /** Other releases to show as teaser cards. */
    relatedIds: z.array(ReleaseIdSchema).max(12).optional(),
  })
  .strict();

/** Channels of the export. */
export const exportChannels = {
  /** The checks before an export: errors block, warnings inform. */
  'export.preflight': channel(
    z.object({ id: ReleaseIdSchema, embargoed: z.boolean().optional() }).strict(),
    z.object({ findings: z.array(FindingSchema), embargoActive: z.boolean() }),
  ),
  /** The page as it will be exported, with images from the store, for the sandboxed preview. */
  'export.preview': channel(
    z.object({ id: ReleaseIdSchema, embargoed: z.boolean().optional() }).strict(),
    z.object({ html: z.string() }),
  ),
  /** The bundle as a zip, for download. Fails with EXPORT_BLOCKED (details.findings) when preflight finds errors. */
  'export.zip': channel(
    ExportInput,
    z.object({ fileName: z.string(), bytes: BytesSchema, embargoed: z.boolean(), findings: z.array(FindingSchema) }),
  ),
} as const satisfies Record<string, Channel>;
