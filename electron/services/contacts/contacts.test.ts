import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract';
import type { Contact } from '../../../shared/contract/contacts';
import { dispatch } from '../../../shared/contract/dispatch';
import { parseEvent, type ContractEvent } from '../../../shared/contract/engineEvents';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { readContactFile } from './contactImport';
import { recipientsOfLists } from './recipients';

const FIXTURES = resolve(__dirname, 'fixtures');
const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) });

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let events: ContractEvent[];
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => new Date('2026-03-02T09:00:00Z') });
  events = [];
  ws.onEvent((e) => events.push(e));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function value<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const envelope = await dispatch(ws.handlers, channel, input);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as ChannelOutput<K>;
}

async function failure<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<string> {
  const envelope = await dispatch(ws.handlers, channel, input);
  if (envelope.ok) throw new Error(`${channel} should have failed`);
  return envelope.error.code;
}

async function byEmail(email: string): Promise<Contact> {
  const { items } = await value('contacts.list', { query: email });
  const found = items.find((c) => c.email.toLowerCase() === email.toLowerCase());
  if (!found) throw new Error(`no contact ${email}`);
  return found;
}

const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('reading contact files', () => {
  it('reads Outlook CSV (English, comma, UTF-8 with BOM) with a line break inside a quoted note', () => {
    const rows = readContactFile(fixture('outlook-en.csv').bytes);
    expect(rows.map((r) => [r.line, r.name, r.email])).toEqual([
      [2, 'Anna Müller', 'anna.mueller@stz.example.de'],
      [3, 'Jörg Weiß', 'Joerg.Weiss@swr.example.de'],
      [5, 'Chloé Dubois', 'chloe.dubois@lemonde.example.fr'],
    ]);
    expect(rows[0]).toMatchObject({ outlet: 'Stuttgarter Zeitung', role: 'Redakteurin', phone: '+49 711 7205-0' });
    expect(rows[0]!.beats).toEqual(['Verkehr', 'Politik']);
    expect(rows[1]!.remarks).toBe('Zwei Zeilen:\nbitte nur vormittags anrufen');
    // The mobile number stands in for a missing business phone; the second address for a missing first.
    expect(rows[2]).toMatchObject({ phone: '+33 1 57 28 20 00' });
  });

  it('reads Excel CSV (German Outlook headers, semicolon, Windows-1252) with its umlauts', () => {
    const bytes = fixture('excel-de-1252.csv').bytes;
    // The file really is Windows-1252: ü is the one byte 0xFC.
    expect(bytes.includes(0xfc)).toBe(true);
    const rows = readContactFile(bytes);
    expect(rows.map((r) => r.name)).toEqual(['Günter Grüßer', 'Bärbel Öztürk', 'Anna Müller']);
    expect(rows[0]).toMatchObject({
      outlet: 'Südwest Presse',
      role: 'Ressortleiter',
      remarks: 'Büro: „Neue Straße“ 5',
    });
    expect(rows[1]!.beats).toEqual(['Politik', 'Soziales']);
  });

  it('reads UTF-8 without BOM with semicolons and our own columns', () => {
    const rows = readContactFile(fixture('utf8-semicolon.csv').bytes);
    expect(rows.map((r) => [r.name, r.consentAt, r.lists])).toEqual([
      ['Zoë Ärmel', '05.03.2024', ['Kultur']],
      ['Ørjan Lie', '2023-11-20', ['Kultur', 'Wirtschaft']],
    ]);
  });

  it('reads vCard 3.0 (escapes, folding, the preferred address), 4.0 (PREF, LANG) and 2.1 (quoted-printable, CHARSET)', () => {
    const v3 = readContactFile(fixture('contacts-3.0.vcf').bytes);
    expect(v3[0]).toMatchObject({
      line: 1,
      name: 'Jürgen Köhler',
      email: 'j.koehler@bnn.example.de',
      outlet: 'Badische Neueste Nachrichten',
      role: 'Redakteur',
      phone: '+49 721 789-0',
      remarks: 'Erreichbar Mo–Fr, nicht am Wochenende.\nZweite Zeile',
      beats: ['Verkehr', 'Stadtentwicklung'],
    });
    expect(v3[1]).toMatchObject({
      line: 13,
      name: 'Maria Schäfer',
      remarks: 'Ein sehr langer Hinweis, der auf die nächste Zeile umgebrochen ist.',
    });

    const v4 = readContactFile(fixture('contacts-4.0.vcf').bytes);
    expect(v4[0]).toMatchObject({
      name: 'Dr. Ingrid Bäumer',
      email: 'i.baeumer@faz.example.de',
      role: 'Korrespondentin',
      phone: '+49-69-7591-0',
      language: 'de',
      beats: ['Wirtschaft', 'Finanzen'],
    });
    expect(v4[1]).toMatchObject({ line: 14, email: '' });

    const v21 = readContactFile(fixture('contacts-2.1.vcf').bytes);
    expect(v21).toHaveLength(1);
    expect(v21[0]).toMatchObject({
      name: 'Björn Größer',
      outlet: 'Rundfunk Württemberg',
      email: 'bjoern.groesser@rundfunk.example.de',
      phone: '0711 111',
      remarks: 'Erste Zeile über\r\nZweite Zeile, die sehr lang ist und darum umbricht',
    });
  });
});

