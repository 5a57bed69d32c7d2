import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  isOfficeSettingKey,
  OFFICE_SETTINGS,
  SnippetFieldsSchema,
  TemplateFieldsSchema,
  TemplateNameSchema,
} from '../../../shared/domain';
import { ContactFieldsSchema, ListIdSchema, ListNameSchema } from '../../../shared/contract/contacts';
import { PressdeskError } from '../../../shared/errors';
import { emailKey } from '../contacts/recipients';
import type { ContactRepository } from '../contacts/contactRepository';
import type { SettingsStore } from '../settings/settingsStore';
import type { PgClient } from './server/server';

/** What the office shares besides releases. */
export type ItemKind = 'template' | 'snippet' | 'setting' | 'list' | 'contact' | 'suppression';

/** Lists go before the contacts on them, so a contact's lists are there when it arrives elsewhere. */
const PUSH_ORDER: readonly ItemKind[] = ['list', 'contact', 'suppression', 'template', 'snippet', 'setting'];

interface ItemRow {
  kind: ItemKind;
  id: string;
  version: string;
  seq: string;
  data: unknown;
  deleted: boolean;
}

const TemplateItemSchema = z.object({ name: TemplateNameSchema, fields: TemplateFieldsSchema }).strip();
const SettingItemSchema = z.object({ value: z.string().max(20_000) }).strip();
const ListItemSchema = z.object({ name: ListNameSchema }).strip();
const ContactItemSchema = z
  .object({
    fields: ContactFieldsSchema,
    optOut: z.boolean().default(false),
    lists: z.array(ListIdSchema).max(500).default([]),
  })
  .strip();
const SuppressionItemSchema = z.object({ reason: z.string().max(200).default('opt-out') }).strip();

export interface ItemCounts {
  itemsPushed: number;
  itemsPulled: number;
  /** Items written here over a colleague's newer version (theirs stays in the server's item history). */
  itemsOverwritten: number;
}

/**
 * Templates, snippets and office settings in team mode: queued by triggers
 * when written here, sent on the version they were based on (the last writer
 * wins, the server keeps every version), and taken from the server after the
 * same checks as a local write.
 */
