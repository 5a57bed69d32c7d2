import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { documentFigures } from '../../../shared/document';
import { interchangeApprovals, releaseToInterchange, type Release } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import type { ApprovalService } from '../approval/approvalService';
import type { AssetStore } from '../assets/assetStore';
import { parseInterchangeRecord, type ParsedRecord } from '../releases/interchange';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import type { ContactRepository } from '../contacts/contactRepository';
import { TeamItems } from './teamItems';
import type { TeamRole } from './server/migrations';
import {
  checkServerSchema,
  cleanUrl,
  connectServer,
  mapPgError,
  passwordOfUrl,
  roleOf,
  userOfUrl,
  type PgClient,
} from './server/server';

/** Environment variable the CLI and web mode read the team password from. */
export const TEAM_PASSWORD_ENV = 'PRESSDESK_TEAM_PASSWORD';

/** How many changes of the feed are applied in one local transaction. */
const PULL_BATCH = 500;

export interface TeamStatus {
  /** Whether this data directory is joined to a team. */
  readonly connected: boolean;
  readonly url: string | null;
  readonly user: string | null;
  readonly role: TeamRole | null;
  /** Releases written here that the server does not have yet (conflicts included). */
  readonly pending: number;
  readonly conflicts: number;
  /** When the last sync finished (ISO instant), or null. */
  readonly lastSync: string | null;
}

export interface SyncInput {
  readonly password?: string;
  /** Told after each pushed release and each pulled batch (the pull's total is not known ahead). */
  readonly onProgress?: (progress: { phase: 'push' | 'pull'; done: number; total?: number }) => void;
}

/** What a workstation learns while it is live: the state, whether the server answers, what changed. */
export interface TeamLiveEvent {
  readonly status: TeamStatus;
  readonly online: boolean;
  /** How many releases the last sync brought from colleagues. */
  readonly pulled: number;
  readonly conflicts: number;
  /** The code of the last failure while offline, or null. */
  readonly error: string | null;
}

/** Who works on a release right now (a heartbeat younger than PRESENCE_FRESH_S). */
export interface TeamEditor {
  readonly releaseId: string;
  readonly user: string;
  readonly name: string;
  readonly since: string;
}

/** The presence row of a workstation that is connected, whatever it has open (no release has this id). */
const ONLINE = '*';

/** A heartbeat older than this many seconds no longer counts as present. */
export const PRESENCE_FRESH_S = 45;

interface LiveState {
  stopped: boolean;
  listener: PgClient | null;
  online: boolean;
  error: string | null;
  again: boolean;
  running: boolean;
  editing: string | null;
  nextConnect: number;
  timer: NodeJS.Timeout;
  heartbeat: NodeJS.Timeout;
  onEvent: (event: TeamLiveEvent) => void;
  retryMs: number;
}

export interface TeamConflict {
  readonly id: string;
  readonly headline: string;
}

export interface TeamSyncResult {
  readonly pushed: number;
  readonly pulled: number;
  readonly conflicts: TeamConflict[];
  readonly assetsUp: number;
  readonly assetsDown: number;
  /** Templates, snippets and office settings sent and taken. */
  readonly itemsPushed: number;
  readonly itemsPulled: number;
  /** Of those sent, how many went over a colleague's newer version (theirs is in the server's item history). */
  readonly itemsOverwritten: number;
  /** Records of the server this workstation could not take (each with its code); they are tried again. */
  readonly refused: { id: string; code: string; message: string }[];
}

/** Both sides of a conflict, for the conflict view. */
export interface TeamConflictDetail {
  readonly id: string;
  readonly local: Release;
  readonly server: { version: number; updatedBy: string; record: Record<string, unknown> };
}

const AssetMetaSchema = z
  .object({
    originalName: z.string().max(255).default(''),
    caption: z.string().max(10_000).default(''),
    credit: z.string().max(1000).default(''),
    creator: z.string().max(1000).default(''),
    copyright: z.string().max(1000).default(''),
    alt: z.string().max(10_000).default(''),
    headline: z.string().max(1000).default(''),
    keywords: z.array(z.string().max(200)).max(200).default([]),
    dateCreated: z.string().max(40).nullable().default(null),
  })
  .strip();

interface ServerRow {
  id: string;
  version: string;
  seq: string;
  data: Record<string, unknown>;
  deleted: boolean;
  updated_by: string;
}

export interface TeamServiceOptions {
  readonly db: Database.Database;
  readonly releases: ReleaseRepository;
  readonly approval: ApprovalService;
  readonly assets: AssetStore;
  readonly settings: SettingsStore;
  readonly contacts: ContactRepository;
  /** Where the password comes from when a call brings none (the keychain, the environment). */
  readonly password?: () => Promise<string | undefined>;
  /** Keeps a password that worked (the app: in the keychain); without it, it is kept in memory for the session. */
  readonly remember?: (password: string) => Promise<void>;
  readonly now?: () => Date;
}