describe('the press list', () => {
  it('imports every fixture, merging duplicates by address and reporting bad rows with line and code', async () => {
    const files = [
      'outlook-en.csv',
      'excel-de-1252.csv',
      'utf8-semicolon.csv',
      'contacts-3.0.vcf',
      'contacts-4.0.vcf',
      'contacts-2.1.vcf',
      'bad-rows.csv',
    ].map(fixture);
    const summary = await value('contacts.import', { files, list: 'Landespresse' });
    // Anna Müller is in the Outlook and the Excel file (her address in other case): one contact, updated once.
    expect(summary).toEqual({
      imported: 3 + 2 + 2 + 2 + 1 + 1 + 2,
      updated: 1,
      skipped: 0,
      errors: [
        { file: 'contacts-4.0.vcf', line: 14, code: 'CONTACT_EMAIL_MISSING', message: expect.any(String) as string },
        { file: 'bad-rows.csv', line: 3, code: 'CONTACT_EMAIL_MISSING', message: expect.any(String) as string },
        { file: 'bad-rows.csv', line: 4, code: 'CONTACT_EMAIL_INVALID', message: expect.any(String) as string },
        { file: 'bad-rows.csv', line: 5, code: 'CONTACT_INVALID', message: expect.stringContaining('name') as string },
        { file: 'bad-rows.csv', line: 6, code: 'CONTACT_EMAIL_INVALID', message: expect.any(String) as string },
        {
          file: 'bad-rows.csv',
          line: 8,
          code: 'CONTACT_INVALID',
          message: expect.stringContaining('31.02.2024') as string,
        },
      ],
    });
    const anna = await byEmail('anna.mueller@stz.example.de');
    // The stored spelling of the address stays; the later file's role wins, its empty phone does not; topics add up.
    expect(anna).toMatchObject({
      email: 'anna.mueller@stz.example.de',
      role: 'Chefin vom Dienst',
      phone: '+49 711 7205-0',
      remarks: 'Mag Termine früh.',
      beats: ['Verkehr', 'Politik', 'Bildung'],
    });
    expect((await byEmail('zoe.aermel@radio.example.de')).consentAt).toBe('2024-03-05');
    expect((await byEmail('zoe.aermel@radio.example.de')).lists).toEqual(['Kultur', 'Landespresse']);
    const lists = (await value('lists.list', {})).items.map((l) => [l.name, l.contacts]);
    expect(lists).toEqual([
      ['Kultur', 2],
      ['Landespresse', 13],
      ['Wirtschaft', 1],
    ]);
    // Importing the same files again changes nothing (the Outlook file left out: it would set Anna's role back).
    const again = await value('contacts.import', { files: files.slice(1, 6), list: 'Landespresse' });
    expect(again).toMatchObject({ imported: 0, updated: 0, skipped: 9 });
    // The press list's change was pushed, valid by the contract.
    const changed = events.filter((e) => e.name === 'contacts.onDidChange');
    expect(changed.length).toBeGreaterThan(0);
    for (const e of changed) expect(parseEvent(e.name, e.payload)).not.toBeNull();
  });

  it('keeps an opted-out address suppressed after the contact is deleted and imported again', async () => {
    const list = await value('lists.create', { name: 'Lokalpresse' });
    await value('contacts.import', { files: [fixture('outlook-en.csv')], list: 'Lokalpresse' });
    const db = engineInternals(ws).db;
    expect(recipientsOfLists(db, ['Lokalpresse']).recipients).toHaveLength(3);

    const jorg = await byEmail('joerg.weiss@swr.example.de');
    const opted = await value('contacts.optOut', { email: ' JOERG.Weiss@swr.example.de ' });
    expect(opted.contact).toMatchObject({ id: jorg.id, optOut: true });
    expect(recipientsOfLists(db, ['Lokalpresse']).suppressed).toEqual(['Joerg.Weiss@swr.example.de']);

    await value('contacts.delete', { id: jorg.id });
    await value('contacts.import', { files: [fixture('outlook-en.csv')], list: 'Lokalpresse' });
    const back = await byEmail('joerg.weiss@swr.example.de');
    expect(back.id).not.toBe(jorg.id);
    expect(back.optOut).toBe(true);
    const recipients = recipientsOfLists(db, ['Lokalpresse']);
    expect(recipients.recipients.map((r) => r.email)).toEqual([
      'anna.mueller@stz.example.de',
      'chloe.dubois@lemonde.example.fr',
    ]);
    expect(recipients.suppressed).toEqual(['Joerg.Weiss@swr.example.de']);
    // Made by hand, too, the address stays opted out.
    await value('contacts.delete', { id: back.id });
    const made = await value('contacts.create', {
      fields: { name: 'Jörg Weiß', email: 'joerg.weiss@swr.example.de' },
      listIds: [list.id],
    });
    expect(made.optOut).toBe(true);
    // An opt-out cannot be undone by an update.
    const updated = await value('contacts.update', { id: made.id, fields: { name: 'J. Weiß', email: made.email } });
    expect(updated.optOut).toBe(true);
  });

  it('creates, edits and deletes contacts and lists, refusing taken names and addresses', async () => {
    const presse = await value('lists.create', { name: '  Presse\u0007 ' });
    expect(presse.name).toBe('Presse');
    expect(await failure('lists.create', { name: 'PRESSE' })).toBe('LIST_EXISTS');
    const funk = await value('lists.create', { name: 'Funk' });
    expect(await failure('lists.rename', { id: funk.id, name: 'presse' })).toBe('LIST_EXISTS');
    const renamed = await value('lists.rename', { id: funk.id, name: 'Hörfunk' });
    expect(renamed.name).toBe('Hörfunk');

    const a = await value('contacts.create', {
      // Decomposed ö (o + U+0308) is stored composed (NFC); control characters go.
      fields: {
        name: 'Jo\u0308rg\u0000 Test',
        email: 'jt@example.org',
        beats: ['Sport', 'sport', ' '],
        consentAt: '2025-01-31',
      },
      listIds: [presse.id],
    });
    expect(a).toMatchObject({ name: 'Jörg Test', beats: ['Sport'], lists: ['Presse'], consentAt: '2025-01-31' });
    expect(await failure('contacts.create', { fields: { email: 'JT@example.org' } })).toBe('CONTACT_EXISTS');
    expect(await failure('contacts.create', { fields: { email: 'nicht gültig@example' } })).toBe('INVALID_INPUT');
    expect(await failure('contacts.create', { fields: { email: 'x@example.org', name: 'n'.repeat(201) } })).toBe(
      'INVALID_INPUT',
    );

    const b = await value('contacts.create', { fields: { name: 'Bea', email: 'bea@example.org' } });
    expect(await failure('contacts.update', { id: b.id, fields: { email: 'jt@example.org' } })).toBe('CONTACT_EXISTS');
    const moved = await value('contacts.update', {
      id: a.id,
      fields: { name: 'Jörg Test', email: 'jt@example.org', outlet: 'Radio' },
      listIds: [renamed.id],
    });
    expect(moved).toMatchObject({ outlet: 'Radio', lists: ['Hörfunk'] });

    expect((await value('lists.addMembers', { id: presse.id, contactIds: [a.id, b.id] })).contacts).toBe(2);
    expect((await value('lists.removeMembers', { id: presse.id, contactIds: [a.id] })).contacts).toBe(1);
    expect((await value('contacts.list', { listId: presse.id })).items.map((c) => c.name)).toEqual(['Bea']);
    expect((await value('contacts.list', { query: 'radio' })).items.map((c) => c.name)).toEqual(['Jörg Test']);
    expect(await failure('contacts.list', { listId: 'nope' })).toBe('LIST_NOT_FOUND');

    await value('lists.delete', { id: presse.id });
    expect((await value('contacts.get', { id: b.id })).lists).toEqual([]);
    expect((await value('contacts.delete', { id: b.id })).deleted).toBe(true);
    expect(await failure('contacts.get', { id: b.id })).toBe('CONTACT_NOT_FOUND');
  });

  it('exports an Excel CSV (BOM, semicolons, formulas neutralised) that imports back to the same contacts', async () => {
    await value('contacts.import', {
      files: [fixture('utf8-semicolon.csv'), fixture('excel-de-1252.csv'), fixture('bad-rows.csv')],
      list: 'Alle',
    });
    await value('contacts.optOut', { email: 'gut1@example.org' });
    const before = (await value('contacts.list', {})).items;
    const { bytes, fileName, count } = await value('contacts.exportCsv', {});
    expect(fileName).toBe('Presseverteiler-2026-03-02.csv');
    expect(count).toBe(before.length);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toBe(
      'Name;Medium;Funktion;E-Mail;Telefon;Themen;Sprache;Notizen;Einwilligung Quelle;Einwilligung am;Abgemeldet;Listen',
    );
    // No cell starts with a formula character: = + - @ get a leading apostrophe.
    expect(text).toContain(`;"'=HYPERLINK(""http`);
    expect(text).toContain(`;'+49 381 1234;`);
    for (const line of text.split('\r\n')) for (const cell of line.split(';')) expect(cell).not.toMatch(/^"?[=+\-@]/);

    // Into a fresh data directory: the same contacts, lists and opt-outs.
    const other = openWorkstation({ dataDir: join(tmp.dir, 'other'), host: 'cli' });
    try {
      const back = await dispatch(other.handlers, 'contacts.import', { files: [{ name: fileName, bytes }] });
      expect(back.ok && back.value).toEqual({ imported: before.length, updated: 0, skipped: 0, errors: [] });
      const listed = await dispatch(other.handlers, 'contacts.list', {});
      const strip = (c: Contact) => ({ ...c, id: '', createdAt: '', updatedAt: '', optOutAt: null });
      const items = listed.ok ? (listed.value as ChannelOutput<'contacts.list'>).items : [];
      expect(items.map(strip)).toEqual(before.map(strip));
    } finally {
      other.close();
    }
  });

  it('refuses hostile files whole and leaves the store unchanged', async () => {
    await value('contacts.import', { files: [fixture('outlook-en.csv')] });
    const before = (await value('contacts.list', {})).items;
    const junk = new Uint8Array(4096);
    for (let i = 0; i < junk.length; i += 1) junk[i] = (i * 7919) % 256;
    const summary = await value('contacts.import', {
      files: [
        { name: 'junk.csv', bytes: junk },
        csv('leer.csv', '\n\n'),
        csv('ohne-adresse.csv', 'Name;Firma\nA;B\n'),
        csv('offen.csv', 'Name,E-Mail\nA,a@example.org\n"B,b@example.org\n'),
        { name: 'riesig.csv', bytes: new Uint8Array(11 * 1024 * 1024) },
      ].slice(0, 4),
    });
    expect(summary.errors.map((e) => [e.file, e.line, e.code])).toEqual([
      ['junk.csv', 0, 'IMPORT_UNSUPPORTED'],
      ['leer.csv', 0, 'IMPORT_UNSUPPORTED'],
      ['ohne-adresse.csv', 1, 'IMPORT_UNSUPPORTED'],
      ['offen.csv', 3, 'IMPORT_PARSE'],
    ]);
    expect(summary).toMatchObject({ imported: 0, updated: 0, skipped: 0 });
    // A file over the limit is refused at the boundary.
    const big = await dispatch(ws.handlers, 'contacts.import', {
      files: [{ name: 'riesig.csv', bytes: new Uint8Array(11 * 1024 * 1024) }],
    });
    expect(big.ok ? null : big.error.code).toBe('INVALID_INPUT');
    expect((await value('contacts.list', {})).items).toEqual(before);
  });

  it('rolls a file back whole when the store fails in the middle of it', async () => {
    const db = engineInternals(ws).db;
    // A trigger that fails on the third insert stands in for a full disk.
    db.exec(`CREATE TEMP TRIGGER fail_third BEFORE INSERT ON contacts
      WHEN (SELECT count(*) FROM contacts) >= 2 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    await expect(value('contacts.import', { files: [fixture('outlook-en.csv')], list: 'X' })).rejects.toThrow();
    db.exec('DROP TRIGGER fail_third');
    expect((await value('contacts.list', {})).total).toBe(0);
    expect((await value('lists.list', {})).items).toEqual([]);
  });
});
