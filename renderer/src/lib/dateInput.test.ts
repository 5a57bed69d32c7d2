import { describe, expect, it } from 'vitest';
import { dateTimePlaceholder, formatDateTimeInput, parseDateTimeInput } from './dateInput';

describe('date and time fields in the interface language', () => {
  it('show office time in the German or the unambiguous English form', () => {
    // 07:30 UTC in May is 09:30 in Berlin (summer time); 08:00 UTC in January is 09:00.
    expect(formatDateTimeInput('2025-05-02T07:30:00.000Z', 'de')).toBe('02.05.2025 09:30');
    expect(formatDateTimeInput('2025-05-02T07:30:00.000Z', 'en')).toBe('2025-05-02 09:30');
    expect(formatDateTimeInput('2025-01-15T08:00:00.000Z', 'de')).toBe('15.01.2025 09:00');
    expect(dateTimePlaceholder('de')).toBe('TT.MM.JJJJ HH:MM');
  });

  it('read what was typed in either form, and ISO, as office time', () => {
    for (const typed of ['02.05.2025 09:30', '2.5.2025 9:30', '2.5.2025, 9.30', '2025-05-02 09:30', '2025-05-02T09:30'])
      expect(parseDateTimeInput(typed)).toBe('2025-05-02T07:30:00.000Z');
    expect(parseDateTimeInput('15.01.2025')).toBe('2025-01-14T23:00:00.000Z');
    expect(parseDateTimeInput('  ')).toBeNull();
  });

  it('refuse what is no date, instead of guessing', () => {
    for (const typed of [
      '31.02.2025 10:00',
      '02.05.2025 24:00',
      '02.05.2025 09:60',
      '05/02/2025',
      'morgen',
      '2025-13-01',
    ])
      expect(parseDateTimeInput(typed)).toBeUndefined();
  });
});