/** The pushed hash of a release taken from the server as it is. */
const AS_ON_SERVER = '';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Team mode on this workstation: joins the data directory to a team server,
 * pushes what was written here with the server version it was based on, and
 * pulls the others' changes from the server's change feed. Everything works
 * offline as before; the outbox keeps what waits.
 */
export class TeamService {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private syncing: Promise<TeamSyncResult> | null = null;
  private readonly stmts;
  private readonly items: TeamItems;
  private live: LiveState | null = null;
  /** The password given at connect, for this session only (never written anywhere by the engine). */
  private sessionPassword: string | undefined;

  constructor(private readonly options: TeamServiceOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.items = new TeamItems(options.db, options.settings, options.contacts, this.now);
    const db = this.db;
    this.stmts = {
      state: db.prepare<[string], { value: string }>('SELECT value FROM team_state WHERE key = ?'),
      setState: db.prepare<[string, string]>(
        'INSERT INTO team_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      outbox: db.prepare<[], { release_id: string }>(
        'SELECT release_id FROM team_outbox ORDER BY queued_at, release_id',
      ),
      pendingCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM team_outbox'),
      conflictCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM team_conflicts'),
      dequeue: db.prepare<[string]>('DELETE FROM team_outbox WHERE release_id = ?'),
      queued: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM team_outbox WHERE release_id = ?'),
      known: db.prepare<[string], { server_version: number; pushed_hash: string }>(
        'SELECT server_version, pushed_hash FROM team_releases WHERE release_id = ?',
      ),
      setKnown: db.prepare<[string, number, string]>(
        `INSERT INTO team_releases (release_id, server_version, pushed_hash) VALUES (?, ?, ?)
         ON CONFLICT (release_id) DO UPDATE SET server_version = excluded.server_version, pushed_hash = excluded.pushed_hash`,
      ),
      conflict: db.prepare<[string], { server_version: number; record_json: string; updated_by: string }>(
        'SELECT server_version, record_json, updated_by FROM team_conflicts WHERE release_id = ?',
      ),
      conflicts: db.prepare<[], { release_id: string }>('SELECT release_id FROM team_conflicts ORDER BY found_at'),
      setConflict: db.prepare<[string, number, string, string, string]>(
        `INSERT INTO team_conflicts (release_id, server_version, record_json, updated_by, found_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (release_id) DO UPDATE SET server_version = excluded.server_version,
           record_json = excluded.record_json, updated_by = excluded.updated_by`,
      ),
      dropConflict: db.prepare<[string]>('DELETE FROM team_conflicts WHERE release_id = ?'),
      uploaded: db.prepare<[string], { sha256: string }>('SELECT sha256 FROM team_assets WHERE sha256 = ?'),
      markUploaded: db.prepare<[string]>('INSERT OR IGNORE INTO team_assets (sha256) VALUES (?)'),
      localAsset: db.prepare<[string], { local_id: string }>('SELECT local_id FROM team_asset_ids WHERE server_id = ?'),
      serverAsset: db.prepare<[string], { server_id: string }>(
        'SELECT server_id FROM team_asset_ids WHERE local_id = ?',
      ),
      mapAsset: db.prepare<[string, string]>(
        'INSERT OR REPLACE INTO team_asset_ids (local_id, server_id) VALUES (?, ?)',
      ),
    };
  }

  private get(key: string): string | null {
    return this.stmts.state.get(key)?.value ?? null;
  }

  status(): TeamStatus {
    const url = this.get('url');
    return {
      connected: url !== null,
      url,
      user: this.get('user'),
      role: (this.get('role') as TeamRole | null) ?? null,
      pending: this.stmts.pendingCount.get()!.n,
      conflicts: this.stmts.conflictCount.get()!.n,
      lastSync: this.get('lastSync'),
    };
  }

  private async password(given: string | undefined): Promise<string> {
    const password = given ?? this.sessionPassword ?? (await this.options.password?.());
    if (password === undefined || password === '') {
      throw new PressdeskError(
        'TEAM_PASSWORD_MISSING',
        `No password for the team server (give it in ${TEAM_PASSWORD_ENV} or when asked).`,
      );
    }
    return password;
  }

