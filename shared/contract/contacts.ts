import { z } from 'zod';
import { bytesUpTo } from './assets';
import { channel, type Channel } from './channel';
import { isBytes } from './wire';

/** How long each field of a contact may be (characters, after cleaning). */
export const CONTACT_LIMITS = {
  name: 200,
  outlet: 200,
  role: 200,
  email: 254,
  phone: 60,
  beat: 80,
  beats: 40,
  language: 35,
  remarks: 5000,
  consentSource: 500,
  listName: 100,
} as const;

/** Largest contact file an import reads (an office's whole press list is far smaller). */
export const MAX_CONTACT_FILE_BYTES = 10 * 1024 * 1024;
/** Most files one import takes. */
export const MAX_CONTACT_FILES = 50;
/** Most contacts one listing answers with. */
export const CONTACT_LIST_LIMIT_MAX = 20_000;

/** Whether a code point is a control character (C0, DEL, C1). */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/**
 * Text as it is stored: Unicode NFC, control characters removed (line breaks
 * kept only where `multiline`; other breaks and tabs become spaces), runs of
 * spaces on one line collapsed, trimmed. Imports and the form go through it.
 */
export function cleanText(value: string, multiline = false): string {
  let out = '';
  for (const ch of value.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' && multiline) out += '\n';
    else if (ch === '\r') out += multiline ? '' : ' ';
    else if (ch === '\t' || ch === '\n' || ch === '\u2028' || ch === '\u2029') out += ' ';
    else if (!isControl(code) && code !== 0xfeff) out += ch;
  }
  const lines = out.split('\n').map((line) => line.replace(/ {2,}/g, ' ').trim());
  return (multiline ? lines.join('\n').replace(/\n{3,}/g, '\n\n') : (lines[0] ?? '')).trim();
}

