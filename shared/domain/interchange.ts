import { z } from 'zod';
import {
  BodyJsonSchema,
  FigureAttrsSchema,
  InstantSchema,
  LanguageTagSchema,
  RelatedLinksSchema,
  RelatedReleaseIdsSchema,
  ReleaseIdSchema,
  ReleaseStatusSchema,
  TagsSchema,
  type Release,
} from './release';

export const INTERCHANGE_FORMAT = 'pressdesk.release/1';

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((s) => (s ?? '').normalize('NFC'));

/**
 * One release in the interchange format `pressdesk.release/1`
 * (see docs/FORMAT.md). Unknown keys are ignored so that newer files stay
 * readable; wrong types are refused.
 */
export const InterchangeReleaseSchema = z
  .object({
    format: z.literal(INTERCHANGE_FORMAT),
    id: ReleaseIdSchema.optional(),
    language: LanguageTagSchema.optional(),
    topic: optionalText(200),
    headline: z
      .string()
      .max(500)
      .transform((s) => s.normalize('NFC').trim()),
    subheadline: optionalText(500),
    teaser: optionalText(5000),
    dateline: optionalText(200),
    publishedAt: InstantSchema.nullable().optional(),
    embargoUntil: InstantSchema.nullable().optional(),
    status: ReleaseStatusSchema.optional(),
    tags: TagsSchema.optional(),
    leadImage: FigureAttrsSchema.nullable().optional(),
    pressContact: optionalText(2000),
    boilerplate: optionalText(5000),
    relatedLinks: RelatedLinksSchema.optional(),
    relatedReleaseIds: RelatedReleaseIdsSchema.optional(),
    correctedAt: z.iso.datetime().nullable().optional(),
    body: BodyJsonSchema.optional(),
    bodyHtml: z.string().max(5_000_000).optional(),
    createdAt: z.iso.datetime().optional(),
    updatedAt: z.iso.datetime().optional(),
    version: z.number().int().positive().optional(),
  })
  .refine((r) => !(r.body !== undefined && r.bodyHtml !== undefined), {
    message: 'give the body either as "body" or as "bodyHtml", not both',
    path: ['bodyHtml'],
  });
export type InterchangeReleaseInput = z.input<typeof InterchangeReleaseSchema>;
export type InterchangeRelease = z.output<typeof InterchangeReleaseSchema>;

/** The release as written by `pressdesk show` and read back by `pressdesk import`. */
export function releaseToInterchange(release: Release): Record<string, unknown> {
  return {
    format: INTERCHANGE_FORMAT,
    id: release.id,
    language: release.language,
    topic: release.topic,
    headline: release.headline,
    subheadline: release.subheadline,
    teaser: release.teaser,
    dateline: release.dateline,
    publishedAt: release.publishedAt,
    embargoUntil: release.embargoUntil,
    status: release.status,
    tags: release.tags,
    leadImage: release.leadImage,
    pressContact: release.pressContact,
    boilerplate: release.boilerplate,
    relatedLinks: release.relatedLinks,
    relatedReleaseIds: release.relatedReleaseIds,
    correctedAt: release.correctedAt,
    body: release.body,
    createdAt: release.createdAt,
    updatedAt: release.updatedAt,
    version: release.version,
  };
}
