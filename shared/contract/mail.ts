import { z } from 'zod';
import { RECIPIENT_STATES } from '../domain/mail';
import { ReleaseIdSchema } from '../domain/release';
import { BytesSchema } from './assets';
import { channel, type Channel } from './channel';

const ListNames = z.array(z.string().trim().min(1).max(200)).max(50);
const Address = z.string().trim().min(3).max(254);
const MailingId = z.string().min(1).max(64);

/** What a mailing came to (the CLI's `send --json` answer, with the state of the queue). */
export const MailingSummarySchema = z.object({
  mailing: z.string(),
  recipients: z.number().int(),
  accepted: z.number().int(),
  refused: z.array(z.object({ email: z.string(), reason: z.string() })),
  suppressed: z.number().int(),
  /** Handed to the server by a sender that stopped before the answer: never sent again unasked. */
  uncertain: z.array(z.string()),
  /** Still waiting (server unreachable, or sending cancelled). */
  queued: z.number().int(),
  /** open (in the outbox), done, or cancelled (given up). */
  state: z.enum(['open', 'done', 'cancelled']),
  test: z.boolean(),
});
export type MailingSummaryOut = z.infer<typeof MailingSummarySchema>;

export const MailJobSchema = z.object({
  jobId: z.string(),
  /**
   * preparing (building the message), sending, waiting (the server cannot be
   * reached: in the outbox, tried again later), then done, failed or cancelled.
   */
  state: z.enum(['preparing', 'sending', 'waiting', 'done', 'failed', 'cancelled']),
  mailing: z.string().nullable(),
  test: z.boolean(),
  done: z.number().int(),
  total: z.number().int(),
  accepted: z.number().int(),
  refused: z.number().int(),
  /** When the next attempt is made while waiting (ISO), else null. */
  retryAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
  result: MailingSummarySchema.nullable(),
});
export type MailJob = z.infer<typeof MailJobSchema>;

export const MailingLogEntrySchema = MailingSummarySchema.extend({
  createdAt: z.string(),
  updatedAt: z.string(),
  lists: z.array(z.string()),
  subject: z.string(),
  releaseVersion: z.number().int(),
});
export type MailingLogEntry = z.infer<typeof MailingLogEntrySchema>;

const JobIdInput = z.object({ jobId: z.string().min(1).max(64) }).strict();

/** Channels of the press mail. */
export const mailChannels = {
  /** The lists a mailing can go to, each with how many it mails and how many of its addresses are suppressed. */
  'mail.lists': channel(
    z.object({}).strict(),
    z.object({
      lists: z.array(z.object({ name: z.string(), recipients: z.number().int(), suppressed: z.number().int() })),
    }),
  ),
  /** Who the lists would mail: how many, how many suppressed, lists that are none, lists mailed before, an unfinished mailing. */
  'mail.audience': channel(
    z.object({ id: ReleaseIdSchema, lists: ListNames }).strict(),
    z.object({
      recipients: z.number().int(),
      suppressed: z.number().int(),
      missingLists: z.array(z.string()),
      mailedBefore: z.array(z.string()),
      open: z.string().nullable(),
    }),
  ),
  /**
   * Sends the release to the lists in the background (or, with `test`, to
   * that one address); poll `mail.progress` or hear `mail.onDidChangeMailJob`.
   * An unfinished mailing of the release to the same lists is resumed. Lists
   * the release was mailed to before fail the job with MAIL_ALREADY_SENT
   * unless `again`.
   */
  'mail.start': channel(
    z
      .object({
        id: ReleaseIdSchema,
        lists: ListNames,
        test: Address.optional(),
        again: z.boolean().optional(),
        /** Attach the release as a PDF on the office's letterhead. */
        attachPdf: z.boolean().optional(),
      })
      .strict(),
    MailJobSchema,
  ),
  'mail.progress': channel(JobIdInput, MailJobSchema),
  /** Stops a mailing between two messages; whoever was not sent yet waits in the outbox. */
  'mail.cancel': channel(JobIdInput, MailJobSchema),
  /** The release's mailings, newest first: the send log. */
  'mail.log': channel(
    z.object({ id: ReleaseIdSchema }).strict(),
    z.object({ mailings: z.array(MailingLogEntrySchema) }),
  ),
  /** The recipients of a mailing with their state and the server's answer. */
  'mail.recipients': channel(
    z.object({ mailing: MailingId }).strict(),
    z.object({
      recipients: z.array(
        z.object({
          email: z.string(),
          name: z.string(),
          state: z.enum(RECIPIENT_STATES),
          response: z.string(),
          attempts: z.number().int(),
          updatedAt: z.string(),
        }),
      ),
    }),
  ),
  /** The exact message as sent (to `email`, else to the first recipient the server accepted). */
  'mail.message': channel(
    z.object({ mailing: MailingId, email: Address.optional() }).strict(),
    z.object({ text: z.string() }),
  ),
  /** The user decides about uncertain recipients: send them again, or give them up. */
  'mail.decideUncertain': channel(
    z.object({ mailing: MailingId, action: z.enum(['resend', 'cancel']) }).strict(),
    MailingSummarySchema,
  ),
  /** Gives an unfinished mailing up: whoever still waits is not sent. */
  'mail.discard': channel(z.object({ mailing: MailingId }).strict(), MailingSummarySchema),
  /** The mail as one `.eml` file a mail program opens as a draft; addressed to `to`, or to nobody. */
  'mail.eml': channel(
    z.object({ id: ReleaseIdSchema, to: Address.optional(), attachPdf: z.boolean().optional() }).strict(),
    z.object({ fileName: z.string(), bytes: BytesSchema }),
  ),
  /**
   * Where the SMTP password comes from: the system's keychain in the app
   * (`keychain`, `stored` tells whether one is kept), the environment
   * variable PRESSDESK_SMTP_PASSWORD in web mode (`environment`).
   */
  'mail.passwordStatus': channel(
    z.object({}).strict(),
    z.object({ source: z.enum(['keychain', 'environment']), stored: z.boolean() }),
  ),
  /** Keeps the SMTP password in the system's keychain (the app only); an empty one removes it. Never in the database. */
  'mail.setPassword': channel(
    z.object({ password: z.string().max(1000) }).strict(),
    z.object({ source: z.enum(['keychain', 'environment']), stored: z.boolean() }),
  ),
} as const satisfies Record<string, Channel>;
