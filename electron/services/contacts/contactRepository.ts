import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  cleanText,
  ContactFieldsSchema,
  isValidEmail,
  ListNameSchema,
  type Contact,
  type ContactFields,
  type ContactFieldsInput,
  type ContactList,
} from '../../../shared/contract/contacts';
import { issueList, PressdeskError } from '../../../shared/errors';
import { emailKey } from './recipients';

interface ContactRow {
  id: string;
  name: string;
  outlet: string;
  role: string;
  email: string;
  email_key: string;
  phone: string;
  beats: string;
  language: string;
  remarks: string;
  consent_source: string;
  consent_at: string | null;
  opt_out: number;
  opt_out_at: string | null;
  created_at: string;
  updated_at: string;
  lists: string | null;
}

interface ListRow {
  id: string;
  name: string;
  contacts: number;
  created_at: string;
  updated_at: string;
}

/** Beats as stored (a JSON array); anything else reads as none, so a hand-edited row cannot break a listing. */
function readBeats(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((b): b is string => typeof b === 'string') : [];
  } catch {
    return [];
  }
}

const COLLATOR = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

// Lists joined with a separator no cleaned name can hold (control characters are removed on the way in).
const LIST_SEPARATOR = '\u001f';

const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  name: row.name,
  outlet: row.outlet,
  role: row.role,
  email: row.email,
  phone: row.phone,
  beats: readBeats(row.beats),
  language: row.language,
  remarks: row.remarks,
  consentSource: row.consent_source,
  consentAt: row.consent_at,
  optOut: row.opt_out === 1,
  optOutAt: row.opt_out_at,
  lists: row.lists
    ? row.lists.split(LIST_SEPARATOR).sort((a, b) => COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0))
    : [],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toList = (row: ListRow): ContactList => ({
  id: row.id,
  name: row.name,
  contacts: row.contacts,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const CONTACT_SELECT = `SELECT c.*, c.notes AS remarks,
    (SELECT group_concat(l.name, char(31)) FROM contact_list_members m JOIN contact_lists l ON l.id = m.list_id
      WHERE m.contact_id = c.id) AS lists
  FROM contacts c`;

const LIST_SELECT = `SELECT l.id, l.name, l.created_at, l.updated_at,
    (SELECT count(*) FROM contact_list_members m WHERE m.list_id = l.id) AS contacts
  FROM contact_lists l`;

/** Escapes LIKE's wildcards (with `\` as the escape character). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `prepare` that makes each statement once per connection. */
function statementCache(db: Database.Database): Pick<Database.Database, 'prepare'> {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = db.prepare(source);
      cache.set(source, statement);
    }
    return statement;
  };
  return { prepare: prepare as Database.Database['prepare'] };
}

