/**
 * The schema of the team server (PostgreSQL), as numbered migrations. Like
 * the local store's, a shipped migration never changes (frozen.json holds
 * each one's checksum); a new one is added at the end.
 *
 * What the server enforces, whatever a client sends:
 * - a write to a release must name the version it was based on; a stale one
 *   is refused (SQLSTATE PDCON) in the writing transaction;
 * - every write gets the next number of the change feed, under a transaction
 *   lock, so the feed's order is the order of commits (a reader that has seen
 *   number N has seen everything before it);
 * - only members of pressdesk_approver record or change an approval (PDAPP),
 *   and with four-eyes on, not for text they changed last themselves (PD4EY);
 * - a release cannot be approved or published on the server without an
 *   approval (PDGAT);
 * - nobody deletes rows: a release goes to the trash with `deleted`.
 */

export interface ServerMigration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** The group roles of a team; a member is a login role in exactly one of the four. */
export const TEAM_ROLES = ['author', 'reviewer', 'approver', 'admin'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** The PostgreSQL group role of each team role. */
export const GROUP_ROLE: Readonly<Record<TeamRole, string>> = {
  author: 'pressdesk_author',
  reviewer: 'pressdesk_reviewer',
  approver: 'pressdesk_approver',
  admin: 'pressdesk_admin',
};

const ensureRole = (name: string, extra = ''): string =>
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} NOLOGIN ${extra}; END IF;
   END $$`;

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'team',
    statements: [
      ensureRole('pressdesk_member'),
      ensureRole('pressdesk_author'),
      ensureRole('pressdesk_reviewer'),
      ensureRole('pressdesk_approver'),
      ensureRole('pressdesk_admin', 'CREATEROLE'),
      'GRANT pressdesk_member TO pressdesk_author, pressdesk_reviewer, pressdesk_approver',
      // An admin may do all an approver may, and manage the team's roles.
      'GRANT pressdesk_approver TO pressdesk_admin WITH ADMIN OPTION',
      'GRANT pressdesk_author, pressdesk_reviewer TO pressdesk_admin WITH ADMIN OPTION',
      `CREATE TABLE pressdesk.members (
         login        name PRIMARY KEY,
         role         text NOT NULL CHECK (role IN ('author', 'reviewer', 'approver', 'admin')),
         display_name text NOT NULL DEFAULT '',
         created_at   timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE pressdesk.settings (
         key   text PRIMARY KEY,
         value jsonb NOT NULL
       )`,
      `INSERT INTO pressdesk.settings (key, value) VALUES ('fourEyes', 'true'), ('privateDrafts', 'false')`,
      'CREATE SEQUENCE pressdesk.change_seq',
      `CREATE TABLE pressdesk.releases (
         id          text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
         version     bigint NOT NULL CHECK (version > 0),
         seq         bigint NOT NULL UNIQUE,
         data        jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
         deleted     boolean NOT NULL DEFAULT false,
         created_by  name NOT NULL DEFAULT session_user,
         content_by  name NOT NULL,
         updated_by  name NOT NULL,
         updated_at  timestamptz NOT NULL
       )`,
      // Every version the server had, with who wrote it and when: the team's history of a release.
      `CREATE TABLE pressdesk.release_history (
         id         text NOT NULL,
         version    bigint NOT NULL,
         data       jsonb NOT NULL,
         deleted    boolean NOT NULL,
         updated_by name NOT NULL,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (id, version)
       )`,
      `CREATE TABLE pressdesk.assets (
         sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
         id          text NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 200),
         meta        jsonb NOT NULL CHECK (jsonb_typeof(meta) = 'object'),
         bytes       bytea NOT NULL,
         uploaded_by name NOT NULL DEFAULT session_user,
         uploaded_at timestamptz NOT NULL DEFAULT now()
       )`,
      // What an approval is, for the server: who, when, for which text (not how a client shows it).
      `CREATE FUNCTION pressdesk.approval_key(data jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
         SELECT CASE WHEN data->'approval' IS NULL OR jsonb_typeof(data->'approval') <> 'object' THEN NULL
           ELSE concat_ws('|', data->'approval'->>'contentHash', data->'approval'->>'approvedBy',
                          data->'approval'->>'approvedAt') END
       $$`,
      // The text an approval covers: everything but the status and the approval records themselves.
      `CREATE FUNCTION pressdesk.content_of(data jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
         SELECT data - 'status' - 'version' - 'updatedAt' - 'approval' - 'quotes' - 'publishedAt' - 'correctedAt'
       $$`,
      `CREATE FUNCTION pressdesk.release_write() RETURNS trigger LANGUAGE plpgsql
       SET search_path = pg_catalog, pg_temp AS $$
       DECLARE
         approval_changed boolean;
       BEGIN
         -- One writer at a time takes the next change number: the feed's order is the order of commits.
         PERFORM pg_advisory_xact_lock(7345601);
         IF TG_OP = 'INSERT' THEN
           IF NEW.version <> 1 THEN
             RAISE EXCEPTION 'release % is new on the server, its version must be 1', NEW.id USING ERRCODE = 'PDCON';
           END IF;
           NEW.content_by := session_user;
           NEW.created_by := session_user;
           approval_changed := pressdesk.approval_key(NEW.data) IS NOT NULL;
         ELSE
           NEW.created_by := OLD.created_by;
           IF NEW.id <> OLD.id THEN
             RAISE EXCEPTION 'a release keeps its id' USING ERRCODE = 'PDCON';
           END IF;
           IF NEW.version <> OLD.version + 1 THEN
             RAISE EXCEPTION 'release % was changed meanwhile (server version %)', OLD.id, OLD.version
               USING ERRCODE = 'PDCON';
           END IF;
           IF pressdesk.content_of(NEW.data) IS DISTINCT FROM pressdesk.content_of(OLD.data) THEN
             NEW.content_by := session_user;
           ELSE
             NEW.content_by := OLD.content_by;
           END IF;
           approval_changed := pressdesk.approval_key(NEW.data) IS NOT NULL
             AND pressdesk.approval_key(NEW.data) IS DISTINCT FROM pressdesk.approval_key(OLD.data);
         END IF;
         IF approval_changed THEN
           IF NOT pg_has_role(session_user, 'pressdesk_approver', 'MEMBER') THEN
             RAISE EXCEPTION '% may not record approvals', session_user USING ERRCODE = 'PDAPP';
           END IF;
           IF NEW.content_by = session_user
              AND coalesce((SELECT value = 'true'::jsonb FROM pressdesk.settings WHERE key = 'fourEyes'), true) THEN
             RAISE EXCEPTION 'four eyes: % changed the text last and cannot approve it', session_user
               USING ERRCODE = 'PD4EY';
           END IF;
         END IF;
         IF NEW.data->>'status' IN ('approved', 'published') AND pressdesk.approval_key(NEW.data) IS NULL THEN
           RAISE EXCEPTION 'release % cannot be % without an approval', NEW.id, NEW.data->>'status'
             USING ERRCODE = 'PDGAT';
         END IF;
         NEW.seq := nextval('pressdesk.change_seq');
         NEW.updated_by := session_user;
         NEW.updated_at := now();
         RETURN NEW;
       END
       $$`,
      `CREATE TRIGGER release_write BEFORE INSERT OR UPDATE ON pressdesk.releases
         FOR EACH ROW EXECUTE FUNCTION pressdesk.release_write()`,
      // After the write (a skipped INSERT … ON CONFLICT DO NOTHING has none): the history and the news.
      `CREATE FUNCTION pressdesk.release_notify() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
       SET search_path = pg_catalog, pg_temp AS $$
       BEGIN
         INSERT INTO pressdesk.release_history (id, version, data, deleted, updated_by, updated_at)
           VALUES (NEW.id, NEW.version, NEW.data, NEW.deleted, NEW.updated_by, NEW.updated_at);
         PERFORM pg_notify('pressdesk_changes', NEW.seq::text);
         RETURN NULL;
       END
       $$`,
      `CREATE TRIGGER release_notify AFTER INSERT OR UPDATE ON pressdesk.releases
         FOR EACH ROW EXECUTE FUNCTION pressdesk.release_notify()`,
      // What else the office shares: the press list (contacts, lists, opt-outs), templates, snippets and
      // office settings, one row each, written
      // on the version it was based on like a release (the last writer wins; every version stays in
      // item_history, so nothing is lost). Office settings: approvers and admins only.
      `CREATE TABLE pressdesk.items (
         kind       text NOT NULL CHECK (kind IN ('template', 'snippet', 'setting', 'list', 'contact', 'suppression')),
         id         text NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
         version    bigint NOT NULL CHECK (version > 0),
         seq        bigint NOT NULL UNIQUE,
         data       jsonb NOT NULL,
         deleted    boolean NOT NULL DEFAULT false,
         updated_by name NOT NULL,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (kind, id)
       )`,
      `CREATE TABLE pressdesk.item_history (
         kind       text NOT NULL,
         id         text NOT NULL,
         version    bigint NOT NULL,
         data       jsonb NOT NULL,
         deleted    boolean NOT NULL,
         updated_by name NOT NULL,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (kind, id, version)
       )`,
      `CREATE FUNCTION pressdesk.item_write() RETURNS trigger LANGUAGE plpgsql
       SET search_path = pg_catalog, pg_temp AS $$
       BEGIN
         PERFORM pg_advisory_xact_lock(7345601);
         IF TG_OP = 'INSERT' AND NEW.version <> 1 THEN
           RAISE EXCEPTION 'item %/% is new on the server, its version must be 1', NEW.kind, NEW.id USING ERRCODE = 'PDCON';
         END IF;
         IF TG_OP = 'UPDATE' AND (NEW.kind <> OLD.kind OR NEW.id <> OLD.id OR NEW.version <> OLD.version + 1) THEN
           RAISE EXCEPTION 'item %/% was changed meanwhile', OLD.kind, OLD.id USING ERRCODE = 'PDCON';
         END IF;
         IF NEW.kind = 'setting' AND NOT pg_has_role(session_user, 'pressdesk_approver', 'MEMBER') THEN
           RAISE EXCEPTION '% may not change the office settings', session_user USING ERRCODE = 'PDAPP';
         END IF;
         NEW.seq := nextval('pressdesk.change_seq');
         NEW.updated_by := session_user;
         NEW.updated_at := now();
         RETURN NEW;
       END
       $$`,
      `CREATE TRIGGER item_write BEFORE INSERT OR UPDATE ON pressdesk.items
         FOR EACH ROW EXECUTE FUNCTION pressdesk.item_write()`,
      `CREATE FUNCTION pressdesk.item_after() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
       SET search_path = pg_catalog, pg_temp AS $$
       BEGIN
         INSERT INTO pressdesk.item_history (kind, id, version, data, deleted, updated_by, updated_at)
           VALUES (NEW.kind, NEW.id, NEW.version, NEW.data, NEW.deleted, NEW.updated_by, NEW.updated_at);
         PERFORM pg_notify('pressdesk_changes', NEW.seq::text);
         RETURN NULL;
       END
       $$`,
      `CREATE TRIGGER item_after AFTER INSERT OR UPDATE ON pressdesk.items
         FOR EACH ROW EXECUTE FUNCTION pressdesk.item_after()`,
      // With privateDrafts on, a draft is seen only by who created it and by reviewers, approvers
      // and admins; everything else is the team's. Row-level security, so no client can read round it.
      `CREATE FUNCTION pressdesk.visible(status text, created_by name) RETURNS boolean LANGUAGE sql STABLE AS $$
         SELECT status IS DISTINCT FROM 'draft'
           OR created_by = session_user
           OR NOT coalesce((SELECT value = 'true'::jsonb FROM pressdesk.settings WHERE key = 'privateDrafts'), false)
           OR pg_has_role(session_user, 'pressdesk_reviewer', 'MEMBER')
           OR pg_has_role(session_user, 'pressdesk_approver', 'MEMBER')
       $$`,
      'ALTER TABLE pressdesk.releases ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY releases_read ON pressdesk.releases FOR SELECT
         USING (pressdesk.visible(data->>'status', created_by))`,
      `CREATE POLICY releases_insert ON pressdesk.releases FOR INSERT WITH CHECK (true)`,
      `CREATE POLICY releases_update ON pressdesk.releases FOR UPDATE
         USING (pressdesk.visible(data->>'status', created_by)) WITH CHECK (true)`,
      'ALTER TABLE pressdesk.release_history ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY history_read ON pressdesk.release_history FOR SELECT USING (EXISTS (
         SELECT 1 FROM pressdesk.releases r WHERE r.id = release_history.id))`,
      // Who is working on which release: advisory, kept fresh by a heartbeat; it never blocks anyone.
      `CREATE TABLE pressdesk.presence (
         login      name NOT NULL DEFAULT session_user,
         release_id text NOT NULL CHECK (length(release_id) BETWEEN 1 AND 200),
         seen_at    timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (login, release_id)
       )`,
      // Each member writes only their own presence.
      'ALTER TABLE pressdesk.presence ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY presence_read ON pressdesk.presence FOR SELECT USING (true)`,
      `CREATE POLICY presence_own ON pressdesk.presence FOR ALL USING (login = session_user)
         WITH CHECK (login = session_user)`,
      'REVOKE ALL ON SCHEMA pressdesk FROM PUBLIC',
      'REVOKE ALL ON ALL TABLES IN SCHEMA pressdesk FROM PUBLIC',
      'GRANT USAGE ON SCHEMA pressdesk TO pressdesk_member, pressdesk_admin',
      'GRANT SELECT ON ALL TABLES IN SCHEMA pressdesk TO pressdesk_member, pressdesk_admin',
      'GRANT INSERT, UPDATE ON pressdesk.releases TO pressdesk_member',
      'GRANT INSERT ON pressdesk.assets TO pressdesk_member',
      'GRANT INSERT, UPDATE ON pressdesk.items TO pressdesk_member',
      'GRANT INSERT, UPDATE, DELETE ON pressdesk.presence TO pressdesk_member',
      'GRANT USAGE ON SEQUENCE pressdesk.change_seq TO pressdesk_member',
      'GRANT INSERT, UPDATE ON pressdesk.members, pressdesk.settings TO pressdesk_admin',
    ],
  },
];

/** The newest server schema this Pressdesk knows. */
export const SERVER_SCHEMA_VERSION = SERVER_MIGRATIONS[SERVER_MIGRATIONS.length - 1]!.version;
