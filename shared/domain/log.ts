import { z } from 'zod';

/** Plain one-line text as typed: NFC, without control characters, trimmed. */
const line = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) =>
      s
        .normalize('NFC')
        .replace(/[\u0000-\u001f\u007f]/g, ' ')
        .trim(),
    );

/**
 * The person working at this workstation, kept per data directory: every
 * entry of a release's log names them.
 */
export const ProfileSchema = z
  .object({
    name: line(120).pipe(z.string().min(1, 'a name is needed')),
    function: line(200).default(''),
    email: line(254)
      .pipe(z.union([z.literal(''), z.email('not an e-mail address')]))
      .default(''),
    initials: line(8).default(''),
  })
  .strict();

export type Profile = z.infer<typeof ProfileSchema>;

/** Who did something, as the log keeps it (a copy: a later profile change does not rewrite history). */
export const ActorSchema = z
  .object({
    name: z.string().max(120),
    function: z.string().max(200),
    email: z.string().max(254),
    initials: z.string().max(8),
  })
  .strict();

export type Actor = z.infer<typeof ActorSchema>;

/** The actor of work done before anyone gave a profile. */
export const UNKNOWN_ACTOR: Actor = { name: '', function: '', email: '', initials: '' };

/** The initials of a name when none were given: „Anna Beispiel-Weber“ → „AB“. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter((part) => part !== '')
    .map((part) => [...part][0] ?? '')
    .join('')
    .slice(0, 3)
    .toLocaleUpperCase('de');
}

/** The profile as an actor, with initials made from the name when none were given. */
export function actorOf(profile: Profile | null): Actor {
  if (!profile) return UNKNOWN_ACTOR;
  return {
    name: profile.name,
    function: profile.function,
    email: profile.email,
    initials: profile.initials || initialsOf(profile.name),
  };
}

/**
 * What a log entry records. Each action on a release leaves exactly one
 * entry: `created` (new, also from a template), `duplicated` (a copy of
 * another release), `imported` (new or changed by an import), `autosave`,
 * `save` (explicit), `status` (a status change, saved with the text),
 * `correction` (a change to a published release), `revision-restored`,
 * `trashed`, `untrashed`, `purged` (deleted for good), `exported` (a bundle,
 * PDF, Word file or wire text; `detail.format` says which), `mailed` (a
 * mailing to the press list, or a test mail), `review-requested` („Zur
 * Prüfung geben“, with the reviewers), `approved` (an approval recorded,
 * with who, how and the evidence), `approval-confirmed` (a change confirmed
 * as a correction of form), `quote` (a quote asked for, approved or
 * rejected; `detail.action` says which), `comment` (an inline comment:
 * `detail.action` is `added`, `replied`, `resolved` or `reopened`,
 * `detail.commentId` the comment's id).
 */
export const LOG_KINDS = [
  'created',
  'duplicated',
  'imported',
  'autosave',
  'save',
  'status',
  'correction',
  'revision-restored',
  'trashed',
  'untrashed',
  'purged',
  'exported',
  'mailed',
  'review-requested',
  'approved',
  'approval-confirmed',
  'quote',
  'comment',
] as const;

export type LogKind = (typeof LOG_KINDS)[number];

export const LogKindSchema = z.enum(LOG_KINDS);

/** Details of an entry; each kind has its own (a status change its `from` and `to`). */
export const LogDetailSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export type LogDetail = z.infer<typeof LogDetailSchema>;

/** One entry of a release's log, oldest first by `seq`. */
export const LogEntrySchema = z
  .object({
    seq: z.number().int().positive(),
    releaseId: z.string(),
    at: z.string(),
    actor: ActorSchema,
    kind: LogKindSchema,
    /** The release's version after the action (null where none was written, as for `purged`). */
    version: z.number().int().positive().nullable(),
    detail: LogDetailSchema,
  })
  .strict();

export type LogEntry = z.infer<typeof LogEntrySchema>;
