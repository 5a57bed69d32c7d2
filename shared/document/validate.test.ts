import { describe, expect, it } from 'vitest';
import { PressdeskError } from '../errors';
import { documentFigures, documentSpeakers, documentToPlainText, normalizeDocument, validateDocument } from './index';

const para = (text: string, marks?: unknown[]) => ({
  type: 'paragraph',
  content: [{ type: 'text', text, ...(marks ? { marks } : {}) }],
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PressdeskError ? error.code : 'NOT_A_PRESSDESK_ERROR';
  }
  return undefined;
}

describe('normalizeDocument', () => {
  it('accepts the vocabulary and returns its canonical form', () => {
    const doc = normalizeDocument({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, id: 'x' }, content: [{ type: 'text', text: 'Zwischenüberschrift' }] },
        para('Mehr unter', [
          { type: 'link', attrs: { href: 'https://example.org/', target: '_blank', rel: 'noopener' } },
          { type: 'bold' },
        ]),
        { type: 'bulletList', content: [{ type: 'listItem', content: [para('Punkt')] }] },
        {
          type: 'orderedList',
          attrs: { start: 3, type: null },
          content: [{ type: 'listItem', content: [para('Drei')] }],
        },
        { type: 'blockquote', content: [para('„Zitat“')] },
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
        },
      ],
    });
    expect(doc.content).toHaveLength(6);
    expect(doc.content[0]).toEqual({
      type: 'heading',
      attrs: { level: 2 },
      content: [{ type: 'text', text: 'Zwischenüberschrift' }],
    });
    // unknown link attributes dropped, marks in canonical order
    expect(doc.content[1]).toEqual(
      para('Mehr unter', [{ type: 'bold' }, { type: 'link', attrs: { href: 'https://example.org/' } }]),
    );
    expect(documentToPlainText(doc)).toBe('Zwischenüberschrift\n\nMehr unter\n\n• Punkt\n\n3. Drei\n\n„Zitat“\n\na\nb');
  });

  it('keeps quotes of named speakers', () => {
    const doc = normalizeDocument({
      type: 'doc',
      content: [
        {
          type: 'quote',
          attrs: { speaker: ' Marion Gentges ', role: 'Justizministerin', id: 'x' },
          content: [para('„Wir handeln.“')],
        },
      ],
    });
    expect(doc.content[0]).toEqual({
      type: 'quote',
      attrs: { speaker: 'Marion Gentges', role: 'Justizministerin' },
      content: [para('„Wir handeln.“')],
    });
    expect(documentToPlainText(doc)).toBe('„Wir handeln.“\n\n— Marion Gentges, Justizministerin');
    expect(documentSpeakers(doc)).toEqual([{ speaker: 'Marion Gentges', role: 'Justizministerin' }]);
  });

  it('keeps figures with caption, credit and alt text, and empties the alt of decorative images', () => {
    const figure = (attrs: Record<string, unknown>) =>
      normalizeDocument({ type: 'doc', content: [{ type: 'figure', attrs }] }).content[0];
    expect(
      figure({
        assetId: 'a-1',
        caption: ' Die Ministerin ',
        credit: 'Foto: © dpa',
        creditRaw: 'dpa',
        alt: 'Frau am Pult',
        decorative: false,
        src: 'x',
      }),
    ).toEqual({
      type: 'figure',
      attrs: {
        assetId: 'a-1',
        caption: 'Die Ministerin',
        credit: 'Foto: © dpa',
        creditRaw: 'dpa',
        alt: 'Frau am Pult',
        decorative: false,
      },
    });
    expect(figure({ assetId: 'a-1', alt: 'Ornament', decorative: true })).toMatchObject({
      attrs: { alt: '', decorative: true, caption: '' },
    });
    const doc = normalizeDocument({
      type: 'doc',
      content: [para('x'), { type: 'figure', attrs: { assetId: 'b-2', caption: 'Bild' } }],
    });
    expect(documentFigures(doc).map((f) => f.assetId)).toEqual(['b-2']);
    expect(documentToPlainText(doc)).toBe('x');
  });

  it('turns an empty document into one empty paragraph', () => {
    expect(normalizeDocument({ type: 'doc' })).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });

  it.each([
    ['unknown node', { type: 'doc', content: [{ type: 'iframe' }] }],
    ['unknown mark', { type: 'doc', content: [para('x', [{ type: 'underline' }])] }],
    ['heading level 1', { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 } }] }],
    ['text at block level', { type: 'doc', content: [{ type: 'text', text: 'x' }] }],
    ['block inside paragraph', { type: 'doc', content: [{ type: 'paragraph', content: [para('x')] }] }],
    ['list without items', { type: 'doc', content: [{ type: 'bulletList', content: [] }] }],
    [
      'list item starting with a list',
      {
        type: 'doc',
        content: [
          { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'bulletList', content: [] }] }] },
        ],
      },
    ],
    ['non-string text', { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 42 }] }] }],
    ['wrong root', { type: 'paragraph' }],
    ['not an object', 'doc'],
    ['content not an array', { type: 'doc', content: {} }],
    [
      'a quote with a list inside',
      {
        type: 'doc',
        content: [
          {
            type: 'quote',
            attrs: { speaker: 'A', role: '' },
            content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [para('x')] }] }],
          },
        ],
      },
    ],
    [
      'a quote with a numeric speaker',
      { type: 'doc', content: [{ type: 'quote', attrs: { speaker: 5 }, content: [para('x')] }] },
    ],
    ['a figure without an asset', { type: 'doc', content: [{ type: 'figure', attrs: { caption: 'x' } }] }],
    [
      'a figure with a path as asset id',
      { type: 'doc', content: [{ type: 'figure', attrs: { assetId: '../../etc/passwd' } }] },
    ],
    [
      'a figure with a numeric caption',
      { type: 'doc', content: [{ type: 'figure', attrs: { assetId: 'a', caption: 5 } }] },
    ],
    [
      'a figure with content',
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'figure', attrs: { assetId: 'a' } }] }] },
    ],
    ['an empty quote', { type: 'doc', content: [{ type: 'quote', attrs: { speaker: 'A' } }] }],
  ])('refuses %s with INVALID_DOCUMENT', (_name, input) => {
    expect(codeOf(() => normalizeDocument(input))).toBe('INVALID_DOCUMENT');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    'vbscript:x',
    '/relative',
    'https://',
    'java\nscript:alert(1)',
  ])('refuses the link %j with UNSAFE_LINK', (href) => {
    expect(
      codeOf(() => normalizeDocument({ type: 'doc', content: [para('x', [{ type: 'link', attrs: { href } }])] })),
    ).toBe('UNSAFE_LINK');
  });

  it.each(['http://example.org', 'https://www.stuttgart.de/presse?x=1#a', 'mailto:presse@example.org'])(
    'accepts the link %s',
    (href) => {
      expect(
        codeOf(() => normalizeDocument({ type: 'doc', content: [para('x', [{ type: 'link', attrs: { href } }])] })),
      ).toBeUndefined();
    },
  );

  it('refuses hostile nesting instead of overflowing the stack', () => {
    let node: unknown = para('tief');
    for (let i = 0; i < 10_000; i++) node = { type: 'blockquote', content: [node] };
    expect(codeOf(() => normalizeDocument({ type: 'doc', content: [node] }))).toBe('INVALID_DOCUMENT');
  });
});

