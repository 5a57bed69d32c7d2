import { describe, expect, it } from 'vitest';
import { formatOfficeDateTime, languageEndonym } from './format';

describe('formatOfficeDateTime', () => {
  it('shows instants in Berlin time, in the interface locale', () => {
    // 23:30 UTC on 31 March 2025 is already 1 April in Berlin (summer time, UTC+2).
    expect(formatOfficeDateTime('2025-03-31T23:30:00.000Z', 'de-DE')).toBe('01.04.2025, 01:30');
    expect(formatOfficeDateTime('2025-01-15T09:05:00.000Z', 'en-GB')).toBe('15 Jan 2025, 10:05');
  });
});

describe('languageEndonym', () => {
  it('names languages in their own language', () => {
    expect(languageEndonym('de')).toBe('Deutsch');
    expect(languageEndonym('en')).toBe('English');
    expect(languageEndonym('ar')).toBe('العربية');
  });
});
