import { PressdeskError } from '../../../shared/errors';
import { splitBeats, type RawContact } from './contactFiles';

/** One property of a card: its name, parameters and value (raw, before unescaping). */
interface Property {
  readonly name: string;
  readonly params: ReadonlyMap<string, string>;
  /** Parameters without a name (vCard 2.1: `TEL;WORK;PREF:`), upper-cased. */
  readonly flags: ReadonlySet<string>;
  readonly value: string;
}

/** Splits at `separator` outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Where the property's name and parameters end: the first `:` outside quotes. */
function colonIndex(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) return i;
  }
  return -1;
}

function parseProperty(line: string): Property | null {
  const colon = colonIndex(line);
  if (colon <= 0) return null;
  const [head = '', ...paramParts] = splitOutsideQuotes(line.slice(0, colon), ';');
  // `item1.EMAIL` (Apple's groups): the group is not part of the name.
  const name = head.slice(head.lastIndexOf('.') + 1).toUpperCase();
  const params = new Map<string, string>();
  const flags = new Set<string>();
  for (const part of paramParts) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      flags.add(part.trim().toUpperCase());
      continue;
    }
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part
      .slice(eq + 1)
      .replace(/^"|"$/g, '')
      .trim();
    params.set(key, params.has(key) ? `${params.get(key)},${value}` : value);
    if (key === 'TYPE') for (const t of value.split(',')) flags.add(t.trim().toUpperCase());
  }
  return { name, params, flags, value: line.slice(colon + 1) };
}

function isQuotedPrintable(p: Property): boolean {
  return p.flags.has('QUOTED-PRINTABLE') || (p.params.get('ENCODING') ?? '').toUpperCase() === 'QUOTED-PRINTABLE';
}

/** Decodes quoted-printable (`=C3=BC`, soft line breaks `=` at a line's end) in the parameter's charset. */
function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    if (ch === '=' && /^[\da-f]{2}$/i.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '=' && i === value.length - 1) {
      // a soft line break left at the end
    } else {
      for (const b of new TextEncoder().encode(ch)) bytes.push(b);
    }
  }
  const data = Uint8Array.from(bytes);
  try {
    return new TextDecoder((charset ?? 'utf-8').toLowerCase()).decode(data);
  } catch {
    // An unknown charset label: UTF-8, the likeliest.
    return new TextDecoder('utf-8').decode(data);
  }
}

/** vCard 3.0/4.0 escapes: `\n` a line break, `\,` `\;` `\\` the character itself. */
function unescapeValue(value: string): string {
  return value.replace(/\\([n,;:\\])/gi, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a structured value at unescaped `separator`s, then unescapes each part. */
function components(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1]!;
      i += 1;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => unescapeValue(p).trim());
}

function textOf(p: Property): string {
  return isQuotedPrintable(p) ? decodeQuotedPrintable(p.value, p.params.get('CHARSET')) : p.value;
}

/** The preferred one of several properties (PREF, TYPE=pref, PREF=1), else the first; work before home for phones. */
function preferred(props: readonly Property[], favour?: string): Property | undefined {
  const rank = (p: Property): number => {
    const pref = p.params.get('PREF');
    // PREF=1 is the most preferred (4.0); a bare PREF flag (2.1, TYPE=pref in 3.0) counts as 1.
    const base = pref !== undefined ? Number(pref) || 1 : p.flags.has('PREF') ? 1 : 1000;
    return base - (favour && p.flags.has(favour) ? 0.5 : 0);
  };
  return [...props].sort((a, b) => rank(a) - rank(b))[0];
}

/** The longest logical line (a property with its folded and quoted-printable continuations) a card may have. */
const MAX_LOGICAL_LINE = 256 * 1024;

/**
 * Logical lines: folded lines joined (a line starting with a space or tab
 * continues the one before; quoted-printable soft breaks too). Each
 * continuation is collected once and joined at the end, so the work grows
 * with the file, not with the square of a line; a logical line longer than
 * {@link MAX_LOGICAL_LINE} refuses the file (IMPORT_PARSE).
 */
