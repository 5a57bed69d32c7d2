import { officeWallTime, parseIsoInstant } from '../../../shared/domain/time';

/**
 * Date and time typed as the interface language writes them, not as the
 * browser's locale would (a native date field in an English browser shows
 * "05/02/2025, 09:30 AM" in a German interface). Office (Berlin) wall time.
 *
 * German: `02.05.2025 09:30`; English: `2025-05-02 09:30` (unambiguous).
 * Either language also accepts the other's form and ISO's `2025-05-02T09:30`;
 * a date alone means midnight.
 */
export type InputLanguage = 'de' | 'en';

/** The placeholder that shows the expected form. */
export function dateTimePlaceholder(language: InputLanguage): string {
  return language === 'de' ? 'TT.MM.JJJJ HH:MM' : 'YYYY-MM-DD HH:MM';
}

/** An instant as the field shows it, in office time. */
export function formatDateTimeInput(iso: string, language: InputLanguage): string {
  const wall = officeWallTime(iso); // 2025-05-02T09:30
  const [date, time] = wall.split('T') as [string, string];
  const [y, m, d] = date.split('-');
  return language === 'de' ? `${d}.${m}.${y} ${time}` : `${date} ${time}`;
}

const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2})[:.](\d{2}))?$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/;

/**
 * What was typed, as an instant: `null` for an empty field, `undefined` for
 * text that is no date (the field says so and keeps the stored value).
 */
export function parseDateTimeInput(text: string): string | null | undefined {
  const value = text.trim();
  if (value === '') return null;
  let parts: (string | undefined)[] | null = null;
  const german = GERMAN.exec(value);
  if (german) parts = [german[3], german[2], german[1], german[4], german[5]];
  const iso = ISO.exec(value);
  if (iso) parts = [iso[1], iso[2], iso[3], iso[4], iso[5]];
  if (!parts) return undefined;
  const [y, m, d, hh = '0', mm = '0'] = parts as [string, string, string, string | undefined, string | undefined];
  if (Number(hh) > 23 || Number(mm) > 59) return undefined;
  const pad = (n: string): string => n.padStart(2, '0');
  return parseIsoInstant(`${y}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}`) ?? undefined;
}
