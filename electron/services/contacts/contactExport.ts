import { stringify } from 'csv-stringify/sync';
import type { Contact } from '../../../shared/contract/contacts';
import { EXPORT_HEADERS } from './csvContacts';

/**
 * A cell Excel would run as a formula (`=`, `+`, `-`, `@`, or a tab or
 * carriage return first) is written with a leading `'`, so that it shows as
 * text (CSV injection); our import takes the `'` away again.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** German date for Excel's German locale (the import reads it back). */
function germanDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return y && m && d ? `${d}.${m}.${y}` : '';
}

/**
 * The contacts as a CSV file Excel opens as it is: UTF-8 with BOM, semicolons,
 * CRLF, the columns of `EXPORT_HEADERS` (our import reads them back).
 */
export function contactsCsv(contacts: readonly Contact[]): Uint8Array {
  const rows = contacts.map((c) =>
    [
      c.name,
      c.outlet,
      c.role,
      c.email,
      c.phone,
      c.beats.join('; '),
      c.language,
      c.remarks,
      c.consentSource,
      germanDate(c.consentAt),
      c.optOut ? 'ja' : '',
      c.lists.join('; '),
    ].map(neutraliseCell),
  );
  const text = stringify([[...EXPORT_HEADERS], ...rows], {
    delimiter: ';',
    record_delimiter: 'windows',
    quoted_match: /[\n;"]/,
  });
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.byteLength + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/** The export's file name: the list's name (or `Presseverteiler`) and the day. */
export function exportFileName(listName: string | null, now: Date): string {
  const base = (listName ?? 'Presseverteiler').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 80);
  return `${base}-${now.toISOString().slice(0, 10)}.csv`;
}
