import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { normalizeDocument, stripComments } from '../../../shared/document';
import {
  defaultFields,
  InterchangeReleaseSchema,
  RELEASE_FIELD_NAMES,
  type InterchangeApproval,
  type InterchangeQuote,
  type ReleaseFields,
} from '../../../shared/domain';
import { PressdeskError, issueList, toErrorPayload, type ErrorCode, type ErrorPayload } from '../../../shared/errors';
import { htmlToDocument } from '../document/htmlToDocument';
import {
  checkedFields,
  DEFAULT_FIELDS,
  derivedReleaseId,
  type CheckedFields,
  type ReleaseRepository,
  type UpsertOutcome,
} from './releaseRepository';

export interface ParsedRecord {
  readonly id: string;
  readonly fields: ReleaseFields;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  /** The approval and quote states the record carries (records of the sender). */
  readonly approval?: InterchangeApproval | null;
  readonly quotes?: readonly InterchangeQuote[];
}

/**
 * Reads one record of the interchange format into release fields. The body
 * comes either as a TipTap document (`body`) or as HTML (`bodyHtml`), which is
 * converted through the same vocabulary.
 */
export function parseInterchangeRecord(raw: unknown): ParsedRecord {
  const parsed = InterchangeReleaseSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    throw new PressdeskError(
      'IMPORT_INVALID',
      `Not a valid pressdesk.release/1 record${where}: ${first?.message ?? 'invalid'}`,
      {
        issues: issueList(parsed.error.issues),
      },
    );
  }
  const r = parsed.data;
  const body =
    r.bodyHtml !== undefined
      ? htmlToDocument(r.bodyHtml)
      : r.body !== undefined
        ? // Comment anchors of a foreign body are dropped: their threads are not in the file.
          stripComments(normalizeDocument(r.body))
        : DEFAULT_FIELDS.body;
  // Every field the record leaves out takes its default from the field table.
  const defaults = defaultFields();
  const given = Object.fromEntries(
    RELEASE_FIELD_NAMES.map((name) => [name, (r as Partial<ReleaseFields>)[name] ?? defaults[name]]),
  ) as ReleaseFields;
  const fields: ReleaseFields = { ...given, body };
  return {
    id: r.id ?? derivedReleaseId(fields),
    fields,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    approval: r.approval,
    quotes: r.quotes,
  };
}

/** A record without its fields, which travel as checked row values (`CheckedFields`). */
export type RecordHead = Omit<ParsedRecord, 'fields'>;

/**
 * A record read and checked ahead of the write (on the import's record
 * thread): the record with its fields as the store checks them, as row
 * values, or why it is refused.
 */
export type CheckedRecord =
  | { readonly index: number; readonly record: RecordHead; readonly checked: CheckedFields }
  | { readonly index: number; readonly error: ErrorPayload };

/** Reads and checks one raw record as the import and the store would, without the database. */
export function checkRecord(raw: RawRecord): CheckedRecord {
  try {
    if (raw.error) throw raw.error;
    const { fields, ...record } = parseInterchangeRecord(raw.value);
    return { index: raw.index, record, checked: checkedFields(fields) };
  } catch (error) {
    return { index: raw.index, error: toErrorPayload(error) };
  }
}

export interface RawRecord {
  /** 1-based position of the record in its file (line for NDJSON, index for arrays). */
  readonly index: number;
  readonly value?: unknown;
  readonly error?: PressdeskError;
}

/**
 * Splits a file's text into records: one JSON object, a JSON array, or NDJSON.
 * NDJSON lines are parsed one at a time as the records are taken, so a large
 * file never holds all its parsed records at once; a file that is neither is
 * refused before the first record is given out.
 */
export function readInterchangeText(text: string): Iterable<RawRecord> {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new PressdeskError('IMPORT_PARSE', 'The file is empty.');
  // Whole-value parsing stops at the second NDJSON record, so trying it first is cheap.
  try {
    const whole: unknown = JSON.parse(trimmed);
    if (Array.isArray(whole)) return (whole as unknown[]).map((value, i) => ({ index: i + 1, value }));
    return [{ index: 1, value: whole }];
  } catch {
    // not one JSON value: try NDJSON below
  }
  if (!trimmed.includes('\n') || !trimmed.startsWith('{')) {
    throw new PressdeskError('IMPORT_PARSE', 'The file is neither JSON nor NDJSON.');
  }
  return ndjsonLines(trimmed);
}

