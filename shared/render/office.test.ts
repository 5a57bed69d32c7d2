import { describe, expect, it } from 'vitest';
import type { QuoteNode } from '../document';
import { formatReleaseNumber, NumberingSchemeSchema, officeYear, releaseSlug } from '../domain/office';
import { formatPageDate } from './labels';
import { captionWithCredit, emailParts, quoteNamesSpeaker } from './office';

const quote = (text: string, speaker: string): QuoteNode => ({
  type: 'quote',
  attrs: { speaker, role: '' },
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

describe('the page of an office', () => {
  it('knows when a quote names its speaker itself', () => {
    expect(quoteNamesSpeaker(quote('„Gut so“, sagte Minister Lucha.', 'Manne Lucha'))).toBe(true);
    expect(quoteNamesSpeaker(quote('„Gut so“, sagte Manne Lucha.', 'Manne Lucha'))).toBe(true);
    expect(quoteNamesSpeaker(quote('„Gut so“, so Özdemir.', 'Cem Özdemir'))).toBe(true);
    expect(quoteNamesSpeaker(quote('„Gut so.“', 'Manne Lucha'))).toBe(false);
    // A name inside another word is no mention.
    expect(quoteNamesSpeaker(quote('„Die Luchashow.“', 'Manne Lucha'))).toBe(false);
    expect(quoteNamesSpeaker(quote('„Gut so.“', ''))).toBe(false);
    expect(quoteNamesSpeaker(quote('„(.*) Gut“', 'A (.*)'))).toBe(true);
  });

  it('separates caption and credit by the credit style', () => {
    expect(captionWithCredit('Im Gespräch', 'Foto: © dpa', 'after')).toBe('Im Gespräch – Foto: © dpa');
    expect(captionWithCredit('Im Gespräch', 'Foto: © dpa', 'parentheses')).toBe('Im Gespräch (Foto: © dpa)');
    expect(captionWithCredit('Im Gespräch', 'Foto: © dpa', 'line')).toBe('Im Gespräch\nFoto: © dpa');
    expect(captionWithCredit('Im Gespräch', 'Foto: © dpa', undefined)).toBe('Im Gespräch (Foto: © dpa)');
    expect(captionWithCredit('', 'Foto: © dpa', 'after')).toBe('Foto: © dpa');
    expect(captionWithCredit('Im Gespräch', '', 'after')).toBe('Im Gespräch');
  });

  it('finds e-mail addresses in a contact line, and only those', () => {
    expect(emailParts('E-Mail: (presse@sm.example.de).')).toEqual([
      { text: 'E-Mail:' },
      { text: ' ' },
      { text: '(' },
      { text: 'presse@sm.example.de', email: true },
      { text: ').' },
    ]);
    expect(emailParts('Telefon 0711 @ home').some((p) => p.email)).toBe(false);
    expect(emailParts('a@b').some((p) => p.email)).toBe(false);
    const long = `${'a'.repeat(50_000)}@`;
    const started = Date.now();
    expect(emailParts(long).some((p) => p.email)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('shows the time of day where the release has one, in Berlin', () => {
    expect(formatPageDate('2024-05-02T08:00:00.000Z', 'de')).toBe('2. Mai 2024, 10:00 Uhr');
    expect(formatPageDate('2024-05-02T08:00:00.000Z', 'en-GB')).toBe('2 May 2024, 10:00');
    expect(formatPageDate('2024-05-01T22:00:00.000Z', 'de')).toBe('2. Mai 2024');
  });

  it('numbers releases by the scheme and the year in Berlin', () => {
    expect(formatReleaseNumber('PM {n}/{yyyy}', 7, 2026)).toBe('PM 7/2026');
    expect(formatReleaseNumber('{yy}-{nnn}', 7, 2026)).toBe('26-007');
    expect(officeYear('2026-12-31T23:30:00.000Z')).toBe(2027);
    expect(NumberingSchemeSchema.safeParse('PM {n}/{yyyy}').success).toBe(true);
    expect(NumberingSchemeSchema.safeParse('PM {yyyy}').success).toBe(false);
    expect(NumberingSchemeSchema.safeParse('{n}{nn}').success).toBe(false);
    expect(NumberingSchemeSchema.safeParse('{n}/{monat}').success).toBe(false);
    expect(releaseSlug('Neue Radwege für Köln!', '1a2b3c4d-ffff')).toBe('neue-radwege-fuer-koeln-1a2b3c4d');
  });
});