// One local part and a dotted domain with a top-level name; no spaces, no quotes, no angle brackets.
const EMAIL_PATTERN = /^[^\s@"<>(),;:\\[\]]{1,64}@[^\s@"<>(),;:\\[\]_]+\.[^\s@"<>(),;:\\[\]_.\d]{2,63}$/u;

/** Whether an address is one a mailing can go to (syntax only; at most 254 characters). */
export function isValidEmail(email: string): boolean {
  if (email.length > CONTACT_LIMITS.email || !EMAIL_PATTERN.test(email)) return false;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domain.split('.').every((label) => label.length > 0 && label.length <= 63 && !/^-|-$/.test(label));
}

const line = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((v) => cleanText(v))
    .pipe(z.string().max(max, `at most ${max} characters`));

/** An e-mail address: cleaned, and checked for a mailing's syntax. */
export const EmailSchema = z
  .string()
  .max(CONTACT_LIMITS.email * 4)
  .transform((v) => cleanText(v))
  .pipe(z.string().min(1, 'an e-mail address is needed').refine(isValidEmail, 'not a valid e-mail address'));

/** A calendar date `YYYY-MM-DD` (the day consent was given). */
export const ConsentDateSchema = z.iso.date();

/** What a user sets of a contact (the form, an import row). */
export const ContactFieldsSchema = z
  .object({
    name: line(CONTACT_LIMITS.name).default(''),
    outlet: line(CONTACT_LIMITS.outlet).default(''),
    role: line(CONTACT_LIMITS.role).default(''),
    email: EmailSchema,
    phone: line(CONTACT_LIMITS.phone).default(''),
    /** Topics the journalist covers. */
    beats: z
      .array(line(CONTACT_LIMITS.beat))
      .max(CONTACT_LIMITS.beats * 4)
      .transform((beats) => uniqueBeats(beats))
      .pipe(z.array(z.string()).max(CONTACT_LIMITS.beats, `at most ${CONTACT_LIMITS.beats} topics`))
      .default([]),
    /** The language mails should be in (`de`, `en`…), or empty. */
    language: line(CONTACT_LIMITS.language)
      .pipe(z.string().regex(/^(?:[a-z]{2,3}(?:-[\da-z]{1,8})*)?$/i, 'a language tag such as de or en'))
      .default(''),
    remarks: z
      .string()
      .max(CONTACT_LIMITS.remarks * 4)
      .transform((v) => cleanText(v, true))
      .pipe(z.string().max(CONTACT_LIMITS.remarks, `at most ${CONTACT_LIMITS.remarks} characters`))
      .default(''),
    /** Where the consent to be mailed came from (GDPR Art. 7: the office must be able to show it). */
    consentSource: line(CONTACT_LIMITS.consentSource).default(''),
    /** The day consent was given, or null. */
    consentAt: ConsentDateSchema.nullable().default(null),
  })
  .strict();

export type ContactFields = z.output<typeof ContactFieldsSchema>;
export type ContactFieldsInput = z.input<typeof ContactFieldsSchema>;

/** Topics once each (ignoring case), empty ones dropped, in their order. */
export function uniqueBeats(beats: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const beat of beats) {
    const key = beat.toLocaleLowerCase('de');
    if (beat === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(beat);
  }
  return out;
}

export const ContactIdSchema = z.string().min(1).max(64);
export const ListIdSchema = z.string().min(1).max(64);

/** A list's name: cleaned, 1 to 100 characters. */
export const ListNameSchema = line(CONTACT_LIMITS.listName).pipe(z.string().min(1, 'a list needs a name'));

export const ContactSchema = z.object({
  id: z.string(),
  name: z.string(),
  outlet: z.string(),
  role: z.string(),
  email: z.string(),
  phone: z.string(),
  beats: z.array(z.string()),
  language: z.string(),
  /** Free notes about the contact (the table's `notes`). */
  remarks: z.string(),
  consentSource: z.string(),
  consentAt: z.string().nullable(),
  /** Opted out: never mailed again. Permanent for the address (a suppression outlives the contact). */
  optOut: z.boolean(),
  optOutAt: z.string().nullable(),
  /** Names of the lists the contact is on, sorted. */
  lists: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const ContactListSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Contacts on the list (opted-out ones included). */
  contacts: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactList = z.infer<typeof ContactListSchema>;

/** One row or file an import refused: the file's name, the line (1-based; 0 for the whole file), a stable code. */
export const ContactImportErrorSchema = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  code: z.string(),
  message: z.string(),
});
export type ContactImportError = z.infer<typeof ContactImportErrorSchema>;

/** What an import did: new contacts, contacts merged with new values, rows that changed nothing, refusals. */
export const ContactImportSummarySchema = z.object({
  imported: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  errors: z.array(ContactImportErrorSchema),
});
export type ContactImportSummary = z.infer<typeof ContactImportSummarySchema>;

/**
 * What became of one file of an import: `imported` (its rows are stored, bad
 * rows refused), `refused` (unreadable, nothing of it stored), `cancelled`
 * (the import was stopped before the file was written: nothing of it stored).
 */
export const ContactImportFileResultSchema = z.object({
  file: z.string(),
  state: z.enum(['imported', 'refused', 'cancelled']),
});
export type ContactImportFileResult = z.infer<typeof ContactImportFileResultSchema>;

/**
 * A contact import running in the background. `done`/`total` count rows
 * across the files (`total` is 0 while the files are being read); `files`
 * grows as files are written or refused, and says at the end which files were
 * imported and which not. A cancel leaves out the file in progress whole; the
 * files written before stay.
 */
export const ContactImportJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  files: z.array(ContactImportFileResultSchema),
  summary: ContactImportSummarySchema,
});
export type ContactImportJob = z.infer<typeof ContactImportJobSchema>;

const ContactImportInput = z
  .object({
    files: z
      .array(
        z.object({
          name: z.string().min(1).max(500),
          bytes: bytesUpTo(MAX_CONTACT_FILE_BYTES, 'the file is larger than a contact import accepts'),
        }),
      )
      .min(1)
      .max(MAX_CONTACT_FILES),
    list: ListNameSchema.optional(),
  })
  .strict();

const JobIdInput = z.object({ jobId: z.string().min(1).max(64) }).strict();

const IdInput = z.object({ id: ContactIdSchema }).strict();
const ListIdInput = z.object({ id: ListIdSchema }).strict();

