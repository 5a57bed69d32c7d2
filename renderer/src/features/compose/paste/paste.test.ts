import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeDocument, type DocumentNode } from '../../../../../shared/document';
import { htmlToDocument } from '../../../../../shared/document/fromHtml';
import wordLists from '../../../../../shared/document/fixtures/word-lists.html?raw';
import StarterKit from '@tiptap/starter-kit';
import { createBodyExtensions } from '../bodyExtensions';
import { cleanPastedHtml } from '../extensions/pasteCleanup';
import googleDocs from './fixtures/google-docs.html?raw';
import newsPage from './fixtures/news-page.html?raw';
import word from './fixtures/word.html?raw';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

/** Pastes HTML into a real body editor, through its paste handling, and returns the stored document. */
function paste(html: string): { doc: DocumentNode; html: string } {
  editor = new Editor({
    element: document.createElement('div'),
    extensions: createBodyExtensions(),
    content: '<p></p>',
    injectCSS: false,
  });
  editor.commands.focus('start');
  // jsdom has no ClipboardEvent; a plain paste event carries the HTML the same way through the editor.
  expect(editor.view.pasteHTML(html, new Event('paste') as ClipboardEvent)).toBe(true);
  return { doc: normalizeDocument(editor.getJSON()), html: editor.getHTML() };
}

const FORBIDDEN =
  /style=|class=|font-family|mso-|onclick|onmouseover|javascript:|<script|<img|<iframe|docs-internal-guid|Anzeige|Startseite|Teilen|Abonnieren|Impressum|dataLayer/i;

describe('paste from Word', () => {
  it('keeps headings, a real bullet list, bold, italic and safe links; drops Word styles and conditional comments', () => {
    const { doc, html } = paste(word);
    expect(html).not.toMatch(FORBIDDEN);
    expect(html).not.toContain('·');
    expect(html).toContain('<h2>Stadt fördert Sanierung von Schulen</h2>');
    expect(html).toContain('<strong>24 Millionen Euro</strong>');
    expect(html).toContain('<em>vorrangig</em>');
    expect(html).toContain('<h2>Die wichtigsten Maßnahmen</h2>');
    const list = doc.content.find((n) => n.type === 'bulletList');
    expect(list?.content).toHaveLength(3);
    expect(html).toContain('<li><p>Neue Fenster und Dämmung</p></li>');
    expect(html).toContain('<a href="https://www.stuttgart.de/schulen">stuttgart.de/schulen</a>');
    // The unsafe link keeps its text, without the link.
    expect(html).toContain('und hier.');
  });
});

describe('paste from Word: lists, spaces and bold as Word writes them', () => {
  it('turns bullet, nested and numbered list paragraphs into real lists and keeps mso-bidi bold', () => {
    const { doc, html } = paste(wordLists);
    expect(html).not.toMatch(FORBIDDEN);
    expect(html).not.toContain('·');
    expect(html).not.toContain('&nbsp;&nbsp;');
    expect(html).toContain('<p><strong>Kreis investiert in Radwege</strong></p>');
    expect(html).toContain(
      '<ul><li><p>Radweg an der B 27</p><ul><li><p>Abschnitt Nord</p></li><li><p>Abschnitt Süd</p></li></ul></li>',
    );
    expect(html).toContain('<ol><li><p>Planung bis Herbst</p></li><li><p>Bau ab 2026</p></li></ol>');
    // No empty paragraphs from Word's <o:p>&nbsp;</o:p>.
    expect(doc.content.every((b) => b.type !== 'paragraph' || (b.content?.length ?? 0) > 0)).toBe(true);
  });
});

describe('paste and import are one conversion', () => {
  it.each([
    ['Word', word],
    ['Word lists', wordLists],
    ['Google Docs', googleDocs],
    ['a news page', newsPage],
  ])('pasting %s gives the document the engine imports from the same HTML', (_name, html) => {
    expect(paste(html).doc).toEqual(htmlToDocument(html));
  });

  it('a paste with nothing the body can hold changes nothing', () => {
    editor = new Editor({
      element: document.createElement('div'),
      extensions: createBodyExtensions(),
      content: '<p>Vorher</p>',
      injectCSS: false,
    });
    editor.commands.focus('end');
    editor.view.pasteHTML(
      '<img src="https://tracker.example/p.gif"><script>alert(1)</script>',
      new Event('paste') as ClipboardEvent,
    );
    expect(editor.getHTML()).toBe('<p>Vorher</p>');
  });

  it('where the schema cannot hold the converted document, the clipboard arrives as escaped text', () => {
    const plain = new Editor({
      element: document.createElement('div'),
      extensions: [StarterKit],
      content: '<p></p>',
      injectCSS: false,
    });
    try {
      const html = cleanPastedHtml(
        '<table><tr><th>Ort</th><th>&lt;b&gt;Zeit</th></tr><tr><td>Rathaus</td><td>10 Uhr</td></tr></table>',
        plain.schema,
      );
      expect(html).not.toContain('<table');
      expect(html).toContain('&lt;b&gt;Zeit');
      expect(html).toContain('Rathaus');
    } finally {
      plain.destroy();
    }
  });

  it('a paste of hostile HTML keeps text only', () => {
    const { html } = paste(
      '<p>Hallo<img src=x onerror="alert(1)"><a href="javascript:alert(2)">Welt</a><svg onload="alert(3)"></svg></p><script>alert(4)</script>',
    );
    expect(html).toBe('<p>HalloWelt</p>');
  });
});

describe('paste from Google Docs', () => {
  it('drops the docs-internal-guid wrapper and spans, keeps style-only bold and italic, the numbered list and the real link address', () => {
    const { doc, html } = paste(googleDocs);
    expect(html).not.toMatch(FORBIDDEN);
    expect(html).toContain('<h2>Neue Buslinie verbindet Vaihingen und Möhringen</h2>');
    expect(html).toContain('<strong>alle zehn Minuten</strong>');
    expect(html).toContain('<em>, auch am Wochenende</em>');
    // The wrapper <b style="font-weight:normal"> must not make everything bold.
    expect(html).not.toContain('<strong>Ab dem');
    const list = doc.content.find((n) => n.type === 'orderedList');
    expect(list?.content).toHaveLength(2);
    expect(html).toContain('<a href="https://www.ssb-ag.de/">Fahrplan der SSB</a>');
    // Line breaks between blocks do not become empty paragraphs.
    expect(doc.content.map((n) => n.type)).toEqual(['heading', 'paragraph', 'orderedList', 'paragraph']);
  });
});

describe('paste from a news web page', () => {
  it('keeps the article (headline, lead, subheading, list, link) and drops navigation, ads, scripts, pixels, share and newsletter boxes', () => {
    const { doc, html } = paste(newsPage);
    expect(html).not.toMatch(FORBIDDEN);
    expect(html).toContain('<h2>Hitzeschutz: Stadt öffnet kühle Räume</h2>');
    expect(html).toContain('<strong>Während der Hitzewelle</strong>');
    expect(html).toContain('<em>klimatisierte Räume</em>');
    expect(html).toContain('<h3>Öffnungszeiten</h3>');
    expect(doc.content.find((n) => n.type === 'bulletList')?.content).toHaveLength(2);
    expect(html).toContain('<a href="https://www.stuttgart.de/hitze?utm_source=newsletter">stuttgart.de/hitze</a>');
    expect(html).not.toContain('target=');
  });
});
