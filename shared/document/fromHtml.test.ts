import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToDocument } from './fromHtml';
import { documentToPlainText } from './text';
import type { BlockNode, InlineNode } from './types';

const word = readFileSync(new URL('./fixtures/word-lists.html', import.meta.url), 'utf8');

const p = (...content: InlineNode[]): BlockNode => ({ type: 'paragraph', content });
const t = (text: string, ...marks: ('bold' | 'italic')[]): InlineNode =>
  marks.length > 0 ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const item = (...content: BlockNode[]) => ({ type: 'listItem' as const, content });

describe('HTML → document, one conversion for paste and import', () => {
  it('reads Word clipboard HTML: real nested and numbered lists, bold kept, empty paragraphs and runs of spaces gone', () => {
    expect(htmlToDocument(word).content).toEqual([
      // <b style='mso-bidi-font-weight:normal'> is bold: the rule reads font-weight, not a property ending in it.
      p(t('Kreis investiert in Radwege', 'bold')),
      // Runs of spaces and no-break spaces become one space, a single no-break space stays.
      p(
        t('Der Kreistag hat am Montag '),
        t('einstimmig', 'italic'),
        t(' beschlossen: Bis 2028 entstehen\u00a012\u00a0Kilometer neue Radwege.'),
      ),
      {
        type: 'bulletList',
        content: [
          item(p(t('Radweg an der B 27')), {
            type: 'bulletList',
            content: [item(p(t('Abschnitt Nord'))), item(p(t('Abschnitt Süd')))],
          }),
          item(p(t('Fahrradstraße', 'bold'), t(' in Esslingen'))),
        ],
      },
      p(t('Die nächsten Schritte:')),
      {
        type: 'orderedList',
        attrs: { start: 1 },
        content: [item(p(t('Planung bis Herbst'))), item(p(t('Bau ab 2026')))],
      },
      // A list paragraph whose bullet is plain text (no mso-list span): the bullet and its indent go.
      { type: 'bulletList', content: [item(p(t('Anmeldung beim Landratsamt')))] },
    ]);
  });

  it('starts a Word numbered list at its first number and separates lists of different kinds', () => {
    const para = (level: number, marker: string, text: string) =>
      `<p class=MsoListParagraph style='mso-list:l0 level${level} lfo1'><![if !supportLists]><span style='mso-list:Ignore'>${marker}<span>&nbsp;&nbsp; </span></span><![endif]>${text}</p>`;
    const doc = htmlToDocument(`${para(1, '3.', 'Drei')}\n${para(1, '4.', 'Vier')}\n${para(1, '·', 'Punkt')}`);
    expect(doc.content).toEqual([
      { type: 'orderedList', attrs: { start: 3 }, content: [item(p(t('Drei'))), item(p(t('Vier')))] },
      { type: 'bulletList', content: [item(p(t('Punkt')))] },
    ]);
  });

  it('a paragraph that only looks like a Word list stays a paragraph', () => {
    expect(htmlToDocument('<p class=MsoNormal>o Punkt ohne Liste</p>').content).toEqual([p(t('o Punkt ohne Liste'))]);
    expect(htmlToDocument('<p class=MsoListParagraph>Eingerückt</p>').content).toEqual([p(t('Eingerückt'))]);
  });

  it('reads font-weight as a whole property: "normal" unbolds only through font-weight itself', () => {
    expect(htmlToDocument('<p><b style="mso-bidi-font-weight:normal">fett</b></p>').content).toEqual([
      p(t('fett', 'bold')),
    ]);
    expect(htmlToDocument('<p><b style="font-weight: normal">normal</b></p>').content).toEqual([p(t('normal'))]);
    expect(htmlToDocument('<p><span style="mso-bidi-font-style:italic">gerade</span></p>').content).toEqual([
      p(t('gerade')),
    ]);
  });

  it('drops empty Word paragraphs, spaces at line edges and space-only paragraphs', () => {
    expect(
      htmlToDocument(
        '<p class=MsoNormal><o:p>&nbsp;</o:p></p><p>&nbsp;</p><p>&nbsp;&nbsp; Text &nbsp;</p><p>&#160;</p>',
      ).content,
    ).toEqual([p(t('Text'))]);
  });

  it("drops a page's header, footer, navigation, asides and advertising, but keeps an article's own header", () => {
    const doc = htmlToDocument(
      `<header><p>Stadtanzeiger</p></header><article><header><h1>Titel</h1></header>
       <div class="ad-slot"><p>Anzeige</p></div><p>Text</p><aside><p>Teilen</p></aside>
       <div id="newsletter-box"><p>Abonnieren</p></div></article><footer><p>Impressum</p></footer>`,
    );
    expect(documentToPlainText(doc)).toBe('Titel\n\nText');
    // The page and its text are never furniture, whatever their classes say.
    expect(
      documentToPlainText(
        htmlToDocument('<body class="ad-free"><article class="has-comments"><p>Bleibt</p></article></body>'),
      ),
    ).toBe('Bleibt');
  });

  it("follows Google's redirect links to the real address, and only to a safe one", () => {
    const doc = htmlToDocument(
      '<p><a href="https://www.google.com/url?q=https://www.ssb-ag.de/&amp;sa=D">SSB</a> <a href="https://www.google.com/url?q=javascript:alert(1)">x</a></p>',
    );
    expect(doc.content).toEqual([
      p({ type: 'text', text: 'SSB', marks: [{ type: 'link', attrs: { href: 'https://www.ssb-ag.de/' } }] }, t(' x')),
    ]);
  });

  it('drops hostile content inside Word list markup', () => {
    const doc = htmlToDocument(
      `<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<script>alert(1)</script></span><img src=x onerror=alert(2)><a href="javascript:alert(3)">Punkt</a></p>`,
    );
    expect(doc.content).toEqual([{ type: 'bulletList', content: [item(p(t('Punkt')))] }]);
    const deep = `<p class=MsoListParagraph style='mso-list:l0 level99 lfo1'>${'<span>'.repeat(3000)}tief${'</span>'.repeat(3000)}</p>`;
    expect(documentToPlainText(htmlToDocument(deep))).toContain('tief');
  });

  it('reads data tables, Word tables included, as tables with a header row', () => {
    const doc = htmlToDocument(`<table class=MsoTableGrid border=1 style='border-collapse:collapse'>
      <tr style='mso-yfti-firstrow:yes'><td width=302 valign=top><p class=MsoNormal><b>Ort<o:p></o:p></b></p></td>
      <td><p class=MsoNormal><b>Zeit</b></p></td></tr>
      <tr><td><p class=MsoNormal>Rathaus<o:p></o:p></p></td><td><p class=MsoNormal>10&nbsp;Uhr</p><p class=MsoNormal>bis 12 Uhr</p></td></tr>
      <tr><td colspan=2 onclick="x()"><p class=MsoNormal>Eintritt frei <img src=x onerror=alert(1)></p></td></tr></table>`);
    expect(doc.content).toEqual([
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableHeader', content: [t('Ort', 'bold')] },
              { type: 'tableHeader', content: [t('Zeit', 'bold')] },
            ],
          },
          {
            type: 'tableRow',
            content: [
              { type: 'tableCell', content: [t('Rathaus')] },
              { type: 'tableCell', content: [t('10\u00a0Uhr'), { type: 'hardBreak' }, t('bis 12 Uhr')] },
            ],
          },
          // A cell spanning two columns keeps its text in the first.
          { type: 'tableRow', content: [{ type: 'tableCell', content: [t('Eintritt frei')] }, { type: 'tableCell' }] },
        ],
      },
    ]);
    expect(
      documentToPlainText(
        htmlToDocument(
          '<table><caption>Termine</caption><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
        ),
      ),
    ).toBe('Termine\n\nA | B\n1 |');
  });

  it('reads layout tables as paragraphs, as before', () => {
    const layout = (inner: string) => documentToPlainText(htmlToDocument(inner));
    expect(
      layout('<table role="presentation"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>'),
    ).toBe('a b\n\nc d');
    expect(layout('<table><tr><td>nur</td><td>eine Zeile</td></tr></table>')).toBe('nur eine Zeile');
    expect(layout('<table><tr><td><h2>Titel</h2></td><td>x</td></tr><tr><td>y</td><td>z</td></tr></table>')).toContain(
      'Titel',
    );
    expect(
      htmlToDocument(
        '<table><tr><td><ul><li>a</li></ul></td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>',
      ).content.some((b) => b.type === 'table'),
    ).toBe(false);
  });
});