/** Channels of the press list: contacts, the lists that group them, opt-outs. */
export const contactChannels = {
  /**
   * Contacts sorted by name (then address); `listId` keeps those on one list,
   * `query` those whose name, outlet, role, address, topics, phone or notes contain it.
   */
  'contacts.list': channel(
    z
      .object({
        listId: ListIdSchema.optional(),
        query: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(CONTACT_LIST_LIMIT_MAX).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    z.object({ items: z.array(ContactSchema), total: z.number().int() }),
  ),
  /** One contact. Fails with CONTACT_NOT_FOUND. */
  'contacts.get': channel(IdInput, ContactSchema),
  /**
   * Adds a contact, on the lists given by id. CONTACT_EXISTS if the address
   * belongs to another contact; LIST_NOT_FOUND. An address opted out before
   * is stored opted out.
   */
  'contacts.create': channel(
    z.object({ fields: ContactFieldsSchema, listIds: z.array(ListIdSchema).max(500).optional() }).strict(),
    ContactSchema,
  ),
  /**
   * Replaces a contact's fields (and, with `listIds`, the lists it is on).
   * Fails with CONTACT_NOT_FOUND, CONTACT_EXISTS, LIST_NOT_FOUND.
   */
  'contacts.update': channel(
    z
      .object({ id: ContactIdSchema, fields: ContactFieldsSchema, listIds: z.array(ListIdSchema).max(500).optional() })
      .strict(),
    ContactSchema,
  ),
  /** Deletes a contact; an opt-out of its address stays as a suppression. */
  'contacts.delete': channel(IdInput, z.object({ deleted: z.boolean() })),
  /**
   * Opts an address out for good: it is suppressed (kept even when the
   * contact is deleted and imported again) and its contact, if any, is marked.
   */
  'contacts.optOut': channel(
    z
      .object({
        email: z
          .string()
          .min(1)
          .max(CONTACT_LIMITS.email * 4),
      })
      .strict(),
    z.object({ email: z.string(), contact: ContactSchema.nullable() }),
  ),
  /**
   * Imports CSV files (Outlook, Excel, our export; comma or semicolon; UTF-8
   * or Windows-1252) and vCards (2.1, 3.0, 4.0). Duplicates merge by address;
   * each file in one transaction; a bad row is reported with its line and the
   * rest imported. With `list`, everyone imported goes onto that list (made if
   * it does not exist).
   */
  'contacts.import': channel(ContactImportInput, ContactImportSummarySchema),
  /**
   * Starts the same import in the background and answers its job at once;
   * every change is pushed as `contacts.onDidChangeImportJob`. Each file is
   * written in one transaction after its rows were checked.
   */
  'contacts.importStart': channel(ContactImportInput, ContactImportJobSchema),
  /** Where a contact import stands. IMPORT_JOB_UNKNOWN for a job the engine does not know. */
  'contacts.importProgress': channel(JobIdInput, ContactImportJobSchema),
  /**
   * Stops a contact import: the files written before stay, the file in
   * progress and those after it are left out whole (the job's `files` say which).
   */
  'contacts.importCancel': channel(JobIdInput, ContactImportJobSchema),
  /** The contacts (of one list, or all) as a CSV file for Excel: UTF-8 with BOM, semicolons, formulas neutralised. */
  'contacts.exportCsv': channel(
    z.object({ listId: ListIdSchema.optional() }).strict(),
    z.object({
      fileName: z.string(),
      bytes: z.custom<Uint8Array>((v) => isBytes(v), { message: 'expected file bytes' }),
      count: z.number().int().nonnegative(),
    }),
  ),
  /** Every list with its number of contacts, sorted by name. */
  'lists.list': channel(z.object({}).strict(), z.object({ items: z.array(ContactListSchema) })),
  /** Makes a list. LIST_EXISTS if the name (ignoring case) is taken. */
  'lists.create': channel(z.object({ name: ListNameSchema }).strict(), ContactListSchema),
  /** Renames a list. LIST_NOT_FOUND, LIST_EXISTS. */
  'lists.rename': channel(z.object({ id: ListIdSchema, name: ListNameSchema }).strict(), ContactListSchema),
  /** Deletes a list; its contacts stay. */
  'lists.delete': channel(ListIdInput, z.object({ deleted: z.boolean() })),
  /** Puts contacts onto a list (those already on it stay). LIST_NOT_FOUND, CONTACT_NOT_FOUND. */
  'lists.addMembers': channel(
    z.object({ id: ListIdSchema, contactIds: z.array(ContactIdSchema).min(1).max(CONTACT_LIST_LIMIT_MAX) }).strict(),
    ContactListSchema,
  ),
  /** Takes contacts off a list. LIST_NOT_FOUND. */
  'lists.removeMembers': channel(
    z.object({ id: ListIdSchema, contactIds: z.array(ContactIdSchema).min(1).max(CONTACT_LIST_LIMIT_MAX) }).strict(),
    ContactListSchema,
  ),
} as const satisfies Record<string, Channel>;

/** Pushed after the press list changed (contacts, lists or memberships): the lists with their counts. */
export const ContactsChangedSchema = z.object({ lists: z.array(ContactListSchema) });
