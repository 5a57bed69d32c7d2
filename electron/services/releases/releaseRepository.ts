import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  countWords,
  documentFigures,
  documentToPlainText,
  normalizeDocument,
  stripComments,
} from '../../../shared/document';
import {
  canTransition,
  contentKey,
  defaultFields,
  formatReleaseNumber,
  officeYear,
  pickFields,
  RELEASE_FIELD_NAMES,
  ReleaseFieldsSchema,
  type ReleaseFieldName,
  type Release,
  type ReleaseFields,
  type ReleasePatch,
  type ReleaseStatus,
  type ReleaseSummary,
} from '../../../shared/domain';
import { PressdeskError, issueList } from '../../../shared/errors';
import {
  DEFER_SEARCH,
  FLUSH_GIVEN_SEARCH,
  FLUSH_GIVEN_SEARCH_LISTED,
  INDEX_BATCH_STEP,
  END_BATCH_STEPS,
  END_BATCH_STEPS_LISTED,
  FTS_COLUMNS,
  GIVE_TEXTS,
  GIVEN_TEXTS_SETUP,
} from '../db/searchIndex';
import { markAsCopy } from '../../../shared/domain/template';
import type {
  Actor,
  ApprovalGate,
  InterchangeApproval,
  InterchangeQuote,
  LogDetail,
  LogKind,
} from '../../../shared/domain';
import { ReleaseLog } from './releaseLog';
import { WordList } from '../archive/wordList';
import { approvalHash } from '../approval/content';
import { UNKNOWN_ACTOR } from '../../../shared/domain';

/**
 * Called inside the transaction of every status change, before it is
 * written: it may refuse the change (APPROVAL_REQUIRED) or write what goes
 * with it (an approval withdrawn when a release goes back to rework).
 */
export type TransitionHook = (current: Release, next: ReleaseFields) => void;

/** What the approval rules add to the store: the check of status changes, the facts preflight checks. */
export interface ApprovalHooks {
  readonly transition: TransitionHook;
  readonly gate: (release: Release) => ApprovalGate;
  /** Takes over the approval and quote states an imported record carries. */
  readonly adopt: (
    releaseId: string,
    approval: InterchangeApproval | null | undefined,
    quotes: readonly InterchangeQuote[],
  ) => void;
}

/**
 * How each release field is stored: its column is the field's name in
 * snake_case, with `_json` for JSON values. The type requires a kind for
 * every field of the table, so a new field cannot be forgotten here.
 */
const FIELD_STORAGE: { readonly [K in ReleaseFieldName]: 'text' | 'json' | 'jsonOrNull' } = {
  language: 'text',
  topic: 'text',
  headline: 'text',
  subheadline: 'text',
  teaser: 'text',
  dateline: 'text',
  publishedAt: 'text',
  embargoUntil: 'text',
  status: 'text',
  tags: 'json',
  leadImage: 'jsonOrNull',
  pressContact: 'text',
  boilerplate: 'text',
  relatedLinks: 'json',
  relatedReleaseIds: 'json',
  releaseNumber: 'text',
  body: 'json',
};

/** The column of a field: `embargoUntil` → `embargo_until`, `tags` → `tags_json`. */
export function fieldColumn(name: ReleaseFieldName): string {
  const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return FIELD_STORAGE[name] === 'text' ? snake : `${snake}_json`;
}

/** Each release field with its column, in table order (the rows of foreign databases are read by it too). */
export const FIELD_COLUMNS: readonly (readonly [ReleaseFieldName, string])[] = RELEASE_FIELD_NAMES.map(
  (name) => [name, fieldColumn(name)] as const,
);

/** Whether a field's column holds JSON (else the value as it is). */
export function storedAsJson(name: ReleaseFieldName): boolean {
  return FIELD_STORAGE[name] !== 'text';
}

/** A stored row: the field columns, the plain-text projection of the body, and the record's history. */
type ReleaseRow = Record<string, string | number | null> & {
  id: string;
  created_at: string;
  updated_at: string;
  corrected_at: string | null;
  version: number;
  deleted_at: string | null;
};

/** A field's value as its column holds it. */
function encodeField(name: ReleaseFieldName, value: unknown): string | null {
  const kind = FIELD_STORAGE[name];
  if (kind === 'text') return value as string | null;
  if (kind === 'jsonOrNull' && value === null) return null;
  return JSON.stringify(value);
}

