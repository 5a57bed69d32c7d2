import { describe, expect, it } from 'vitest';
import type { RenderInput } from './model';
import { renderWireText } from './ots';

const base: RenderInput = {
  id: 'r1',
  version: 3,
  language: 'de',
  topic: 'Soziales',
  headline: 'Land fördert „Quartiere“',
  subheadline: '',
  teaser: 'Das Land stellt 12 Mio. Euro bereit.',
  dateline: 'Stuttgart, 2. Mai 2024',
  publishedAt: '2024-05-02T08:00:00Z',
  updatedAt: '2024-05-02T08:00:00Z',
  embargoUntil: null,
  tags: ['Quartier', 'Kommunen'],
  body: {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Mehr unter ' },
          { type: 'text', text: 'sm.de', marks: [{ type: 'link', attrs: { href: 'https://sm.de/q' } }] },
          { type: 'text', text: ' – jetzt.' },
        ],
      },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Wer erhält Geld?' }] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Gemeinden' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Vereine' }] }] },
        ],
      },
      {
        type: 'quote',
        attrs: { speaker: 'Manne Lucha', role: 'Minister' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Quartiere halten zusammen.“' }] }],
      },
      {
        type: 'figure',
        attrs: {
          assetId: 'a1',
          caption: 'Ein Quartier',
          credit: 'Foto: © Jürgen Weiß',
          creditRaw: '',
          alt: 'Häuser',
          decorative: false,
        },
      },
    ],
  },
  leadImage: null,
  assets: {},
  relatedLinks: [],
  relatedReleases: [],
  pressContact: 'Pressestelle\npresse@sm.de',
  boilerplate: '',
  office: { name: 'Sozialministerium', address: 'Else-Josenhans-Str. 6\n70173 Stuttgart' },
  embargoed: false,
  stylesheet: '',
};

describe('wire text (ots layout)', () => {
  it('lays a release out as the wire expects it, with CRLF line endings', () => {
    expect(renderWireText(base).split('\r\n')).toEqual([
      'Land fördert „Quartiere“',
      '',
      'Das Land stellt 12 Mio. Euro bereit.',
      '',
      'Stuttgart (ots) - Mehr unter sm.de (https://sm.de/q) – jetzt.',
      '',
      'Wer erhält Geld?',
      '',
      '- Gemeinden',
      '- Vereine',
      '',
      '„Quartiere halten zusammen.“ (Manne Lucha, Minister)',
      '',
      'Bild: Ein Quartier (Foto: © Jürgen Weiß)',
      '',
      'Schlagworte: Quartier, Kommunen',
      '',
      'Pressekontakt:',
      'Pressestelle',
      'presse@sm.de',
      '',
      'Original-Content von: Sozialministerium, Else-Josenhans-Str. 6, 70173 Stuttgart',
      '',
    ]);
    expect(renderWireText(base)).not.toMatch(/[^\r]\n/);
  });

  it('puts the embargo first while it runs, and speaks English for English releases', () => {
    const text = renderWireText({
      ...base,
      language: 'en',
      embargoed: true,
      embargoUntil: '2030-01-15T09:00:00Z',
      tags: [],
      dateline: '',
    });
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('EMBARGOED until 15 January 2030, 10:00 (CET). Not for publication before then.');
    expect(text).toContain('(ots) - Mehr unter');
    expect(text).toContain('Image: Ein Quartier');
    expect(text).toContain('Press contact:');
    expect(text).toContain('Original content by: Sozialministerium');
    expect(text).not.toContain('Schlagworte');
  });
});
