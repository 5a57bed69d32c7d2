import { z } from 'zod';
import { FIGURE_LIMITS, type DocumentNode, type FigureAttrs } from '../document';
import { isSafeHref } from '../document/links';
import { parseIsoInstant } from './time';

import { DEFAULT_LANGUAGE, RELEASE_STATUSES, type ReleaseStatus } from './constants';

export { DEFAULT_LANGUAGE, RELEASE_STATUSES, type ReleaseStatus };
export const ReleaseStatusSchema = z.enum(RELEASE_STATUSES);

/** Release ids: generated UUIDs, or ids carried over from another system. */
export const ReleaseIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Z0-9][\w.:-]*$/i, 'letters, digits, ".", "_", ":" and "-" only');

/** Text as the user typed it, in Unicode NFC so that search and comparison agree. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFC').replace(/[\u0000-\u0008\v\f\u000e-\u001f\u007f]/g, ''));

/** A BCP 47 language tag, canonicalized ("de-de" → "de-DE"). */
export const LanguageTagSchema = z
  .string()
  .min(2)
  .max(35)
  .transform((tag, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical) return canonical;
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: `"${tag}" is not a BCP 47 language tag` });
    return z.NEVER;
  });

/** An instant as ISO 8601; stored and returned as UTC. */
export const InstantSchema = z.string().transform((value, ctx) => {
  const parsed = parseIsoInstant(value);
  if (parsed) return parsed;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not an ISO 8601 date or timestamp` });
  return z.NEVER;
});

export const TagsSchema = z
  .array(text(100))
  .max(100)
  .transform((tags) => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const raw of tags) {
      const tag = raw.trim();
      const key = tag.toLocaleLowerCase('de');
      if (tag && !seen.has(key)) {
        seen.add(key);
        out.push(tag);
      }
    }
    return out;
  });

/**
 * The body as it crosses a boundary: a JSON object rooted in a `doc` node. Its
 * full check against the vocabulary happens in the engine (`normalizeDocument`),
 * which answers with `INVALID_DOCUMENT` or `UNSAFE_LINK`.
 */
export const BodyJsonSchema = z.custom<DocumentNode>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { type?: unknown }).type === 'doc',
  { message: 'the body must be a document object with type "doc"' },
);

/**
 * An image placed in a release (the lead image, Aufmacherbild): the stored
 * asset plus caption, credit and alt text of this placement.
 */
export const FigureAttrsSchema = z
  .object({
    assetId: z.string().regex(/^[A-Z0-9-]{1,64}$/i),
    caption: z.string().max(FIGURE_LIMITS.caption).default(''),
    credit: z.string().max(FIGURE_LIMITS.credit).default(''),
    creditRaw: z.string().max(FIGURE_LIMITS.creditRaw).default(''),
    alt: z.string().max(FIGURE_LIMITS.alt).default(''),
    decorative: z.boolean().default(false),
  })
  .strict()
  .transform((f): FigureAttrs => ({
    assetId: f.assetId,
    caption: f.caption.normalize('NFC').trim(),
    credit: f.credit.normalize('NFC').trim(),
    creditRaw: f.creditRaw.normalize('NFC').trim(),
    alt: f.decorative ? '' : f.alt.normalize('NFC').trim(),
    decorative: f.decorative,
  }));
/** A web address for related links: absolute http or https only. */
export const WebUrlSchema = z
  .string()
  .max(2000)
  .refine((url) => isSafeHref(url) && /^https?:/i.test(url), {
    message: 'links must be absolute http or https addresses',
  });

/** A link shown under the release ("Weitere Informationen"). */
export const RelatedLinkSchema = z
  .object({
    title: text(300),
    url: WebUrlSchema,
  })
  .strict();
export type RelatedLink = z.output<typeof RelatedLinkSchema>;

export const RelatedLinksSchema = z.array(RelatedLinkSchema).max(50);

/** Most other releases one release shows as teaser cards (Weitere Meldungen). */
export const MAX_RELATED_RELEASES = 12;

/** Other releases of the archive shown as teaser cards ("Weitere Meldungen"), in order, each once. */
export const RelatedReleaseIdsSchema = z
  .array(ReleaseIdSchema)
  .max(MAX_RELATED_RELEASES)
  .transform((ids) => [...new Set(ids)]);

/** The fields of a release a user edits. */
export const ReleaseFieldsSchema = z.object({
  topic: text(200),
  headline: text(500),
  subheadline: text(500),
  teaser: text(5000),
  dateline: text(200),
  body: BodyJsonSchema,
  language: LanguageTagSchema,
  status: ReleaseStatusSchema,
  publishedAt: InstantSchema.nullable(),
  embargoUntil: InstantSchema.nullable(),
  tags: TagsSchema,
  leadImage: FigureAttrsSchema.nullable(),
  /** Press contact block (Pressekontakt), plain text with line breaks. */
  pressContact: text(2000),
  /** About-us text (Boilerplate), plain text with line breaks. */
  boilerplate: text(5000),
  relatedLinks: RelatedLinksSchema,
  relatedReleaseIds: RelatedReleaseIdsSchema,
});
export type ReleaseFieldsInput = z.input<typeof ReleaseFieldsSchema>;
export type ReleaseFields = z.output<typeof ReleaseFieldsSchema>;

export const ReleasePatchSchema = ReleaseFieldsSchema.partial();
export type ReleasePatch = z.output<typeof ReleasePatchSchema>;

const StoredInstant = z.iso.datetime();

export const ReleaseSchema = z.object({
  id: ReleaseIdSchema,
  topic: z.string(),
  headline: z.string(),
  subheadline: z.string(),
  teaser: z.string(),
  dateline: z.string(),
  body: BodyJsonSchema,
  language: z.string(),
  status: ReleaseStatusSchema,
  publishedAt: StoredInstant.nullable(),
  embargoUntil: StoredInstant.nullable(),
  tags: z.array(z.string()),
  leadImage: z
    .object({
      assetId: z.string(),
      caption: z.string(),
      credit: z.string(),
      creditRaw: z.string(),
      alt: z.string(),
      decorative: z.boolean(),
    })
    .nullable(),
  pressContact: z.string(),
  boilerplate: z.string(),
  relatedLinks: z.array(z.object({ title: z.string(), url: z.string() })),
  /** Ids of other releases shown as teaser cards; one may since have been deleted. */
  relatedReleaseIds: z.array(z.string()),
  /** Set when a published release was changed (a correction); null otherwise. */
  correctedAt: StoredInstant.nullable(),
  createdAt: StoredInstant,
  updatedAt: StoredInstant,
  /** Increases by one with every save; a save must name the version it edited. */
  version: z.number().int().positive(),
  /** Set while the release is in the trash. */
  deletedAt: StoredInstant.nullable(),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const ReleaseSummarySchema = z.object({
  id: ReleaseIdSchema,
  headline: z.string(),
  topic: z.string(),
  status: ReleaseStatusSchema,
  language: z.string(),
  publishedAt: StoredInstant.nullable(),
  updatedAt: StoredInstant,
  deletedAt: StoredInstant.nullable(),
  /** The stored image of the lead image, for thumbnails in lists; null without one. */
  leadImageId: z.string().nullable(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>;
