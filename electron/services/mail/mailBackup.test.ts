import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { engineInternals } from '../testing/internals';
import { addList, pressRelease, useServer } from '../testing/mailFixtures';
import { startTestSmtp, type TestSmtp } from '../testing/smtp';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, restoreDataDir, type Workstation } from '../workstation';

/*
 * A backup carries the send log, never a second mailing: a mailing that was
 * unfinished when the backup was made is given up when it is restored.
 */

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let smtp: TestSmtp;
const dataDir = () => join(tmp.dir, 'data');

beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
});
afterEach(async () => {
  ws.close();
  await smtp?.close();
  tmp.cleanup();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof PressdeskError ? error.code : String(error);
  }
  return 'no error';
}

describe('mailings in a backup', () => {
  it('a restored backup keeps the log and gives unfinished mailings up: nobody is mailed twice', async () => {
    smtp = await startTestSmtp({ dropAtMailFrom: (accepted) => accepted === 2 });
    useServer(ws, smtp.port);
    const emails = ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example', 'e@x.example'];
    addList(
      ws,
      'Presse',
      emails.map((email) => ({ email })),
    );
    const { id } = await pressRelease(ws);
    expect(await codeOf(ws.sendMail({ releaseId: id, lists: ['Presse'] }))).toBe('MAIL_SERVER_UNREACHABLE');
    const { db, mail } = engineInternals(ws);
    const mailing = mail.store.ofRelease(id)[0]!.id;
    // As if the sender had stopped while handing c@ over.
    db.prepare("UPDATE mailing_recipients SET state = 'sending' WHERE mailing_id = ? AND email = ?").run(
      mailing,
      'c@x.example',
    );
    const backup = join(tmp.dir, 'backup.db');
    await ws.backupDatabase(backup);
    ws.close();

    await restoreDataDir(dataDir(), backup);
    ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
    await smtp.close();
    smtp = await startTestSmtp();
    useServer(ws, smtp.port);
    const restored = engineInternals(ws).mail.store;
    expect(restored.find(mailing)?.state).toBe('cancelled');
    expect(restored.recipients(mailing).map((r) => [r.email, r.state])).toEqual([
      ['a@x.example', 'accepted'],
      ['b@x.example', 'accepted'],
      ['c@x.example', 'cancelled'],
      ['d@x.example', 'cancelled'],
      ['e@x.example', 'cancelled'],
    ]);
    // Nothing of a restored mailing can be sent again, not even by deciding about „perhaps sent“ recipients.
    expect(await ws.handlers['mail.decideUncertain']({ mailing, action: 'resend' })).toMatchObject({
      queued: 0,
      uncertain: [],
    });
    expect(restored.find(mailing)?.state).toBe('cancelled');
    // The exact message as sent is still in the log.
    const message = await ws.handlers['mail.message']({ mailing, email: 'a@x.example' });
    expect(message.text).toMatch(/^To: a@x\.example\r\nMessage-ID: </);
    // The same send is no resume: the list was mailed.
    expect(await codeOf(ws.sendMail({ releaseId: id, lists: ['Presse'] }))).toBe('MAIL_ALREADY_SENT');
    expect(smtp.messages).toHaveLength(0);
  });

  it('leaves out mailings and recipients that are not whole, and says so', async () => {
    const { id } = await pressRelease(ws);
    const { db } = engineInternals(ws);
    const at = new Date().toISOString();
    const insert = db.prepare(
      `INSERT INTO mailings (id, release_id, release_version, lists, lists_key, subject, sender, test, state, suppressed,
         message, created_at, updated_at) VALUES (?, ?, 1, ?, '[]', 'S', '', 0, 'done', 0, ?, ?, ?)`,
    );
    insert.run('good', id, '["Presse"]', Buffer.from('Subject: S\r\n\r\nx'), at, at);
    insert.run('bad-lists', id, '{"no":"list"}', Buffer.from('x'), at, at);
    insert.run('bad-release', '', '[]', Buffer.from('x'), at, at);
    db.prepare(
      `INSERT INTO mailing_recipients (mailing_id, email_key, email, name, position, state, message_id, updated_at)
       VALUES ('good', 'x@y.example', ?, '', 0, 'accepted', '<m@y>', ?)`,
    ).run('x@y.example\r\nBcc: z@y.example', at);
    const backup = join(tmp.dir, 'backup.db');
    await ws.backupDatabase(backup);
    ws.close();
    const result = await restoreDataDir(dataDir(), backup);
    ws = openWorkstation({ dataDir: dataDir(), host: 'cli' });
    expect(result.kind === 'database' && result.dropped).toEqual(
      expect.arrayContaining([
        'mailing:bad-lists',
        'mailing:bad-release',
        expect.stringMatching(/^mailing-recipient:good:/),
      ]),
    );
    const store = engineInternals(ws).mail.store;
    expect(store.ofRelease(id).map((m) => m.id)).toEqual(['good']);
    expect(store.recipients('good')).toEqual([]);
    const check = new Database(join(dataDir(), 'pressdesk.db'), { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM mailings').get()).toEqual({ n: 1 });
    check.close();
  });
});
