import { z } from 'zod';
import { emptyDocument, FIGURE_LIMITS, type DocumentNode, type FigureAttrs } from '../document';
import { stripComments } from '../document/comments';
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

/** Text in the interchange format: optional, empty when missing. */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((s) => (s ?? '').normalize('NFC'));

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

/**
 * The one table of a release's fields: how each is checked, its default for
 * a new release, and how it reads in the interchange format. The field
 * schemas, the defaults, the content key, the interchange mapping and (with
 * the store's column kinds) the row mapping all derive from it, so a new
 * field is added here, in one migration and in the UI.
 *
 * `contentKey`: the field's place in the content key that derives stable ids
 * for imported releases (`derivedReleaseId`). The key must never change for
 * content that exists, so a new field takes the next number and is `keyed:
 * 'whenSet'`: it joins the key only when it differs from its default.
 */
export const RELEASE_FIELDS = {
  language: {
    schema: LanguageTagSchema,
    default: DEFAULT_LANGUAGE as string,
    interchange: LanguageTagSchema.optional(),
    contentKey: 7,
    keyed: 'always',
  },
  topic: { schema: text(200), default: '', interchange: optionalText(200), contentKey: 1, keyed: 'always' },
  headline: {
    schema: text(500),
    default: '',
    interchange: z
      .string()
      .max(500)
      .transform((s) => s.normalize('NFC').trim()),
    contentKey: 2,
    keyed: 'always',
  },
  subheadline: { schema: text(500), default: '', interchange: optionalText(500), contentKey: 3, keyed: 'always' },
  teaser: { schema: text(5000), default: '', interchange: optionalText(5000), contentKey: 4, keyed: 'always' },
  dateline: { schema: text(200), default: '', interchange: optionalText(200), contentKey: 5, keyed: 'always' },
  publishedAt: {
    schema: InstantSchema.nullable(),
    default: null as string | null,
    interchange: InstantSchema.nullable().optional(),
    contentKey: 9,
    keyed: 'always',
  },
  embargoUntil: {
    schema: InstantSchema.nullable(),
    default: null as string | null,
    interchange: InstantSchema.nullable().optional(),
    contentKey: 10,
    keyed: 'always',
  },
  status: {
    schema: ReleaseStatusSchema,
    default: 'draft' as ReleaseStatus,
    interchange: ReleaseStatusSchema.optional(),
    contentKey: 8,
    keyed: 'always',
  },
  tags: {
    schema: TagsSchema,
    default: [] as string[],
    interchange: TagsSchema.optional(),
    contentKey: 11,
    keyed: 'always',
  },
  leadImage: {
    schema: FigureAttrsSchema.nullable(),
    default: null as FigureAttrs | null,
    interchange: FigureAttrsSchema.nullable().optional(),
    contentKey: 12,
    keyed: 'always',
  },
  /** Press contact block (Pressekontakt), plain text with line breaks. */
  pressContact: { schema: text(2000), default: '', interchange: optionalText(2000), contentKey: 13, keyed: 'always' },
  /** About-us text (Boilerplate), plain text with line breaks. */
  boilerplate: { schema: text(5000), default: '', interchange: optionalText(5000), contentKey: 14, keyed: 'always' },
  relatedLinks: {
    schema: RelatedLinksSchema,
    default: [] as RelatedLink[],
    interchange: RelatedLinksSchema.optional(),
    contentKey: 15,
    keyed: 'always',
  },
  relatedReleaseIds: {
    schema: RelatedReleaseIdsSchema,
    default: [] as string[],
    interchange: RelatedReleaseIdsSchema.optional(),
    contentKey: 16,
    keyed: 'whenSet',
  },
  /**
   * The release number („PM 7/2026“), given by the office's scheme when the
   * release is first published and never changed afterwards (the engine keeps
   * the stored one); empty before, or without a scheme.
   */
  releaseNumber: { schema: text(100), default: '', interchange: optionalText(100), contentKey: 17, keyed: 'whenSet' },
  /** The body; the interchange reads it as `body` (a document) or `bodyHtml`, handled by the importer. */
  body: {
    schema: BodyJsonSchema,
    default: emptyDocument(),
    interchange: BodyJsonSchema.optional(),
    contentKey: 6,
    keyed: 'always',
  },
} as const;

export type ReleaseFieldName = keyof typeof RELEASE_FIELDS;
/** The field names in table order: the order of the interchange format (the body, the longest, last). */
export const RELEASE_FIELD_NAMES = Object.keys(RELEASE_FIELDS) as ReleaseFieldName[];

type FieldSchemas = { [K in ReleaseFieldName]: (typeof RELEASE_FIELDS)[K]['schema'] };
type InterchangeSchemas = { [K in ReleaseFieldName]: (typeof RELEASE_FIELDS)[K]['interchange'] };

function mapFields<T>(pick: (name: ReleaseFieldName) => T): Record<ReleaseFieldName, T> {
  return Object.fromEntries(RELEASE_FIELD_NAMES.map((name) => [name, pick(name)])) as Record<ReleaseFieldName, T>;
}

/** The fields of a release a user edits. */
export const ReleaseFieldsSchema = z.object(mapFields((name) => RELEASE_FIELDS[name].schema) as FieldSchemas);
/** The same fields as the interchange format reads them (most optional). */
export const interchangeFieldShape = mapFields((name) => RELEASE_FIELDS[name].interchange) as InterchangeSchemas;
/** The fields of a new release. */
export function defaultFields(): ReleaseFields {
  // A fresh copy: callers may change the lists and the body they get.
  return JSON.parse(JSON.stringify(mapFields((name) => RELEASE_FIELDS[name].default))) as ReleaseFields;
}

/** Exactly the release fields of a release (or of anything carrying them), in table order. */
export function pickFields(release: ReleaseFields): ReleaseFields {
  return mapFields((name) => release[name]) as ReleaseFields;
}

const KEY_ORDER = [...RELEASE_FIELD_NAMES].sort((a, b) => RELEASE_FIELDS[a].contentKey - RELEASE_FIELDS[b].contentKey);

/**
 * The fields that make up a release's content, in a canonical form for
 * comparison and for the ids derived from content. A field keyed `whenSet`
 * joins only when it is not empty, so ids derived before it existed stay.
 * Comment anchors in the body are no content: adding or resolving a comment
 * changes no key.
 */
export function contentKey(fields: ReleaseFields): string {
  const key: unknown[] = [];
  for (const name of KEY_ORDER) {
    const value = name === 'body' ? stripComments(fields.body) : fields[name];
    if (
      RELEASE_FIELDS[name].keyed === 'whenSet' &&
      JSON.stringify(value) === JSON.stringify(RELEASE_FIELDS[name].default)
    )
      continue;
    key.push(value);
  }
  return JSON.stringify(key);
}

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
  /** The release number given when it was first published; empty before. */
  releaseNumber: z.string(),
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
  /** The embargo (Sperrfrist), so lists can say while it runs; null without one. */
  embargoUntil: StoredInstant.nullable(),
  updatedAt: StoredInstant,
  deletedAt: StoredInstant.nullable(),
  /** The stored image of the lead image, for thumbnails in lists; null without one. */
  leadImageId: z.string().nullable(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>;
