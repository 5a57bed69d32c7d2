import { z } from 'zod';
import { ReleaseFieldsSchema, type ReleaseFields } from './release';

/**
 * A template: a release's structure and fields under a name, to start new
 * releases from („Neue Meldung“ offers them). What belongs to one release
 * only — headline, dates, embargo, status, release number, related
 * releases — is left out.
 */
export const TemplateFieldsSchema = ReleaseFieldsSchema.pick({
  language: true,
  topic: true,
  subheadline: true,
  teaser: true,
  dateline: true,
  tags: true,
  pressContact: true,
  boilerplate: true,
  relatedLinks: true,
  leadImage: true,
  body: true,
});
export type TemplateFields = z.output<typeof TemplateFieldsSchema>;

/** Keys of the fields a template keeps, for code that copies them. */
export const TEMPLATE_FIELD_NAMES = Object.keys(TemplateFieldsSchema.shape) as (keyof TemplateFields)[];

export const TemplateNameSchema = z
  .string()
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1).max(120));

export const TemplateIdSchema = z.string().uuid();

export const TemplateSummarySchema = z.object({
  id: TemplateIdSchema,
  name: z.string(),
  updatedAt: z.iso.datetime(),
});
export type TemplateSummary = z.output<typeof TemplateSummarySchema>;

export const TemplateSchema = TemplateSummarySchema.extend({
  createdAt: z.iso.datetime(),
  fields: TemplateFieldsSchema,
});
export type Template = z.output<typeof TemplateSchema>;

/** The fields a template takes from a release. */
export function templateFieldsOf(release: ReleaseFields): TemplateFields {
  return Object.fromEntries(TEMPLATE_FIELD_NAMES.map((name) => [name, release[name]])) as TemplateFields;
}

/** The words that mark a duplicate as a copy, by the release's language, until its headline is changed. */
export function copyMarker(language: string): string {
  return language.toLowerCase().startsWith('de') ? 'Kopie – ' : 'Copy – ';
}

/** A duplicate's headline: marked as a copy in the release's language (never marked twice). */
export function markAsCopy(headline: string, language: string): string {
  if (isMarkedCopy(headline)) return headline;
  // Within the headline's limit (500 characters), counted in code points.
  return Array.from(`${copyMarker(language)}${headline}`.trim())
    .slice(0, 500)
    .join('');
}

/** Whether a headline still carries the copy mark. */
export function isMarkedCopy(headline: string): boolean {
  return (
    headline.startsWith('Kopie – ') || headline.startsWith('Copy – ') || headline === 'Kopie –' || headline === 'Copy –'
  );
}
