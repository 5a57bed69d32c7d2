import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreDatabase } from '../backup/backupService';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { recipientsOfLists } from './recipients';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
const data = () => join(tmp.dir, 'data');
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: data(), host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

describe('the press list in backups', () => {
  it('comes back from a backup: contacts, lists, members and opt-outs, through the checks of an import', async () => {
    const contacts = engineInternals(ws).contacts;
    const list = contacts.createList('Landespresse');
    const anna = contacts.create({ name: 'Anna Müller', email: 'anna@example.org', beats: ['Verkehr'] }, [list.id]);
    contacts.create({ name: 'Jörg Weiß', email: 'joerg@example.org', consentAt: '2024-05-01' }, [list.id]);
    contacts.optOut('joerg@example.org');
    contacts.optOut('geloescht@example.org');
    const file = join(tmp.dir, 'backup.db');
    await ws.backupDatabase(file);

    // A hand-edited backup: a bad address, a duplicate address, a control character, a stray member,
    // a hostile suppression key, and an opted-out contact whose suppression entry was removed.
    const db = new Database(file);
    const at = '2024-01-01T00:00:00.000Z';
    const insert = db.prepare(
      `INSERT INTO contacts (id, name, email, email_key, beats, opt_out, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run('bad-1', 'Kaputt', 'kein-at', 'kein-at', '[]', 0, at, at);
    insert.run('dup-1', 'Doppelt', 'ANNA@example.org', 'x', '[]', 0, at, at);
    insert.run('ctl-1', 'Steuer\u0007zeichen', 'ctl@example.org', 'ctl@example.org', '"kein array"', 0, at, at);
    insert.run('opt-1', 'Abgemeldet', 'opt@example.org', 'opt@example.org', '[]', 1, at, at);
    db.prepare('INSERT INTO contact_list_members (list_id, contact_id, added_at) VALUES (?, ?, ?)').run(
      list.id,
      'bad-1',
      at,
    );
    db.prepare('INSERT INTO contact_list_members (list_id, contact_id, added_at) VALUES (?, ?, ?)').run(
      list.id,
      'opt-1',
      at,
    );
    db.prepare("INSERT INTO suppressions (email_key, reason, created_at) VALUES ('<script>', 'x', ?)").run(at);
    db.close();
    ws.close();

    const result = await restoreDatabase(data(), file);
    expect(result.dropped).toEqual([
      'suppression:<script>',
      'contact:bad-1',
      'contact:dup-1:duplicate',
      `member:${list.id}/bad-1`,
    ]);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    const back = engineInternals(ws).contacts;
    expect(back.get(anna.id)).toMatchObject({ name: 'Anna Müller', beats: ['Verkehr'], lists: ['Landespresse'] });
    expect(back.findByEmail('ctl@example.org')).toMatchObject({ name: 'Steuerzeichen', beats: [] });
    expect(back.findByEmail('joerg@example.org')).toMatchObject({ optOut: true, consentAt: '2024-05-01' });
    // Suppressions survive, also for an address without a contact, and an opted-out contact is suppressed again.
    expect(back.suppressedAt('geloescht@example.org')).not.toBeNull();
    expect(back.suppressedAt('opt@example.org')).not.toBeNull();
    const recipients = recipientsOfLists(engineInternals(ws).db, ['Landespresse']);
    expect(recipients.recipients.map((r) => r.email)).toEqual(['anna@example.org']);
    expect(recipients.suppressed.sort()).toEqual(['joerg@example.org', 'opt@example.org']);
  });

  it('an older backup never brings back an address that opted out since', async () => {
    const contacts = engineInternals(ws).contacts;
    const list = contacts.createList('Landespresse');
    contacts.create({ name: 'Anna Müller', email: 'anna@example.org' }, [list.id]);
    contacts.create({ name: 'Ben Weber', email: 'ben@example.org' }, [list.id]);
    const file = join(tmp.dir, 'older.db');
    await ws.backupDatabase(file);
    // After the backup: Anna opts out, and an address that is no contact is suppressed too.
    contacts.optOut('anna@example.org');
    contacts.optOut('niemand@example.org');
    ws.close();

    await restoreDatabase(data(), file);
    ws = openWorkstation({ dataDir: data(), host: 'cli' });
    const { db } = engineInternals(ws);
    expect(recipientsOfLists(db, ['Landespresse'])).toMatchObject({
      recipients: [{ email: 'ben@example.org' }],
      suppressed: ['anna@example.org'],
    });
    expect(engineInternals(ws).contacts.findByEmail('anna@example.org')).toMatchObject({ optOut: true });
    const keys = db.prepare('SELECT email_key FROM suppressions ORDER BY email_key').pluck().all();
    expect(keys).toEqual(['anna@example.org', 'niemand@example.org']);
  });
});
