import { z } from 'zod';
import { OFFICE_TIME_ZONE, zoneOffsetMinutes } from './time';
import { WebUrlSchema } from './release';

/**
 * How a figure's credit stands next to its caption: after it („… im
 * Gespräch – Foto: © dpa“), in parentheses („… im Gespräch (Foto: © dpa)“)
 * or on its own line.
 */
export const CREDIT_STYLES = ['after', 'parentheses', 'line'] as const;
export type CreditStyle = (typeof CREDIT_STYLES)[number];

/** Plain text as a user typed it, in NFC, without control characters (line breaks stay). */
const plain = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) =>
      s
        .normalize('NFC')
        .replace(/\r\n?/g, '\n')
        .replace(/[\u0000-\u0008\v\f\u000e-\u001f\u007f]/g, '')
        .trim(),
    );

/** The placeholders a release number scheme may use. */
export const NUMBERING_TOKENS = ['{n}', '{nn}', '{nnn}', '{yyyy}', '{yy}'] as const;

/**
 * A release number scheme such as „PM {n}/{yyyy}“: `{n}` is the number of the
 * release in its year (`{nn}`, `{nnn}` padded with zeros), `{yyyy}` and `{yy}`
 * the year. It must name the number once, and no other placeholder.
 */
export const NumberingSchemeSchema = plain(100).superRefine((scheme, ctx) => {
  const numbers = scheme.match(/\{n{1,3}\}/g) ?? [];
  if (numbers.length !== 1) {
    ctx.addIssue({ code: 'custom', message: 'the scheme must contain the number {n} (or {nn}, {nnn}) exactly once' });
  }
  for (const token of scheme.match(/\{[^{}]*\}/g) ?? []) {
    if (!(NUMBERING_TOKENS as readonly string[]).includes(token)) {
      ctx.addIssue({ code: 'custom', message: `unknown placeholder ${token} (known: ${NUMBERING_TOKENS.join(', ')})` });
    }
  }
});

/** An asset id as the media library gives it. */
export const OfficeLogoSchema = z.string().regex(/^[A-Z0-9-]{1,64}$/i, 'not the id of a stored image');

/** Each setting of the press office, with the schema a stored value must pass. */
export const OFFICE_SETTINGS = {
  /** The issuing office („Ministerium für Soziales, Gesundheit und Integration“). */
  'office.name': plain(300),
  /** The office's logo: the id of an image in the media library. */
  'office.logo': OfficeLogoSchema,
  /** The postal address, with line breaks. */
  'office.address': plain(1000),
  /** The office website's base URL: the page's publisher link, and related releases' links are made from it. */
  'office.url': WebUrlSchema,
  /** The press contact prefilled in every new release. */
  'office.contact': plain(2000),
  /** The about-us text (Boilerplate) prefilled in every new release. */
  'office.boilerplate': plain(5000),
  /** Where a figure's credit stands next to its caption. */
  'office.creditStyle': z.enum(CREDIT_STYLES),
  /** The release number scheme; the number is given when a release is first published. */
  'office.numbering': NumberingSchemeSchema,
} as const;

export type OfficeSettingKey = keyof typeof OFFICE_SETTINGS;
export const OFFICE_SETTING_KEYS = Object.keys(OFFICE_SETTINGS) as OfficeSettingKey[];

export function isOfficeSettingKey(key: string): key is OfficeSettingKey {
  return Object.prototype.hasOwnProperty.call(OFFICE_SETTINGS, key);
}

/** The office as the settings hold it; a key without a value is missing. */
export type OfficeSettings = { readonly [K in OfficeSettingKey]?: string };

/** The year of an instant in the office's time zone (a release published at New Year's midnight counts for the new year). */
export function officeYear(iso: string): number {
  const ms = Date.parse(iso);
  return new Date(ms + zoneOffsetMinutes(ms, OFFICE_TIME_ZONE) * 60_000).getUTCFullYear();
}

/** The release number the scheme gives the `n`th release of `year`: „PM {n}/{yyyy}“ → „PM 7/2026“. */
export function formatReleaseNumber(scheme: string, n: number, year: number): string {
  return scheme.replace(/\{(nnn|nn|n|yyyy|yy)\}/g, (_, token: string) => {
    if (token === 'yyyy') return String(year);
    if (token === 'yy') return String(year % 100).padStart(2, '0');
    return String(n).padStart(token.length, '0');
  });
}

/**
 * The words of a headline as a URL path segment, safe on every system
 * („Neue Radwege für Köln“ → `neue-radwege-fuer-koeln`); empty when none are left.
 */
export function slugWords(headline: string, max = 60): string {
  return headline
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|(?<!-)-+$/g, '')
    .slice(0, max);
}

/** A release's slug: its headline's words and the start of its id (`neue-radwege-1a2b3c4d`), as bundles are named. */
export function releaseSlug(headline: string, id: string): string {
  return `${slugWords(headline) || 'pressemitteilung'}-${id.slice(0, 8)}`;
}
