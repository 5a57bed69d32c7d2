import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { RecipientState } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { emailKey } from '../contacts/recipients';

export type MailingState = 'open' | 'done' | 'cancelled';

export interface MailingRow {
  readonly id: string;
  readonly releaseId: string;
  readonly releaseVersion: number;
  readonly lists: string[];
  readonly subject: string;
  readonly sender: string;
  readonly test: boolean;
  readonly state: MailingState;
  readonly suppressed: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface RecipientRow {
  readonly emailKey: string;
  readonly email: string;
  readonly name: string;
  readonly state: RecipientState;
  readonly response: string;
  readonly messageId: string;
  readonly attempts: number;
  readonly updatedAt: string;
}

/** What a mailing came to: the public answer of `pressdesk send` and of the send dialog. */
export interface MailingSummary {
  readonly mailing: string;
  readonly recipients: number;
  readonly accepted: number;
  readonly refused: { email: string; reason: string }[];
  readonly suppressed: number;
  /** Handed to the server when the sender stopped without its answer: perhaps sent, never sent again unasked. */
  readonly uncertain: string[];
  /** Still waiting to be sent (the server was not reachable, or sending was cancelled). */
  readonly queued: number;
  readonly state: MailingState;
  readonly test: boolean;
}

interface DbMailing {
  id: string;
  release_id: string;
  release_version: number;
  lists: string;
  subject: string;
  sender: string;
  test: number;
  state: MailingState;
  suppressed: number;
  created_at: string;
  updated_at: string;
}

interface DbRecipient {
  email_key: string;
  email: string;
  name: string;
  state: RecipientState;
  response: string;
  message_id: string;
  headers: string;
  attempts: number;
  updated_at: string;
}

/** The key a set of lists is found by: the names, trimmed, lower-cased, sorted. */
export function listsKey(lists: readonly string[]): string {
  return JSON.stringify([...new Set(lists.map((l) => l.trim().toLowerCase()))].sort());
}

function parseLists(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function toMailing(row: DbMailing): MailingRow {
  return {
    id: row.id,
    releaseId: row.release_id,
    releaseVersion: row.release_version,
    lists: parseLists(row.lists),
    subject: row.subject,
    sender: row.sender,
    test: row.test === 1,
    state: row.state,
    suppressed: row.suppressed,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRecipient(row: DbRecipient): RecipientRow {
  return {
    emailKey: row.email_key,
    email: row.email,
    name: row.name,
    state: row.state,
    response: row.response,
    messageId: row.message_id,
    attempts: row.attempts,
    updatedAt: row.updated_at,
  };
}

export interface NewMailing {
  readonly releaseId: string;
  readonly releaseVersion: number;
  readonly lists: readonly string[];
  readonly subject: string;
  readonly sender: string;
  readonly test: boolean;
  readonly suppressed: number;
  /** The message without the headers of each recipient. */
  readonly message: Buffer;
  readonly recipients: readonly { email: string; name: string }[];
  /** The Message-ID of a recipient, made from the mailing's id. */
  readonly messageId: (mailingId: string, emailKey: string) => string;
}

/**
 * The durable queue of press mailings and their log. Every change of a
 * recipient's state is its own committed transaction, so whatever stops the
 * process, the database tells which recipient the server has accepted, which
 * it refused, which still waits, and which was being handed over (`sending`,
 * found as `uncertain` afterwards and never sent again unasked).
 */
export class MailStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  create(input: NewMailing): string {
    const id = randomUUID();
    const at = this.stamp();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO mailings (id, release_id, release_version, lists, lists_key, subject, sender, test, state,
             suppressed, message, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.releaseId,
          input.releaseVersion,
          JSON.stringify(input.lists),
          listsKey(input.lists),
          input.subject,
          input.sender,
          input.test ? 1 : 0,
          input.suppressed,
          input.message,
          at,
          at,
        );
      const insert = this.db.prepare(
        `INSERT INTO mailing_recipients (mailing_id, email_key, email, name, position, state, message_id, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING`,
      );
      for (const [i, r] of input.recipients.entries()) {
        const key = emailKey(r.email);
        insert.run(id, key, r.email.trim(), r.name, i, input.messageId(id, key), at);
      }
    })();
    return id;
  }

  find(id: string): MailingRow | null {
    const row = this.db.prepare<[string], DbMailing>('SELECT * FROM mailings WHERE id = ?').get(id);
    return row ? toMailing(row) : null;
  }

  get(id: string): MailingRow {
    const mailing = this.find(id);
    if (!mailing) throw new PressdeskError('NOT_FOUND', `There is no mailing ${id}.`, { id });
    return mailing;
  }

  /** The unfinished (not test) mailing of a release to exactly these lists, if there is one. */
  openMailing(releaseId: string, lists: readonly string[]): MailingRow | null {
    const row = this.db
      .prepare<[string, string], DbMailing>(
        `SELECT * FROM mailings WHERE release_id = ? AND lists_key = ? AND state = 'open' AND test = 0
         ORDER BY created_at DESC LIMIT 1`,
      )
      .get(releaseId, listsKey(lists));
    return row ? toMailing(row) : null;
  }

  /** The mailings in the outbox: unfinished (not test) mailings with someone still waiting, oldest first. */
  outbox(): MailingRow[] {
    return this.db
      .prepare<[], DbMailing>(
        `SELECT * FROM mailings m WHERE m.state = 'open' AND m.test = 0 AND m.paused_at IS NULL
           AND EXISTS (SELECT 1 FROM mailing_recipients r WHERE r.mailing_id = m.id AND r.state = 'queued')
         ORDER BY m.created_at, m.rowid`,
      )
      .all()
      .map(toMailing);
  }

  /** Of `lists`, those the release was mailed to before (in a mailing that is not a test). */
  mailedLists(releaseId: string, lists: readonly string[]): string[] {
    const done = new Set<string>();
    for (const row of this.db
      .prepare<[string], { lists_key: string }>('SELECT lists_key FROM mailings WHERE release_id = ? AND test = 0')
      .all(releaseId))
      for (const key of parseLists(row.lists_key)) done.add(key);
    return lists.filter((l) => done.has(l.trim().toLowerCase()));
  }

  /** The release's mailings, newest first. */
  ofRelease(releaseId: string): MailingRow[] {
    return this.db
      .prepare<[string], DbMailing>('SELECT * FROM mailings WHERE release_id = ? ORDER BY created_at DESC, rowid DESC')
      .all(releaseId)
      .map(toMailing);
  }

  recipients(mailingId: string): RecipientRow[] {
    return this.db
      .prepare<[string], DbRecipient>('SELECT * FROM mailing_recipients WHERE mailing_id = ? ORDER BY position')
      .all(mailingId)
      .map(toRecipient);
  }

  /**
   * A recipient left `sending` was handed to the server by a sender that
   * stopped before it heard the answer: it may have been sent. It becomes
   * `uncertain` and is not sent again unless the user decides so.
   */
  markUncertain(mailingId: string): string[] {
    return this.db.transaction(() => {
      const left = this.db
        .prepare<[string], { email: string }>(
          "SELECT email FROM mailing_recipients WHERE mailing_id = ? AND state = 'sending' ORDER BY position",
        )
        .all(mailingId)
        .map((r) => r.email);
      this.db
        .prepare(
          `UPDATE mailing_recipients SET state = 'uncertain', response = 'The sender stopped before the server answered.', updated_at = ?
           WHERE mailing_id = ? AND state = 'sending'`,
        )
        .run(this.stamp(), mailingId);
      return left;
    })();
  }

  /** The user decided: the uncertain recipients are sent again (`resend`) or given up (`cancel`). */
  decideUncertain(mailingId: string, action: 'resend' | 'cancel'): number {
    const { changes } = this.db
      .prepare(`UPDATE mailing_recipients SET state = ?, updated_at = ? WHERE mailing_id = ? AND state = 'uncertain'`)
      .run(action === 'resend' ? 'queued' : 'cancelled', this.stamp(), mailingId);
    if (changes > 0 && action === 'resend') this.setState(mailingId, 'open');
    return changes;
  }

  /** The next recipient waiting, or null. */
  nextQueued(mailingId: string): (RecipientRow & { headers: string }) | null {
    const row = this.db
      .prepare<[string], DbRecipient>(
        "SELECT * FROM mailing_recipients WHERE mailing_id = ? AND state = 'queued' ORDER BY position LIMIT 1",
      )
      .get(mailingId);
    return row ? { ...toRecipient(row), headers: row.headers } : null;
  }

  /**
   * Claims a queued recipient before the message goes to the server:
   * committed, so a crash in between leaves the recipient `sending`. Only a
   * recipient still `queued` is claimed (one UPDATE, so two senders — the
   * app and the CLI — can never both take the same one); false when another
   * sender took it first.
   */
  markSending(mailingId: string, key: string, headers: string): boolean {
    const { changes } = this.db
      .prepare(
        `UPDATE mailing_recipients SET state = 'sending', headers = ?, attempts = attempts + 1, updated_at = ?
         WHERE mailing_id = ? AND email_key = ? AND state = 'queued'`,
      )
      .run(headers, this.stamp(), mailingId, key);
    return changes === 1;
  }

  /** After the server answered (or could not be reached): accepted, refused, back in the queue, or uncertain. */
  markResult(mailingId: string, key: string, state: RecipientState, response: string): void {
    this.db
      .prepare(
        `UPDATE mailing_recipients SET state = ?, response = ?, updated_at = ?
         WHERE mailing_id = ? AND email_key = ? AND state IN ('queued', 'sending', 'uncertain')`,
      )
      .run(state, response.slice(0, 1000), this.stamp(), mailingId, key);
  }

  setState(mailingId: string, state: MailingState): void {
    this.db.prepare('UPDATE mailings SET state = ?, updated_at = ? WHERE id = ?').run(state, this.stamp(), mailingId);
  }

  /** The mailing ends when no recipient waits any more (uncertain ones wait for the user, not for the queue). */
  finishIfDone(mailingId: string): MailingState {
    const waiting = this.db
      .prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM mailing_recipients WHERE mailing_id = ? AND state IN ('queued', 'sending')",
      )
      .get(mailingId)!.n;
    if (waiting === 0 && this.get(mailingId).state === 'open') this.setState(mailingId, 'done');
    return this.get(mailingId).state;
  }

