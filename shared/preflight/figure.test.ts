import { describe, expect, it } from 'vitest';
import { figureChecks } from './figure';

const base = {
  assetId: 'a',
  caption: 'Die Ministerin am Rednerpult',
  credit: 'Foto: © dpa',
  creditRaw: 'dpa',
  alt: 'Frau mit Brille spricht in Mikrofone',
  decorative: false,
};
const codes = (over: Partial<typeof base>, options?: { lead?: boolean; width?: number }) =>
  figureChecks({ ...base, ...over }, options).map((c) => c.code);

describe('figure checks', () => {
  it('passes a complete figure', () => {
    expect(codes({})).toEqual([]);
  });
  it('asks for alt text unless the image is decorative', () => {
    expect(codes({ alt: '  ' })).toEqual(['ALT_MISSING']);
    expect(codes({ alt: '', decorative: true })).toEqual([]);
  });
  it('warns when the alt text repeats the caption or carries the credit', () => {
    expect(codes({ alt: 'die ministerin am  Rednerpult' })).toEqual(['ALT_EQUALS_CAPTION']);
    expect(codes({ alt: 'Frau am Pult, Foto: dpa' })).toEqual(['ALT_HAS_CREDIT']);
    expect(codes({ alt: 'Frau am Pult © Stadt' })).toEqual(['ALT_HAS_CREDIT']);
  });
  it('requires a credit and warns about small lead images', () => {
    expect(codes({ credit: '' })).toEqual(['CREDIT_MISSING']);
    expect(codes({}, { lead: true, width: 800 })).toEqual(['LEAD_TOO_SMALL']);
    expect(codes({}, { lead: true, width: 1600 })).toEqual([]);
    expect(codes({}, { lead: false, width: 800 })).toEqual([]);
  });
});
