import type { Migration } from './types';

/**
 * Team mode: what this workstation knows of the team server. A release
 * written here (its text, status, trash, approval or quote states) is queued
 * in team_outbox by triggers, whether connected or not, so nothing written
 * offline is forgotten (`ON CONFLICT DO NOTHING` in the triggers: an
 * `OR IGNORE` there would give way to the conflict rule of the statement that
 * fired them, such as an upsert); what came from the server records the server version
 * it is based on.
 */
export const migration0018: Migration = {
  version: 18,
  name: 'team',
  statements: [
    `CREATE TABLE team_state (
       key   TEXT PRIMARY KEY,
       value TEXT NOT NULL
     ) STRICT`,
    `CREATE TABLE team_releases (
       release_id     TEXT PRIMARY KEY,
       server_version INTEGER NOT NULL,
       pushed_hash    TEXT NOT NULL
     ) STRICT, WITHOUT ROWID`,
    `CREATE TABLE team_outbox (
       release_id TEXT PRIMARY KEY,
       queued_at  TEXT NOT NULL
     ) STRICT, WITHOUT ROWID`,
    `CREATE TABLE team_conflicts (
       release_id     TEXT PRIMARY KEY,
       server_version INTEGER NOT NULL,
       record_json    TEXT NOT NULL,
       updated_by     TEXT NOT NULL,
       found_at       TEXT NOT NULL
     ) STRICT`,
    `CREATE TABLE team_assets (
       sha256 TEXT PRIMARY KEY
     ) STRICT, WITHOUT ROWID`,
    // An image stored here before joining that the server knows under another id: releases translate.
    `CREATE TABLE team_asset_ids (
       local_id  TEXT PRIMARY KEY,
       server_id TEXT NOT NULL UNIQUE
     ) STRICT`,
    `CREATE TRIGGER team_queue_release_insert AFTER INSERT ON releases BEGIN
       INSERT INTO team_outbox (release_id, queued_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ')) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_release_update AFTER UPDATE ON releases BEGIN
       INSERT INTO team_outbox (release_id, queued_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ')) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_approval AFTER INSERT ON release_approvals BEGIN
       INSERT INTO team_outbox (release_id, queued_at) VALUES (NEW.release_id, strftime('%Y-%m-%dT%H:%M:%fZ')) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_approval_change AFTER UPDATE ON release_approvals BEGIN
       INSERT INTO team_outbox (release_id, queued_at) VALUES (NEW.release_id, strftime('%Y-%m-%dT%H:%M:%fZ')) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_quote AFTER INSERT ON quote_states BEGIN
       INSERT INTO team_outbox (release_id, queued_at) VALUES (NEW.release_id, strftime('%Y-%m-%dT%H:%M:%fZ')) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_quote_change AFTER UPDATE ON quote_states BEGIN
       INSERT INTO team_outbox (release_id, queued_at) VALUES (NEW.release_id, strftime('%Y-%m-%dT%H:%M:%fZ')) ON CONFLICT DO NOTHING;
     END`,
    // Templates, snippets and the office settings (but its logo, an image of this workstation) are shared too.
    `CREATE TABLE team_item_outbox (
       kind TEXT NOT NULL,
       id   TEXT NOT NULL,
       PRIMARY KEY (kind, id)
     ) STRICT, WITHOUT ROWID`,
    `CREATE TABLE team_items (
       kind           TEXT NOT NULL,
       id             TEXT NOT NULL,
       server_version INTEGER NOT NULL,
       PRIMARY KEY (kind, id)
     ) STRICT, WITHOUT ROWID`,
    `CREATE TRIGGER team_queue_template_insert AFTER INSERT ON templates BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('template', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_template_update AFTER UPDATE ON templates BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('template', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_template_delete AFTER DELETE ON templates BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('template', OLD.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_snippet_insert AFTER INSERT ON snippets BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('snippet', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_snippet_update AFTER UPDATE ON snippets BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('snippet', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_snippet_delete AFTER DELETE ON snippets BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('snippet', OLD.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_setting_insert AFTER INSERT ON app_settings WHEN NEW.key LIKE 'office.%' AND NEW.key <> 'office.logo' BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('setting', NEW.key) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_setting_update AFTER UPDATE ON app_settings WHEN NEW.key LIKE 'office.%' AND NEW.key <> 'office.logo' BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('setting', NEW.key) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_setting_delete AFTER DELETE ON app_settings WHEN OLD.key LIKE 'office.%' AND OLD.key <> 'office.logo' BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('setting', OLD.key) ON CONFLICT DO NOTHING;
     END`,
    // The press list: a contact with the lists it is on, a list by its name, and opt-outs (kept for good).
    `CREATE TRIGGER team_queue_contact_insert AFTER INSERT ON contacts BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('contact', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_contact_update AFTER UPDATE ON contacts BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('contact', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_contact_delete AFTER DELETE ON contacts BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('contact', OLD.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_member_insert AFTER INSERT ON contact_list_members BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('contact', NEW.contact_id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_member_delete AFTER DELETE ON contact_list_members BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('contact', OLD.contact_id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_list_insert AFTER INSERT ON contact_lists BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('list', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_list_update AFTER UPDATE OF name ON contact_lists BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('list', NEW.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_list_delete AFTER DELETE ON contact_lists BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('list', OLD.id) ON CONFLICT DO NOTHING;
     END`,
    `CREATE TRIGGER team_queue_suppression_insert AFTER INSERT ON suppressions BEGIN
       INSERT INTO team_item_outbox (kind, id) VALUES ('suppression', NEW.email_key) ON CONFLICT DO NOTHING;
     END`,
    `INSERT INTO team_item_outbox (kind, id) SELECT 'list', id FROM contact_lists`,
    `INSERT INTO team_item_outbox (kind, id) SELECT 'contact', id FROM contacts`,
    `INSERT INTO team_item_outbox (kind, id) SELECT 'suppression', email_key FROM suppressions`,
    `INSERT INTO team_item_outbox (kind, id) SELECT 'template', id FROM templates`,
    `INSERT INTO team_item_outbox (kind, id) SELECT 'snippet', id FROM snippets`,
    `INSERT INTO team_item_outbox (kind, id)
       SELECT 'setting', key FROM app_settings WHERE key LIKE 'office.%' AND key <> 'office.logo'`,
    // Everything there is goes to the team on the first sync.
    `INSERT INTO team_outbox (release_id, queued_at) SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ') FROM releases`,
  ],
};