  /**
   * Joins this data directory to a team: checks the server, the user and the
   * schema, and keeps the address and the user (never the password). Joining
   * another server than before starts over: everything here is pushed again
   * and the whole feed is pulled.
   */
  async connect(input: { url: string; user?: string; password?: string }): Promise<TeamStatus> {
    const url = cleanUrl(input.url);
    const user = input.user ?? userOfUrl(input.url);
    if (!user) throw new PressdeskError('INVALID_INPUT', 'Name the team user (--user).');
    const given = input.password ?? passwordOfUrl(input.url);
    const password = await this.password(given);
    const client = await connectServer({ url, user, password });
    let role: TeamRole | null;
    try {
      await checkServerSchema(client);
      role = await roleOf(client);
    } catch (error) {
      throw mapPgError(error);
    } finally {
      await client.end().catch(() => undefined);
    }
    if (!role) {
      throw new PressdeskError('TEAM_FORBIDDEN', `${user} is no member of the team (pressdesk team user add).`);
    }
    this.db
      .transaction(() => {
        if (this.get('url') !== url) {
          this.db.exec(`DELETE FROM team_releases; DELETE FROM team_conflicts; DELETE FROM team_assets;
          DELETE FROM team_state; DELETE FROM team_items; DELETE FROM team_asset_ids;
          INSERT OR IGNORE INTO team_item_outbox (kind, id) SELECT 'list', id FROM contact_lists;
          INSERT OR IGNORE INTO team_item_outbox (kind, id) SELECT 'contact', id FROM contacts;
          INSERT OR IGNORE INTO team_item_outbox (kind, id) SELECT 'suppression', email_key FROM suppressions;
          INSERT OR IGNORE INTO team_item_outbox (kind, id) SELECT 'template', id FROM templates;
          INSERT OR IGNORE INTO team_item_outbox (kind, id) SELECT 'snippet', id FROM snippets;
          INSERT OR IGNORE INTO team_item_outbox (kind, id)
            SELECT 'setting', key FROM app_settings WHERE key LIKE 'office.%' AND key <> 'office.logo';
          INSERT OR IGNORE INTO team_outbox (release_id, queued_at)
            SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ') FROM releases`);
        }
        this.stmts.setState.run('url', url);
        this.stmts.setState.run('user', user);
        this.stmts.setState.run('role', role);
      })
      .immediate();
    // Kept for this session (live mode, sync); the app keeps a password given here in the system's keychain.
    this.sessionPassword = password;
    if (given !== undefined) void this.options.remember?.(password).catch(() => undefined);
    return this.status();
  }