function decodeField(name: ReleaseFieldName, stored: unknown): unknown {
  const kind = FIELD_STORAGE[name];
  if (kind === 'text') return stored;
  if (stored === null || stored === undefined) return kind === 'jsonOrNull' ? null : undefined;
  return JSON.parse(stored as string);
}

export interface SummaryRow {
  id: string;
  headline: string;
  topic: string;
  status: ReleaseStatus;
  language: string;
  published_at: string | null;
  embargo_until: string | null;
  updated_at: string;
  deleted_at: string | null;
  lead_image_id: string | null;
}

/** The fields a row's columns hold (the inverse of `releaseRowParams`). */
function rowFields(row: Readonly<Record<string, unknown>>): ReleaseFields {
  return Object.fromEntries(
    FIELD_COLUMNS.map(([name, column]) => [name, decodeField(name, row[column])]),
  ) as ReleaseFields;
}

function toRelease(row: ReleaseRow): Release {
  return {
    id: row.id,
    ...rowFields(row),
    correctedAt: row.corrected_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    deletedAt: row.deleted_at,
  };
}

/** A release's summary from its row (also for search hits, which select the same columns). */
export function toSummary(row: SummaryRow): ReleaseSummary {
  return {
    id: row.id,
    headline: row.headline,
    topic: row.topic,
    status: row.status,
    language: row.language,
    publishedAt: row.published_at,
    embargoUntil: row.embargo_until,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    leadImageId: row.lead_image_id,
  };
}

export const DEFAULT_FIELDS: ReleaseFields = defaultFields();

export { contentKey, pickFields };

/** A stable id for imported releases that carry none, so re-importing is idempotent. */
export function derivedReleaseId(fields: ReleaseFields): string {
  const h = createHash('sha256').update(contentKey(fields)).digest('hex');
  // RFC 9562 version 8 (custom) UUID built from the content hash.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface CreateOptions {
  readonly id?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** How a new release came to be, for its log. */
interface Origin {
  readonly kind: 'created' | 'duplicated' | 'imported';
  readonly detail?: LogDetail;
}

const IMPORTED_NEW: Origin = { kind: 'imported', detail: { outcome: 'new' } };

/** The page cache of the archive's database while a bulk import runs, in KiB (SQLite's default here is 16,000). */
export const IMPORT_CACHE_KIB = 4000;

export interface ReleaseRepositoryOptions {
  /**
   * The office's release number scheme („PM {n}/{yyyy}“), read at each first
   * publication; without one, releases are published without a number.
   */
  readonly releaseNumberScheme?: () => string | undefined;
  /** Who is working here: each entry of the log names them. */
  readonly actor?: () => Actor;
}

export interface SaveOptions {
  /**
   * An explicit save by the user (Ctrl/Cmd+S): always kept as a revision.
   * Autosaves are kept at most every {@link REVISION_INTERVAL_MS}.
   */
  readonly checkpoint?: boolean;
}

/** Autosaved editing is kept as a revision at most this often. */
export const REVISION_INTERVAL_MS = 10 * 60 * 1000;

export interface ListOptions {
  readonly limit?: number;
  readonly offset?: number;
  readonly trash?: boolean;
}

export type UpsertOutcome = 'imported' | 'updated' | 'skipped';

export interface RevisionSummary {
  readonly version: number;
  readonly createdAt: string;
  readonly status: ReleaseStatus;
  readonly headline: string;
  readonly words: number;
}

/** Snapshots written before a field existed lack it: fill in the defaults. */
function readSnapshot(json: string): Release {
  const raw = JSON.parse(json) as Partial<Release> & Pick<Release, 'id' | 'version' | 'body' | 'status'>;
  return {
    ...DEFAULT_FIELDS,
    correctedAt: null,
    deletedAt: null,
    createdAt: raw.updatedAt ?? new Date(0).toISOString(),
    updatedAt: raw.updatedAt ?? new Date(0).toISOString(),
    ...raw,
  };
}

const COLUMNS = FIELD_COLUMNS.map(([, column]) => column);

/** The columns of checked release fields as they are written, with the body's plain text (it feeds the search index). */
export function releaseRowParams(fields: ReleaseFields): Record<string, string | null> {
  const params: Record<string, string | null> = {};
  for (const [name, column] of FIELD_COLUMNS) params[column] = encodeField(name, fields[name]);
  params.body_text = documentToPlainText(fields.body);
  return params;
}

/**
 * The store's checks of release fields that need no database (the schema,
 * the body normalised): the fields as the store writes them. The import's
 * record thread runs them too, ahead of the write.
 */
export function checkReleaseFields(fields: ReleaseFields): ReleaseFields {
  const parsed = ReleaseFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    throw new PressdeskError('INVALID_INPUT', 'Invalid release fields.', {
      issues: issueList(parsed.error.issues),
    });
  }
  return { ...parsed.data, body: normalizeDocument(parsed.data.body) };
}

