import { z } from 'zod';

/** Which release field a snippet fills. */
export const SNIPPET_KINDS = ['pressContact', 'boilerplate'] as const;
export const SnippetKindSchema = z.enum(SNIPPET_KINDS);
export type SnippetKind = z.infer<typeof SnippetKindSchema>;

const clean = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFC').replace(/[\u0000-\u0008\v\f\u000e-\u001f\u007f]/g, ''));

/** A reusable text (press contact, boilerplate) as the user edits it. */
export const SnippetFieldsSchema = z
  .object({
    kind: SnippetKindSchema,
    title: clean(200).refine((s) => s.trim().length > 0, { message: 'a snippet needs a title' }),
    text: clean(5000),
  })
  .strict();
export type SnippetFields = z.output<typeof SnippetFieldsSchema>;

export const SnippetSchema = z.object({
  id: z.string(),
  kind: SnippetKindSchema,
  title: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Snippet = z.infer<typeof SnippetSchema>;
