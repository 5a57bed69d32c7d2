/** The press office's zone: embargo and publication times are meant in it. */
export const OFFICE_TIME_ZONE = 'Europe/Berlin';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Offset of `zone` from UTC in minutes at the instant `utcMillis`. */
export function zoneOffsetMinutes(utcMillis: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMillis));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMillis / 1000) * 1000) / 60000);
}

/** UTC instant of a wall-clock time in `zone` (DST gaps resolve forward). */
export function zonedWallTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  zone: string = OFFICE_TIME_ZONE,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - zoneOffsetMinutes(guess, zone) * 60000;
  const second = guess - zoneOffsetMinutes(first, zone) * 60000;
  return new Date(second);
}

function validCalendarDate(y: number, m: number, d: number): boolean {
  const check = new Date(Date.UTC(y, m - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d;
}

/**
 * Parses an ISO 8601 timestamp, returning a UTC ISO string. A plain date means
 * midnight in the office's zone (Europe/Berlin), a date and time without a
 * zone means that wall-clock time there. Returns null for anything else.
 */
export function parseIsoInstant(value: string): string | null {
  const trimmed = value.trim();
  const dateOnly = DATE_ONLY.exec(trimmed);
  if (dateOnly) {
    const [y, m, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!validCalendarDate(y, m, d)) return null;
    return zonedWallTimeToUtc(y, m, d, 0, 0).toISOString();
  }
  const local = LOCAL_DATE_TIME.exec(trimmed);
  if (local) {
    const [y, m, d, hh, mm, ss] = local.slice(1).map((v) => Number(v ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (!validCalendarDate(y, m, d) || hh > 23 || mm > 59 || ss > 59) return null;
    return new Date(zonedWallTimeToUtc(y, m, d, hh, mm).getTime() + ss * 1000).toISOString();
  }
  if (!DATE_TIME.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString();
}

/** The calendar date (YYYY-MM-DD) of an instant in the office's zone. */
export function officeDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: OFFICE_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/** The wall-clock time of an instant in the office's zone as `YYYY-MM-DDTHH:mm` (for date-time inputs). */
export function officeWallTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: OFFICE_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
