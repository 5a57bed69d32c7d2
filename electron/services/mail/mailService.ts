import type Database from 'better-sqlite3';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import {
  fromAddress,
  releaseSlug,
  SMTP_PASSWORD_ENV,
  type MailSecurity,
  type RecipientState,
} from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import type { AssetStore } from '../assets/assetStore';
import { emailKey, isSuppressed, recipientsOfLists } from '../contacts/recipients';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import {
  buildMailContent,
  composeTemplate,
  mailbox,
  messageOf,
  recipientHeaders,
  recipientMessageId,
  sendableAddress,
  type MailAttachment,
} from './message';
import { MailStore, type MailingSummary } from './mailStore';

/** What the sender hands a message to: one envelope, the raw message; rejects with nodemailer's error. */
export interface MailTransport {
  send(
    envelope: { from: string; to: string },
    raw: Buffer,
  ): Promise<{ response: string; rejected: readonly unknown[] }>;
  close(): void;
}

/** Where the SMTP password comes from: the keychain in the app, the environment in web mode and the CLI. Never stored. */
export type PasswordSource = () => Promise<string | undefined> | string | undefined;

export interface MailServiceDeps {
  readonly db: Database.Database;
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
  readonly settings: SettingsStore;
  readonly password?: PasswordSource;
  readonly now?: () => Date;
  /** Makes the connection to the server (tests pass their own to count connections). */
  readonly transport?: (config: SmtpConfig) => MailTransport;
  /** Waits between two messages (the rate limit); tests pass one that does not wait. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly security: MailSecurity;
  readonly user?: string;
  readonly password?: string;
}

export interface PrepareInput {
  readonly releaseId: string;
  readonly lists: readonly string[];
  /** A test mail to this address alone (the lists are only named). */
  readonly test?: string;
  /** Mail the release to lists it was mailed to before. */
  readonly again?: boolean;
  readonly attachments?: readonly MailAttachment[];
}

export interface SendOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { done: number; total: number; accepted: number; refused: number }) => void;
}

/** A release in the trash is not mailed (nor written as a mail draft): it must be restored first. */
function inTrashRefused(deletedAt: string | null, id: string): void {
  if (deletedAt !== null) {
    throw new PressdeskError('RELEASE_IN_TRASH', 'The release is in the trash: restore it before it is mailed.', {
      id,
    });
  }
}

/** Hosts on this computer: a login to a relay there never crosses the network. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

const DEFAULT_PORT: Record<MailSecurity, number> = { none: 25, starttls: 587, tls: 465 };

/** nodemailer's error, as far as the sender reads it. */
interface SmtpError {
  code?: string;
  /** Set by the transport: the server had invited the message (354) when the connection broke. */
  inData?: boolean;
  command?: string;
  responseCode?: number;
  response?: string;
}

/**
 * One connection to the server, kept for message after message (and made
 * again when the server closed it). Built on nodemailer's SMTP connection
 * rather than its pool, because the sender must know how far a message got
 * when the connection breaks: `inData` tells whether the server had already
 * invited the message (354), so that it may have arrived.
 */
