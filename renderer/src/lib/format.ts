import { OFFICE_TIME_ZONE } from '../../../shared/domain/time';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** Date and time of a stored instant, as the press office reads it (Europe/Berlin). */
export function formatOfficeDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: OFFICE_TIME_ZONE }).format(date);
}

/** Hours and minutes on the user's own clock, for "saved at". */
export function formatClockTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}

/** The name of a language in that language ("Deutsch", "English", "العربية"), or the tag itself. */
export function languageEndonym(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    if (name && name !== tag) return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    // not a tag Intl knows: show it as it is
  }
  return tag;
}

/** Date and time in the office's zone with the zone's short name ("1. Mai 2025, 09:30 MESZ"). */
export function formatOfficeDateTimeWithZone(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: OFFICE_TIME_ZONE,
    timeZoneName: 'short',
  }).format(date);
}