describe('tables', () => {
  const cell = (type: string, text?: string) => (text ? { type, content: [{ type: 'text', text }] } : { type });
  const row = (...content: object[]) => ({ type: 'tableRow', content });
  const doc = (...rows: object[]) => ({ type: 'doc', content: [{ type: 'table', content: rows }] });

  it('keep a header row: the first row holds header cells, the others plain cells, whatever they were called', () => {
    const out = normalizeDocument(
      doc(
        row(cell('tableCell', 'Ort'), {
          ...cell('tableCell', 'Zeit'),
          attrs: { colspan: 1, rowspan: 1, colwidth: null },
        }),
        row(cell('tableHeader', 'Rathaus'), cell('tableCell')),
      ),
    );
    expect(out.content[0]).toEqual({
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Ort'), cell('tableHeader', 'Zeit')] },
        { type: 'tableRow', content: [cell('tableCell', 'Rathaus'), cell('tableCell')] },
      ],
    });
  });

  it.each([
    ['no rows', doc()],
    ['a row without cells', doc(row())],
    ['rows of different lengths', doc(row(cell('tableHeader'), cell('tableHeader')), row(cell('tableCell')))],
    ['a paragraph in a row', doc({ type: 'tableRow', content: [{ type: 'paragraph' }] })],
    ['a block in a cell', doc(row({ type: 'tableHeader', content: [{ type: 'paragraph' }] }))],
    [
      'a list in a table',
      { type: 'doc', content: [{ type: 'table', content: [{ type: 'bulletList', content: [] }] }] },
    ],
    ['too many columns', doc(row(...Array.from({ length: 31 }, () => cell('tableHeader'))))],
  ])('refuse %s', (_name, input) => {
    expect(() => normalizeDocument(input)).toThrow(PressdeskError);
  });

  it('refuse unsafe links in cells like anywhere else', () => {
    const input = doc(
      row({
        type: 'tableHeader',
        content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
      }),
    );
    expect(validateDocument(input)).toMatchObject({ ok: false, error: { code: 'UNSAFE_LINK' } });
  });
});