export function smtpTransport(config: SmtpConfig): MailTransport {
  let connection: SMTPConnection | null = null;
  const open = async (): Promise<SMTPConnection> => {
    if (connection && !connection.destroyed) return connection;
    // nodemailer's SMTP client is loaded by the first connection.
    const { default: Connection } = await import('nodemailer/lib/smtp-connection');
    const made = new Connection({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
      logger: false,
      debug: false,
    });
    // Every failure arrives through the callbacks too; the event only must not go unheard.
    made.on('error', () => undefined);
    made.on('end', () => {
      if (connection === made) connection = null;
    });
    await new Promise<void>((resolve, reject) => {
      made.once('error', reject);
      made.connect((error) => (error ? reject(error) : resolve()));
    });
    if (config.user) {
      await new Promise<void>((resolve, reject) =>
        made.login({ user: config.user!, pass: config.password ?? '' }, (error) => (error ? reject(error) : resolve())),
      );
    }
    connection = made;
    return made;
  };
  return {
    async send(envelope, raw) {
      const conn = await open();
      return new Promise((resolve, reject) => {
        conn.send(envelope, raw, (error, info) => {
          if (error || !info) {
            const last = typeof conn.lastServerResponse === 'string' ? conn.lastServerResponse : '';
            // After a failure the connection is not trusted again: the next message gets a new one.
            conn.close();
            if (connection === conn) connection = null;
            reject(Object.assign(error ?? new Error('No answer'), { inData: last.startsWith('354') }));
            return;
          }
          resolve({ response: info.response, rejected: info.rejected });
        });
      });
    },
    close: () => {
      connection?.quit();
      connection = null;
    },
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The server's answer without anything but printable text (it goes into the log and the report). */
function serverText(text: unknown): string {
  let out = '';
  for (const ch of typeof text === 'string' ? text : '') out += ch < ' ' || ch === '\u007f' ? ' ' : ch;
  return out.replace(/\s+/g, ' ').trim().slice(0, 500);
}

/**
 * Press mailings: the release as a mail to the press list, one message per
 * recipient through the office's SMTP server, from a durable queue (see
 * MailStore). The SMTP password is asked for when a connection is made and
 * kept nowhere.
 */
export class MailService {
  readonly store: MailStore;
  /** Mailings being sent in this process: one sender per mailing. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: MailServiceDeps) {
    this.store = new MailStore(deps.db, deps.now);
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /** The sender as the settings name it; MAIL_NOT_CONFIGURED without one. */
  sender(required = true): { from: string; address: string; replyTo?: string } {
    const mail = this.deps.settings.mail();
    const from = mail['mail.from'] ?? '';
    const address = fromAddress(from);
    if (!address && required) {
      throw new PressdeskError('MAIL_NOT_CONFIGURED', 'No sender is set: set mail.from (and mail.host) first.', {
        missing: ['mail.from'],
      });
    }
    return { from, address: address ?? '', replyTo: mail['mail.replyTo'] };
  }

  private async smtpConfig(): Promise<SmtpConfig> {
    const mail = this.deps.settings.mail();
    const host = mail['mail.host'];
    if (!host) {
      throw new PressdeskError('MAIL_NOT_CONFIGURED', 'No mail server is set: set mail.host first.', {
        missing: ['mail.host'],
      });
    }
    const security = (mail['mail.security'] as MailSecurity | undefined) ?? 'starttls';
    const user = mail['mail.user'];
    // A relay on this computer is reached without the network; anywhere else the password would travel in clear.
    if (user && security === 'none' && !LOOPBACK_HOSTS.has(host.toLowerCase())) {
      throw new PressdeskError(
        'MAIL_INSECURE_LOGIN',
        'A user name is set but mail.security is none: the password would cross the network unencrypted. Set mail.security to starttls or tls (or remove mail.user).',
        { security, user: true },
      );
    }
    const password = user ? await this.deps.password?.() : undefined;
    return {
      host,
      port: mail['mail.port'] ? Number(mail['mail.port']) : DEFAULT_PORT[security],
      security,
      user,
      password,
    };
  }

  /** `mailto:` of the address replies and opt-outs go to. */
  private listUnsubscribe(sender: { address: string; replyTo?: string }): string | undefined {
    const to = sender.replyTo ?? sender.address;
    return to ? `<mailto:${to}?subject=${encodeURIComponent('Abmelden / Unsubscribe')}>` : undefined;
  }

  /** Every list with how many it mails and how many of its addresses are suppressed. */
  lists(): { name: string; recipients: number; suppressed: number }[] {
    return this.deps.db
      .prepare<[], { name: string }>('SELECT name FROM contact_lists ORDER BY name COLLATE NOCASE')
      .all()
      .map(({ name }) => {
        const found = recipientsOfLists(this.deps.db, [name]);
        return { name, recipients: found.recipients.length, suppressed: found.suppressed.length };
      });
  }

  /** Who the lists would mail: counts, suppressed addresses, lists that are none, and lists mailed before. */
  audience(releaseId: string, lists: readonly string[]) {
    const { recipients, suppressed, missingLists } = recipientsOfLists(this.deps.db, lists);
    return {
      recipients: recipients.length,
      suppressed: suppressed.length,
      missingLists,
      mailedBefore: this.store.mailedLists(releaseId, lists),
      open: this.store.openMailing(releaseId, lists)?.id ?? null,
    };
  }

  /**
   * The mailing to send: the unfinished one of the release to these lists
   * (resumed as it was queued), else a new one. A release mailed to one of
   * the lists before is refused with MAIL_ALREADY_SENT unless `again`. A test
   * goes to its one address and never counts as mailed.
   */
  async prepare(input: PrepareInput, signal?: AbortSignal): Promise<{ mailing: string; resumed: boolean }> {
    const lists = [...new Set(input.lists.map((l) => l.trim()).filter(Boolean))];
    if (!input.test) {
      const open = this.store.openMailing(input.releaseId, lists);
      if (open) return { mailing: open.id, resumed: true };
    }
    const release = this.deps.releases.get(input.releaseId);
    inTrashRefused(release.deletedAt, release.id);
    const sender = this.sender();
    let recipients: { email: string; name: string }[];
    let suppressed: number;
    if (input.test) {
      const address = input.test.trim();
      if (!sendableAddress(address)) {
        throw new PressdeskError('INVALID_INPUT', `${address} is not an address a test mail can go to.`, {
          address,
        });
      }
      const blocked = isSuppressed(this.deps.db, address);
      recipients = blocked ? [] : [{ email: address, name: '' }];
      suppressed = blocked ? 1 : 0;
    } else {
      if (lists.length === 0) throw new PressdeskError('INVALID_INPUT', 'Name at least one list to send to.');
      const before = this.store.mailedLists(input.releaseId, lists);
      if (before.length > 0 && !input.again) {
        throw new PressdeskError(
          'MAIL_ALREADY_SENT',
          `The release was mailed to ${before.join(', ')} before; send it again only on purpose (--again).`,
          { lists: before },
        );
      }
      const found = recipientsOfLists(this.deps.db, lists);
      if (found.missingLists.length > 0) {
        throw new PressdeskError('NOT_FOUND', `There is no list ${found.missingLists.join(', ')}.`, {
          lists: found.missingLists,
        });
      }
      recipients = found.recipients.map((r) => ({ email: r.email, name: r.name }));
      suppressed = found.suppressed.length;
    }
    const content = await buildMailContent(this.deps, release.id, {
      settings: this.deps.settings.exportSettings(),
      replyTo: sender.replyTo ?? sender.address,
      now: this.now(),
      signal,
      // The press list gets approved releases only; a test mail to oneself may show a draft.
      requireApproved: !input.test,
    });
    const message = await composeTemplate(
      content,
      { from: sender.from, replyTo: sender.replyTo },
      { attachments: input.attachments, listUnsubscribe: this.listUnsubscribe(sender) },
    );
    if (signal?.aborted) throw new PressdeskError('CANCELLED', 'Sending was cancelled; nothing was sent.');
    const mailing = this.store.create({
      releaseId: release.id,
      releaseVersion: release.version,
      lists,
      subject: content.subject,
      sender: sender.from,
      test: input.test !== undefined,
      suppressed,
      message,
      recipients,
      messageId: (id, key) => recipientMessageId(id, key, sender.address),
    });
    return { mailing, resumed: false };
  }

  /**
   * Sends what waits in a mailing, one recipient after the other at the
   * configured rate. Each recipient is marked `sending` (committed) before
   * its message goes to the server and `accepted` or `refused` as soon as the
   * server answers; a recipient a previous sender left `sending` becomes
   * `uncertain` and is skipped. When the server cannot be reached the
   * recipient goes back to the queue and MAIL_SERVER_UNREACHABLE is thrown
   * (the mailing stays open, to be resumed); a cancel stops between two
   * messages with CANCELLED and leaves the rest queued.
   */
  async send(mailingId: string, options: SendOptions = {}): Promise<MailingSummary> {
    if (this.running.has(mailingId)) {
      throw new PressdeskError('MAIL_BUSY', 'This mailing is being sent already.', { mailing: mailingId });
    }
    this.running.add(mailingId);
    let transport: MailTransport | undefined;
    try {
      const mailing = this.store.get(mailingId);
      this.store.markUncertain(mailingId);
      if (mailing.state !== 'open') return this.store.summary(mailingId);
      // Sent on purpose: a mailing the user had stopped goes on.
      this.store.setPaused(mailingId, false);
      const template = this.store.template(mailingId);
      // The envelope sender is always the one set here now, never one a stored mailing brings.
      const envelopeFrom = this.sender().address;
      const total = this.store.recipients(mailingId).length;
      const rate = Number(this.deps.settings.mail()['mail.rate'] ?? 0);
      const interval = rate > 0 ? 60_000 / rate : 0;
      const sleep = this.deps.sleep ?? abortableSleep;
      let last = -Infinity;
      // Counted once, then kept up to date here: the queue is not read again for each message.
      const counts = this.store.counts(mailingId);
      const progress = () =>
        options.onProgress?.({
          done: total - counts.queued - counts.sending,
          total,
          accepted: counts.accepted,
          refused: counts.refused,
        });
      const record = (key: string, state: RecipientState, response: string) => {
        this.store.markResult(mailingId, key, state, response);
        counts.queued -= 1;
        counts[state] += 1;
      };
      progress();
      for (;;) {
        if (options.signal?.aborted) throw new PressdeskError('CANCELLED', 'Sending was cancelled; the rest waits.');
        const next = this.store.nextQueued(mailingId);
        if (!next) break;
        if (!sendableAddress(next.email)) {
          record(next.emailKey, 'refused', 'Not an address a message can be sent to.');
          progress();
          continue;
        }
        const wait = last + interval - Date.now();
        if (wait > 0) {
          await sleep(wait, options.signal);
          if (options.signal?.aborted) throw new PressdeskError('CANCELLED', 'Sending was cancelled; the rest waits.');
        }
        // A recipient who opted out since the mailing was queued is not mailed.
        if (isSuppressed(this.deps.db, next.email) && !mailing.test) {
          record(next.emailKey, 'cancelled', 'Opted out before the message was sent.');
          progress();
          continue;
        }
        transport ??= (this.deps.transport ?? smtpTransport)(await this.smtpConfig());
        const headers = recipientHeaders(
          mailing.test ? next.email : mailbox(next.name, next.email),
          next.messageId,
          this.now(),
        );
        // Another sender (the CLI beside the app) took this recipient meanwhile: it is theirs.
        if (!this.store.markSending(mailingId, next.emailKey, headers)) {
          counts.queued -= 1;
          continue;
        }
        last = Date.now();
        try {
          const info = await transport.send({ from: envelopeFrom, to: next.email }, messageOf(headers, template));
          if (info.rejected.length > 0) record(next.emailKey, 'refused', serverText(info.response));
          else record(next.emailKey, 'accepted', serverText(info.response));
        } catch (error) {
          const state = this.failed(mailingId, next.emailKey, error);
          counts.queued -= 1;
          counts[state.state] += 1;
          if (state.error) throw state.error;
        }
        progress();
      }
      this.store.finishIfDone(mailingId);
      const summary = this.store.summary(mailingId);
      // The release's log keeps each run that went through the queue (a resumed mailing adds its own entry).
      this.deps.releases.log.append(mailing.releaseId, 'mailed', mailing.releaseVersion, {
        mailing: mailingId,
        lists: mailing.lists.join(', '),
        test: mailing.test,
        accepted: summary.accepted,
        refused: summary.refused.length,
        uncertain: summary.uncertain.length,
      });
      return summary;
    } catch (error) {
      // Stopped by the user: it waits in the outbox until someone sends it again, never by itself.
      if (error instanceof PressdeskError && error.code === 'CANCELLED') this.store.setPaused(mailingId, true);
      throw error;
    } finally {
      transport?.close();
      this.running.delete(mailingId);
    }
  }

  /** Records why a message did not go; answers the error that makes the whole mailing wait, if any. */
  private failed(mailingId: string, key: string, error: unknown): { state: RecipientState; error?: PressdeskError } {
    const e = (error ?? {}) as SmtpError;
    const code = e.responseCode;
    const response = serverText(e.response) || (code ? String(code) : '');
    const mark = (state: RecipientState, text: string, fail?: PressdeskError) => {
      this.store.markResult(mailingId, key, state, text);
      return fail ? { state, error: fail } : { state };
    };
    if (e.code === 'EAUTH') {
      return mark(
        'queued',
        '',
        new PressdeskError('MAIL_AUTH_FAILED', 'The mail server did not accept the user name and password.', {
          response,
        }),
      );
    }
    // A permanent refusal of the recipient (RCPT TO) or of the message itself (after DATA).
    if (typeof code === 'number' && code >= 500 && (e.command === 'RCPT TO' || e.code === 'EENVELOPE')) {
      return mark('refused', response);
    }
    if (typeof code === 'number' && code >= 500 && e.command === 'DATA') return mark('refused', response);
    const unreachable = new PressdeskError(
      'MAIL_SERVER_UNREACHABLE',
      'The mail server cannot be reached or broke off; the mailing waits and resumes where it stopped.',
      { reason: e.code ?? 'unknown', ...(response ? { response } : {}) },
    );
    // Nothing went over (or the server asked to try later): the recipient waits for the next attempt.
    if (e.inData !== true || (typeof code === 'number' && code >= 400 && code < 500))
      return mark('queued', response, unreachable);
    // The connection broke while the message was on its way: perhaps it arrived.
    return mark('uncertain', response || 'The connection broke while the message was sent.', unreachable);
  }

  /**
   * The mail as one `.eml` file a mail program opens as a draft (`X-Unsent:
   * 1`): addressed to `to` alone, or to nobody. Nothing is queued or sent.
   */
  async eml(
    releaseId: string,
    options: { to?: string; attachments?: readonly MailAttachment[]; signal?: AbortSignal } = {},
  ): Promise<{ fileName: string; bytes: Buffer }> {
    const sender = this.sender(false);
    const release = this.deps.releases.get(releaseId);
    inTrashRefused(release.deletedAt, release.id);
    if (options.to !== undefined && !sendableAddress(options.to.trim())) {
      throw new PressdeskError('INVALID_INPUT', `${options.to} is not an e-mail address.`, { address: options.to });
    }
    const content = await buildMailContent(this.deps, release.id, {
      settings: this.deps.settings.exportSettings(),
      replyTo: sender.replyTo ?? (sender.address || undefined),
      now: this.now(),
      signal: options.signal,
    });
    const template = await composeTemplate(
      content,
      { from: sender.from, replyTo: sender.replyTo },
      { attachments: options.attachments, unsent: true, listUnsubscribe: this.listUnsubscribe(sender) },
    );
    const to = options.to?.trim();
    const messageId = recipientMessageId(`draft-${release.id}-${release.version}`, emailKey(to ?? ''), sender.address);
    const headers = recipientHeaders(to ?? null, messageId, this.now());
    return { fileName: `${releaseSlug(release.headline, release.id)}.eml`, bytes: messageOf(headers, template) };
  }

  /** Whether the password source of web mode and the CLI (the environment) has a password. */
  environmentPassword(): boolean {
    return Boolean(process.env[SMTP_PASSWORD_ENV]);
  }

  /** Gives an unfinished mailing up (MAIL_BUSY while it is being sent). */
  discard(mailingId: string): MailingSummary {
    this.store.get(mailingId);
    if (this.running.has(mailingId)) {
      throw new PressdeskError('MAIL_BUSY', 'This mailing is being sent; cancel it first.', { mailing: mailingId });
    }
    if (this.store.get(mailingId).state === 'open') this.store.discard(mailingId);
    return this.store.summary(mailingId);
  }

  /** The exact message a recipient of a mailing was sent (or, before it went, the mailing's template). */
  message(mailingId: string, email?: string): Buffer {
    const template = this.store.template(mailingId);
    if (email === undefined) {
      const first = this.store.recipients(mailingId).find((r) => r.state === 'accepted');
      return first ? messageOf(this.store.headersOf(mailingId, first.email) ?? '', template) : template;
    }
    const headers = this.store.headersOf(mailingId, email);
    if (headers === null) throw new PressdeskError('NOT_FOUND', `${email} is no recipient of this mailing.`, { email });
    return messageOf(headers, template);
  }
}