  /** Leaves the team: the releases stay here, what waits stays queued for a later join. */
  disconnect(): TeamStatus {
    this.sessionPassword = undefined;
    void this.options.remember?.('').catch(() => undefined);
    if (this.live) {
      const listener = this.live.listener;
      this.live.listener = null;
      this.live.online = false;
      void listener?.end().catch(() => undefined);
    }
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM team_state; DELETE FROM team_releases; DELETE FROM team_conflicts;
        DELETE FROM team_assets; DELETE FROM team_items; DELETE FROM team_asset_ids`);
    })();
    return this.status();
  }

  /** One sync at a time; a second call while one runs gets the same answer. */
  sync(input: SyncInput = {}): Promise<TeamSyncResult> {
    this.syncing ??= this.runSync(input).finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async runSync(input: SyncInput): Promise<TeamSyncResult> {
    const url = this.get('url');
    const user = this.get('user');
    if (!url || !user) throw new PressdeskError('TEAM_NOT_CONNECTED', 'This data directory is not joined to a team.');
    const password = await this.password(input.password);
    const client = await connectServer({ url, user, password });
    try {
      await checkServerSchema(client);
      const result = {
        pushed: 0,
        pulled: 0,
        assetsUp: 0,
        assetsDown: 0,
        itemsPushed: 0,
        itemsPulled: 0,
        itemsOverwritten: 0,
        refused: [] as TeamSyncResult['refused'],
      };
      await this.push(client, result, input.onProgress);
      await this.items.push(client, result, result.refused);
      await this.pull(client, result, input.onProgress);
      await this.items.pull(client, result, result.refused);
      this.stmts.setState.run('lastSync', this.now().toISOString());
      return { ...result, conflicts: this.conflictList() };
    } catch (error) {
      throw mapPgError(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private conflictList(): TeamConflict[] {
    return this.stmts.conflicts.all().map(({ release_id: id }) => ({
      id,
      headline: this.options.releases.find(id)?.headline ?? '',
    }));
  }

  /** The fingerprint of what a push sends of a release: its record and whether it is in the trash. */
  private pushedHash(release: Release, json = JSON.stringify(this.record(release))): string {
    return sha256(`${sha256(json)}|${release.deletedAt !== null}`);
  }

  /** What the server keeps of a release: the interchange record with its approval facts, no local version. */
  private record(release: Release): Record<string, unknown> {
    const { approval, quotes } = interchangeApprovals(this.options.approval.state(release.id));
    const facts =
      approval && typeof approval === 'object'
        ? Object.fromEntries(
            Object.entries(approval).filter(([key]) => key !== 'state' && key !== 'imported' && key !== 'kind'),
          )
        : null;
    const mapped = mapAssetIds(release, (id) => this.stmts.serverAsset.get(id)?.server_id ?? id);
    const record = releaseToInterchange({ ...release, ...mapped }, { approval: facts, quotes });
    delete record.version;
    return record;
  }

  private async uploadAssets(client: PgClient, release: Release): Promise<number> {
    let uploaded = 0;
    const ids = new Set([
      ...(release.leadImage ? [release.leadImage.assetId] : []),
      ...documentFigures(release.body).map((f) => f.assetId),
    ]);
    for (const id of ids) {
      const asset = this.options.assets.find(id);
      // Known to the server under its own id (the same image came from there): nothing to send.
      if (!asset || this.stmts.uploaded.get(asset.sha256) || this.stmts.serverAsset.get(id)) continue;
      const bytes = await readFile(this.options.assets.original(id).path);
      const meta = {
        originalName: asset.originalName,
        caption: asset.caption,
        credit: asset.credit,
        creator: asset.creator,
        copyright: asset.copyright,
        alt: asset.alt,
        headline: asset.headline,
        keywords: asset.keywords,
        dateCreated: asset.dateCreated,
      };
      const inserted = await client.query(
        `INSERT INTO pressdesk.assets (sha256, id, meta, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [asset.sha256, asset.id, JSON.stringify(meta), bytes],
      );
      this.stmts.markUploaded.run(asset.sha256);
      uploaded += inserted.rowCount ?? 0;
    }
    return uploaded;
  }

  /**
   * Pushes each queued release with the server version it is based on. The
   * server refuses a stale one; then the server's copy is kept as a conflict
   * and the text here stays as it is. A release in conflict waits until the
   * officer resolves it.
   */
  private async push(
    client: PgClient,
    result: { pushed: number; assetsUp: number; refused: TeamSyncResult['refused'] },
    onProgress?: SyncInput['onProgress'],
  ): Promise<void> {
    const queue = this.stmts.outbox.all();
    let done = 0;
    for (const { release_id: id } of queue) {
      if (done++ > 0) onProgress?.({ phase: 'push', done: done - 1, total: queue.length });
      if (this.stmts.conflict.get(id)) continue;
      const release = this.options.releases.find(id);
      if (!release) {
        this.stmts.dequeue.run(id);
        continue;
      }
      const record = this.record(release);
      const json = JSON.stringify(record);
      const known = this.stmts.known.get(id);
      const deleted = release.deletedAt !== null;
      const pushedHash = this.pushedHash(release, json);
      if (known && known.pushed_hash === pushedHash) {
        this.stmts.dequeue.run(id);
        continue;
      }
      let written: { rows: { version: string }[] };
      try {
        result.assetsUp += await this.uploadAssets(client, release);
        written = await this.write(client, id, json, deleted, known?.server_version ?? 0);
      } catch (error) {
        const refused = mapPgError(error);
        // The server said no to this release (rights, four-eyes, the approval gate): it stays queued, the others go.
        if (!['TEAM_FORBIDDEN', 'FOUR_EYES', 'APPROVAL_REQUIRED', 'CONFLICT'].includes(refused.code)) throw refused;
        result.refused.push({ id, code: refused.code, message: refused.message });
        continue;
      }
      const stillQueued = (): boolean => {
        // Written again while the push was on its way: it stays queued for the next round.
        const now = this.options.releases.find(id);
        return !now || this.pushedHash(now) !== pushedHash;
      };
      if (written.rows[0]) {
        const version = Number(written.rows[0].version);
        this.db
          .transaction(() => {
            this.stmts.setKnown.run(id, version, pushedHash);
            if (!stillQueued()) this.stmts.dequeue.run(id);
          })
          .immediate();
        result.pushed += 1;
        continue;
      }
      // Refused as stale: the server has a version this one was not based on.
      const server = await this.serverRow(client, id);
      if (!server) continue;
      const same = canonical(withoutVolatile(server.data)) === canonical(withoutVolatile(record));
      this.db
        .transaction(() => {
          if (same && server.deleted === deleted) {
            // The server has exactly this (a push whose answer never arrived): nothing to resolve.
            this.stmts.setKnown.run(id, Number(server.version), pushedHash);
            if (!stillQueued()) this.stmts.dequeue.run(id);
          } else {
            this.stmts.setConflict.run(
              id,
              Number(server.version),
              JSON.stringify({ ...server.data, deleted: server.deleted }),
              server.updated_by,
              this.now().toISOString(),
            );
          }
        })
        .immediate();
    }
  }

  /** Writes one release based on server version `base` (0: new on the server); no row back means stale. */
  private write(client: PgClient, id: string, json: string, deleted: boolean, base: number) {
    return base === 0
      ? client.query<{ version: string }>(
          `INSERT INTO pressdesk.releases (id, version, seq, data, deleted, content_by, updated_by, updated_at)
           VALUES ($1, 1, 0, $2, $3, session_user, session_user, now())
           ON CONFLICT (id) DO NOTHING RETURNING version`,
          [id, json, deleted],
        )
      : client.query<{ version: string }>(
          `UPDATE pressdesk.releases SET version = version + 1, data = $2, deleted = $3
           WHERE id = $1 AND version = $4 RETURNING version`,
          [id, json, deleted, base],
        );
  }

  private async serverRow(client: PgClient, id: string): Promise<ServerRow | null> {
    const found = await client.query<ServerRow>(
      'SELECT id, version, seq, data, deleted, updated_by FROM pressdesk.releases WHERE id = $1',
      [id],
    );
    return found.rows[0] ?? null;
  }

  /**
   * Pulls the feed after the last number seen, in batches. Each batch is
   * applied in one local transaction together with its last number, so an
   * interrupted pull resumes where it stopped and applies nothing twice.
   */
  private async pull(
    client: PgClient,
    result: { pulled: number; assetsDown: number; refused: TeamSyncResult['refused'] },
    onProgress?: SyncInput['onProgress'],
  ): Promise<void> {
    // What this workstation could not take last time is tried again first.
    const earlier = this.refusedIds();
    if (earlier.length > 0) {
      const again = await client.query<ServerRow>(
        'SELECT id, version, seq, data, deleted, updated_by FROM pressdesk.releases WHERE id = ANY($1::text[])',
        [earlier],
      );
      this.setRefusedIds([]);
      await this.applyRows(client, again.rows, result, null);
    }
    let done = 0;
    for (;;) {
      const after = Number(this.get('lastSeq') ?? '0');
      const batch = await client.query<ServerRow>(
        `SELECT id, version, seq, data, deleted, updated_by FROM pressdesk.releases
         WHERE seq > $1 ORDER BY seq LIMIT ${PULL_BATCH}`,
        [after],
      );
      if (batch.rows.length === 0) return;
      await this.applyRows(client, batch.rows, result, batch.rows[batch.rows.length - 1]!.seq);
      done += batch.rows.length;
      onProgress?.({ phase: 'pull', done });
    }
  }

  private refusedIds(): string[] {
    const raw = this.get('refused');
    return raw ? (JSON.parse(raw) as string[]) : [];
  }

  private setRefusedIds(ids: readonly string[]): void {
    this.stmts.setState.run('refused', JSON.stringify([...new Set(ids)]));
  }

  /**
   * Applies server rows: their images first (files), then the releases in one
   * transaction with the feed's number `last` (null: no number to note). A
   * record this workstation cannot take is listed as refused and tried again
   * on the next sync; it never holds up the others.
   */
  private async applyRows(
    client: PgClient,
    rows: readonly ServerRow[],
    result: { pulled: number; assetsDown: number; refused: TeamSyncResult['refused'] },
    last: string | null,
  ): Promise<void> {
    const ready = new Map<string, ReturnType<typeof parseInterchangeRecord> | PressdeskError>();
    for (const row of rows) {
      const known = this.stmts.known.get(row.id);
      if (known && known.server_version >= Number(row.version)) continue;
      try {
        const parsed = parseInterchangeRecord({ ...row.data, id: row.id });
        result.assetsDown += await this.fetchAssets(client, parsed.fields);
        ready.set(row.id, this.toLocalIds(parsed));
      } catch (error) {
        ready.set(row.id, error instanceof PressdeskError ? error : mapPgError(error));
      }
    }
    const refused: string[] = [];
    // One transaction per batch, its search index filled once at its end (as an import does).
    this.options.releases.bulkTransaction(() => {
      for (const row of rows) {
        let parsed = ready.get(row.id);
        if (!parsed) continue;
        const version = Number(row.version);
        if (!(parsed instanceof PressdeskError)) {
          const pendingHere = this.stmts.conflict.get(row.id) !== undefined || this.isQueuedWithChanges(row.id);
          if (pendingHere) {
            this.stmts.setConflict.run(
              row.id,
              version,
              JSON.stringify({ ...row.data, deleted: row.deleted }),
              row.updated_by,
              this.now().toISOString(),
            );
            continue;
          }
          const record = parsed;
          try {
            // A savepoint of its own: a record the store refuses leaves nothing of it behind.
            this.db.transaction(() => this.apply(row.id, record, row.deleted, version))();
            result.pulled += 1;
            continue;
          } catch (error) {
            if (!(error instanceof PressdeskError)) throw error;
            parsed = error;
          }
        }
        result.refused.push({ id: row.id, code: parsed.code, message: parsed.message });
        refused.push(row.id);
      }
      if (refused.length > 0) this.setRefusedIds([...this.refusedIds(), ...refused]);
      if (last !== null) this.stmts.setState.run('lastSeq', last);
    });
  }

  /** The ids the server gives an image, as this workstation knows it (the same image stored here before joining). */
  private toLocalIds(parsed: ParsedRecord): ParsedRecord {
    const map = (id: string) => this.stmts.localAsset.get(id)?.local_id ?? id;
    return { ...parsed, fields: { ...parsed.fields, ...mapAssetIds(parsed.fields, map) } };
  }

  /** Whether a release has changes here the server has not seen. */
  private isQueuedWithChanges(id: string): boolean {
    const queued = this.stmts.queued.get(id);
    if (!queued) return false;
    const release = this.options.releases.find(id);
    const known = this.stmts.known.get(id);
    if (!release) return false;
    if (!known) return true;
    return this.pushedHash(release) !== known.pushed_hash;
  }

  /** Takes the server's copy of a release; call inside a transaction. The text it replaces stays a revision. */
  private apply(
    id: string,
    parsed: ReturnType<typeof parseInterchangeRecord>,
    deleted: boolean,
    version: number,
  ): void {
    const repo = this.options.releases;
    repo.keepCurrentAsRevision(id);
    repo.upsert(parsed.fields, { id, createdAt: parsed.createdAt, updatedAt: parsed.updatedAt });
    if (parsed.approval || (parsed.quotes && parsed.quotes.length > 0)) {
      repo.adoptApprovals(id, parsed.approval, parsed.quotes ?? []);
    }
    // Taken back in the team (back to draft, withdrawn): not in force here either.
    if (!parsed.approval) this.options.approval.revokeForTeam(id);
    if (deleted && repo.get(id).deletedAt === null) repo.trash(id);
    // As the server has it: nothing to push until it is written here again (then the outbox has it).
    this.stmts.setKnown.run(id, version, AS_ON_SERVER);
    this.stmts.dequeue.run(id);
    this.stmts.dropConflict.run(id);
  }

  /** Fetches the images a release from the server places, once each, checked like any import. */
  private async fetchAssets(
    client: PgClient,
    fields: { leadImage: { assetId: string } | null; body: Release['body'] },
  ): Promise<number> {
    let fetched = 0;
    const ids = new Set([
      ...(fields.leadImage ? [fields.leadImage.assetId] : []),
      ...documentFigures(fields.body).map((f) => f.assetId),
    ]);
    for (const id of ids) {
      if (this.options.assets.find(id) || this.stmts.localAsset.get(id)) continue;
      const found = await client.query<{ sha256: string; meta: unknown; bytes: Buffer }>(
        'SELECT sha256, meta, bytes FROM pressdesk.assets WHERE id = $1',
        [id],
      );
      const row = found.rows[0];
      if (!row) continue;
      const meta = AssetMetaSchema.parse(row.meta);
      const { originalName, ...metadata } = meta;
      const stored = await this.options.assets.importBytes(row.bytes, originalName, { id, metadata });
      this.stmts.markUploaded.run(stored.sha256);
      // The same image was stored here before under an id of its own: the releases translate between the two.
      if (stored.id !== id) this.stmts.mapAsset.run(stored.id, id);
      fetched += 1;
    }
    return fetched;
  }

  /**
   * Live mode (the app and web mode while joined): a second connection
   * LISTENs to the server's change feed, so a colleague's change arrives
   * within a second; what is written here goes out as soon as it is queued.
   * Offline, changes queue and go when the server answers again (tried every
   * `retryMs`). Never throws: failures arrive as events.
   */
  startLive(options: { pollMs?: number; retryMs?: number; onEvent: (event: TeamLiveEvent) => void }): void {
    if (this.live) return;
    const live: LiveState = {
      stopped: false,
      listener: null,
      online: false,
      error: null,
      again: false,
      running: false,
      editing: null,
      nextConnect: 0,
      retryMs: options.retryMs ?? 5000,
      onEvent: options.onEvent,
      timer: setInterval(() => void this.tick(), options.pollMs ?? 250),
      heartbeat: setInterval(() => void this.beat(), 15_000),
    };
    live.timer.unref();
    live.heartbeat.unref();
    this.live = live;
    void this.tick();
  }

  async stopLive(): Promise<void> {
    const live = this.live;
    if (!live) return;
    live.stopped = true;
    clearInterval(live.timer);
    clearInterval(live.heartbeat);
    this.live = null;
    await live.listener?.end().catch(() => undefined);
  }

  private emit(pulled = 0): void {
    const live = this.live;
    if (!live) return;
    const status = this.status();
    live.onEvent({ status, online: live.online, pulled, conflicts: status.conflicts, error: live.error });
  }

  private offline(live: LiveState, error: unknown): void {
    const was = live.online;
    live.online = false;
    live.error = error instanceof PressdeskError ? error.code : 'TEAM_UNREACHABLE';
    live.nextConnect = Date.now() + live.retryMs;
    const listener = live.listener;
    live.listener = null;
    void listener?.end().catch(() => undefined);
    if (was || live.error) this.emit();
  }

  private async tick(): Promise<void> {
    const live = this.live;
    if (!live || live.stopped || live.running) return;
    const url = this.get('url');
    const user = this.get('user');
    if (!url || !user) return;
    if (!live.listener) {
      if (Date.now() < live.nextConnect) return;
      live.running = true;
      try {
        const password = await this.password(undefined);
        const client = await connectServer({ url, user, password });
        client.on('notification', () => void this.syncNow());
        client.on('error', (error) => this.offline(live, error));
        client.on('end', () => {
          if (!live.stopped && live.listener === client)
            this.offline(live, new PressdeskError('TEAM_UNREACHABLE', 'gone'));
        });
        await client.query('LISTEN pressdesk_changes');
        if (live.stopped) {
          await client.end().catch(() => undefined);
          return;
        }
        live.listener = client;
        live.online = true;
        live.error = null;
      } catch (error) {
        this.offline(live, error);
        return;
      } finally {
        live.running = false;
      }
      // Joined or back: everything that waited goes, everything new comes.
      await this.syncNow();
      await this.beat();
      return;
    }
    const waiting = this.stmts.pendingCount.get()!.n - this.stmts.conflictCount.get()!.n;
    if (waiting > 0) await this.syncNow();
  }

  /** Syncs now; a request while a sync runs makes one more round after it. */
  private async syncNow(): Promise<void> {
    const live = this.live;
    if (!live) return;
    if (this.syncing) {
      live.again = true;
      return;
    }
    do {
      live.again = false;
      try {
        const result = await this.sync();
        live.online = true;
        live.error = null;
        this.emit(result.pulled);
      } catch (error) {
        this.offline(live, error);
        return;
      }
    } while (live.again && !live.stopped);
  }

  /**
   * Says which release this officer has open (null: none). Colleagues see it
   * („Anna Weber bearbeitet diese Meldung“); it never blocks anyone, and
   * offline it is simply not seen.
   */
  async setEditing(releaseId: string | null): Promise<void> {
    if (this.live) this.live.editing = releaseId;
    await this.beat();
  }

  private async beat(): Promise<void> {
    const live = this.live;
    const client = live?.listener;
    if (!live || !client) return;
    try {
      // ONLINE marks the workstation as there at all; a release id, that it has that release open.
      await client.query(
        'DELETE FROM pressdesk.presence WHERE login = session_user AND release_id <> $1 AND release_id IS DISTINCT FROM $2',
        [ONLINE, live.editing],
      );
      for (const releaseId of [ONLINE, ...(live.editing ? [live.editing] : [])]) {
        await client.query(
          `INSERT INTO pressdesk.presence (release_id) VALUES ($1)
           ON CONFLICT (login, release_id) DO UPDATE SET seen_at = now()`,
          [releaseId],
        );
      }
    } catch (error) {
      this.offline(live, error);
    }
  }

  /** The colleagues whose workstations are connected now (a heartbeat younger than PRESENCE_FRESH_S). */
  async colleaguesOnline(): Promise<Omit<TeamEditor, 'releaseId'>[]> {
    const client = this.live?.listener;
    if (!client) return [];
    try {
      const rows = await client.query<{ login: string; name: string; since: Date }>(
        `SELECT p.login, coalesce(nullif(m.display_name, ''), p.login) AS name, p.seen_at AS since
         FROM pressdesk.presence p LEFT JOIN pressdesk.members m ON m.login = p.login
         WHERE p.release_id = $1 AND p.login <> session_user AND p.seen_at > now() - make_interval(secs => $2)
         ORDER BY name`,
        [ONLINE, PRESENCE_FRESH_S],
      );
      return rows.rows.map((r) => ({ user: r.login, name: r.name, since: new Date(r.since).toISOString() }));
    } catch {
      return [];
    }
  }

  /** Who else works on releases right now (all releases, or the ones named). Empty while offline. */
  async editors(releaseIds?: readonly string[]): Promise<TeamEditor[]> {
    const client = this.live?.listener;
    if (!client) return [];
    try {
      const rows = await client.query<{ release_id: string; login: string; name: string; since: Date }>(
        `SELECT p.release_id, p.login, coalesce(nullif(m.display_name, ''), p.login) AS name, p.seen_at AS since
         FROM pressdesk.presence p LEFT JOIN pressdesk.members m ON m.login = p.login
         WHERE p.login <> session_user AND p.release_id <> '${ONLINE}' AND p.seen_at > now() - make_interval(secs => $1)
           AND ($2::text[] IS NULL OR p.release_id = ANY($2::text[]))
         ORDER BY p.release_id, name`,
        [PRESENCE_FRESH_S, releaseIds ? [...releaseIds] : null],
      );
      return rows.rows.map((r) => ({
        releaseId: r.release_id,
        user: r.login,
        name: r.name,
        since: new Date(r.since).toISOString(),
      }));
    } catch {
      return [];
    }
  }

  /** Whether live mode has a connection to the server now. */
  online(): boolean {
    return this.live?.online === true;
  }

  /** Both sides of a conflict. */
  conflictDetail(id: string): TeamConflictDetail {
    const row = this.stmts.conflict.get(id);
    if (!row) throw new PressdeskError('NOT_FOUND', `Release ${id} has no conflict with the team server.`, { id });
    return {
      id,
      local: this.options.releases.get(id),
      server: {
        version: row.server_version,
        updatedBy: row.updated_by,
        record: JSON.parse(row.record_json) as Record<string, unknown>,
      },
    };
  }

  /**
   * Resolves a conflict: `mine` keeps the text here and pushes it over the
   * server's copy on the next sync (on purpose, never silently); `theirs`
   * takes the server's copy (the text here stays a revision).
   */
  async resolve(id: string, choice: 'mine' | 'theirs'): Promise<TeamStatus> {
    const row = this.stmts.conflict.get(id);
    if (!row) throw new PressdeskError('NOT_FOUND', `Release ${id} has no conflict with the team server.`, { id });
    const record = JSON.parse(row.record_json) as Record<string, unknown> & { deleted?: boolean };
    if (choice === 'mine') {
      this.db
        .transaction(() => {
          const known = this.stmts.known.get(id);
          this.stmts.setKnown.run(id, row.server_version, known?.pushed_hash ?? '');
          this.stmts.dropConflict.run(id);
          this.db
            .prepare(`INSERT OR IGNORE INTO team_outbox (release_id, queued_at) VALUES (?, ?)`)
            .run(id, this.now().toISOString());
        })
        .immediate();
      return this.status();
    }
    const { deleted, ...data } = record;
    const parsed = parseInterchangeRecord({ ...data, id });
    const url = this.get('url');
    const user = this.get('user');
    const secret = await Promise.resolve(this.options.password?.()).catch(() => undefined);
    if (url && user && secret) {
      // The server's images may be needed; without a connection the ones here must do.
      const client = await connectServer({ url, user, password: secret }).catch(() => null);
      if (client) {
        try {
          await this.fetchAssets(client, parsed.fields);
        } finally {
          await client.end().catch(() => undefined);
        }
      }
    }
    this.db.transaction(() => this.apply(id, parsed, deleted === true, row.server_version)).immediate();
    return this.status();
  }
}

/** The image ids a release's lead image and figures name, mapped by `map`. */
function mapAssetIds<T extends { leadImage: { assetId: string } | null; body: Release['body'] }>(
  fields: T,
  map: (id: string) => string,
): Pick<T, 'leadImage' | 'body'> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const n = node as { type?: unknown; attrs?: Record<string, unknown>; content?: unknown };
    const out: Record<string, unknown> = { ...n };
    if (n.type === 'figure' && n.attrs && typeof n.attrs.assetId === 'string') {
      out.attrs = { ...n.attrs, assetId: map(n.attrs.assetId) };
    }
    if (Array.isArray(n.content)) out.content = n.content.map(walk);
    return out;
  };
  return {
    leadImage: fields.leadImage ? { ...fields.leadImage, assetId: map(fields.leadImage.assetId) } : null,
    body: walk(fields.body) as Release['body'],
  };
}

/** JSON with the keys of every object sorted: the server (jsonb) keeps keys in an order of its own. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The parts of a record that say nothing about its content (the server sets its own). */
function withoutVolatile(record: Record<string, unknown>): Record<string, unknown> {
  const { updatedAt: _updated, version: _version, ...rest } = record;
  return rest;
}
