import { describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import { MAX_CSV_ROWS, parseCsvContacts } from './csvContacts';
import { parseVcardContacts } from './vcardContacts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `not a PressdeskError: ${String(error)}`;
  }
  return 'no error';
}

describe('hostile contact files', () => {
  it('a CSV of nothing but line breaks and empty cells makes no records (and no memory)', () => {
    const text = `Name;E-Mail-Adresse\n${'\n'.repeat(500_000)}${';\n'.repeat(200_000)}Anna;anna@zeitung.example\n`;
    const rows = parseCsvContacts(text);
    expect(rows.map((r) => [r.email, r.line])).toEqual([['anna@zeitung.example', 700_002]]);
  });

  it('a CSV with more rows than a file may hold is refused whole', () => {
    const body = Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => `R${i};r${i}@x.example`).join('\n');
    expect(codeOf(() => parseCsvContacts(`Name;E-Mail-Adresse\n${body}\n`))).toBe('IMPORT_TOO_LARGE');
  });

  it('a vCard with an endless quoted-printable value is refused at once, not after minutes', () => {
    const lines = ['BEGIN:VCARD', 'VERSION:2.1', 'NOTE;ENCODING=QUOTED-PRINTABLE:a='];
    for (let i = 0; i < 400_000; i++) lines.push('b=');
    lines.push('c', 'EMAIL:x@y.example', 'END:VCARD');
    expect(codeOf(() => parseVcardContacts(lines.join('\r\n')))).toBe('IMPORT_PARSE');
  });

  it('folded and quoted-printable lines still join as before', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8:Müller;Anna',
      'FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Anna M=C3=BC=',
      'ller',
      'EMAIL;INTERNET:anna@zeitung.exa',
      ' mple',
      'END:VCARD',
    ].join('\r\n');
    expect(parseVcardContacts(card).map((r) => [r.name, r.email])).toEqual([['Anna Müller', 'anna@zeitung.example']]);
  });
});
