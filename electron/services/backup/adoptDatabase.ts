import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { ASSET_ID_PATTERN, FIGURE_LIMITS, documentFigures, normalizeDocument } from '../../../shared/document';
import {
  ASSET_MAX_BYTES,
  ASSET_MAX_PIXELS,
  ActorSchema,
  AssetMimeSchema,
  LogDetailSchema,
  LogKindSchema,
  ReleaseFieldsSchema,
  ReleaseIdSchema,
  SnippetFieldsSchema,
  TemplateFieldsSchema,
  TemplateNameSchema,
  parseIsoInstant,
  type ReleaseFields,
} from '../../../shared/domain';
import { COMMENT_LIMITS, CommentIdSchema } from '../../../shared/contract/comments';
import { cleanText, ContactFieldsSchema, isValidEmail, ListNameSchema } from '../../../shared/contract/contacts';
import { PressdeskError, toErrorPayload } from '../../../shared/errors';
import type { AssetMime } from '../assets/sniff';
import { mapSqliteError } from '../db/connection';
import { appliedVersion, migrate } from '../db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../db/migrations';
import { DEFER_SEARCH, FLUSH_PENDING_SEARCH } from '../db/searchIndex';
import { WordList } from '../archive/wordList';
import {
  DEFAULT_FIELDS,
  FIELD_COLUMNS,
  pickFields,
  releaseRowParams,
  storedAsJson,
} from '../releases/releaseRepository';
import { SETTINGS } from '../settings/settingsRegistry';
import { APPROVAL_TABLES, copyApprovals } from '../approval/approvalBackup';

/** At most this many dropped items are named; `droppedCount` counts all. */
export const MAX_DROPPED_LISTED = 200;
/** A JSON column longer than this is not parsed (no release body comes near it). */
const MAX_JSON_CHARS = 16 * 1024 * 1024;

/**
 * The tables whose rows are carried over, with every column Pressdesk has ever given them.
 *
 * Left out on purpose, as derived from the releases: the search indexes (`release_fts`,
 * `release_head`, filled by FLUSH_PENDING_SEARCH below, and the list of words `search_words`,
 * read from the copied releases) and the quote index
 * (`release_quotes`, `release_quote_fts`, schema 17), which the triggers of the fresh
 * database build from each copied body as it goes in. A foreign file's rows there are
 * never read, so a forged quote cannot reach the archive's answers.
 *
 * Left out on purpose, as a workstation's own bond to a team server: `team_state`,
 * `team_releases`, `team_outbox`, `team_conflicts`, `team_assets`, `team_asset_ids`, `team_items`, `team_item_outbox` (schema 18). A restored
 * data directory is joined to no team; its triggers queue every copied release, so joining
 * again compares each with the server's copy (a difference becomes a conflict, never a
 * silent overwrite).
 */
const COPIED: Readonly<Record<string, readonly string[]>> = {
  assets: [
    'id',
    'sha256',
    'mime',
    'byte_size',
    'width',
    'height',
    'original_name',
    'caption',
    'credit',
    'creator',
    'copyright',
    'alt',
    'headline',
    'keywords_json',
    'date_created',
    'created_at',
  ],
  releases: [
    'id',
    ...FIELD_COLUMNS.map(([, column]) => column),
    'body_text',
    'created_at',
    'updated_at',
    'version',
    'deleted_at',
    'corrected_at',
  ],
  release_revisions: ['release_id', 'version', 'snapshot', 'created_at'],
  snippets: ['id', 'kind', 'title', 'text', 'created_at', 'updated_at'],
  templates: ['id', 'name', 'fields', 'created_at', 'updated_at'],
  release_log: ['seq', 'release_id', 'at', 'actor', 'kind', 'version', 'detail'],
  // Inline comments (schema 16): threads and replies of the releases that came along, by the checks of the channels.
  release_comments: [
    'id',
    'release_id',
    'parent_id',
    'author',
    'at',
    'text',
    'anchor_text',
    'resolved_at',
    'resolved_by',
  ],
  app_settings: ['key', 'value_json', 'updated_at'],
  // The press list (schema 11): contacts by the checks of the form, lists, memberships, suppressed addresses.
  contacts: [
    'id',
    'name',
    'outlet',
    'role',
    'email',
    'email_key',
    'phone',
    'beats',
    'language',
    'notes',
    'consent_source',
    'consent_at',
    'opt_out',
    'opt_out_at',
    'created_at',
    'updated_at',
  ],
  contact_lists: ['id', 'name', 'created_at', 'updated_at'],
  contact_list_members: ['list_id', 'contact_id', 'added_at'],
  suppressions: ['email_key', 'reason', 'created_at'],
  // The send log comes along so that a restored workstation knows what was mailed; a mailing that was
  // unfinished in the backup is given up (see copyMailings), so a restore never mails anyone a second time.
  mailings: [
    'id',
    'release_id',
    'release_version',
    'lists',
    'lists_key',
    'subject',
    'sender',
    'test',
    'state',
    'suppressed',
    'message',
    'created_at',
    'updated_at',
    // Not copied: a restored mailing that was still open is cancelled anyway (see copyMailings).
    'paused_at',
  ],
  // Approval (schema 15): review requests, approvals with their evidence, quote states, the last content author.
  ...APPROVAL_TABLES,
  mailing_recipients: [
    'mailing_id',
    'email_key',
    'email',
    'name',
    'position',
    'state',
    'response',
    'message_id',
    'headers',
    'attempts',
    'updated_at',
  ],
};

type Row = Record<string, unknown>;

