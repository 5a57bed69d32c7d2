import { parse } from 'csv-parse/sync';
import { PressdeskError } from '../../../shared/errors';
import { splitBeats, type RawContact } from './contactFiles';

/** The columns our own export writes, in its order (German, as a German office's Excel shows them). */
export const EXPORT_HEADERS = [
  'Name',
  'Medium',
  'Funktion',
  'E-Mail',
  'Telefon',
  'Themen',
  'Sprache',
  'Notizen',
  'Einwilligung Quelle',
  'Einwilligung am',
  'Abgemeldet',
  'Listen',
] as const;

type Field =
  | 'name'
  | 'first'
  | 'middle'
  | 'last'
  | 'email'
  | 'email2'
  | 'email3'
  | 'outlet'
  | 'role'
  | 'phone'
  | 'phone2'
  | 'phone3'
  | 'beats'
  | 'language'
  | 'remarks'
  | 'consentSource'
  | 'consentAt'
  | 'optOut'
  | 'lists';

/**
 * Column names of Outlook's and Excel's exports (English and German), of
 * Google and Thunderbird, and of our own export, normalised (lower case,
 * without spaces, hyphens, dots and underscores).
 */
const HEADERS: Readonly<Record<Field, readonly string[]>> = {
  name: ['name', 'fullname', 'displayname', 'vollständigername', 'anzeigename', 'kontakt', 'contact'],
  first: ['firstname', 'givenname', 'vorname'],
  middle: ['middlename', 'weiterevornamen', 'zweitervorname', 'additionalname'],
  last: ['lastname', 'surname', 'familyname', 'nachname'],
  email: [
    'email',
    'emailaddress',
    'emailadresse',
    'email1',
    'email1address',
    'email1value',
    'primaryemail',
    'mail',
    'emailaddr',
  ],
  email2: ['email2address', 'email2adresse', 'email2', 'email2value', 'secondemail'],
  email3: ['email3address', 'email3adresse', 'email3'],
  outlet: [
    'company',
    'organization',
    'organisation',
    'organization1name',
    'firma',
    'unternehmen',
    'medium',
    'outlet',
    'redaktion',
    'media',
  ],
  role: ['jobtitle', 'position', 'role', 'rolle', 'funktion', 'berufsbezeichnung', 'organization1title'],
  phone: ['businessphone', 'telefongeschäftlich', 'phone', 'telefon', 'workphone', 'phone1value', 'telefonnummer'],
  phone2: ['mobilephone', 'mobiltelefon', 'handy', 'mobile', 'mobilnummer'],
  phone3: ['primaryphone', 'haupttelefon', 'homephone', 'telefonprivat'],
  beats: ['beats', 'themen', 'topics', 'categories', 'kategorien', 'ressort', 'ressorts', 'thema'],
  language: ['language', 'sprache', 'languages'],
  remarks: ['notes', 'remarks', 'notizen', 'notiz', 'bemerkungen', 'bemerkung', 'anmerkungen', 'comments'],
  consentSource: ['consentsource', 'einwilligungquelle', 'einwilligungsquelle', 'consent', 'einwilligung'],
  consentAt: ['consentdate', 'consentat', 'einwilligungam', 'einwilligungsdatum', 'einwilligungdatum'],
  optOut: ['optout', 'abgemeldet', 'unsubscribed'],
  lists: ['lists', 'listen', 'verteiler', 'list', 'liste'],
};

const HEADER_FIELD = new Map<string, Field>();
for (const [field, names] of Object.entries(HEADERS) as [Field, readonly string[]][]) {
  for (const n of names) HEADER_FIELD.set(n, field);
}

function normaliseHeader(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-._:'"]/g, '');
}

/** The most contacts one CSV file may hold (a 10 MB file of real contacts has about 90,000). */
export const MAX_CSV_ROWS = 200_000;

/** Our export writes `'=…` so that Excel shows a formula as text; the import takes the `'` away again. */
export function unneutralise(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

const YES = new Set(['ja', 'yes', 'true', 'wahr', 'x', '1', 'j', 'y']);

/** The delimiter of a CSV file: the one of `,` `;` and tab found most often outside quotes in its first line. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i += 1) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let most = 0;
  for (const [delimiter, count] of counts) {
    if (count > most) [best, most] = [delimiter, count];
  }
  return best;
}

/**
 * Reads a CSV file as Outlook, Excel (German or English) and our own export
 * write it. Rows without any value are passed over; a file that cannot be
 * read as CSV, or has no e-mail column, is refused whole (IMPORT_PARSE,
 * IMPORT_UNSUPPORTED with the line).
 */
export function parseCsvContacts(input: string): RawContact[] {
  // One kind of line break, so that line numbers count as an editor counts them.
  let text = input.replace(/\r\n?/g, '\n');
  let lineOffset = 0;
  // Excel's `sep=;` first line names the delimiter.
  const sep = /^sep=(.)\r?\n/i.exec(text);
  let delimiter: string;
  if (sep) {
    delimiter = sep[1]!;
    text = text.slice(sep[0].length);
    lineOffset = 1;
  } else delimiter = detectDelimiter(text);

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      // Blank lines and rows of empty cells never become records: a file of nothing but line breaks stays small.
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      bom: true,
      max_record_size: 256 * 1024,
      // One record past the limit tells that there are too many.
      to: MAX_CSV_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    const code = (error as { code?: unknown }).code;
    throw new PressdeskError(
      'IMPORT_PARSE',
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? `A quote opened before line ${line + lineOffset} is never closed.`
        : `The file cannot be read as CSV (near line ${line + lineOffset}).`,
      { line: line + lineOffset },
    );
  }
  if (records.length > MAX_CSV_ROWS + 1) {
    throw new PressdeskError(
      'IMPORT_TOO_LARGE',
      `The file has more than ${MAX_CSV_ROWS.toLocaleString('en')} rows; split it into several files.`,
      { limit: MAX_CSV_ROWS },
    );
  }
  const header = records[0];
  if (!header) return [];
  const columns = new Map<Field, number>();
  header.record.forEach((cell, index) => {
    const field = HEADER_FIELD.get(normaliseHeader(cell));
    if (field && !columns.has(field)) columns.set(field, index);
  });
  if (!columns.has('email') && !columns.has('email2')) {
    throw new PressdeskError(
      'IMPORT_UNSUPPORTED',
      'The file has no column with e-mail addresses (such as "E-Mail-Adresse" or "E-mail Address") in its first line.',
      { line: 1 + lineOffset },
    );
  }
  const rows: RawContact[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.every((cell) => cell.trim() === '')) continue;
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const cell = (field: Field): string => {
      const index = columns.get(field);
      return index === undefined ? '' : unneutralise(record[index] ?? '').trim();
    };
    const name = cell('name') || [cell('first'), cell('middle'), cell('last')].filter((p) => p !== '').join(' ');
    rows.push({
      line: info.lines - breaks + lineOffset,
      name,
      outlet: cell('outlet'),
      role: cell('role'),
      email: cell('email') || cell('email2') || cell('email3'),
      phone: cell('phone') || cell('phone2') || cell('phone3'),
      beats: splitBeats(cell('beats')),
      language: cell('language'),
      remarks: cell('remarks'),
      consentSource: cell('consentSource'),
      consentAt: cell('consentAt'),
      optOut: YES.has(cell('optOut').toLowerCase()),
      lists: cell('lists')
        .split(/[;|]/)
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    });
  }
  return rows;
}
