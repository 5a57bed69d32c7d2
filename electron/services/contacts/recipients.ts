import type Database from 'better-sqlite3';

/** One address a mailing goes to. */
export interface Recipient {
  contactId: string;
  email: string;
  name: string;
  language: string;
}

export interface ListRecipients {
  /** Everyone on the lists who may be mailed, each address once, in a stable order. */
  recipients: Recipient[];
  /** Addresses on the lists that must not be mailed (opted out or suppressed). */
  suppressed: string[];
  /** Names asked for that are no list. */
  missingLists: string[];
}

/** The key an address is matched by: trimmed and lower-cased. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether an address is suppressed (an opt-out kept beyond its contact). */
export function isSuppressed(db: Database.Database, email: string): boolean {
  return (
    db
      .prepare<[string], { one: number }>('SELECT 1 AS one FROM suppressions WHERE email_key = ?')
      .get(emailKey(email)) !== undefined
  );
}

/** The contacts on the named lists (names match ignoring case), without opted-out or suppressed addresses. */
export function recipientsOfLists(db: Database.Database, names: readonly string[]): ListRecipients {
  const findList = db.prepare<[string], { id: string }>('SELECT id FROM contact_lists WHERE name = ? COLLATE NOCASE');
  const members = db.prepare<
    [string],
    {
      id: string;
      email: string;
      email_key: string;
      name: string;
      language: string;
      opt_out: number;
      suppressed: number;
    }
  >(
    `SELECT c.id, c.email, c.email_key, c.name, c.language, c.opt_out,
            EXISTS (SELECT 1 FROM suppressions s WHERE s.email_key = c.email_key) AS suppressed
       FROM contact_list_members m JOIN contacts c ON c.id = m.contact_id
      WHERE m.list_id = ?
      ORDER BY c.email_key`,
  );
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  const suppressed: string[] = [];
  const missingLists: string[] = [];
  for (const name of names) {
    const list = findList.get(name.trim());
    if (!list) {
      missingLists.push(name);
      continue;
    }
    for (const row of members.all(list.id)) {
      if (seen.has(row.email_key)) continue;
      seen.add(row.email_key);
      if (row.opt_out === 1 || row.suppressed === 1) suppressed.push(row.email);
      else recipients.push({ contactId: row.id, email: row.email, name: row.name, language: row.language });
    }
  }
  return { recipients, suppressed, missingLists };
}