/** The media library ids of the images that fields place: the lead image and the body's figures. */
function placedImages(fields: ReleaseFields): string[] {
  return [
    ...new Set([
      ...(fields.leadImage ? [fields.leadImage.assetId] : []),
      ...documentFigures(fields.body).map((f) => f.assetId),
    ]),
  ];
}

/**
 * Release fields checked ahead of their write (on the import's record
 * thread), as the writer needs them: their row values and the images they
 * place. The fields themselves stay behind; the writer reads them back from
 * the row only for a release it already has.
 */
export interface CheckedFields {
  /** `releaseRowParams` of the fields as `checkReleaseFields` returned them. */
  readonly row: Readonly<Record<string, string | null>>;
  /** The media library ids the fields place, each once. */
  readonly images: readonly string[];
  /**
   * The texts of the word index's columns (`FTS_COLUMNS`), folded as the
   * index takes them, when the record thread found them with the words; a
   * bulk import's batch indexes a new release from these.
   */
  readonly texts?: readonly (string | null)[];
}

/** The store's checks that need no database, with what the writer needs of the result. */
export function checkedFields(fields: ReleaseFields): CheckedFields {
  const checked = checkReleaseFields(fields);
  return { row: releaseRowParams(checked), images: placedImages(checked) };
}

/**
 * The JSON of a new release's first revision, made from its row values: the
 * text `JSON.stringify` gives for the release as it then reads from the store
 * (same members, same order), without building that release. The JSON
 * columns hold `JSON.stringify` of their field already.
 */
export function firstRevisionJson(
  id: string,
  row: Readonly<Record<string, string | null | undefined>>,
  createdAt: string,
  updatedAt: string,
): string {
  const members = [`"id":${JSON.stringify(id)}`];
  for (const [name, column] of FIELD_COLUMNS) {
    const value = row[column];
    // JSON.stringify leaves out a member without a value.
    if (value === undefined) continue;
    members.push(`"${name}":${storedAsJson(name) ? (value ?? 'null') : JSON.stringify(value)}`);
  }
  members.push(
    '"correctedAt":null',
    `"createdAt":${JSON.stringify(createdAt)}`,
    `"updatedAt":${JSON.stringify(updatedAt)}`,
    '"version":1',
    '"deletedAt":null',
  );
  return `{${members.join(',')}}`;
}

