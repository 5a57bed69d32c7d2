import type { ChannelOutput } from '../../../shared/contract';
import type { MailJob, MailingLogEntry } from '../../../shared/contract/mail';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import { followJob } from './followJob';
import type { SliceCreator } from './types';

export type MailList = ChannelOutput<'mail.lists'>['lists'][number];

export interface MailState {
  readonly releaseId: string | null;
  readonly lists: readonly MailList[];
  /** The lists the user ticked. */
  readonly chosen: readonly string[];
  readonly audience: ChannelOutput<'mail.audience'> | null;
  /** The running (or last) mailing job. */
  readonly job: MailJob | null;
  readonly log: readonly MailingLogEntry[];
  /** The exact message of a mailing the user looks at. */
  readonly message: string | null;
  readonly error: UiErrorCode | null;
  readonly busy: boolean;
  /** Attach the release as a PDF on the letterhead (mailings, test mails and the .eml draft). */
  readonly attachPdf: boolean;
}

export interface MailSlice {
  mail: MailState;
  /** Loads the lists and the send log of a release. */
  openMail: (releaseId: string) => Promise<void>;
  chooseMailLists: (lists: readonly string[]) => Promise<void>;
  /** Sends to the chosen lists (or, with `test`, to that address) and follows the job. */
  sendMail: (options: { test?: string; again?: boolean }) => Promise<void>;
  cancelMail: () => Promise<void>;
  /** Hands the mail as an .eml draft to `save`. */
  saveMailDraft: (save: (fileName: string, bytes: Uint8Array) => void) => Promise<void>;
  showMailMessage: (mailing: string | null) => Promise<void>;
  /** The user decides about the uncertain recipients of a mailing: send them again (with the next send) or give them up. */
  decideUncertainMail: (mailing: string, action: 'resend' | 'cancel') => Promise<void>;
  /** Gives an unfinished mailing in the outbox up. */
  discardMail: (mailing: string) => Promise<void>;
  setMailAttachPdf: (attach: boolean) => void;
}

export const initialMailState: MailState = {
  releaseId: null,
  lists: [],
  chosen: [],
  audience: null,
  job: null,
  log: [],
  message: null,
  error: null,
  busy: false,
  attachPdf: false,
};

export const createMailSlice: SliceCreator<MailSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<MailState>): void => set((s) => ({ mail: { ...s.mail, ...patch } }));
  const loadLog = async (releaseId: string): Promise<void> => {
    const { mailings } = await deps.api.call('mail.log', { id: releaseId });
    update({ log: mailings });
  };
  return {
    mail: initialMailState,

    async openMail(releaseId) {
      update({
        ...initialMailState,
        releaseId,
        job: get().mail.releaseId === releaseId ? get().mail.job : null,
        attachPdf: get().mail.attachPdf,
      });
      try {
        const { lists } = await deps.api.call('mail.lists', {});
        update({ lists });
        await loadLog(releaseId);
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async chooseMailLists(lists) {
      const releaseId = get().mail.releaseId;
      update({ chosen: lists, audience: null, error: null });
      if (!releaseId || lists.length === 0) return;
      try {
        update({ audience: await deps.api.call('mail.audience', { id: releaseId, lists: [...lists] }) });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async sendMail({ test, again }) {
      const { releaseId, chosen, attachPdf } = get().mail;
      if (!releaseId) return;
      update({ busy: true, error: null, job: null });
      try {
        const job = await followJob(
          deps.api,
          'mail.onDidChangeMailJob',
          () => deps.api.call('mail.start', { id: releaseId, lists: [...chosen], test, again, attachPdf }),
          (jobId) => deps.api.call('mail.progress', { jobId }),
          (changed) => update({ job: changed }),
        );
        update({ job, error: job.state === 'failed' && job.error ? errorCodeOf(job.error) : null });
        await loadLog(releaseId);
        await get().chooseMailLists(chosen);
      } catch (error) {
        update({ error: errorCodeOf(error) });
      } finally {
        update({ busy: false });
      }
    },

    async cancelMail() {
      const job = get().mail.job;
      if (!job) return;
      try {
        await deps.api.call('mail.cancel', { jobId: job.jobId });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async saveMailDraft(save) {
      const { releaseId, attachPdf } = get().mail;
      if (!releaseId) return;
      try {
        const { fileName, bytes } = await deps.api.call('mail.eml', { id: releaseId, attachPdf });
        save(fileName, bytes);
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    setMailAttachPdf(attach) {
      update({ attachPdf: attach });
    },

    async decideUncertainMail(mailing, action) {
      const releaseId = get().mail.releaseId;
      try {
        await deps.api.call('mail.decideUncertain', { mailing, action });
        if (releaseId) await loadLog(releaseId);
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async discardMail(mailing) {
      const releaseId = get().mail.releaseId;
      try {
        await deps.api.call('mail.discard', { mailing });
        if (releaseId) await loadLog(releaseId);
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async showMailMessage(mailing) {
      if (!mailing) {
        update({ message: null });
        return;
      }
      try {
        update({ message: (await deps.api.call('mail.message', { mailing })).text });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },
  };
};
