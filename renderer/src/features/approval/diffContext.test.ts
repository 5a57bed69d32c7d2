import { describe, expect, it } from 'vitest';
import { unchangedContext } from './diffContext';

const long =
  'Das Land stellt in diesem Jahr zweihundert neue Pflegekräfte ein, die in den Kliniken und Heimen arbeiten werden, so die Ministerin.';
const words = new Set(long.split(' '));

/** The words of a shortened text, without the mark of the left-out middle. */
const wordsOf = (text: string): string[] => text.split(/[\s…]+/).filter(Boolean);

describe('the unchanged text around a change', () => {
  it('keeps a short stretch whole', () => {
    expect(unchangedContext('Das Land stellt ', true, true)).toBe('Das Land stellt ');
  });

  it('keeps whole words next to the changes and leaves the middle out', () => {
    const both = unchangedContext(long, true, true);
    expect(both.startsWith('Das Land stellt ')).toBe(true);
    expect(both.endsWith(' so die Ministerin.')).toBe(true);
    expect(both).toContain('…');
    expect(both.length).toBeLessThan(long.length);
    expect(wordsOf(both).every((w) => words.has(w))).toBe(true);
    // Before the first change only its end, after the last only its beginning.
    expect(unchangedContext(long, false, true)).toMatch(/^….* so die Ministerin\.$/);
    expect(unchangedContext(long, true, false)).toMatch(/^Das Land stellt .*…$/);
    expect(wordsOf(unchangedContext(long, false, true)).every((w) => words.has(w))).toBe(true);
  });
});