/** The release aggregate: all SQL about releases lives here. */
export class ReleaseRepository {
  private readonly stmts;
  /** The log every action writes to, in the action's own transaction. */
  readonly log: ReleaseLog;
  private approvalHooks: ApprovalHooks | null = null;
  /** The archive's list of words, which a bulk import fills with its batch. */
  private readonly wordList: WordList;
  /** Inside a bulk import's batch, whose flush indexes the texts given with checked fields. */
  private inBatch = false;
  /** Bulk imports running (see `streamingImport`) and the page cache they found. */
  private streaming = { imports: 0, cache: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
    private readonly options: ReleaseRepositoryOptions = {},
  ) {
    this.log = new ReleaseLog(db, options.actor, now);
    this.wordList = new WordList(db);
    for (const sql of GIVEN_TEXTS_SETUP) db.exec(sql);
    this.stmts = {
      nextNumber: db.prepare<[number], { last: number }>(
        `INSERT INTO release_number_counters (year, last) VALUES (?, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last`,
      ),
      numberTaken: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM releases WHERE release_number = ?'),
      get: db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO releases (id, ${COLUMNS.join(', ')}, body_text, created_at, updated_at, version, deleted_at)
         VALUES (@id, ${COLUMNS.map((c) => `@${c}`).join(', ')}, @body_text, @created_at, @updated_at, @version, NULL)`,
      ),
      update: db.prepare(
        `UPDATE releases SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, body_text = @body_text,
           corrected_at = @corrected_at, updated_at = @updated_at, version = @version
         WHERE id = @id AND version = @base_version`,
      ),
      revision: db.prepare(
        'INSERT OR IGNORE INTO release_revisions (release_id, version, snapshot, created_at) VALUES (?, ?, ?, ?)',
      ),
      lastRevision: db.prepare<[string], { version: number; created_at: string }>(
        'SELECT version, created_at FROM release_revisions WHERE release_id = ? ORDER BY version DESC LIMIT 1',
      ),
      setDeleted: db.prepare<[string | null, string, number, string]>(
        'UPDATE releases SET deleted_at = ?, updated_at = ?, version = ? WHERE id = ?',
      ),
      assetExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM assets WHERE id = ?'),
      defer: db.prepare(DEFER_SEARCH),
      deferring: db.prepare('SELECT 1 FROM search_defer'),
      flush: FLUSH_GIVEN_SEARCH.map((sql) => db.prepare(sql)),
      flushListed: FLUSH_GIVEN_SEARCH_LISTED.map((sql) => db.prepare(sql)),
      step: INDEX_BATCH_STEP.map((sql) => db.prepare(sql)),
      endSteps: END_BATCH_STEPS.map((sql) => db.prepare(sql)),
      endStepsListed: END_BATCH_STEPS_LISTED.map((sql) => db.prepare(sql)),
      giveTexts: db.prepare(GIVE_TEXTS),
      contentState: db.prepare<[string], { content_hash: string }>(
        'SELECT content_hash FROM release_content_state WHERE release_id = ?',
      ),
      setContentState: db.prepare(
        `INSERT INTO release_content_state (release_id, content_hash, version, changed_by, changed_at)
         VALUES (@release_id, @content_hash, @version, @changed_by, @changed_at)
         ON CONFLICT (release_id) DO UPDATE SET content_hash = excluded.content_hash, version = excluded.version,
           changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
      ),
      forgetContentState: db.prepare('DELETE FROM release_content_state WHERE release_id = ?'),
      topics: db.prepare<[], { topic: string; count: number }>(
        `SELECT topic, count(*) AS count FROM releases WHERE deleted_at IS NULL AND topic <> ''
         GROUP BY topic ORDER BY count DESC, topic COLLATE NOCASE`,
      ),
    };
  }

  /** Sets the approval rules every status change passes. */
  setApprovalHooks(hooks: ApprovalHooks | null): void {
    this.approvalHooks = hooks;
  }

  /** Takes over the approval and quote states of an imported record (inside the import's transaction). */
  adoptApprovals(
    releaseId: string,
    approval: InterchangeApproval | null | undefined,
    quotes: readonly InterchangeQuote[],
  ): void {
    this.approvalHooks?.adopt(releaseId, approval, quotes);
  }

  /** The approval facts preflight checks before a public export or a mailing; none without approval rules. */
  approvalGate(release: Release): ApprovalGate | undefined {
    return this.approvalHooks?.gate(release);
  }

  /** Who is working here, as the log names them. */
  actor(): Actor {
    return this.options.actor?.() ?? UNKNOWN_ACTOR;
  }

  /**
   * Records who changed the content of a release last (four-eyes), when the
   * content an approval covers changed; call inside the write's transaction.
   */
  private noteContentChange(release: Release, previousHash: string | null): void {
    const hash = approvalHash(release);
    if (hash === previousHash) return;
    this.stmts.setContentState.run({
      release_id: release.id,
      content_hash: hash,
      version: release.version,
      changed_by: JSON.stringify(this.actor()),
      changed_at: this.now().toISOString(),
    });
  }

  find(id: string): Release | null {
    const row = this.stmts.get.get(id);
    return row ? toRelease(row) : null;
  }

  get(id: string): Release {
    const release = this.find(id);
    if (!release) throw new PressdeskError('NOT_FOUND', `No release with id ${id}.`, { id });
    return release;
  }

  /**
   * Every write goes through the same parse as the contract (NFC text, UTC
   * instants, canonical tags), and the body must be a document of our
   * vocabulary, whoever calls the repository.
   */
  private prepareFields(fields: ReleaseFields): ReleaseFields {
    const prepared = checkReleaseFields(fields);
    this.checkImages(prepared);
    return prepared;
  }

  /** Every placed image must be in the media library: no release points at a missing file. */
  private checkImages(fields: ReleaseFields): void {
    this.checkImageIds(placedImages(fields));
  }

  private checkImageIds(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.stmts.assetExists.get(id)) {
        throw new PressdeskError('INVALID_DOCUMENT', `The image ${id} is not in the media library.`, { assetId: id });
      }
    }
  }

  private rowParams(fields: ReleaseFields): Record<string, string | null> {
    return releaseRowParams(fields);
  }

  private snapshot(release: Release): void {
    this.stmts.revision.run(release.id, release.version, JSON.stringify(release), release.updatedAt);
  }

  create(input: Partial<ReleaseFields>, options: CreateOptions = {}): Release {
    return this.insertPrepared(this.prepareFields({ ...DEFAULT_FIELDS, ...input }), options, { kind: 'created' });
  }

  private insertPrepared(fields: ReleaseFields, options: CreateOptions, origin: Origin): Release {
    return this.insertRow(this.rowParams(fields), options, origin, ({ id, createdAt, updatedAt }) => {
      // The release as it now reads from the store (same fields, same order), without reading it back.
      const release: Release = {
        id,
        ...pickFields(fields),
        correctedAt: null,
        createdAt,
        updatedAt,
        version: 1,
        deletedAt: null,
      };
      // An import brings text nobody here wrote: its author stays unknown.
      if (origin.kind !== 'imported') this.noteContentChange(release, null);
      return release;
    });
  }

  /**
   * Writes a new release from its row values: the row, its first revision and
   * its log entry; `then` runs between the revision and the log entry.
   */
  private insertRow<T>(
    row: Readonly<Record<string, string | null>>,
    options: CreateOptions,
    origin: Origin,
    then: (written: { id: string; rowid: number | bigint; createdAt: string; updatedAt: string }) => T,
  ): T {
    const stamp = this.now().toISOString();
    const id = options.id ?? randomUUID();
    const write = (): T => {
      if (this.stmts.get.get(id)) {
        throw new PressdeskError('CONFLICT', `A release with id ${id} exists already.`, { id });
      }
      const createdAt = options.createdAt ?? stamp;
      const updatedAt = options.updatedAt ?? options.createdAt ?? stamp;
      const { lastInsertRowid: rowid } = this.stmts.insert.run({
        id,
        ...row,
        created_at: createdAt,
        updated_at: updatedAt,
        version: 1,
      });
      this.stmts.revision.run(id, 1, firstRevisionJson(id, row, createdAt, updatedAt), updatedAt);
      const result = then({ id, rowid, createdAt, updatedAt });
      this.log.append(id, origin.kind, 1, origin.detail);
      return result;
    };
    // Inside a caller's transaction (a bulk import) no savepoint of its own: everything that
    // can refuse the release is checked before the first write, and a failing write fails
    // the caller's whole transaction.
    return this.db.inTransaction ? write() : this.db.transaction(write).immediate();
  }

  /**
   * Saves a patch on top of `baseVersion`. If someone saved in between, the
   * save is refused with CONFLICT (carrying the stored version) and nothing
   * is written.
   */
  save(id: string, baseVersion: number, patch: ReleasePatch, options: SaveOptions = {}): Release {
    return this.db
      .transaction(() => {
        const { saved, kind, detail } = this.saveUnlogged(id, baseVersion, patch, options);
        this.log.append(id, kind, saved.version, detail);
        return saved;
      })
      .immediate();
  }

  /** A save without its log entry (the caller writes the one entry of its action); inside a transaction. */
  private saveUnlogged(
    id: string,
    baseVersion: number,
    patch: ReleasePatch,
    options: SaveOptions,
  ): { saved: Release; kind: LogKind; detail: LogDetail } {
    const current = this.get(id);
    this.checkVersion(current, baseVersion);
    const prepared = this.prepareFields({ ...pickFields(current), ...stripUndefined(patch) });
    // The number is the engine's: kept once given, whatever a patch says, and given at the first publication.
    const fields = { ...prepared, releaseNumber: current.releaseNumber };
    if (!canTransition(current.status, fields.status)) {
      throw new PressdeskError(
        'FORBIDDEN_TRANSITION',
        `A release cannot go from "${current.status}" to "${fields.status}".`,
        { id, from: current.status, to: fields.status },
      );
    }
    const statusChange = fields.status !== current.status;
    if (statusChange) this.approvalHooks?.transition(current, fields);
    if (statusChange && fields.status === 'published' && fields.releaseNumber === '') {
      fields.releaseNumber = this.nextReleaseNumber();
    }
    // Changing the content of a published release is a correction; the published text stays in the history.
    const correction =
      current.status === 'published' &&
      fields.status === 'published' &&
      contentKey(fields) !== contentKey(pickFields(current));
    // The state before a status change or correction stays in the history, even if autosaves skipped it.
    if (statusChange || correction) this.snapshot(current);
    const keep = options.checkpoint === true || statusChange || correction || this.revisionDue(current);
    const previousHash = this.stmts.contentState.get(id)?.content_hash ?? approvalHash(current);
    const saved = this.updatePrepared(
      current,
      fields,
      keep,
      correction ? this.now().toISOString() : current.correctedAt,
    );
    this.noteContentChange(saved, previousHash);
    if (statusChange) return { saved, kind: 'status', detail: { from: current.status, to: fields.status } };
    if (correction) return { saved, kind: 'correction', detail: {} };
    return { saved, kind: options.checkpoint === true ? 'save' : 'autosave', detail: {} };
  }

  /**
   * The next release number of the office's scheme, counted per year (Berlin
   * time); empty without a scheme. Call inside the publishing transaction, so
   * a refused save gives no number away.
   */
  private nextReleaseNumber(): string {
    const scheme = this.options.releaseNumberScheme?.();
    if (!scheme) return '';
    const year = officeYear(this.now().toISOString());
    // A restored backup brings its releases but not the counters: a number in use is never given twice.
    for (;;) {
      const { last } = this.stmts.nextNumber.get(year)!;
      const number = formatReleaseNumber(scheme, last, year);
      if (!this.stmts.numberTaken.get(number)) return number;
    }
  }

  /**
   * Whether an autosave should be kept as a revision: the stored state is not
   * in the history yet and the newest revision is older than the interval.
   */
  private revisionDue(current: Release): boolean {
    const last = this.stmts.lastRevision.get(current.id);
    if (!last) return true;
    return this.now().getTime() - Date.parse(last.created_at) >= REVISION_INTERVAL_MS;
  }

  private checkVersion(current: Release, baseVersion: number): void {
    if (current.version !== baseVersion) {
      throw new PressdeskError(
        'CONFLICT',
        `The release was changed elsewhere (stored version ${current.version}, yours ${baseVersion}).`,
        { id: current.id, storedVersion: current.version, baseVersion },
      );
    }
  }

  /** Writes already prepared fields as the next version; call inside a transaction. */
  private updatePrepared(
    current: Release,
    fields: ReleaseFields,
    keepRevision = true,
    correctedAt: string | null = current.correctedAt,
  ): Release {
    const result = this.stmts.update.run({
      id: current.id,
      ...this.rowParams(fields),
      corrected_at: correctedAt,
      updated_at: this.now().toISOString(),
      version: current.version + 1,
      base_version: current.version,
    });
    if (result.changes !== 1)
      throw new PressdeskError('CONFLICT', 'The release was changed elsewhere.', { id: current.id });
    const saved = this.get(current.id);
    if (keepRevision) this.snapshot(saved);
    return saved;
  }

  private setDeleted(id: string, deletedAt: string | null, log = true): Release {
    return this.db
      .transaction(() => {
        const current = this.get(id);
        if ((current.deletedAt === null) === (deletedAt === null)) return current;
        this.stmts.setDeleted.run(deletedAt, this.now().toISOString(), current.version + 1, id);
        const changed = this.get(id);
        this.snapshot(changed);
        if (log) this.log.append(id, deletedAt === null ? 'untrashed' : 'trashed', changed.version);
        return changed;
      })
      .immediate();
  }

  /** Moves a release to the trash; it stays restorable. */
  trash(id: string): Release {
    return this.setDeleted(id, this.now().toISOString());
  }

  restore(id: string): Release {
    return this.setDeleted(id, null);
  }

  /** Deletes a release in the trash for good; its revisions go with it, the search index follows. */
  purge(id: string): { id: string } {
    return this.db
      .transaction(() => {
        const current = this.get(id);
        if (current.deletedAt === null) {
          throw new PressdeskError('NOT_IN_TRASH', 'Only a release in the trash can be deleted for good.', { id });
        }
        this.db.prepare('DELETE FROM releases WHERE id = ?').run(id);
        // The log stays: it tells who deleted the release for good.
        this.log.append(id, 'purged', null, { headline: current.headline });
        return { id };
      })
      .immediate();
  }

  list(options: ListOptions = {}): { items: ReleaseSummary[]; total: number } {
    const where = options.trash ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
    // Kept by triggers on `releases` (migration 19): no count over the table.
    const total = this.db
      .prepare<[], number>(`SELECT ${options.trash ? 'trashed' : 'live'} FROM release_totals`)
      .pluck()
      .get()!;
    const rows = this.db
      .prepare<[number, number], SummaryRow>(
        `SELECT id, headline, topic, status, language, published_at, embargo_until, updated_at, deleted_at,
                json_extract(lead_image_json, '$.assetId') AS lead_image_id FROM releases
         WHERE ${where}
         ORDER BY coalesce(published_at, updated_at) DESC, id
         LIMIT ? OFFSET ?`,
      )
      .all(options.limit ?? -1, options.offset ?? 0);
    return { items: rows.map(toSummary), total };
  }

  topics(): { topic: string; count: number }[] {
    return this.stmts.topics.all();
  }

  /**
   * Import by id: a new id is inserted, identical content is skipped, changed
   * content becomes a new version. Call inside a transaction for batches.
   */
  upsert(input: ReleaseFields, options: CreateOptions & { id: string }): UpsertOutcome {
    return this.upsertPrepared(this.prepareFields(input), options);
  }

  /** As `upsert`, for fields checked on the import's record thread (the media library is checked here). */
  upsertChecked(checked: CheckedFields, options: CreateOptions & { id: string }): UpsertOutcome {
    this.checkImageIds(checked.images);
    const current = this.find(options.id);
    if (!current) {
      const rowid = this.insertRow(checked.row, options, IMPORTED_NEW, (at) => at.rowid);
      const texts = checked.texts;
      // Indexed by the batch from these (see GIVEN_TEXTS_SETUP); outside a batch the row is indexed already.
      if (this.inBatch && texts?.length === FTS_COLUMNS.length) this.stmts.giveTexts.run(rowid, ...texts);
      return 'imported';
    }
    return this.updateImported(current, rowFields(checked.row), options);
  }

  private upsertPrepared(prepared: ReleaseFields, options: CreateOptions & { id: string }): UpsertOutcome {
    const current = this.find(options.id);
    if (!current) {
      this.insertPrepared(prepared, options, IMPORTED_NEW);
      return 'imported';
    }
    return this.updateImported(current, prepared, options);
  }

  /** An imported copy of a release this store has: updated unless it says nothing new. */
  private updateImported(
    current: Release,
    prepared: ReleaseFields,
    options: CreateOptions & { id: string },
  ): UpsertOutcome {
    // A number once given stays, whatever an imported copy says (an older export has none).
    const fields = { ...prepared, releaseNumber: current.releaseNumber || prepared.releaseNumber };
    if (contentKey(pickFields(current)) === contentKey(fields) && current.deletedAt === null) return 'skipped';
    // Restore and update may fail after a first write: a savepoint (or transaction) of their own.
    this.transaction(() => {
      const live = current.deletedAt !== null ? this.setDeleted(options.id, null, false) : current;
      const updated = this.updatePrepared(live, fields);
      // Text from a file: whoever wrote it, it was not someone here.
      this.stmts.forgetContentState.run(options.id);
      this.log.append(options.id, 'imported', updated.version, {
        outcome: 'updated',
        ...(live !== current ? { fromTrash: true } : {}),
      });
    });
    return 'updated';
  }

  /**
   * Keeps the release as it is now as a revision, unless it is one already:
   * before a copy from elsewhere (the team server) replaces an autosaved text.
   */
  keepCurrentAsRevision(id: string): void {
    const current = this.find(id);
    if (!current) return;
    const kept = this.db
      .prepare<[string, number], { one: number }>(
        'SELECT 1 AS one FROM release_revisions WHERE release_id = ? AND version = ?',
      )
      .get(id, current.version);
    if (!kept) this.snapshot(current);
  }

  /** The kept revisions of a release, newest first. */
  revisions(id: string): RevisionSummary[] {
    this.get(id);
    const rows = this.db
      .prepare<[string], { version: number; snapshot: string; created_at: string }>(
        'SELECT version, snapshot, created_at FROM release_revisions WHERE release_id = ? ORDER BY version DESC',
      )
      .all(id);
    return rows.map((row) => {
      const snapshot = readSnapshot(row.snapshot);
      return {
        version: row.version,
        createdAt: row.created_at,
        status: snapshot.status,
        headline: snapshot.headline,
        words: countWords(documentToPlainText(snapshot.body)),
      };
    });
  }

  /** One kept revision as the release it was. Fails with NOT_FOUND. */
  revision(id: string, version: number): Release {
    const row = this.db
      .prepare<[string, number], { snapshot: string }>(
        'SELECT snapshot FROM release_revisions WHERE release_id = ? AND version = ?',
      )
      .get(id, version);
    if (!row) throw new PressdeskError('NOT_FOUND', `Release ${id} has no revision ${version}.`, { id, version });
    return readSnapshot(row.snapshot);
  }

  /**
   * Brings back the text of a revision as a new version. The current state is
   * kept as a revision first; the status stays as it is (restoring text into a
   * published release is a correction).
   */
  restoreRevision(id: string, version: number, baseVersion: number): Release {
    return this.db
      .transaction(() => {
        const old = this.revision(id, version);
        const current = this.get(id);
        this.checkVersion(current, baseVersion);
        this.snapshot(current);
        const { status, publishedAt, ...content } = pickFields(old);
        void status;
        void publishedAt;
        const { saved } = this.saveUnlogged(id, baseVersion, content, { checkpoint: true });
        this.log.append(id, 'revision-restored', saved.version, { from: version });
        return saved;
      })
      .immediate();
  }

  /** A new draft with the content of a release ("use as template"): no dates, no history. */
  duplicate(id: string): Release {
    const source = this.get(id);
    const fields = this.prepareFields({
      ...DEFAULT_FIELDS,
      ...pickFields(source),
      // The copy starts without comments: their threads stay with the source.
      body: stripComments(source.body),
      // Marked as a copy in its own language until its headline is changed (preflight reminds).
      headline: markAsCopy(source.headline, source.language),
      status: 'draft',
      publishedAt: null,
      embargoUntil: null,
      releaseNumber: '',
    });
    return this.insertPrepared(fields, {}, { kind: 'duplicated', detail: { from: source.id } });
  }

  /**
   * Changes the status as one action with its own log entry (a status
   * change, an approval): the same rules and hook as a save with a new
   * status. The same status writes nothing but the entry.
   */
  applyStatus(id: string, status: ReleaseStatus, kind: LogKind, detail: LogDetail): Release {
    return this.transaction(() => {
      const current = this.get(id);
      if (current.status === status) {
        this.snapshot(current);
        this.log.append(id, kind, current.version, detail);
        return current;
      }
      const { saved } = this.saveUnlogged(id, current.version, { status }, { checkpoint: true });
      this.log.append(id, kind, saved.version, detail);
      return saved;
    });
  }

  /** Records in the log that the release left the workstation (a bundle, PDF, Word file, wire text). */
  logExport(id: string, detail: LogDetail): void {
    this.log.append(id, 'exported', this.find(id)?.version ?? null, detail);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * A bulk import streams its writes through the store: each page of a batch
   * is written once and rarely read again, so while imports run the page
   * cache is kept small ({@link IMPORT_CACHE_KIB}; measured: no slower, ~10 MB
   * less memory). Returns the end of this import's use; the last one restores
   * the cache.
   */
  streamingImport(): () => void {
    if (this.streaming.imports++ === 0) {
      this.streaming.cache = Number(this.db.pragma('main.cache_size', { simple: true }));
      this.db.pragma(`main.cache_size = -${IMPORT_CACHE_KIB}`);
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.streaming.imports === 0) this.db.pragma(`main.cache_size = ${this.streaming.cache}`);
    };
  }

  /**
   * Inside a bulk transaction: indexes the releases it wrote so far (they
   * stay in its transaction; see INDEX_BATCH_STEP). Outside one: nothing.
   */
  indexBatchStep(): void {
    if (!this.inBatch) return;
    for (const stmt of this.stmts.step) stmt.run();
  }

  /**
   * A transaction for many writes at once (imports): the search indexes are
   * filled for all releases it wrote, at its end (and at the steps `fn` asks
   * for, `indexBatchStep`) and inside it, instead of row by row. Searches see
   * the same index as with single writes.
   * `words`, asked after `fn`, may give every listable word of the texts `fn`
   * wrote (found ahead by the import's record thread): they are listed as
   * they are, instead of splitting the batch's texts again; null when not
   * known.
   */
  bulkTransaction<T>(fn: () => T, words?: () => readonly string[] | null): T {
    return this.transaction(() => {
      // Nested in another bulk transaction: the outer one indexes.
      if (this.stmts.deferring.get()) return fn();
      this.stmts.defer.run();
      this.inBatch = true;
      let result: T;
      try {
        result = fn();
      } finally {
        this.inBatch = false;
      }
      const found = words?.() ?? null;
      for (const stmt of found ? this.stmts.endStepsListed : this.stmts.endSteps) stmt.run();
      for (const flush of found ? this.stmts.flushListed : this.stmts.flush) flush.run();
      if (found) this.wordList.add(found);
      // The words of the batch (or of earlier writes still waiting) go into the list of words with it.
      this.wordList.catchUp();
      return result;
    });
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