/** An asset row that was carried over: what its original must be. */
export interface AdoptedAsset {
  readonly id: string;
  readonly sha256: string;
  readonly mime: AssetMime;
  readonly byteSize: number;
}

export interface AdoptOptions {
  /**
   * Whether the original file of an asset row is there and sound: null if
   * so, else why not (a short reason such as `missing` or an error code).
   * An asset without its original is dropped, and so is every release that
   * shows it.
   */
  readonly checkOriginal: (asset: AdoptedAsset) => string | null;
  /** Settings the workstation keeps whatever the foreign file says (from its current database). */
  readonly localSettings?: readonly LocalSetting[];
  /**
   * The addresses this workstation suppresses now (opt-outs): kept whatever
   * the file says, so that restoring an older backup never mails an address
   * that opted out since.
   */
  readonly localSuppressions?: readonly LocalSuppression[];
  readonly now?: Date;
}

export interface LocalSetting {
  readonly key: string;
  readonly valueJson: string;
  readonly updatedAt: string;
}

export interface AdoptResult {
  readonly schemaVersion: number;
  readonly releases: number;
  readonly revisions: number;
  readonly snippets: number;
  readonly assets: readonly AdoptedAsset[];
  readonly settings: number;
  /** What was not carried over, as `kind:name[:reason]`, at most {@link MAX_DROPPED_LISTED}. */
  readonly dropped: readonly string[];
  readonly droppedCount: number;
}

class Dropped {
  readonly items: string[] = [];
  count = 0;
  add(item: string): void {
    this.count += 1;
    if (this.items.length < MAX_DROPPED_LISTED) this.items.push(item);
  }
}

/** Control characters (C0 and DEL), except the line breaks and tabs `keep` allows, become `by`. */
function withoutControls(text: string, by: string, keep: readonly number[] = []): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += (code < 0x20 || code === 0x7f) && !keep.includes(code) ? by : ch;
  }
  return out;
}

/** A value of a foreign row as it may appear in a report: plain, short, one line. */
function label(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : `(${typeof value})`;
  const clean = withoutControls(text.slice(0, 81), '?');
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}

const NOT_JSON = Symbol('not json');

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string' || value.length > MAX_JSON_CHARS) return NOT_JSON;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function instant(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 ? parseIsoInstant(value) : null;
}

function positiveInt(value: unknown, max = Number.MAX_SAFE_INTEGER): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= max ? value : null;
}

/** Free text of an asset: NFC, no control characters but line breaks, at most `max` characters. */
function capped(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return withoutControls(value.slice(0, max * 2).normalize('NFC'), '', [0x09, 0x0a, 0x0d]).slice(0, max);
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface SchemaObject {
  readonly type: string;
  readonly name: string;
  readonly sql: string | null;
}

const expectedSchemas = new Map<number, { objects: Map<string, SchemaObject>; columns: Map<string, Set<string>> }>();

/** The schema a genuine Pressdesk database of `version` has: built by the migrations, in memory. */
function expectedSchema(version: number): { objects: Map<string, SchemaObject>; columns: Map<string, Set<string>> } {
  const known = expectedSchemas.get(version);
  if (known) return known;
  const mem = new Database(':memory:');
  try {
    migrate(
      mem,
      MIGRATIONS.filter((m) => m.version <= version),
    );
    const objects = new Map<string, SchemaObject>();
    for (const o of mem.prepare<[], SchemaObject>('SELECT type, name, sql FROM sqlite_master').all())
      objects.set(`${o.type}:${o.name}`, o);
    const columns = new Map<string, Set<string>>();
    for (const table of Object.keys(COPIED)) {
      if (!objects.has(`table:${table}`)) continue;
      columns.set(
        table,
        new Set(
          mem
            .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
            .all(table)
            .map((c) => c.name),
        ),
      );
    }
    const schema = { objects, columns };
    expectedSchemas.set(version, schema);
    return schema;
  } finally {
    mem.close();
  }
}

/** Opens a database file read-only and proves it is a whole Pressdesk database this version can read. */
export function checkDatabaseFile(file: string): { schemaVersion: number } {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('trusted_schema = OFF');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new PressdeskError('DB_CORRUPT', `The database file is damaged: ${basename(file)}.`, { file });
    const version: unknown = appliedVersion(db);
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version <= 0)
      throw new PressdeskError('DB_CORRUPT', `${basename(file)} is not a Pressdesk database.`, { file });
    if (version > SCHEMA_VERSION) {
      throw new PressdeskError(
        'DB_TOO_NEW',
        `${basename(file)} was written by a newer Pressdesk (schema ${version}).`,
        { file },
      );
    }
    return { schemaVersion: version };
  } catch (error) {
    if (error instanceof PressdeskError) throw error;
    throw (
      mapSqliteError(error, file) ??
      new PressdeskError('DB_CORRUPT', `${basename(file)} cannot be read as a database.`, { file })
    );
  } finally {
    db?.close();
  }
}

/** Release fields from a stored row or snapshot, through the same parse as an import; throws with a code. */
function releaseFields(input: Record<string, unknown>): ReleaseFields {
  const parsed = ReleaseFieldsSchema.safeParse(input);
  if (!parsed.success) throw new PressdeskError('INVALID_INPUT', 'Invalid release fields.');
  return { ...parsed.data, body: normalizeDocument(parsed.data.body) };
}

function codeOf(error: unknown): string {
  const payload = toErrorPayload(error);
  if (payload.code === 'INTERNAL') throw error;
  return payload.code;
}

