import { describe, expect, it } from 'vitest';
import { documentToPlainText } from '../../../shared/document';
import { htmlToDocument } from './htmlToDocument';

const json = (html: string) => JSON.stringify(htmlToDocument(html));

describe('htmlToDocument', () => {
  it('keeps headings, paragraphs, lists, quotes, links, bold and italic', () => {
    const doc = htmlToDocument(`
      <h1>Titel</h1><h3>Unter</h3>
      <p>Ein <strong>fetter</strong> und <em>kursiver</em> Text mit <a href="https://example.org/x">Link</a>.</p>
      <ul><li>eins</li><li><p>zwei</p><ol start="4"><li>vier</li></ol></li></ul>
      <blockquote><p>„Zitat“, sagte sie.</p></blockquote>
      <p>Zeile 1<br>Zeile 2</p>`);
    expect(doc.content.map((b) => b.type)).toEqual([
      'heading',
      'heading',
      'paragraph',
      'bulletList',
      'blockquote',
      'paragraph',
    ]);
    expect(doc.content[0]).toEqual({
      type: 'heading',
      attrs: { level: 2 },
      content: [{ type: 'text', text: 'Titel' }],
    });
    expect(doc.content[1]).toMatchObject({ attrs: { level: 3 } });
    expect(doc.content[2]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Ein ' },
        { type: 'text', text: 'fetter', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' und ' },
        { type: 'text', text: 'kursiver', marks: [{ type: 'italic' }] },
        { type: 'text', text: ' Text mit ' },
        { type: 'text', text: 'Link', marks: [{ type: 'link', attrs: { href: 'https://example.org/x' } }] },
        { type: 'text', text: '.' },
      ],
    });
    expect(documentToPlainText(doc)).toContain('4. vier');
    expect(doc.content[5]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'Zeile 1' }, { type: 'hardBreak' }, { type: 'text', text: 'Zeile 2' }],
    });
  });

  it('drops scripts, styles, event handlers, comments, images and unsafe links', () => {
    const out = json(`<p onclick="steal()" style="color:red" class="x">Hallo<!-- geheim --><script>alert(1)</script>
      <style>p{}</style><img src="https://tracker.example/p.gif" width="1" height="1"><a href="javascript:alert(1)">Klick</a>
      <a href="data:text/html,x">Daten</a><iframe src="https://evil.example"></iframe><svg><script>x</script></svg></p>`);
    for (const bad of [
      'alert',
      'steal',
      'geheim',
      'color',
      'tracker',
      'javascript',
      'data:',
      'evil',
      'onclick',
      'class',
    ]) {
      expect(out).not.toContain(bad);
    }
    expect(out).toContain('Hallo Klick Daten');
  });

  it('reads Word and Google Docs formatting from inline styles', () => {
    const doc = htmlToDocument(
      `<b style="font-weight:normal;" id="docs-internal-guid-1"><p><span style="font-weight:700">Fett</span> <span style="font-style:italic">schräg</span> normal</p></b>`,
    );
    expect(doc.content[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Fett', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' ' },
        { type: 'text', text: 'schräg', marks: [{ type: 'italic' }] },
        { type: 'text', text: ' normal' },
      ],
    });
  });

  it('collapses whitespace and decodes entities', () => {
    expect(htmlToDocument('<p>  Mehr   als\n\n  &bdquo;Worte&ldquo; &amp; Taten&nbsp;! </p>').content[0]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'Mehr als „Worte“ & Taten\u00a0!' }],
    });
  });

  it('wraps loose text and survives hostile nesting', () => {
    expect(documentToPlainText(htmlToDocument('nur Text'))).toBe('nur Text');
    const deep = '<div>'.repeat(5000) + 'tief' + '</div>'.repeat(5000);
    expect(documentToPlainText(htmlToDocument(deep))).toBe('tief');
    const lists = '<ul><li>'.repeat(300) + 'x' + '</li></ul>'.repeat(300);
    expect(documentToPlainText(htmlToDocument(lists))).toContain('x');
  });

  it('reads quotes of named speakers as written by Pressdesk', () => {
    const doc = htmlToDocument(
      '<blockquote data-type="quote" data-speaker="Marion Gentges" data-role="Justizministerin"><p>„Wir handeln.“</p><ul><li>x</li></ul></blockquote>',
    );
    expect(doc.content[0]).toEqual({
      type: 'quote',
      attrs: { speaker: 'Marion Gentges', role: 'Justizministerin' },
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '„Wir handeln.“' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '• x' }] },
      ],
    });
  });

  it('keeps right-to-left text as it is', () => {
    expect(documentToPlainText(htmlToDocument('<p dir="rtl">مرحبا بالعالم</p>'))).toBe('مرحبا بالعالم');
  });

  it('gives an empty document for empty or script-only input', () => {
    expect(htmlToDocument('')).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(htmlToDocument('<script>x</script>')).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });
});
