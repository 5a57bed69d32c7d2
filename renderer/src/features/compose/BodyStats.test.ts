import { describe, expect, it } from 'vitest';
import { documentFromPlainText } from '../../../../shared/document';
import { bodyStats } from './BodyStats';

describe('body counters', () => {
  it('counts words and rounds the reading time, at least one minute for any text', () => {
    expect(bodyStats(documentFromPlainText(''))).toEqual({ words: 0, minutes: 0 });
    expect(bodyStats(documentFromPlainText('Drei kurze Wörter'))).toEqual({ words: 3, minutes: 1 });
    const long = Array.from({ length: 700 }, (_, i) => `Wort${i}`).join(' ');
    expect(bodyStats(documentFromPlainText(long))).toEqual({ words: 700, minutes: 4 });
  });
});