/**
 * Copies a foreign database (a backup, an archive's database, anything that
 * claims to be one) into a fresh database at `freshFile`, which is built by
 * the migrations and must not exist. Nothing of the foreign schema is taken
 * over: its triggers, views, indexes and unknown tables or columns are left
 * behind (and reported), and it is opened read-only with untrusted-schema
 * protection, so none of its SQL runs. Named columns of the known tables are
 * read row by row (an older schema simply has fewer; defaults fill in) and
 * every row goes through the same checks as an import: releases and their
 * revisions through the release schema and the document vocabulary, assets
 * by their content address, type and size (and their original, which the
 * caller checks), snippets by theirs, and settings only if the registry
 * knows them and lets a backup set them. A release that shows an image that
 * was not carried over is dropped like an import refuses it. The search
 * indexes of the fresh database are filled as the releases go in.
 *
 * Fails with DB_CORRUPT (not a whole Pressdesk database, or one whose known
 * tables are missing) or DB_TOO_NEW before `freshFile` is created; after a
 * later failure the caller removes it.
 */
export function adoptDatabase(foreignFile: string, freshFile: string, options: AdoptOptions): AdoptResult {
  const { schemaVersion } = checkDatabaseFile(foreignFile);
  const expected = expectedSchema(schemaVersion);
  const now = (options.now ?? new Date()).toISOString();
  const dropped = new Dropped();
  let foreign: Database.Database | undefined;
  let fresh: Database.Database | undefined;
  try {
    foreign = new Database(foreignFile, { readonly: true, fileMustExist: true });
    // Views and triggers of the file may call no function with side effects, should anything run them.
    foreign.pragma('trusted_schema = OFF');
    const objects = foreign
      .prepare<[], SchemaObject>(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .all();
    const isVirtual = (o: SchemaObject) => /^\s*create\s+virtual/i.test(o.sql ?? '');
    const plainTables = new Set(objects.filter((o) => o.type === 'table' && !isVirtual(o)).map((o) => o.name));
    for (const table of expected.columns.keys()) {
      if (!plainTables.has(table))
        throw new PressdeskError('DB_CORRUPT', `${basename(foreignFile)} lacks the table ${table}.`, {
          file: foreignFile,
          table,
        });
    }
    for (const o of objects) {
      const mine = expected.objects.get(`${o.type}:${o.name}`);
      // Tables are judged by their columns below; everything else must be exactly what the migrations make.
      if (!mine || ((o.type !== 'table' || isVirtual(o) || isVirtual(mine)) && mine.sql !== o.sql))
        dropped.add(`${o.type}:${label(o.name)}`);
    }
    const columns = new Map<string, string[]>();
    for (const [table, known] of Object.entries(COPIED)) {
      if (!expected.columns.has(table)) continue;
      const present = foreign
        .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
        .all(table)
        .map((c) => c.name);
      for (const column of present) if (!known.includes(column)) dropped.add(`column:${table}.${label(column)}`);
      columns.set(
        table,
        known.filter((c) => present.includes(c)),
      );
    }
    const rows = function* (table: string): Generator<Row> {
      const cols = columns.get(table);
      if (!cols || cols.length === 0) return;
      yield* foreign!.prepare<[], Row>(`SELECT ${cols.map(quoted).join(', ')} FROM ${quoted(table)}`).iterate();
    };

    fresh = new Database(freshFile);
    fresh.pragma('foreign_keys = ON');
    migrate(fresh, MIGRATIONS);
    const target = fresh;
    const result = target.transaction(() => {
      // The search indexes are filled once, for all releases, before the commit.
      target.exec(DEFER_SEARCH);
      const assets = copyAssets(target, rows('assets'), options, dropped, now);
      const assetIds = new Set(assets.map((a) => a.id));
      const { count: releases, versions, refused } = copyReleases(target, rows('releases'), assetIds, dropped, now);
      const revisions = copyRevisions(target, rows('release_revisions'), versions, refused, assetIds, dropped, now);
      const snippets = copySnippets(target, rows('snippets'), dropped, now);
      copyTemplates(target, rows('templates'), assetIds, dropped, now);
      copyReleaseLog(target, rows('release_log'), dropped);
      copyComments(target, rows('release_comments'), versions, dropped);
      const settings = copySettings(target, rows('app_settings'), options.localSettings ?? [], dropped, now);
      copyPressList(target, rows, options.localSuppressions ?? [], dropped, now);
      const mailings = copyMailings(target, rows('mailings'), dropped, now);
      copyMailingRecipients(target, rows('mailing_recipients'), mailings, dropped, now);
      copyApprovals(target, rows, (item) => dropped.add(item));
      for (const sql of FLUSH_PENDING_SEARCH) target.exec(sql);
      // The list of words too: the first substring search after the restore finds it complete.
      new WordList(target).catchUp();
      return { assets, releases, revisions, snippets, settings };
    })();
    if (
      (fresh.pragma('foreign_key_check') as unknown[]).length > 0 ||
      fresh.pragma('quick_check', { simple: true }) !== 'ok'
    )
      throw new PressdeskError('DB_CORRUPT', 'The copied database does not pass its check.', { file: foreignFile });
    return { schemaVersion, ...result, dropped: dropped.items, droppedCount: dropped.count };
  } catch (error) {
    if (error instanceof PressdeskError) throw error;
    throw (
      mapSqliteError(error, foreignFile) ??
      new PressdeskError('DB_CORRUPT', `${basename(foreignFile)} cannot be read as a database.`, { file: foreignFile })
    );
  } finally {
    foreign?.close();
    fresh?.close();
  }
}

function copyAssets(
  db: Database.Database,
  rows: Iterable<Row>,
  options: AdoptOptions,
  dropped: Dropped,
  now: string,
): AdoptedAsset[] {
  const insert = db.prepare(
    `INSERT INTO assets (id, sha256, mime, byte_size, width, height, original_name, caption, credit, creator,
       copyright, alt, headline, keywords_json, date_created, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const out: AdoptedAsset[] = [];
  const ids = new Set<string>();
  const hashes = new Set<string>();
  for (const row of rows) {
    const id = row.id;
    const drop = (reason: string) => dropped.add(`asset:${label(id)}:${reason}`);
    if (typeof id !== 'string' || !ASSET_ID_PATTERN.test(id)) {
      drop('id');
      continue;
    }
    if (ids.has(id)) {
      drop('duplicate');
      continue;
    }
    const sha256 = row.sha256;
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
      drop('sha256');
      continue;
    }
    if (hashes.has(sha256)) {
      drop('duplicate');
      continue;
    }
    const mime = AssetMimeSchema.safeParse(row.mime);
    if (!mime.success) {
      drop('mime');
      continue;
    }
    const byteSize = positiveInt(row.byte_size, ASSET_MAX_BYTES);
    const width = positiveInt(row.width);
    const height = positiveInt(row.height);
    if (byteSize === null || width === null || height === null || width * height > ASSET_MAX_PIXELS) {
      drop('size');
      continue;
    }
    const asset: AdoptedAsset = { id, sha256, mime: mime.data, byteSize };
    const missing = options.checkOriginal(asset);
    if (missing !== null) {
      drop(missing);
      continue;
    }
    const keywords = parseJson(row.keywords_json ?? '[]');
    const keywordList = Array.isArray(keywords)
      ? keywords
          .filter((k): k is string => typeof k === 'string')
          .slice(0, 100)
          .map((k) => capped(k, 100))
      : [];
    const dateCreated = typeof row.date_created === 'string' ? capped(row.date_created, 64) || null : null;
    insert.run(
      id,
      sha256,
      mime.data,
      byteSize,
      width,
      height,
      capped(row.original_name, 255),
      capped(row.caption, FIGURE_LIMITS.caption),
      capped(row.credit, FIGURE_LIMITS.credit),
      capped(row.creator, 300),
      capped(row.copyright, 500),
      capped(row.alt, FIGURE_LIMITS.alt),
      capped(row.headline, 500),
      JSON.stringify(keywordList),
      dateCreated,
      instant(row.created_at) ?? now,
    );
    ids.add(id);
    hashes.add(sha256);
    out.push(asset);
  }
  return out;
}

/**
 * Release fields of a stored row, read by the field table; columns an older
 * schema lacks (or leaves empty) take their defaults, except the body, which
 * every schema has: without it the release is refused.
 */
function rowFields(row: Row): Record<string, unknown> {
  return Object.fromEntries(
    FIELD_COLUMNS.map(([name, column]) => {
      const stored = row[column];
      if (stored === undefined || stored === null) return [name, name === 'body' ? undefined : DEFAULT_FIELDS[name]];
      return [name, storedAsJson(name) ? parseJson(stored) : stored];
    }),
  );
}

/** Every image a release shows must have come along: no release points at a missing file. */
function showsOnly(fields: ReleaseFields, assetIds: ReadonlySet<string>): boolean {
  if (fields.leadImage && !assetIds.has(fields.leadImage.assetId)) return false;
  return documentFigures(fields.body).every((f) => assetIds.has(f.assetId));
}

function copyReleases(
  db: Database.Database,
  rows: Iterable<Row>,
  assetIds: ReadonlySet<string>,
  dropped: Dropped,
  now: string,
): { count: number; versions: Map<string, number>; refused: Set<string> } {
  const columns = [...FIELD_COLUMNS.map(([, column]) => column), 'body_text'];
  const insert = db.prepare(
    `INSERT INTO releases (id, ${columns.join(', ')}, corrected_at, created_at, updated_at, version, deleted_at)
     VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')}, @corrected_at, @created_at, @updated_at, @version,
       @deleted_at)`,
  );
  const versions = new Map<string, number>();
  const refused = new Set<string>();
  for (const row of rows) {
    const id = ReleaseIdSchema.safeParse(row.id);
    if (!id.success) {
      dropped.add(`release:${label(row.id)}:id`);
      continue;
    }
    if (versions.has(id.data) || refused.has(id.data)) {
      dropped.add(`release:${id.data}:duplicate`);
      continue;
    }
    let fields: ReleaseFields;
    try {
      fields = releaseFields(rowFields(row));
      if (!showsOnly(fields, assetIds))
        throw new PressdeskError('INVALID_DOCUMENT', 'The release shows an image that was not carried over.');
    } catch (error) {
      refused.add(id.data);
      dropped.add(`release:${id.data}:${codeOf(error)}`);
      continue;
    }
    const createdAt = instant(row.created_at) ?? instant(row.updated_at) ?? now;
    const version = positiveInt(row.version) ?? 1;
    insert.run({
      id: id.data,
      ...releaseRowParams(fields),
      corrected_at: instant(row.corrected_at),
      created_at: createdAt,
      updated_at: instant(row.updated_at) ?? createdAt,
      version,
      // A release in the trash with a damaged time stays in the trash.
      deleted_at: row.deleted_at === undefined || row.deleted_at === null ? null : (instant(row.deleted_at) ?? now),
    });
    versions.set(id.data, version);
  }
  return { count: versions.size, versions, refused };
}

function copyRevisions(
  db: Database.Database,
  rows: Iterable<Row>,
  versions: ReadonlyMap<string, number>,
  refused: ReadonlySet<string>,
  assetIds: ReadonlySet<string>,
  dropped: Dropped,
  now: string,
): number {
  const insert = db.prepare(
    'INSERT INTO release_revisions (release_id, version, snapshot, created_at) VALUES (?, ?, ?, ?)',
  );
  let count = 0;
  const seen = new Set<string>();
  for (const row of rows) {
    const releaseId = row.release_id;
    // The history of a refused release goes with it (the release is reported).
    if (typeof releaseId === 'string' && refused.has(releaseId)) continue;
    const name = `revision:${label(releaseId)}@${label(row.version)}`;
    const current = typeof releaseId === 'string' ? versions.get(releaseId) : undefined;
    const version = positiveInt(row.version, current ?? 0);
    const key = `${String(releaseId)}@${String(version)}`;
    if (current === undefined || version === null || seen.has(key)) {
      dropped.add(name);
      continue;
    }
    const raw = parseJson(row.snapshot);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as Row).id !== releaseId) {
      dropped.add(name);
      continue;
    }
    const snapshot = raw as Row;
    let fields: ReleaseFields;
    try {
      // Snapshots written before a field existed lack it.
      fields = releaseFields({ ...DEFAULT_FIELDS, ...pickKnown(snapshot) });
      if (!showsOnly(fields, assetIds)) throw new PressdeskError('INVALID_DOCUMENT', 'Missing image.');
    } catch (error) {
      codeOf(error);
      dropped.add(name);
      continue;
    }
    const updatedAt = instant(snapshot.updatedAt) ?? instant(row.created_at) ?? now;
    const release = {
      id: releaseId,
      ...pickFields(fields),
      correctedAt: instant(snapshot.correctedAt),
      createdAt: instant(snapshot.createdAt) ?? updatedAt,
      updatedAt,
      version,
      deletedAt:
        snapshot.deletedAt === undefined || snapshot.deletedAt === null ? null : (instant(snapshot.deletedAt) ?? now),
    };
    insert.run(releaseId, version, JSON.stringify(release), instant(row.created_at) ?? updatedAt);
    seen.add(key);
    count += 1;
  }
  return count;
}

/** Only the release fields of a snapshot, never other keys it may carry. */
function pickKnown(snapshot: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_FIELDS)) if (Object.hasOwn(snapshot, key)) out[key] = snapshot[key];
  return out;
}

function copySnippets(db: Database.Database, rows: Iterable<Row>, dropped: Dropped, now: string): number {
  const insert = db.prepare(
    'INSERT INTO snippets (id, kind, title, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const ids = new Set<string>();
  for (const row of rows) {
    const id = ReleaseIdSchema.safeParse(row.id);
    const fields = SnippetFieldsSchema.safeParse({ kind: row.kind, title: row.title, text: row.text ?? '' });
    if (!id.success || !fields.success || ids.has(id.data)) {
      dropped.add(`snippet:${label(row.id)}`);
      continue;
    }
    const createdAt = instant(row.created_at) ?? now;
    insert.run(
      id.data,
      fields.data.kind,
      fields.data.title,
      fields.data.text,
      createdAt,
      instant(row.updated_at) ?? createdAt,
    );
    ids.add(id.data);
  }
  return ids.size;
}

/** Templates by the checks of a template's fields; one whose images did not come along is left out. */
function copyTemplates(
  db: Database.Database,
  rows: Iterable<Row>,
  assetIds: ReadonlySet<string>,
  dropped: Dropped,
  now: string,
): number {
  const insert = db.prepare('INSERT INTO templates (id, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const row of rows) {
    const id = ReleaseIdSchema.safeParse(row.id);
    const name = TemplateNameSchema.safeParse(row.name);
    const fields = TemplateFieldsSchema.safeParse(typeof row.fields === 'string' ? parseJson(row.fields) : undefined);
    const key = name.success ? name.data.toLocaleLowerCase('de') : '';
    if (
      !id.success ||
      !name.success ||
      !fields.success ||
      ids.has(id.data) ||
      names.has(key) ||
      (fields.data.leadImage !== null && !assetIds.has(fields.data.leadImage.assetId)) ||
      !documentFigures(fields.data.body).every((f) => assetIds.has(f.assetId))
    ) {
      dropped.add(`template:${label(row.id)}`);
      continue;
    }
    const createdAt = instant(row.created_at) ?? now;
    insert.run(id.data, name.data, JSON.stringify(fields.data), createdAt, instant(row.updated_at) ?? createdAt);
    ids.add(id.data);
    names.add(key);
  }
  return ids.size;
}

/**
 * The log as it was, entry by entry in its order; an entry that is not one
 * Pressdesk writes (unknown kind, unreadable actor or detail) is dropped, the
 * others are kept even for releases deleted for good (the log outlives them).
 */
function copyReleaseLog(db: Database.Database, rows: Iterable<Row>, dropped: Dropped): number {
  const insert = db.prepare(
    'INSERT INTO release_log (release_id, at, actor, kind, version, detail) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const entries: { seq: number; values: [string, string, string, string, number | null, string] }[] = [];
  for (const row of rows) {
    const releaseId = ReleaseIdSchema.safeParse(row.release_id);
    const at = instant(row.at);
    const actor = ActorSchema.safeParse(typeof row.actor === 'string' ? parseJson(row.actor) : undefined);
    const kind = LogKindSchema.safeParse(row.kind);
    const detail = LogDetailSchema.safeParse(typeof row.detail === 'string' ? parseJson(row.detail) : undefined);
    const version = row.version === null ? null : positiveInt(row.version);
    const seq = positiveInt(row.seq);
    if (
      !releaseId.success ||
      at === null ||
      !actor.success ||
      !kind.success ||
      !detail.success ||
      seq === null ||
      (row.version !== null && version === null)
    ) {
      dropped.add(`log:${label(row.seq)}`);
      continue;
    }
    entries.push({
      seq,
      values: [releaseId.data, at, JSON.stringify(actor.data), kind.data, version, JSON.stringify(detail.data)],
    });
  }
  entries.sort((a, b) => a.seq - b.seq);
  for (const e of entries) insert.run(...e.values);
  return entries.length;
}

/**
 * The comments of the releases that came along: a thread or reply with a
 * bad id, author, time or text, of a release left behind, or answering a
 * thread that did not come along is dropped (its replies with it).
 */
function copyComments(
  db: Database.Database,
  rows: Iterable<Row>,
  releases: ReadonlyMap<string, number>,
  dropped: Dropped,
): number {
  const insert = db.prepare(
    `INSERT INTO release_comments (id, release_id, parent_id, author, at, text, anchor_text, resolved_at, resolved_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const actorOf = (value: unknown) =>
    ActorSchema.safeParse(typeof value === 'string' && value.length <= 4096 ? parseJson(value) : undefined);
  const all = [...rows];
  // Threads first, so that each reply finds its thread.
  all.sort((a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null));
  const threads = new Map<string, string>();
  const ids = new Set<string>();
  for (const row of all) {
    const id = CommentIdSchema.safeParse(row.id);
    const releaseId = typeof row.release_id === 'string' ? row.release_id : '';
    const parent = row.parent_id === null ? null : CommentIdSchema.safeParse(row.parent_id);
    const author = actorOf(row.author);
    const at = instant(row.at);
    const text = typeof row.text === 'string' ? cleanText(row.text.slice(0, COMMENT_LIMITS.text * 4), true) : '';
    const anchor =
      typeof row.anchor_text === 'string' ? cleanText(row.anchor_text.slice(0, COMMENT_LIMITS.anchorText * 4)) : '';
    const resolvedAt = row.resolved_at === null || row.resolved_at === undefined ? null : instant(row.resolved_at);
    const resolvedBy = resolvedAt === null ? null : actorOf(row.resolved_by);
    if (
      !id.success ||
      ids.has(id.data) ||
      !releases.has(releaseId) ||
      (parent !== null && (!parent.success || threads.get(parent.data) !== releaseId)) ||
      !author.success ||
      at === null ||
      text === '' ||
      text.length > COMMENT_LIMITS.text ||
      anchor.length > COMMENT_LIMITS.anchorText ||
      (row.resolved_at !== null && row.resolved_at !== undefined && resolvedAt === null) ||
      (resolvedBy !== null && !resolvedBy.success)
    ) {
      dropped.add(`comment:${label(row.id)}`);
      continue;
    }
    insert.run(
      id.data,
      releaseId,
      parent === null ? null : parent.data,
      JSON.stringify(author.data),
      at,
      text,
      parent === null ? anchor : '',
      parent === null ? resolvedAt : null,
      parent === null && resolvedBy?.success ? JSON.stringify(resolvedBy.data) : null,
    );
    ids.add(id.data);
    if (parent === null) threads.set(id.data, releaseId);
  }
  return ids.size;
}

function copySettings(
  db: Database.Database,
  rows: Iterable<Row>,
  local: readonly LocalSetting[],
  dropped: Dropped,
  now: string,
): number {
  const insert = db.prepare('INSERT INTO app_settings (key, value_json, updated_at) VALUES (?, ?, ?)');
  const keys = new Set<string>();
  const valid = (key: unknown, valueJson: unknown, fromBackup: boolean): string | null => {
    if (typeof key !== 'string') return null;
    const spec = SETTINGS.get(key);
    if (!spec || spec.fromBackup !== fromBackup) return null;
    const value = parseJson(valueJson);
    if (value === NOT_JSON || !spec.schema.safeParse(value).success) return null;
    return JSON.stringify(value);
  };
  for (const row of rows) {
    const json = valid(row.key, row.value_json, true);
    if (json === null || keys.has(row.key as string)) {
      dropped.add(`setting:${label(row.key)}`);
      continue;
    }
    insert.run(row.key, json, instant(row.updated_at) ?? now);
    keys.add(row.key as string);
  }
  for (const setting of local) {
    const json = valid(setting.key, setting.valueJson, false);
    if (json === null || keys.has(setting.key)) continue;
    insert.run(setting.key, json, instant(setting.updatedAt) ?? now);
    keys.add(setting.key);
  }
  return keys.size;
}

/** The settings of a workstation's own database that no backup may change. */
export function readLocalSettings(db: Database.Database): LocalSetting[] {
  try {
    return db
      .prepare<[], LocalSetting>('SELECT key, value_json AS valueJson, updated_at AS updatedAt FROM app_settings')
      .all()
      .filter((s) => SETTINGS.get(s.key)?.fromBackup === false);
  } catch {
    // An older or damaged database has none to keep.
    return [];
  }
}

export interface LocalSuppression {
  readonly emailKey: string;
  readonly reason: string;
  readonly createdAt: string;
}

/** The addresses a workstation suppresses (its opt-outs), which no restored backup may forget. */
export function readLocalSuppressions(db: Database.Database): LocalSuppression[] {
  try {
    return db
      .prepare<[], LocalSuppression>('SELECT email_key AS emailKey, reason, created_at AS createdAt FROM suppressions')
      .all();
  } catch {
    // An older or damaged database has none.
    return [];
  }
}

/** The suppressed addresses of a database file that may be missing or damaged. */
export function readLocalSuppressionsFile(file: string): LocalSuppression[] {
  if (!existsSync(file)) return [];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return readLocalSuppressions(db);
  } catch {
    return [];
  } finally {
    db?.close();
  }
}

/** The settings no backup may change, from a database file that may be missing or damaged. */
export function readLocalSettingsFile(file: string): LocalSetting[] {
  if (!existsSync(file)) return [];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return readLocalSettings(db);
  } catch {
    return [];
  } finally {
    db?.close();
  }
}