/** The press list: contacts, the lists that group them, and suppressed addresses. One repository for the aggregate. */
export class ContactRepository {
  /** Prepared statements, kept: an import of 90,000 rows runs the same few statements again and again. */
  private readonly sql: Pick<Database.Database, 'prepare'>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sql = statementCache(db);
  }

  /** Parses fields from the form or an import row; INVALID_INPUT with the issues if they do not fit. */
  static parseFields(input: ContactFieldsInput): ContactFields {
    const parsed = ContactFieldsSchema.safeParse(input);
    if (!parsed.success) {
      throw new PressdeskError('INVALID_INPUT', 'The contact does not fit.', {
        issues: issueList(parsed.error.issues),
      });
    }
    return parsed.data;
  }

  list(options: { listId?: string; query?: string; limit?: number; offset?: number } = {}): {
    items: Contact[];
    total: number;
  } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.listId !== undefined) {
      this.requireList(options.listId);
      where.push('EXISTS (SELECT 1 FROM contact_list_members m WHERE m.contact_id = c.id AND m.list_id = ?)');
      params.push(options.listId);
    }
    const query = cleanText(options.query ?? '');
    if (query !== '') {
      const fields = ['c.name', 'c.outlet', 'c.role', 'c.email', 'c.beats', 'c.notes', 'c.phone'];
      where.push(`(${fields.map((f) => `${f} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      for (let i = 0; i < fields.length; i += 1) params.push(likePattern(query));
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const total = this.sql
      .prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM contacts c${clause}`)
      .get(...params)!.n;
    // Sorted as a German reader expects (Ä with A, not after Z); contacts without a name last, by address.
    const rows = this.sql.prepare<(string | number)[], ContactRow>(`${CONTACT_SELECT}${clause}`).all(...params);
    rows.sort(
      (a, b) =>
        Number(a.name === '') - Number(b.name === '') ||
        COLLATOR.compare(a.name, b.name) ||
        (a.email_key < b.email_key ? -1 : a.email_key > b.email_key ? 1 : 0),
    );
    const start = options.offset ?? 0;
    const page = rows.slice(start, options.limit === undefined ? undefined : start + options.limit);
    return { items: page.map(toContact), total };
  }

  get(id: string): Contact {
    const row = this.sql.prepare<[string], ContactRow>(`${CONTACT_SELECT} WHERE c.id = ?`).get(id);
    if (!row) throw new PressdeskError('CONTACT_NOT_FOUND', `No contact with id ${id}.`, { id });
    return toContact(row);
  }

  /** The contact with this address (matched ignoring case), or null. */
  findByEmail(email: string): Contact | null {
    const row = this.sql.prepare<[string], ContactRow>(`${CONTACT_SELECT} WHERE c.email_key = ?`).get(emailKey(email));
    return row ? toContact(row) : null;
  }

  /** When the address was suppressed, or null. */
  suppressedAt(email: string): string | null {
    return (
      this.sql
        .prepare<[string], { created_at: string }>('SELECT created_at FROM suppressions WHERE email_key = ?')
        .get(emailKey(email))?.created_at ?? null
    );
  }

  create(input: ContactFieldsInput, listIds: readonly string[] = []): Contact {
    const fields = ContactRepository.parseFields(input);
    return this.db.transaction(() => this.insert(fields, listIds)).immediate();
  }

  /** Inserts parsed fields (inside the caller's transaction); an address suppressed before is stored opted out. */
  insert(fields: ContactFields, listIds: readonly string[] = [], optOut = false): Contact {
    const key = emailKey(fields.email);
    const existing = this.sql.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE email_key = ?').get(key);
    if (existing) {
      throw new PressdeskError('CONTACT_EXISTS', `Another contact has the address ${fields.email}.`, {
        id: existing.id,
      });
    }
    for (const listId of listIds) this.requireList(listId);
    const id = randomUUID();
    const stamp = this.now().toISOString();
    if (optOut) this.suppress(fields.email, 'opt-out', stamp);
    const suppressed = this.suppressedAt(fields.email);
    this.sql
      .prepare(
        `INSERT INTO contacts (id, name, outlet, role, email, email_key, phone, beats, language, notes,
           consent_source, consent_at, opt_out, opt_out_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        fields.name,
        fields.outlet,
        fields.role,
        fields.email,
        key,
        fields.phone,
        JSON.stringify(fields.beats),
        fields.language,
        fields.remarks,
        fields.consentSource,
        fields.consentAt,
        suppressed === null ? 0 : 1,
        suppressed,
        stamp,
        stamp,
      );
    for (const listId of listIds) this.addMember(listId, id, stamp);
    return this.get(id);
  }

  /** Replaces a contact's fields; with `listIds`, also the lists it is on. */
  update(id: string, input: ContactFieldsInput, listIds?: readonly string[]): Contact {
    const fields = ContactRepository.parseFields(input);
    return this.db
      .transaction(() => {
        this.get(id);
        this.write(id, fields);
        if (listIds !== undefined) {
          for (const listId of listIds) this.requireList(listId);
          const stamp = this.now().toISOString();
          const keep = new Set(listIds);
          const current = this.sql
            .prepare<[string], { list_id: string }>('SELECT list_id FROM contact_list_members WHERE contact_id = ?')
            .all(id);
          for (const { list_id } of current) {
            if (!keep.has(list_id)) this.removeMember(list_id, id, stamp);
          }
          for (const listId of listIds) this.addMember(listId, id, stamp);
        }
        return this.get(id);
      })
      .immediate();
  }

  /** Writes parsed fields over a contact (inside the caller's transaction). A new address may already be suppressed. */
  write(id: string, fields: ContactFields): void {
    const key = emailKey(fields.email);
    const other = this.sql
      .prepare<[string, string], { id: string }>('SELECT id FROM contacts WHERE email_key = ? AND id <> ?')
      .get(key, id);
    if (other) {
      throw new PressdeskError('CONTACT_EXISTS', `Another contact has the address ${fields.email}.`, { id: other.id });
    }
    const suppressed = this.suppressedAt(fields.email);
    this.sql
      .prepare(
        `UPDATE contacts SET name = ?, outlet = ?, role = ?, email = ?, email_key = ?, phone = ?, beats = ?,
           language = ?, notes = ?, consent_source = ?, consent_at = ?,
           opt_out = CASE WHEN ? IS NOT NULL THEN 1 ELSE opt_out END,
           opt_out_at = CASE WHEN opt_out_at IS NULL THEN ? ELSE opt_out_at END,
           updated_at = ?
         WHERE id = ?`,
      )
      .run(
        fields.name,
        fields.outlet,
        fields.role,
        fields.email,
        key,
        fields.phone,
        JSON.stringify(fields.beats),
        fields.language,
        fields.remarks,
        fields.consentSource,
        fields.consentAt,
        suppressed,
        suppressed,
        this.now().toISOString(),
        id,
      );
  }

  /** Deletes a contact; a suppression of its address stays. */
  delete(id: string): boolean {
    return this.sql.prepare('DELETE FROM contacts WHERE id = ?').run(id).changes === 1;
  }

  /**
   * Opts an address out for good: a suppression entry (kept when the contact
   * goes) and the contact, if there is one, marked. Idempotent.
   */
  optOut(email: string): { email: string; contact: Contact | null } {
    const clean = cleanText(email);
    if (!isValidEmail(clean)) {
      throw new PressdeskError('CONTACT_EMAIL_INVALID', `"${clean.slice(0, 80)}" is not a valid e-mail address.`);
    }
    return this.db
      .transaction(() => {
        const stamp = this.now().toISOString();
        this.suppress(clean, 'opt-out', stamp);
        this.markOptedOut(emailKey(clean), stamp);
        return { email: clean, contact: this.findByEmail(clean) };
      })
      .immediate();
  }

  /** Marks the contact with this address key opted out (inside the caller's transaction). */
  markOptedOut(key: string, stamp: string): void {
    this.sql
      .prepare(
        'UPDATE contacts SET opt_out = 1, opt_out_at = coalesce(opt_out_at, ?), updated_at = ? WHERE email_key = ? AND opt_out = 0',
      )
      .run(stamp, stamp, key);
  }

  /** Adds a suppression entry for an address (the first one's time and reason are kept). */
  suppress(email: string, reason: string, stamp: string): void {
    this.sql
      .prepare('INSERT INTO suppressions (email_key, reason, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(emailKey(email), reason, stamp);
  }

  // ---- lists ----

  lists(): ContactList[] {
    return this.sql.prepare<[], ListRow>(`${LIST_SELECT} ORDER BY l.name COLLATE NOCASE, l.id`).all().map(toList);
  }

  getList(id: string): ContactList {
    const row = this.sql.prepare<[string], ListRow>(`${LIST_SELECT} WHERE l.id = ?`).get(id);
    if (!row) throw new PressdeskError('LIST_NOT_FOUND', `No list with id ${id}.`, { id });
    return toList(row);
  }

  /** Fails with LIST_NOT_FOUND unless the list exists (without counting its members, which a large list makes slow). */
  requireList(id: string): void {
    if (!this.sql.prepare<[string], { one: number }>('SELECT 1 AS one FROM contact_lists WHERE id = ?').get(id)) {
      throw new PressdeskError('LIST_NOT_FOUND', `No list with id ${id}.`, { id });
    }
  }

  /** The list with this name (ignoring case), or null. */
  findList(name: string): ContactList | null {
    const row = this.sql
      .prepare<[string], ListRow>(`${LIST_SELECT} WHERE l.name = ? COLLATE NOCASE`)
      .get(cleanText(name));
    return row ? toList(row) : null;
  }

  createList(name: string): ContactList {
    const clean = parseListName(name);
    return this.db
      .transaction(() => {
        if (this.findList(clean)) throw new PressdeskError('LIST_EXISTS', `There is a list "${clean}" already.`);
        const id = randomUUID();
        const stamp = this.now().toISOString();
        this.sql
          .prepare('INSERT INTO contact_lists (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
          .run(id, clean, stamp, stamp);
        return this.getList(id);
      })
      .immediate();
  }

  /** The list with this name, made if there is none (inside the caller's transaction). */
  ensureList(name: string): ContactList {
    const clean = parseListName(name);
    const found = this.findList(clean);
    if (found) return found;
    const id = randomUUID();
    const stamp = this.now().toISOString();
    this.sql
      .prepare('INSERT INTO contact_lists (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(id, clean, stamp, stamp);
    return this.getList(id);
  }

  renameList(id: string, name: string): ContactList {
    const clean = parseListName(name);
    return this.db
      .transaction(() => {
        this.getList(id);
        const other = this.findList(clean);
        if (other && other.id !== id) throw new PressdeskError('LIST_EXISTS', `There is a list "${clean}" already.`);
        this.sql
          .prepare('UPDATE contact_lists SET name = ?, updated_at = ? WHERE id = ?')
          .run(clean, this.now().toISOString(), id);
        return this.getList(id);
      })
      .immediate();
  }

  deleteList(id: string): boolean {
    return this.sql.prepare('DELETE FROM contact_lists WHERE id = ?').run(id).changes === 1;
  }

  addMembers(listId: string, contactIds: readonly string[]): ContactList {
    return this.db
      .transaction(() => {
        this.requireList(listId);
        const stamp = this.now().toISOString();
        for (const id of contactIds) {
          if (!this.sql.prepare<[string], { one: number }>('SELECT 1 AS one FROM contacts WHERE id = ?').get(id)) {
            throw new PressdeskError('CONTACT_NOT_FOUND', `No contact with id ${id}.`, { id });
          }
          this.addMember(listId, id, stamp);
        }
        return this.getList(listId);
      })
      .immediate();
  }

  removeMembers(listId: string, contactIds: readonly string[]): ContactList {
    return this.db
      .transaction(() => {
        this.getList(listId);
        const stamp = this.now().toISOString();
        for (const id of contactIds) this.removeMember(listId, id, stamp);
        return this.getList(listId);
      })
      .immediate();
  }

  /** Puts a contact onto a list; returns whether it was not on it yet. */
  addMember(listId: string, contactId: string, stamp: string): boolean {
    const added =
      this.sql
        .prepare(
          'INSERT INTO contact_list_members (list_id, contact_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(listId, contactId, stamp).changes === 1;
    if (added) this.sql.prepare('UPDATE contact_lists SET updated_at = ? WHERE id = ?').run(stamp, listId);
    return added;
  }

  private removeMember(listId: string, contactId: string, stamp: string): void {
    const removed =
      this.sql.prepare('DELETE FROM contact_list_members WHERE list_id = ? AND contact_id = ?').run(listId, contactId)
        .changes === 1;
    if (removed) this.sql.prepare('UPDATE contact_lists SET updated_at = ? WHERE id = ?').run(stamp, listId);
  }

  /** Every contact (of one list) in export order, without paging. */
  all(listId?: string): Contact[] {
    return this.list({ listId }).items;
  }

  /** Runs `work` in one immediate transaction. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

function parseListName(name: string): string {
  const parsed = ListNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new PressdeskError('INVALID_INPUT', 'The list name does not fit.', {
      issues: issueList(parsed.error.issues),
    });
  }
  return parsed.data;
}
