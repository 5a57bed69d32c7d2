import type { HandlersOf } from '../../../shared/contract';
import type { mailChannels } from '../../../shared/contract/mail';
import { PressdeskError } from '../../../shared/errors';
import type { MailJobs } from './mailJobs';
import type { MailService } from './mailService';
import type { MailAttachment } from './message';

/** Where the app keeps the SMTP password: the system's keychain, through the host. */
export interface PasswordKeeper {
  /** Whether a password is kept. */
  stored(): Promise<boolean>;
  /** Keeps the password (an empty one removes it). */
  store(password: string): Promise<void>;
}

/** The mail channels. */
export function mailHandlers(
  service: MailService,
  jobs: MailJobs,
  keeper: PasswordKeeper | undefined,
  attachments?: (releaseId: string, wanted: { pdf: boolean }) => Promise<readonly MailAttachment[]>,
): HandlersOf<typeof mailChannels> {
  const status = async () =>
    keeper
      ? { source: 'keychain' as const, stored: await keeper.stored() }
      : { source: 'environment' as const, stored: service.environmentPassword() };
  return {
    'mail.lists': () => ({ lists: service.lists() }),
    'mail.audience': ({ id, lists }) => service.audience(id, lists),
    'mail.start': (input) => jobs.start(input),
    'mail.progress': ({ jobId }) => jobs.progress(jobId),
    'mail.cancel': ({ jobId }) => jobs.cancel(jobId),
    'mail.log': ({ id }) => ({
      mailings: service.store.ofRelease(id).map((m) => ({
        ...service.store.summary(m.id),
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
        lists: m.lists,
        subject: m.subject,
        releaseVersion: m.releaseVersion,
      })),
    }),
    'mail.recipients': ({ mailing }) => {
      service.store.get(mailing);
      return {
        recipients: service.store.recipients(mailing).map((r) => ({
          email: r.email,
          name: r.name,
          state: r.state,
          response: r.response,
          attempts: r.attempts,
          updatedAt: r.updatedAt,
        })),
      };
    },
    'mail.message': ({ mailing, email }) => ({ text: service.message(mailing, email).toString('utf8') }),
    'mail.decideUncertain': ({ mailing, action }) => {
      service.store.get(mailing);
      service.store.decideUncertain(mailing, action);
      service.store.finishIfDone(mailing);
      return service.store.summary(mailing);
    },
    'mail.discard': ({ mailing }) => service.discard(mailing),
    'mail.eml': async ({ id, to, attachPdf }) => {
      const { fileName, bytes } = await service.eml(id, {
        to,
        attachments: await attachments?.(id, { pdf: attachPdf === true }),
      });
      return { fileName, bytes: new Uint8Array(bytes) };
    },
    'mail.passwordStatus': () => status(),
    'mail.setPassword': async ({ password }) => {
      if (!keeper) {
        throw new PressdeskError(
          'MAIL_PASSWORD_UNSUPPORTED',
          'This host keeps no password: set the environment variable PRESSDESK_SMTP_PASSWORD.',
        );
      }
      await keeper.store(password);
      return status();
    },
  };
}
