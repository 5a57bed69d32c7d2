import { OFFICE_TIME_ZONE, zoneOffsetMinutes } from '../domain/time';

export { directionOf } from '../domain/direction';

/** The few words the page itself says, in the release's language (German, else English). */
export interface Labels {
  readonly embargo: (until: string) => string;
  readonly relatedLinks: string;
  readonly relatedReleases: string;
  readonly pressContact: string;
  readonly about: string;
  readonly leadImage: string;
  /** The page's footer, naming the office that issued the release. */
  readonly issuedBy: string;
  readonly releaseNumber: string;
}

const MONTHS_DE = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function isGerman(language: string): boolean {
  return language.toLowerCase().split('-')[0] === 'de';
}

/** Wall-clock parts of an instant in the office's zone (no dependence on the machine's locale data). */
function officeParts(iso: string): { y: number; m: number; d: number; hh: string; mm: string } {
  const ms = Date.parse(iso);
  const local = new Date(ms + zoneOffsetMinutes(ms, OFFICE_TIME_ZONE) * 60_000);
  return {
    y: local.getUTCFullYear(),
    m: local.getUTCMonth(),
    d: local.getUTCDate(),
    hh: String(local.getUTCHours()).padStart(2, '0'),
    mm: String(local.getUTCMinutes()).padStart(2, '0'),
  };
}

/** "1. Mai 2024" / "1 May 2024", in Berlin time. */
export function formatDate(iso: string, language: string): string {
  const p = officeParts(iso);
  return isGerman(language) ? `${p.d}. ${MONTHS_DE[p.m]} ${p.y}` : `${p.d} ${MONTHS_EN[p.m]} ${p.y}`;
}

/** "1. Mai 2024, 10:00 Uhr (MESZ)" / "1 May 2024, 10:00 (CEST)", in Berlin time with its zone. */
export function formatDateTime(iso: string, language: string): string {
  const p = officeParts(iso);
  const summer = zoneOffsetMinutes(Date.parse(iso), OFFICE_TIME_ZONE) === 120;
  if (isGerman(language)) return `${formatDate(iso, language)}, ${p.hh}:${p.mm} Uhr (${summer ? 'MESZ' : 'MEZ'})`;
  return `${formatDate(iso, language)}, ${p.hh}:${p.mm} (${summer ? 'CEST' : 'CET'})`;
}

/**
 * The date a page shows, in Berlin time: with the time of day where the
 * release has one („2. Mai 2024, 10:00 Uhr“ / „2 May 2024, 10:00“), the date
 * alone where it is midnight (a date given without a time).
 */
export function formatPageDate(iso: string, language: string): string {
  const p = officeParts(iso);
  if (p.hh === '00' && p.mm === '00') return formatDate(iso, language);
  return isGerman(language)
    ? `${formatDate(iso, language)}, ${p.hh}:${p.mm} Uhr`
    : `${formatDate(iso, language)}, ${p.hh}:${p.mm}`;
}

export function labelsFor(language: string): Labels {
  if (isGerman(language)) {
    return {
      embargo: (until) => `SPERRFRIST bis ${formatDateTime(until, 'de')}. Veröffentlichung vorher nicht gestattet.`,
      relatedLinks: 'Weiterführende Links',
      relatedReleases: 'Weitere Meldungen',
      pressContact: 'Pressekontakt',
      about: 'Über uns',
      leadImage: 'Aufmacherbild',
      issuedBy: 'Herausgegeben von',
      releaseNumber: 'Pressemitteilung Nr.',
    };
  }
  return {
    embargo: (until) => `EMBARGOED until ${formatDateTime(until, 'en')}. Not for publication before then.`,
    relatedLinks: 'Further links',
    relatedReleases: 'More releases',
    pressContact: 'Press contact',
    about: 'About us',
    leadImage: 'Lead image',
    issuedBy: 'Issued by',
    releaseNumber: 'Press release no.',
  };
}