  /** Marks a mailing as stopped by the user (null: going on again); a stopped one never resumes by itself. */
  setPaused(mailingId: string, paused: boolean): void {
    this.db.prepare('UPDATE mailings SET paused_at = ? WHERE id = ?').run(paused ? this.stamp() : null, mailingId);
  }

  /** Gives an unfinished mailing up: whoever still waits is not sent. */
  discard(mailingId: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE mailing_recipients SET state = 'cancelled', updated_at = ? WHERE mailing_id = ? AND state = 'queued'`,
        )
        .run(this.stamp(), mailingId);
      this.setState(mailingId, 'cancelled');
    })();
  }

  summary(mailingId: string): MailingSummary {
    const mailing = this.get(mailingId);
    const rows = this.recipients(mailingId);
    return {
      mailing: mailingId,
      recipients: rows.length,
      accepted: rows.filter((r) => r.state === 'accepted').length,
      refused: rows.filter((r) => r.state === 'refused').map((r) => ({ email: r.email, reason: r.response })),
      suppressed: mailing.suppressed,
      uncertain: rows.filter((r) => r.state === 'uncertain' || r.state === 'sending').map((r) => r.email),
      queued: rows.filter((r) => r.state === 'queued').length,
      state: mailing.state,
      test: mailing.test,
    };
  }

  /** How many recipients of a mailing are in each state. */
  counts(mailingId: string): Record<RecipientState, number> {
    const counts: Record<RecipientState, number> = {
      queued: 0,
      sending: 0,
      accepted: 0,
      refused: 0,
      uncertain: 0,
      cancelled: 0,
    };
    for (const row of this.db
      .prepare<[string], { state: RecipientState; n: number }>(
        'SELECT state, count(*) AS n FROM mailing_recipients WHERE mailing_id = ? GROUP BY state',
      )
      .all(mailingId))
      counts[row.state] = row.n;
    return counts;
  }

  /** The mailing's message without the headers of a recipient. */
  template(mailingId: string): Buffer {
    const row = this.db
      .prepare<[string], { message: Buffer }>('SELECT message FROM mailings WHERE id = ?')
      .get(mailingId);
    if (!row) throw new PressdeskError('NOT_FOUND', `There is no mailing ${mailingId}.`, { id: mailingId });
    return row.message;
  }

  /** The headers a recipient's message was sent with ('' before it was sent). */
  headersOf(mailingId: string, email: string): string | null {
    const row = this.db
      .prepare<[string, string], { headers: string }>(
        'SELECT headers FROM mailing_recipients WHERE mailing_id = ? AND email_key = ?',
      )
      .get(mailingId, emailKey(email));
    return row ? row.headers : null;
  }
}
