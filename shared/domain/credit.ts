import { clipText } from '../document/text';
import { FIGURE_LIMITS } from '../document/types';

/**
 * The house format of credit lines: "Foto: © Name", "Bild: © Agentur/Name".
 * A prefix chosen from a short list, then the holder.
 */
export const CREDIT_PREFIXES = ['Foto', 'Bild', 'Grafik', 'Illustration'] as const;
export type CreditPrefix = (typeof CREDIT_PREFIXES)[number];

export interface CreditParts {
  readonly prefix: CreditPrefix;
  readonly holder: string;
}

const PREFIX_PATTERN =
  /^\s*(foto|bild|grafik|illustration|photo|image|picture|fotos|bilder|quelle|source|credit)\s*:\s*/i;
const COPYRIGHT_PATTERN = /^\s*(?:©|\(c\)|copyright)\s*(?:\d{4}\s+)?/i;

/** Splits any credit line ("© dpa", "Foto: dpa", "(c) 2024 Stadt Köln", "Bild: © Land NRW/Müller") into prefix and holder. */
export function parseCredit(raw: string): CreditParts {
  let rest = raw.trim();
  let prefix: CreditPrefix = 'Foto';
  const p = PREFIX_PATTERN.exec(rest);
  if (p) {
    const word = p[1]!.toLowerCase();
    prefix =
      word.startsWith('bild') || word === 'image' || word === 'picture'
        ? 'Bild'
        : word === 'grafik'
          ? 'Grafik'
          : word === 'illustration'
            ? 'Illustration'
            : 'Foto';
    rest = rest.slice(p[0].length);
  }
  rest = rest.replace(COPYRIGHT_PATTERN, '').trim();
  return { prefix, holder: rest };
}

/** "Foto: © dpa" from its parts, within a figure's credit limit; empty when there is no holder. */
export function formatCredit(parts: CreditParts): string {
  const lead = `${parts.prefix}: © `;
  const holder = clipText(parts.holder.trim(), FIGURE_LIMITS.credit - lead.length);
  return holder ? `${lead}${holder}` : '';
}

/** The house-format credit for a photo's raw IPTC credit (and, failing that, its creator). */
export function houseCredit(rawCredit: string, creator = ''): string {
  const source = rawCredit.trim() || creator.trim();
  return source ? formatCredit(parseCredit(source)) : '';
}
