import type { FigureAttrs } from '../document';

export const LEAD_IMAGE_MIN_WIDTH = 1200;

export type FigureCheckCode =
  'ALT_MISSING' | 'ALT_EQUALS_CAPTION' | 'ALT_HAS_CREDIT' | 'CREDIT_MISSING' | 'LEAD_TOO_SMALL';

export interface FigureCheck {
  readonly code: FigureCheckCode;
  /** Errors block an export; warnings inform. */
  readonly severity: 'error' | 'warning';
}

function norm(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('de').replace(/\s+/g, ' ').trim();
}

/**
 * What is wrong with a figure while it is being written: the checks shown on
 * the figure itself. Alt text describes the picture; it is not the caption
 * and carries no credit.
 */
export function figureChecks(figure: FigureAttrs, options: { lead?: boolean; width?: number } = {}): FigureCheck[] {
  const out: FigureCheck[] = [];
  const alt = norm(figure.alt);
  if (!figure.decorative) {
    if (alt === '') out.push({ code: 'ALT_MISSING', severity: 'error' });
    else {
      if (alt === norm(figure.caption)) out.push({ code: 'ALT_EQUALS_CAPTION', severity: 'warning' });
      const credit = norm(figure.credit);
      if (/©|\(c\)|\bfoto:|\bbild:|\bphoto:/.test(alt) || (credit !== '' && alt.includes(credit))) {
        out.push({ code: 'ALT_HAS_CREDIT', severity: 'warning' });
      }
    }
  }
  if (figure.credit.trim() === '') out.push({ code: 'CREDIT_MISSING', severity: 'error' });
  if (options.lead && options.width !== undefined && options.width < LEAD_IMAGE_MIN_WIDTH) {
    out.push({ code: 'LEAD_TOO_SMALL', severity: 'warning' });
  }
  return out;
}
