import { z } from 'zod';
import { ReleaseIdSchema, ReleaseSchema, ReleaseStatusSchema } from '../domain/release';
import { SnippetFieldsSchema, SnippetKindSchema, SnippetSchema } from '../domain/snippet';
import { TemplateIdSchema, TemplateSchema, TemplateSummarySchema } from '../domain/template';
import { channel, type Channel } from './channel';

const SnippetIdSchema = z.string().uuid();

/** Channels of composing: revisions, templates and reusable snippets. */
export const composeChannels = {
  /** The kept revisions of a release, newest first, with status and word count. Fails with NOT_FOUND. */
  'releases.revisions': channel(
    z.object({ id: ReleaseIdSchema }).strict(),
    z.array(
      z.object({
        version: z.number().int().positive(),
        createdAt: z.iso.datetime(),
        status: ReleaseStatusSchema,
        headline: z.string(),
        words: z.number().int().nonnegative(),
      }),
    ),
  ),
  /** One kept revision as the release it was. Fails with NOT_FOUND. */
  'releases.revision': channel(
    z.object({ id: ReleaseIdSchema, version: z.number().int().positive() }).strict(),
    ReleaseSchema,
  ),
  /**
   * Brings back the text of a revision as a new version; the current state
   * becomes a revision first and the status stays. CONFLICT if `baseVersion`
   * is not the stored version.
   */
  'releases.restoreRevision': channel(
    z
      .object({ id: ReleaseIdSchema, version: z.number().int().positive(), baseVersion: z.number().int().positive() })
      .strict(),
    ReleaseSchema,
  ),
  /** A new draft with the content of a release ("use as template"). */
  'releases.duplicate': channel(z.object({ id: ReleaseIdSchema }).strict(), ReleaseSchema),
  /** Reusable snippets, by title; `kind` filters. */
  'snippets.list': channel(z.object({ kind: SnippetKindSchema.optional() }).strict(), z.array(SnippetSchema)),
  /** Creates a snippet, or changes the one with `id`. INVALID_INPUT for an empty title. */
  'snippets.save': channel(
    z.object({ id: SnippetIdSchema.optional(), fields: SnippetFieldsSchema }).strict(),
    SnippetSchema,
  ),
  /** Deletes a snippet; releases keep the text they were given. */
  'snippets.delete': channel(z.object({ id: SnippetIdSchema }).strict(), z.object({ deleted: z.boolean() })),
  /** The named templates, by name. */
  'templates.list': channel(z.object({}).strict(), z.array(TemplateSummarySchema)),
  /** One template with its fields, to start a new release from. Fails with NOT_FOUND. */
  'templates.get': channel(z.object({ id: TemplateIdSchema }).strict(), TemplateSchema),
  /**
   * Keeps a release's structure and fields (not its headline, dates, status,
   * number or related releases) as a named template; the same name again
   * replaces it. NOT_FOUND for an unknown release, INVALID_INPUT for an
   * empty name.
   */
  'templates.saveFromRelease': channel(
    z.object({ releaseId: ReleaseIdSchema, name: z.string().max(500) }).strict(),
    TemplateSummarySchema,
  ),
  /** Deletes a template; releases started from it stay as they are. */
  'templates.delete': channel(z.object({ id: TemplateIdSchema }).strict(), z.object({ deleted: z.boolean() })),
} as const satisfies Record<string, Channel>;
