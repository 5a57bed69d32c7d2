import {
  ContactFieldsSchema,
  uniqueBeats,
  type Contact,
  type ContactFields,
  type ContactImportError,
  type ContactImportFileResult,
  type ContactImportSummary,
} from '../../../shared/contract/contacts';
import { PressdeskError } from '../../../shared/errors';
import { checkContactFile, looksLikeVcard, parseDate, type RawContact } from './contactFiles';
import type { ContactRepository } from './contactRepository';
import { parseCsvContacts } from './csvContacts';
import { emailKey } from './recipients';
import { parseVcardContacts } from './vcardContacts';

export interface ContactImportFile {
  /** The file's name as the user knows it (reported with its errors). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Language names a spreadsheet may hold instead of a tag. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  deutsch: 'de',
  german: 'de',
  englisch: 'en',
  english: 'en',
  französisch: 'fr',
  french: 'fr',
  français: 'fr',
  italienisch: 'it',
  italian: 'it',
  spanisch: 'es',
  spanish: 'es',
  niederländisch: 'nl',
  dutch: 'nl',
  polnisch: 'pl',
  polish: 'pl',
  türkisch: 'tr',
  turkish: 'tr',
  arabisch: 'ar',
  arabic: 'ar',
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'name',
  outlet: 'outlet',
  role: 'role',
  email: 'e-mail address',
  phone: 'phone',
  beats: 'topics',
  language: 'language',
  remarks: 'notes',
  consentSource: 'consent source',
  consentAt: 'consent date',
};

/** `Name <address>` as mail programs copy it: the address alone. */
function bareAddress(value: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(value);
  return (angle ? angle[1]! : value).trim().replace(/^mailto:/i, '');
}

/** A row's fields, checked as the form checks them; a refusal names the row's problem with a stable code. */
function rowFields(raw: RawContact): ContactFields {
  const email = bareAddress(raw.email);
  if (email === '') {
    throw new PressdeskError('CONTACT_EMAIL_MISSING', 'The row has no e-mail address.');
  }
  const consentAt = raw.consentAt.trim() === '' ? null : parseDate(raw.consentAt);
  if (raw.consentAt.trim() !== '' && consentAt === null) {
    throw new PressdeskError('CONTACT_INVALID', `The consent date "${raw.consentAt.slice(0, 40)}" is no date.`, {
      field: 'consentAt',
    });
  }
  const language = LANGUAGE_NAMES[raw.language.trim().toLowerCase()] ?? raw.language;
  const parsed = ContactFieldsSchema.safeParse({
    name: raw.name,
    outlet: raw.outlet,
    role: raw.role,
    email,
    phone: raw.phone,
    beats: raw.beats,
    language,
    remarks: raw.remarks,
    consentSource: raw.consentSource,
    consentAt,
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  if (field === 'email') {
    throw new PressdeskError('CONTACT_EMAIL_INVALID', `"${email.slice(0, 80)}" is not a valid e-mail address.`, {
      field,
    });
  }
  throw new PressdeskError('CONTACT_INVALID', `The ${FIELD_LABELS[field] ?? field} does not fit: ${issue.message}.`, {
    field,
  });
}

/** The stored contact with the import's values where the import has one; topics are added to. */
function merged(existing: Contact, incoming: ContactFields): ContactFields {
  const pick = (mine: string, theirs: string) => (theirs !== '' ? theirs : mine);
  return {
    name: pick(existing.name, incoming.name),
    outlet: pick(existing.outlet, incoming.outlet),
    role: pick(existing.role, incoming.role),
    // The stored spelling of the address stays (they match ignoring case).
    email: existing.email,
    phone: pick(existing.phone, incoming.phone),
    beats: uniqueBeats([...existing.beats, ...incoming.beats]),
    language: pick(existing.language, incoming.language),
    remarks: pick(existing.remarks, incoming.remarks),
    consentSource: pick(existing.consentSource, incoming.consentSource),
    consentAt: incoming.consentAt ?? existing.consentAt,
  };
}

function sameFields(a: Contact, b: ContactFields): boolean {
  return (
    a.name === b.name &&
    a.outlet === b.outlet &&
    a.role === b.role &&
    a.phone === b.phone &&
    JSON.stringify(a.beats) === JSON.stringify(b.beats) &&
    a.language === b.language &&
    a.remarks === b.remarks &&
    a.consentSource === b.consentSource &&
    a.consentAt === b.consentAt
  );
}

/** Reads a file's contacts; refuses the whole file with its code (and line, where there is one). */
export function readContactFile(bytes: Uint8Array): RawContact[] {
  const text = checkContactFile(bytes);
  return looksLikeVcard(text) ? parseVcardContacts(text) : parseCsvContacts(text);
}

function refusal(file: string, line: number, error: unknown): ContactImportError {
  if (error instanceof PressdeskError) {
    const details = error.details as { line?: unknown } | undefined;
    const at = typeof details?.line === 'number' ? details.line : line;
    return { file, line: at, code: error.code, message: error.message };
  }
  throw error;
}

/** How many rows are checked between two looks at the cancel signal (and two progress events). */
export const CHECK_CHUNK_ROWS = 1000;

/** What became of one file of an import. */
export type ContactImportFileState = ContactImportFileResult['state'];

export interface ContactImportOptions {
  list?: string;
  now?: () => Date;
  /** Stops the import: the file in progress is left out whole, the files done before stay. */
  signal?: AbortSignal;
  /** Rows checked so far of all readable files' rows; the files written or refused, and what they did. */
  onProgress?: (progress: {
    done: number;
    total: number;
    files: readonly ContactImportFileResult[];
    summary: ContactImportSummary;
  }) => void;
}

/** An import's summary, what became of each file, and whether it was cancelled. */
export interface ContactImportRun {
  readonly summary: ContactImportSummary;
  readonly files: ContactImportFileResult[];
  readonly cancelled: boolean;
}

/** A row that passed the checks (its lists are looked up when it is written). */
interface CheckedRow {
  readonly raw: RawContact;
  readonly fields: ContactFields;
}

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes one file's checked rows in one transaction: its rows merge by e-mail
 * address with the store and with the rows above them (the import's values
 * win where it has one, the stored ones stay where it is empty, lists and
 * topics are added). With `list`, everyone imported goes onto that list.
 */
function writeFile(
  repo: ContactRepository,
  file: string,
  rows: readonly CheckedRow[],
  options: { list?: string; now?: () => Date },
): ContactImportSummary {
  return repo.transaction(() => {
    const counts = { imported: 0, updated: 0, skipped: 0, errors: [] as ContactImportError[] };
    const stamp = (options.now?.() ?? new Date()).toISOString();
    const target = options.list !== undefined ? repo.ensureList(options.list) : null;
    const createdHere = new Set<string>();
    // Each list named in the file is looked up (or made) once.
    const listIdsByName = new Map<string, string>();
    const listIdOf = (name: string): string => {
      const key = name.toLowerCase();
      let id = listIdsByName.get(key);
      if (id === undefined) {
        id = repo.ensureList(name).id;
        listIdsByName.set(key, id);
      }
      return id;
    };
    for (const { raw, fields } of rows) {
      let listIds: string[];
      try {
        listIds = [...(target ? [target.id] : []), ...raw.lists.map(listIdOf)];
      } catch (error) {
        counts.errors.push(refusal(file, raw.line, error));
        continue;
      }
      const existing = repo.findByEmail(fields.email);
      if (!existing) {
        const contact = repo.insert(fields, listIds, raw.optOut);
        createdHere.add(contact.id);
        counts.imported += 1;
        continue;
      }
      let changed = false;
      const next = merged(existing, fields);
      if (!sameFields(existing, next)) {
        repo.write(existing.id, next);
        changed = true;
      }
      for (const listId of listIds) if (repo.addMember(listId, existing.id, stamp)) changed = true;
      if (raw.optOut && !existing.optOut) {
        repo.suppress(existing.email, 'opt-out', stamp);
        repo.markOptedOut(emailKey(existing.email), stamp);
        changed = true;
      }
      // A row merged into a contact this file made is no contact of its own.
      if (changed && !createdHere.has(existing.id)) counts.updated += 1;
      else counts.skipped += 1;
    }
    return counts;
  });
}

/**
 * Imports contact files into the press list, file by file. A file that
 * cannot be read is refused whole; a bad row is refused with its line and a
 * stable code, the rest of its file imported.
 *
 * How it keeps the data right and the engine free: every file is read and
 * its rows checked first, in chunks of {@link CHECK_CHUNK_ROWS} with a turn
 * of the event loop between them (progress is pushed and the cancel signal
 * looked at there; nothing is stored yet). Then the file's rows are written
 * in one transaction, which nothing interrupts.
 *
 * Cancel semantics: files written before the cancel stay imported; the file
 * whose rows were being checked, and every file after it, are left out whole
 * (no contact of theirs is stored). `files` says which file is which.
 */
export async function runContactImport(
  repo: ContactRepository,
  files: readonly ContactImportFile[],
  options: ContactImportOptions = {},
): Promise<ContactImportRun> {
  const summary: ContactImportSummary = { imported: 0, updated: 0, skipped: 0, errors: [] };
  const results: ContactImportFileResult[] = [];
  const signal = options.signal;
  // Every file is read first, so that the progress counts all rows.
  const read: { file: ContactImportFile; rows: RawContact[] | null }[] = [];
  let total = 0;
  let cancelled = false;
  for (const file of files) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    try {
      const rows = readContactFile(file.bytes);
      read.push({ file, rows });
      total += rows.length;
    } catch (error) {
      summary.errors.push(refusal(file.name, 0, error));
      read.push({ file, rows: null });
    }
    await nextTurn();
  }
  let done = 0;
  const progress = (): void => options.onProgress?.({ done, total, files: results, summary });
  progress();
  for (const [index, { file, rows }] of read.entries()) {
    if (cancelled || signal?.aborted) break;
    if (rows === null) {
      results.push({ file: file.name, state: 'refused' });
      continue;
    }
    const checked: CheckedRow[] = [];
    const errors: ContactImportError[] = [];
    for (let at = 0; at < rows.length && !signal?.aborted; at += CHECK_CHUNK_ROWS) {
      for (const raw of rows.slice(at, at + CHECK_CHUNK_ROWS)) {
        try {
          checked.push({ raw, fields: rowFields(raw) });
        } catch (error) {
          errors.push(refusal(file.name, raw.line, error));
        }
      }
      done += Math.min(CHECK_CHUNK_ROWS, rows.length - at);
      progress();
      await nextTurn();
    }
    if (signal?.aborted) break;
    const counts = writeFile(repo, file.name, checked, options);
    read[index]!.rows = null;
    summary.imported += counts.imported;
    summary.updated += counts.updated;
    summary.skipped += counts.skipped;
    // Refusals in the order of the file's lines.
    summary.errors.push(...[...errors, ...counts.errors].sort((a, b) => a.line - b.line));
    results.push({ file: file.name, state: 'imported' });
    progress();
  }
  // Files not reached are left out whole; their read errors stay reported.
  for (const { file, rows } of read.slice(results.length))
    results.push({ file: file.name, state: rows === null ? 'refused' : 'cancelled' });
  for (const file of files.slice(read.length)) results.push({ file: file.name, state: 'cancelled' });
  cancelled ||= results.some((r) => r.state === 'cancelled');
  return { summary, files: results, cancelled };
}
