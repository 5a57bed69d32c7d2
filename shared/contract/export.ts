import { z } from 'zod';
import { ReleaseIdSchema } from '../domain/release';
import { BytesSchema } from './assets';
import { channel, type Channel } from './channel';

/** One preflight finding (see shared/preflight). */
export const FindingSchema = z.object({
  code: z.enum([
    'HEADLINE_EMPTY',
    'HEADLINE_IS_COPY',
    'FIGURE_ALT_MISSING',
    'FIGURE_CREDIT_MISSING',
    'UNSAFE_LINK',
    'EMBARGO_ACTIVE',
    'HEADLINE_LONG',
    'TEASER_LONG',
    'LEAD_IMAGE_SMALL',
    'TOPIC_MISSING',
    'RELATED_NOT_PUBLIC',
    'APPROVAL_STALE',
    'NOT_APPROVED',
    'QUOTE_NOT_APPROVED',
    'QUOTE_SPEAKER_MISSING',
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

/** Where an export job puts the bundle: handed back for download, or written where the user chooses. */
export const EXPORT_TARGETS = ['download', 'folder', 'zip'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export const ExportJobSchema = z.object({
  jobId: z.string(),
  /** queued (another export runs), running, then done, failed or cancelled. */
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  target: z.enum(EXPORT_TARGETS),
  /** Image renditions finished so far, of `total` (0 of 0 for a release without images). */
  done: z.number().int(),
  total: z.number().int(),
  /** Why the job failed or was cancelled. */
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
  /** What was exported, once done: the bundle's file name (never a path) and the checks' findings. */
  result: z
    .object({ fileName: z.string(), embargoed: z.boolean(), findings: z.array(FindingSchema), files: z.number().int() })
    .nullable(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

const JobIdInput = z.object({ jobId: z.string().min(1).max(64) }).strict();

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
  /**
   * Starts an export in the background; poll `export.progress` with the job id.
   * `download` keeps the zip for `export.download`; `folder` and `zip` first ask
   * the host where to write (a save dialog in the app; the renderer never names
   * a path) and fail with EXPORT_TARGET_UNSUPPORTED where the host cannot ask.
   * A closed dialog gives a cancelled job.
   */
  'export.start': channel(ExportInput.extend({ target: z.enum(EXPORT_TARGETS) }).strict(), ExportJobSchema),
  /** Where an export job stands. Fails with EXPORT_JOB_UNKNOWN for unknown jobs. */
  'export.progress': channel(JobIdInput, ExportJobSchema),
  /** Stops an export job; nothing of its bundle is left behind. */
  'export.cancel': channel(JobIdInput, ExportJobSchema),
  /** The zip of a finished `download` job. */
  'export.download': channel(JobIdInput, z.object({ fileName: z.string(), bytes: BytesSchema })),
  /** Shows the written bundle of a finished `folder`/`zip` job in the system's file manager. */
  'export.reveal': channel(JobIdInput, z.object({})),
} as const satisfies Record<string, Channel>;
