import { describe, expect, it } from 'vitest';
import { officeWallTime, parseIsoInstant, zonedWallTimeToUtc } from './time';

describe('parseIsoInstant', () => {
  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00+02:00', '2024-05-01T08:00:00.000Z'],
    ['2024-05-01T10:00:00.123-0500', '2024-05-01T15:00:00.123Z'],
    // plain dates: midnight in Berlin (summer and winter time)
    ['2024-07-15', '2024-07-14T22:00:00.000Z'],
    ['2024-01-15', '2024-01-14T23:00:00.000Z'],
    // local date-times: wall-clock time in Berlin
    ['2016-02-24T15:48', '2016-02-24T14:48:00.000Z'],
    ['2016-07-08 17:37:30', '2016-07-08T15:37:30.000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseIsoInstant(input)).toBe(expected);
  });

  it.each([
    '',
    'gestern',
    '31.12.2024',
    '2024-02-30',
    '2024-13-01',
    '2024-05-01T25:00',
    '2024-05-01T10:00:00+02:00 extra',
    '1714557600',
  ])('refuses %j', (input) => {
    expect(parseIsoInstant(input)).toBeNull();
  });

  it('handles the switch to summer time (02:30 does not exist on 31 March 2024)', () => {
    expect(zonedWallTimeToUtc(2024, 3, 31, 1, 30).toISOString()).toBe('2024-03-31T00:30:00.000Z');
    expect(zonedWallTimeToUtc(2024, 3, 31, 3, 30).toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });
});

describe('officeWallTime', () => {
  it('shows an instant as Berlin wall-clock time in summer and winter, and round-trips through parseIsoInstant', () => {
    expect(officeWallTime('2025-05-01T07:30:00.000Z')).toBe('2025-05-01T09:30');
    expect(officeWallTime('2025-01-15T23:05:00.000Z')).toBe('2025-01-16T00:05');
    expect(parseIsoInstant(officeWallTime('2025-10-26T03:30:00.000Z'))).toBe('2025-10-26T03:30:00.000Z');
  });
});