export class TeamItems {
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    private readonly settings: SettingsStore,
    private readonly contacts: ContactRepository,
    private readonly now: () => Date,
  ) {
    this.stmts = {
      outbox: db.prepare<[], { kind: ItemKind; id: string }>('SELECT kind, id FROM team_item_outbox'),
      dequeue: db.prepare<[string, string]>('DELETE FROM team_item_outbox WHERE kind = ? AND id = ?'),
      queued: db.prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM team_item_outbox WHERE kind = ? AND id = ?',
      ),
      known: db.prepare<[string, string], { server_version: number }>(
        'SELECT server_version FROM team_items WHERE kind = ? AND id = ?',
      ),
      setKnown: db.prepare<[string, string, number]>(
        `INSERT INTO team_items (kind, id, server_version) VALUES (?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET server_version = excluded.server_version`,
      ),
      state: db.prepare<[string], { value: string }>('SELECT value FROM team_state WHERE key = ?'),
      setState: db.prepare<[string, string]>(
        'INSERT INTO team_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  /** The item as it is here, or null when it is gone. */
  private read(kind: ItemKind, id: string): Record<string, unknown> | null {
    if (kind === 'template') {
      const row = this.db
        .prepare<[string], { name: string; fields: string }>('SELECT name, fields FROM templates WHERE id = ?')
        .get(id);
      return row ? { name: row.name, fields: JSON.parse(row.fields) as unknown } : null;
    }
    if (kind === 'snippet') {
      const row = this.db
        .prepare<[string], { kind: string; title: string; text: string }>(
          'SELECT kind, title, text FROM snippets WHERE id = ?',
        )
        .get(id);
      return row ? { kind: row.kind, title: row.title, text: row.text } : null;
    }
    if (kind === 'list') {
      const row = this.db.prepare<[string], { name: string }>('SELECT name FROM contact_lists WHERE id = ?').get(id);
      return row ? { name: row.name } : null;
    }
    if (kind === 'contact') {
      const row = this.db
        .prepare<
          [string],
          {
            name: string;
            outlet: string;
            role: string;
            email: string;
            phone: string;
            beats: string;
            language: string;
            remarks: string;
            consent_source: string;
            consent_at: string | null;
            opt_out: number;
          }
        >(
          `SELECT name, outlet, role, email, phone, beats, language, notes AS remarks, consent_source, consent_at, opt_out
           FROM contacts WHERE id = ?`,
        )
        .get(id);
      if (!row) return null;
      const lists = this.db
        .prepare<[string], { list_id: string }>(
          'SELECT list_id FROM contact_list_members WHERE contact_id = ? ORDER BY list_id',
        )
        .all(id)
        .map((r) => r.list_id);
      return {
        fields: {
          name: row.name,
          outlet: row.outlet,
          role: row.role,
          email: row.email,
          phone: row.phone,
          beats: JSON.parse(row.beats) as unknown,
          language: row.language,
          remarks: row.remarks,
          consentSource: row.consent_source,
          consentAt: row.consent_at,
        },
        optOut: row.opt_out === 1,
        lists,
      };
    }
    if (kind === 'suppression') {
      const row = this.db
        .prepare<[string], { reason: string }>('SELECT reason FROM suppressions WHERE email_key = ?')
        .get(id);
      return row ? { reason: row.reason } : null;
    }
    const value = isOfficeSettingKey(id) ? this.settings.officeValue(id) : undefined;
    return value === undefined ? null : { value };
  }

  /** Takes an item from the server after the checks a local write passes; call inside a transaction. */
  private write(kind: ItemKind, id: string, data: unknown, deleted: boolean): void {
    const stamp = this.now().toISOString();
    if (kind === 'template') {
      if (deleted) {
        this.db.prepare('DELETE FROM templates WHERE id = ?').run(id);
        return;
      }
      const t = TemplateItemSchema.parse(data);
      // A template of the same name made here under another id gives way to the team's.
      this.db.prepare('DELETE FROM templates WHERE name = ? COLLATE NOCASE AND id <> ?').run(t.name, id);
      this.db
        .prepare(
          `INSERT INTO templates (id, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, fields = excluded.fields, updated_at = excluded.updated_at`,
        )
        .run(id, t.name, JSON.stringify(t.fields), stamp, stamp);
      return;
    }
    if (kind === 'snippet') {
      if (deleted) {
        this.db.prepare('DELETE FROM snippets WHERE id = ?').run(id);
        return;
      }
      const s = SnippetFieldsSchema.parse(data);
      this.db
        .prepare(
          `INSERT INTO snippets (id, kind, title, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, text = excluded.text,
             updated_at = excluded.updated_at`,
        )
        .run(id, s.kind, s.title.trim(), s.text, stamp, stamp);
      return;
    }
    if (kind === 'list') {
      if (deleted) {
        this.db.prepare('DELETE FROM contact_lists WHERE id = ?').run(id);
        return;
      }
      const { name } = ListItemSchema.parse(data);
      // A list of the same name made here under another id is the same list: its members move over.
      const twin = this.db
        .prepare<[string, string], { id: string }>(
          'SELECT id FROM contact_lists WHERE name = ? COLLATE NOCASE AND id <> ?',
        )
        .get(name, id);
      this.db
        .prepare(
          `INSERT INTO contact_lists (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
        )
        .run(id, twin ? `${name} ${id}` : name, stamp, stamp);
      if (twin) {
        this.db
          .prepare(
            `INSERT OR IGNORE INTO contact_list_members (list_id, contact_id, added_at)
             SELECT ?, contact_id, added_at FROM contact_list_members WHERE list_id = ?`,
          )
          .run(id, twin.id);
        this.db.prepare('DELETE FROM contact_lists WHERE id = ?').run(twin.id);
        this.db.prepare('UPDATE contact_lists SET name = ? WHERE id = ?').run(name, id);
      }
      return;
    }
    if (kind === 'suppression') {
      // Opt-outs are kept for good: the team's add to these, none is ever taken back.
      if (deleted) return;
      const { reason } = SuppressionItemSchema.parse(data);
      this.db
        .prepare('INSERT INTO suppressions (email_key, reason, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(id, reason, stamp);
      this.db
        .prepare('UPDATE contacts SET opt_out = 1, opt_out_at = coalesce(opt_out_at, ?) WHERE email_key = ?')
        .run(stamp, id);
      return;
    }
    if (kind === 'contact') {
      if (deleted) {
        this.db.prepare('DELETE FROM contacts WHERE id = ?').run(id);
        return;
      }
      const item = ContactItemSchema.parse(data);
      const fields = item.fields;
      const key = emailKey(fields.email);
      // The same address stored here under another id is the same person: the team's id stays, the lists merge.
      const twin = this.db
        .prepare<[string, string], { id: string }>('SELECT id FROM contacts WHERE email_key = ? AND id <> ?')
        .get(key, id);
      const twinLists = twin
        ? this.db
            .prepare<[string], { list_id: string }>('SELECT list_id FROM contact_list_members WHERE contact_id = ?')
            .all(twin.id)
            .map((r) => r.list_id)
        : [];
      const twinOptedOut = twin
        ? this.db.prepare<[string], { opt_out: number }>('SELECT opt_out FROM contacts WHERE id = ?').get(twin.id)
            ?.opt_out === 1
        : false;
      if (twin) this.db.prepare('DELETE FROM contacts WHERE id = ?').run(twin.id);
      const exists = this.db.prepare('SELECT 1 FROM contacts WHERE id = ?').get(id);
      if (!exists) {
        this.db
          .prepare(
            `INSERT INTO contacts (id, name, outlet, role, email, email_key, phone, beats, language, notes,
               consent_source, consent_at, opt_out, opt_out_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)`,
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
            stamp,
            stamp,
          );
      }
      // Suppressed addresses and earlier opt-outs stay opted out.
      this.contacts.write(id, fields);
      if (item.optOut || twinOptedOut) this.contacts.optOut(fields.email);
      const wanted = new Set([...item.lists, ...twinLists]);
      const have = this.db
        .prepare<[string], { list_id: string }>('SELECT list_id FROM contact_list_members WHERE contact_id = ?')
        .all(id)
        .map((r) => r.list_id);
      for (const listId of have) {
        if (!wanted.has(listId))
          this.db.prepare('DELETE FROM contact_list_members WHERE list_id = ? AND contact_id = ?').run(listId, id);
      }
      for (const listId of wanted) {
        if (this.db.prepare('SELECT 1 FROM contact_lists WHERE id = ?').get(listId))
          this.contacts.addMember(listId, id, stamp);
      }
      return;
    }
    if (!isOfficeSettingKey(id) || id === 'office.logo') {
      throw new PressdeskError('SETTING_UNKNOWN', `The team's setting ${id} is not one this Pressdesk shares.`, {
        key: id,
      });
    }
    if (deleted) {
      this.settings.delete(id);
      return;
    }
    const value = OFFICE_SETTINGS[id].parse(SettingItemSchema.parse(data).value);
    this.settings.set(id, value);
  }

  async push(
    client: PgClient,
    counts: ItemCounts,
    refused: { id: string; code: string; message: string }[],
  ): Promise<void> {
    const queue = this.stmts.outbox.all().sort((a, b) => PUSH_ORDER.indexOf(a.kind) - PUSH_ORDER.indexOf(b.kind));
    for (const { kind, id } of queue) {
      const data = this.read(kind, id);
      // An opt-out is never taken back, in the team either.
      if (kind === 'suppression' && data === null) {
        this.stmts.dequeue.run(kind, id);
        continue;
      }
      const base = this.stmts.known.get(kind, id)?.server_version ?? 0;
      if (!data && base === 0) {
        this.stmts.dequeue.run(kind, id);
        continue;
      }
      const json = JSON.stringify(data ?? {});
      try {
        let version = await this.write_(client, kind, id, json, data === null, base);
        if (version === null) {
          // A colleague's newer version: this one goes over it on purpose, theirs stays in the history.
          const current = await client.query<{ version: string }>(
            'SELECT version FROM pressdesk.items WHERE kind = $1 AND id = $2',
            [kind, id],
          );
          const theirs = Number(current.rows[0]?.version ?? 0);
          version = await this.write_(client, kind, id, json, data === null, theirs);
          if (version === null) continue;
          counts.itemsOverwritten += 1;
        }
        const written = version;
        this.db.transaction(() => {
          this.stmts.setKnown.run(kind, id, written);
          this.stmts.dequeue.run(kind, id);
        })();
        counts.itemsPushed += 1;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== 'PDAPP' && code !== '42501') throw error;
        refused.push({
          id: `${kind}:${id}`,
          code: 'TEAM_FORBIDDEN',
          message: 'Only approvers change the office settings.',
        });
      }
    }
  }

  private async write_(
    client: PgClient,
    kind: ItemKind,
    id: string,
    json: string,
    deleted: boolean,
    base: number,
  ): Promise<number | null> {
    const result =
      base === 0
        ? await client.query<{ version: string }>(
            `INSERT INTO pressdesk.items (kind, id, version, seq, data, deleted, updated_by, updated_at)
             VALUES ($1, $2, 1, 0, $3, $4, session_user, now()) ON CONFLICT (kind, id) DO NOTHING RETURNING version`,
            [kind, id, json, deleted],
          )
        : await client.query<{ version: string }>(
            `UPDATE pressdesk.items SET version = version + 1, data = $3, deleted = $4
             WHERE kind = $1 AND id = $2 AND version = $5 RETURNING version`,
            [kind, id, json, deleted, base],
          );
    return result.rows[0] ? Number(result.rows[0].version) : null;
  }

  async pull(
    client: PgClient,
    counts: ItemCounts,
    refused: { id: string; code: string; message: string }[],
  ): Promise<void> {
    for (;;) {
      const after = Number(this.stmts.state.get('lastItemSeq')?.value ?? '0');
      const batch = await client.query<ItemRow>(
        'SELECT kind, id, version, seq, data, deleted FROM pressdesk.items WHERE seq > $1 ORDER BY seq LIMIT 500',
        [after],
      );
      if (batch.rows.length === 0) return;
      this.db.transaction(() => {
        for (const row of batch.rows) {
          const version = Number(row.version);
          if ((this.stmts.known.get(row.kind, row.id)?.server_version ?? 0) >= version) continue;
          // Written here meanwhile: ours goes over it on the next push (the last writer wins).
          if (this.stmts.queued.get(row.kind, row.id)) {
            this.stmts.setKnown.run(row.kind, row.id, version);
            continue;
          }
          try {
            this.db.transaction(() => this.write(row.kind, row.id, row.data, row.deleted))();
            counts.itemsPulled += 1;
          } catch (error) {
            const code = error instanceof PressdeskError ? error.code : 'INVALID_INPUT';
            refused.push({ id: `${row.kind}:${row.id}`, code, message: 'The team’s item does not pass the checks.' });
          }
          this.stmts.setKnown.run(row.kind, row.id, version);
          this.stmts.dequeue.run(row.kind, row.id);
        }
        this.stmts.setState.run('lastItemSeq', batch.rows[batch.rows.length - 1]!.seq);
      })();
    }
  }
}