function* ndjsonLines(text: string): Generator<RawRecord> {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    // Lines end in LF or CRLF.
    const raw = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      yield { index: line, error: new PressdeskError('IMPORT_PARSE', `Line ${line} is not valid JSON.`) };
      continue;
    }
    yield { index: line, value };
  }
}

/** All records of a file's text at once (see `readInterchangeText`). */
export function splitInterchangeText(text: string): RawRecord[] {
  return [...readInterchangeText(text)];
}

export interface ImportError {
  readonly file: string;
  readonly record?: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface ImportSummary {
  imported: number;
  updated: number;
  skipped: number;
  errors: ImportError[];
}

export function emptySummary(): ImportSummary {
  return { imported: 0, updated: 0, skipped: 0, errors: [] };
}

/**
 * A record to write, or how to read it (then read just before it is written,
 * and reported like a refusal if unreadable), or a record checked already
 * (`checkRecord`).
 */
export type BatchItem =
  | { readonly file: string; readonly index?: number; readonly record: ParsedRecord | (() => ParsedRecord) }
  | { readonly file: string; readonly index?: number; readonly record: RecordHead; readonly checked: CheckedFields };

/**
 * Records a batch writes before it indexes them (a step inside its
 * transaction). Indexed all at the end, a file of 2,000 records held the
 * engine's thread for ~0.3–0.6 s while the import's record thread, a few
 * chunks ahead, had nothing left to do; in steps of 500 the two threads
 * keep working side by side.
 */
export const INDEX_STEP_RECORDS = 500;

/**
 * Writes parsed records in one transaction: a record the store refuses is
 * reported and skipped (it is refused before anything of it is written); a
 * failure of the store itself (disk full, locked, unexpected) rolls the whole
 * batch back.
 */
export function writeBatch(
  repo: ReleaseRepository,
  batch: Iterable<BatchItem>,
  summary: ImportSummary,
  words?: () => readonly string[] | null,
): void {
  // The search indexes are filled for the whole batch (in steps), before it commits.
  repo.bulkTransaction(() => {
    let written = 0;
    for (const item of batch) {
      // A large batch is indexed in steps, inside its transaction (see `indexBatchStep`).
      if (++written % INDEX_STEP_RECORDS === 0) repo.indexBatchStep();
      const { file, index } = item;
      try {
        const [record, outcome] = writeItem(repo, item);
        if (record.approval || record.quotes) repo.adoptApprovals(record.id, record.approval, record.quotes ?? []);
        summary[outcome] += 1;
      } catch (error) {
        const p = toErrorPayload(error);
        if (p.code === 'INTERNAL' || p.code === 'DISK_FULL' || p.code === 'DB_BUSY') throw error;
        summary.errors.push({
          file,
          ...(index !== undefined ? { record: index } : {}),
          code: p.code,
          message: p.message,
        });
      }
    }
  }, words);
}

/** Writes one record of a batch (no savepoint of its own: upsert writes nothing before it has checked the record). */
function writeItem(repo: ReleaseRepository, item: BatchItem): [RecordHead, UpsertOutcome] {
  const at = (record: RecordHead) => ({ id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt });
  if ('checked' in item) return [item.record, repo.upsertChecked(item.checked, at(item.record))];
  const record = typeof item.record === 'function' ? item.record() : item.record;
  return [record, repo.upsert(record.fields, at(record))];
}

/**
 * Imports records into the store, all of a batch in one transaction. A bad
 * record is reported and skipped; it never aborts the others.
 */
export function importRecords(
  repo: ReleaseRepository,
  records: Iterable<RawRecord>,
  file: string,
  summary: ImportSummary = emptySummary(),
): ImportSummary {
  writeBatch(repo, batchItems(records, file), summary);
  return summary;
}

/** Each record is read just before it is written: a large file never holds all its releases twice. */
function* batchItems(records: Iterable<RawRecord>, file: string): Generator<BatchItem> {
  for (const raw of records) {
    yield {
      file,
      index: raw.index,
      record: () => {
        if (raw.error) throw raw.error;
        return parseInterchangeRecord(raw.value);
      },
    };
  }
}

/** Reads interchange files (JSON, JSON array or NDJSON) and imports them. */
export async function importFiles(repo: ReleaseRepository, files: readonly string[]): Promise<ImportSummary> {
  const summary = emptySummary();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      summary.errors.push({ file, code: 'FILE_UNREADABLE', message: `Cannot read ${basename(file)} (${code}).` });
      continue;
    }
    try {
      importRecords(repo, readInterchangeText(text), file, summary);
    } catch (error) {
      const p = toErrorPayload(error);
      summary.errors.push({ file, code: p.code, message: p.message });
    }
  }
  return summary;
}
