import { describe, expect, it } from 'vitest';
import { formatCredit, houseCredit, parseCredit } from './credit';

describe('credit lines', () => {
  it.each([
    ['dpa', 'Foto: © dpa'],
    ['© dpa', 'Foto: © dpa'],
    ['Foto: dpa', 'Foto: © dpa'],
    ['Foto: © dpa', 'Foto: © dpa'],
    ['Bild: © picture alliance/Jürgen Weiß/dpa', 'Bild: © picture alliance/Jürgen Weiß/dpa'],
    ['(c) 2024 Stadt Köln', 'Foto: © Stadt Köln'],
    ['Copyright Land NRW', 'Foto: © Land NRW'],
    ['Grafik: Statistisches Landesamt', 'Grafik: © Statistisches Landesamt'],
    ['Photo: Reuters', 'Foto: © Reuters'],
    ['  ', ''],
  ])('formats %j as %j', (raw, expected) => {
    expect(houseCredit(raw)).toBe(expected);
  });

  it('falls back to the creator when the photo has no credit', () => {
    expect(houseCredit('', 'Anna Müller')).toBe('Foto: © Anna Müller');
  });

  it('round-trips its own format', () => {
    const parts = parseCredit('Illustration: © Büro Süd');
    expect(parts).toEqual({ prefix: 'Illustration', holder: 'Büro Süd' });
    expect(formatCredit(parts)).toBe('Illustration: © Büro Süd');
  });
});
