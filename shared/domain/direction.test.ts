import { describe, expect, it } from 'vitest';
import { directionOf } from './direction';

describe('directionOf', () => {
  it.each(['ar', 'ar-EG', 'fa', 'fa-IR', 'he', 'ur', 'ps', 'ckb', 'yi', 'dv', 'az-Arab', 'AR'])(
    '%s is right to left',
    (tag) => {
      expect(directionOf(tag)).toBe('rtl');
    },
  );

  it.each(['de', 'de-DE', 'en', 'en-GB', 'tr', 'uk', 'ku', 'az-Latn', 'uz-Cyrl', 'ar-Latn', ''])(
    '%s is left to right',
    (tag) => {
      expect(directionOf(tag)).toBe('ltr');
    },
  );
});
