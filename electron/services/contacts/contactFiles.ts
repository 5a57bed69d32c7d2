import { MAX_CONTACT_FILE_BYTES } from '../../../shared/contract/contacts';
import { PressdeskError } from '../../../shared/errors';

/** One contact as a file holds it, before it is checked: text fields, topics, lists, and where it starts. */
export interface RawContact {
  /** The line the row or card starts on (1-based). */
  readonly line: number;
  readonly name: string;
  readonly outlet: string;
  readonly role: string;
  readonly email: string;
  readonly phone: string;
  readonly beats: readonly string[];
  readonly language: string;
  readonly remarks: string;
  readonly consentSource: string;
  /** As written in the file (ISO or German date), or empty. */
  readonly consentAt: string;
  /** The file says the address opted out (our own export's column). */
  readonly optOut: boolean;
  /** List names the file puts the contact on (our own export's column). */
  readonly lists: readonly string[];
}

/** Windows-1252's characters for the bytes 0x80 to 0x9F (the rest is Latin-1); Node's own decoder reads them as Latin-1. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Decodes Windows-1252 (as Excel and old Outlook write CSV on German Windows). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk.map((b) => b));
  }
  return out.replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]!);
}

/** Decodes a file's text: UTF-8 (with or without BOM) when it is valid UTF-8, UTF-16 with its BOM, else Windows-1252. */
export function decodeText(bytes: Uint8Array): {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
} {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Refuses what is no contact file before it is parsed: an empty or too large
 * file (IMPORT_TOO_LARGE), binary content (NUL bytes, or many control
 * characters in the text: IMPORT_UNSUPPORTED).
 */
export function checkContactFile(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_CONTACT_FILE_BYTES) {
    throw new PressdeskError(
      'IMPORT_TOO_LARGE',
      `The file is larger than a contact import accepts (${MAX_CONTACT_FILE_BYTES / 1024 / 1024} MB).`,
    );
  }
  const { text, encoding } = decodeText(bytes);
  const sample = text.slice(0, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const code = sample.charCodeAt(i);
    if (code === 0) controls += 1000;
    else if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) controls += 1;
  }
  // UTF-16 text is fine once decoded; NULs elsewhere mean a binary file.
  if (controls > 8 + sample.length / 200 || (encoding === 'windows-1252' && controls >= 1000)) {
    throw new PressdeskError('IMPORT_UNSUPPORTED', 'The file is no CSV or vCard file (it holds binary data).');
  }
  if (text.trim() === '') throw new PressdeskError('IMPORT_UNSUPPORTED', 'The file is empty.');
  return text;
}

/** Whether decoded text is a vCard file (by its content, whatever its name). */
export function looksLikeVcard(text: string): boolean {
  return /^\s*BEGIN:VCARD/i.test(text.slice(0, 1024));
}

/** A date as offices write it (2024-03-05, 5.3.2024, 05.03.24, 3/5/2024) as YYYY-MM-DD, or null when it is none. */
export function parseDate(value: string): string | null {
  const text = value.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (compact) [y, m, d] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else if (german) {
    y = Number(german[3]);
    if (y < 100) y += y < 70 ? 2000 : 1900;
    [m, d] = [Number(german[2]), Number(german[1])];
  } else if (us) [y, m, d] = [Number(us[3]), Number(us[1]), Number(us[2])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Splits a topics cell (`Politik; Verkehr`, `Politik, Verkehr`) into topics. */
export function splitBeats(value: string): string[] {
  return value
    .split(/[;,|]/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
}