function logicalLines(text: string): { line: number; text: string }[] {
  const physical = text.split(/\r\n|\n|\r/);
  const out: { line: number; text: string }[] = [];
  let current: { line: number; parts: string[]; length: number; softBreak: boolean; qp: boolean } | null = null;
  const flush = (): void => {
    if (current) out.push({ line: current.line, text: current.parts.join('') });
    current = null;
  };
  const append = (entry: NonNullable<typeof current>, part: string): void => {
    entry.length += part.length;
    if (entry.length > MAX_LOGICAL_LINE) {
      throw new PressdeskError(
        'IMPORT_PARSE',
        `The card property starting in line ${entry.line} is longer than ${MAX_LOGICAL_LINE / 1024} KB.`,
        { line: entry.line },
      );
    }
    entry.parts.push(part);
    // vCard 2.1 quoted-printable: a value ending with `=` goes on in the next line.
    entry.softBreak = entry.qp && part.endsWith('=');
  };
  for (let i = 0; i < physical.length; i += 1) {
    const raw = physical[i]!;
    if (current?.softBreak) {
      const last = current.parts.length - 1;
      current.parts[last] = current.parts[last]!.slice(0, -1);
      current.length -= 1;
      append(current, raw);
      continue;
    }
    if (current && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      append(current, raw.slice(1));
      continue;
    }
    flush();
    const name = raw.slice(0, colonIndex(raw) + 1);
    const entry = { line: i + 1, parts: [], length: 0, softBreak: false, qp: /QUOTED-PRINTABLE/i.test(name) };
    append(entry, raw);
    current = entry;
  }
  flush();
  return out;
}

/**
 * Reads the cards of a vCard file (2.1, 3.0, 4.0; several per file): FN or
 * N, EMAIL, ORG, TITLE (else ROLE), TEL, NOTE, CATEGORIES as topics, LANG.
 * Each card's line is the line of its BEGIN:VCARD.
 */
export function parseVcardContacts(text: string): RawContact[] {
  const rows: RawContact[] = [];
  let card: { line: number; props: Property[] } | null = null;
  const finish = (): void => {
    if (!card) return;
    rows.push(cardContact(card.line, card.props));
    card = null;
  };
  for (const { line, text: logical } of logicalLines(text)) {
    const trimmed = logical.trim();
    if (/^BEGIN:VCARD$/i.test(trimmed)) {
      finish();
      card = { line, props: [] };
      continue;
    }
    if (/^END:VCARD$/i.test(trimmed)) {
      finish();
      continue;
    }
    if (!card || trimmed === '') continue;
    const prop = parseProperty(logical);
    if (prop) (card as { props: Property[] }).props.push(prop);
  }
  finish();
  return rows;
}

function cardContact(line: number, props: readonly Property[]): RawContact {
  const all = (name: string) => props.filter((p) => p.name === name);
  const one = (name: string, favour?: string): string => {
    const p = preferred(all(name), favour);
    return p ? unescapeValue(textOf(p)).trim() : '';
  };
  let name = one('FN');
  if (name === '') {
    const n = all('N')[0];
    if (n) {
      const [family = '', given = '', additional = '', prefix = '', suffix = ''] = components(textOf(n), ';');
      name = [prefix, given, additional, family, suffix].filter((p) => p !== '').join(' ');
    }
  }
  const org = all('ORG')[0];
  const beats = all('CATEGORIES').flatMap((p) => components(textOf(p), ',').flatMap(splitBeats));
  return {
    line,
    name,
    outlet: org ? (components(textOf(org), ';')[0] ?? '') : '',
    role: one('TITLE') || one('ROLE'),
    email: one('EMAIL', 'WORK').replace(/^mailto:/i, ''),
    phone: one('TEL', 'WORK').replace(/^tel:/i, ''),
    beats,
    language: one('LANG'),
    remarks: all('NOTE')
      .map((p) => unescapeValue(textOf(p)).trim())
      .filter((t) => t !== '')
      .join('\n'),
    consentSource: '',
    consentAt: '',
    optOut: false,
    lists: [],
  };
}