/** Ids of the press list's rows: what the repository makes (UUIDs), nothing that could hide in a report. */
const CONTACT_ROW_ID = /^[\w-]{1,64}$/;

/**
 * The press list by the checks of the form and the import: every contact's
 * fields parsed again (a valid address, lengths, no control characters,
 * NFC), its address key computed anew (never taken from the file), one
 * contact per address; lists by their name's check, one per name; members
 * only of lists and contacts that came along; suppressions only of valid
 * addresses. An opted-out contact keeps its address suppressed even when the
 * file lost the suppression entry.
 */
function copyPressList(
  db: Database.Database,
  rows: (table: string) => Iterable<Row>,
  local: readonly LocalSuppression[],
  dropped: Dropped,
  now: string,
): void {
  const insertSuppression = db.prepare(
    'INSERT INTO suppressions (email_key, reason, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  // This workstation's opt-outs first: a contact of the file with such an address comes in opted out.
  for (const s of local) if (isValidEmail(s.emailKey)) insertSuppression.run(s.emailKey, s.reason, s.createdAt);
  for (const row of rows('suppressions')) {
    const key = typeof row.email_key === 'string' ? row.email_key.trim().toLowerCase() : '';
    if (!isValidEmail(key)) {
      dropped.add(`suppression:${label(row.email_key)}`);
      continue;
    }
    insertSuppression.run(key, capped(row.reason, 100) || 'opt-out', instant(row.created_at) ?? now);
  }

  const insertContact = db.prepare(
    `INSERT INTO contacts (id, name, outlet, role, email, email_key, phone, beats, language, notes,
       consent_source, consent_at, opt_out, opt_out_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const contactIds = new Set<string>();
  const keys = new Set<string>();
  for (const row of rows('contacts')) {
    const beats = parseJson(row.beats ?? '[]');
    const consentAt = typeof row.consent_at === 'string' && row.consent_at !== '' ? row.consent_at.slice(0, 10) : null;
    const fields = ContactFieldsSchema.safeParse({
      name: typeof row.name === 'string' ? row.name : '',
      outlet: typeof row.outlet === 'string' ? row.outlet : '',
      role: typeof row.role === 'string' ? row.role : '',
      email: row.email,
      phone: typeof row.phone === 'string' ? row.phone : '',
      beats: Array.isArray(beats) ? beats.filter((b): b is string => typeof b === 'string') : [],
      language: typeof row.language === 'string' ? row.language : '',
      remarks: typeof row.notes === 'string' ? row.notes : '',
      consentSource: typeof row.consent_source === 'string' ? row.consent_source : '',
      consentAt,
    });
    const id = typeof row.id === 'string' && CONTACT_ROW_ID.test(row.id) ? row.id : null;
    if (!fields.success || id === null || contactIds.has(id)) {
      dropped.add(`contact:${label(row.id)}`);
      continue;
    }
    const key = fields.data.email.trim().toLowerCase();
    if (keys.has(key)) {
      dropped.add(`contact:${label(row.id)}:duplicate`);
      continue;
    }
    const optOut = row.opt_out === 1;
    const suppressedAt =
      db.prepare<[string], { created_at: string }>('SELECT created_at FROM suppressions WHERE email_key = ?').get(key)
        ?.created_at ?? null;
    const optOutAt = optOut ? (instant(row.opt_out_at) ?? suppressedAt ?? now) : suppressedAt;
    if (optOut) insertSuppression.run(key, 'opt-out', optOutAt);
    const createdAt = instant(row.created_at) ?? now;
    const f = fields.data;
    insertContact.run(
      id,
      f.name,
      f.outlet,
      f.role,
      f.email,
      key,
      f.phone,
      JSON.stringify(f.beats),
      f.language,
      f.remarks,
      f.consentSource,
      f.consentAt,
      optOut || suppressedAt !== null ? 1 : 0,
      optOutAt,
      createdAt,
      instant(row.updated_at) ?? createdAt,
    );
    contactIds.add(id);
    keys.add(key);
  }

  const insertList = db.prepare('INSERT INTO contact_lists (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const listIds = new Set<string>();
  const names = new Set<string>();
  for (const row of rows('contact_lists')) {
    const id = typeof row.id === 'string' && CONTACT_ROW_ID.test(row.id) ? row.id : null;
    const name = ListNameSchema.safeParse(typeof row.name === 'string' ? row.name : '');
    const key = name.success ? name.data.toLowerCase() : '';
    if (id === null || !name.success || listIds.has(id) || names.has(key)) {
      dropped.add(`list:${label(row.id)}`);
      continue;
    }
    const createdAt = instant(row.created_at) ?? now;
    insertList.run(id, name.data, createdAt, instant(row.updated_at) ?? createdAt);
    listIds.add(id);
    names.add(key);
  }

  const insertMember = db.prepare(
    'INSERT INTO contact_list_members (list_id, contact_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  for (const row of rows('contact_list_members')) {
    const listId = typeof row.list_id === 'string' ? row.list_id : '';
    const contactId = typeof row.contact_id === 'string' ? row.contact_id : '';
    if (!listIds.has(listId) || !contactIds.has(contactId)) {
      dropped.add(`member:${label(row.list_id)}/${label(row.contact_id)}`);
      continue;
    }
    insertMember.run(listId, contactId, instant(row.added_at) ?? now);
  }
}

/** The largest message a mailing's log may keep (its images and attachments included). */
const MAX_MAIL_MESSAGE_BYTES = 64 * 1024 * 1024;
const MAIL_ID = /^[\w.-]{1,64}$/;

function nonNegativeInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * The send log's mailings. Each must be whole (an id, the release it sent,
 * its lists, its message as bytes); a mailing that was still open in the
 * backup is marked cancelled: the restored workstation never resumes it by
 * itself, and its lists count as mailed, so the same `send` is refused
 * (MAIL_ALREADY_SENT) unless the user sends again on purpose.
 */
function copyMailings(db: Database.Database, rows: Iterable<Row>, dropped: Dropped, now: string): Set<string> {
  const insert = db.prepare(
    `INSERT INTO mailings (id, release_id, release_version, lists, lists_key, subject, sender, test, state, suppressed,
       message, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ids = new Set<string>();
  for (const row of rows) {
    const lists = parseJson(row.lists);
    const listNames = Array.isArray(lists) ? lists.filter((l): l is string => typeof l === 'string') : null;
    const version = positiveInt(row.release_version);
    const message = row.message;
    if (
      typeof row.id !== 'string' ||
      !MAIL_ID.test(row.id) ||
      ids.has(row.id) ||
      typeof row.release_id !== 'string' ||
      !ReleaseIdSchema.safeParse(row.release_id).success ||
      version === null ||
      listNames === null ||
      listNames.length > 50 ||
      (row.test !== 0 && row.test !== 1) ||
      !['open', 'done', 'cancelled'].includes(row.state as string) ||
      !Buffer.isBuffer(message) ||
      message.length > MAX_MAIL_MESSAGE_BYTES
    ) {
      dropped.add(`mailing:${label(row.id)}`);
      continue;
    }
    const names = listNames.map((l) => capped(l, 200));
    const key = JSON.stringify([...new Set(names.map((l) => l.trim().toLowerCase()))].sort());
    const createdAt = instant(row.created_at) ?? now;
    insert.run(
      row.id,
      row.release_id,
      version,
      JSON.stringify(names),
      key,
      capped(row.subject, 2000),
      capped(row.sender, 320),
      row.test,
      row.state === 'open' ? 'cancelled' : row.state,
      nonNegativeInt(row.suppressed) ?? 0,
      message,
      createdAt,
      row.state === 'open' ? now : (instant(row.updated_at) ?? createdAt),
    );
    ids.add(row.id);
  }
  return ids;
}

/**
 * Each mailing's recipients with their state and the server's answer. Who
 * was still waiting in the backup is not sent (`cancelled`); whoever was
 * being handed over, or perhaps sent, is `cancelled` too with that said: a
 * restored mailing is history, never sent again (its stored message came
 * from elsewhere and is not trusted).
 */
function copyMailingRecipients(
  db: Database.Database,
  rows: Iterable<Row>,
  mailings: ReadonlySet<string>,
  dropped: Dropped,
  now: string,
): void {
  const insert = db.prepare(
    `INSERT INTO mailing_recipients (mailing_id, email_key, email, name, position, state, response, message_id, headers,
       attempts, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const states = ['queued', 'sending', 'accepted', 'refused', 'uncertain', 'cancelled'];
  for (const row of rows) {
    const email = typeof row.email === 'string' ? row.email.trim() : '';
    const position = nonNegativeInt(row.position);
    if (
      typeof row.mailing_id !== 'string' ||
      !mailings.has(row.mailing_id) ||
      email === '' ||
      email.length > 254 ||
      /[\s<>]/.test(email) ||
      position === null ||
      !states.includes(row.state as string) ||
      typeof row.message_id !== 'string' ||
      row.message_id.length > 300
    ) {
      dropped.add(`mailing-recipient:${label(row.mailing_id)}:${label(row.email)}`);
      continue;
    }
    const waiting = row.state === 'queued';
    // Perhaps sent before the backup was made: kept as a final state, so that nothing of a restored
    // mailing can ever be sent again (not even by „Erneut senden“): its stored message is not ours to trust.
    const handedOver = row.state === 'sending' || row.state === 'uncertain';
    insert.run(
      row.mailing_id,
      email.toLowerCase(),
      email,
      capped(row.name, 300),
      position,
      waiting || handedOver ? 'cancelled' : row.state,
      waiting
        ? 'Not sent: restored from a backup.'
        : handedOver
          ? 'Perhaps sent before the backup was made; never sent again from a restored backup.'
          : capped(row.response, 1000),
      withoutControls(row.message_id, ''),
      typeof row.headers === 'string' ? row.headers.slice(0, 10_000) : '',
      nonNegativeInt(row.attempts) ?? 0,
      waiting || handedOver ? now : (instant(row.updated_at) ?? now),
    );
  }
}
