import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BLOCK_TYPES,
  INLINE_TYPES,
  MARK_TYPES,
  TABLE_PART_TYPES,
  normalizeDocument,
  type DocumentNode,
} from '../../../../shared/document';
import {
  BODY_SHORTCUTS,
  createBodyExtensions,
  fromEditorContent,
  linkFromInput,
  toEditorContent,
} from './bodyExtensions';

let editor: Editor | null = null;

afterEach(() => {
  editor?.destroy();
  editor = null;
});

function makeEditor(content: string | DocumentNode, onLinkRequest?: () => boolean): Editor {
  editor = new Editor({
    element: document.createElement('div'),
    extensions: createBodyExtensions({ onLinkRequest }),
    content: typeof content === 'string' ? content : toEditorContent(content),
    injectCSS: false,
  });
  return editor;
}

const text = (value: string, marks?: unknown[]) =>
  marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };

const FULL: DocumentNode = normalizeDocument({
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Zwischenüberschrift')] },
    {
      type: 'paragraph',
      content: [
        text('Mit '),
        text('fettem', [{ type: 'bold' }]),
        text(' und '),
        text('kursivem', [{ type: 'italic' }]),
        text(' Text, einem '),
        text('Link', [{ type: 'link', attrs: { href: 'https://www.stuttgart.de/presse' } }]),
        { type: 'hardBreak' },
        text('und einer zweiten Zeile.'),
      ],
    },
    { type: 'heading', attrs: { level: 3 }, content: [text('Unterpunkt')] },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [text('Feuerwehr')] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [text('Polizei')] }] },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('Drittens')] }] }],
    },
    {
      type: 'blockquote',
      content: [{ type: 'paragraph', content: [text('„Wir sind vorbereitet“, sagte die Ministerin.')] }],
    },
    {
      type: 'paragraph',
      content: [
        text('Kontakt: '),
        text('presse@example.org', [{ type: 'link', attrs: { href: 'mailto:presse@example.org' } }]),
      ],
    },
  ],
});

describe('body editor configuration', () => {
  it('has exactly the nodes and marks of the document vocabulary', () => {
    const e = makeEditor('');
    const nodes = Object.keys(e.schema.nodes).sort();
    const marks = Object.keys(e.schema.marks).sort();
    expect(nodes).toEqual(['doc', ...BLOCK_TYPES, ...INLINE_TYPES, 'listItem', ...TABLE_PART_TYPES].sort());
    expect(marks).toEqual([...MARK_TYPES].sort());
  });

  it('round-trips headings, lists, links, quotes and hard breaks into a valid body', () => {
    const e = makeEditor(FULL);
    const json = fromEditorContent(e.getJSON());
    expect(normalizeDocument(json)).toEqual(FULL);
  });

  it('keeps quotes of named speakers, also through HTML', () => {
    const doc: DocumentNode = {
      type: 'doc',
      content: [
        {
          type: 'quote',
          attrs: { speaker: 'Marion Gentges', role: 'Justizministerin' },
          content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Wir handeln.“' }] }],
        },
      ],
    };
    expect(normalizeDocument(fromEditorContent(makeEditor(doc).getJSON()))).toEqual(doc);
    const html = editor!.getHTML();
    editor!.destroy();
    expect(normalizeDocument(fromEditorContent(makeEditor(html).getJSON()))).toEqual(doc);
  });

  it('keeps figures with caption, credit, raw credit, alt text and the decorative switch', () => {
    const doc: DocumentNode = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Vorher' }] },
        {
          type: 'figure',
          attrs: {
            assetId: 'a-1',
            caption: 'Die Ministerin',
            credit: 'Foto: © dpa',
            creditRaw: 'dpa',
            alt: 'Frau am Pult',
            decorative: false,
          },
        },
        {
          type: 'figure',
          attrs: { assetId: 'b-2', caption: '', credit: 'Grafik: © Land', creditRaw: '', alt: '', decorative: true },
        },
      ],
    };
    expect(normalizeDocument(fromEditorContent(makeEditor(doc).getJSON()))).toEqual(doc);
    const html = editor!.getHTML();
    editor!.destroy();
    expect(normalizeDocument(fromEditorContent(makeEditor(html).getJSON()))).toEqual(doc);
  });

  it('produces a valid body from what the commands make', () => {
    const e = makeEditor('<p>Titel</p>');
    e.chain().setTextSelection(1).toggleHeading({ level: 2 }).run();
    e.commands.setTextSelection(e.state.doc.content.size);
    e.commands.enter();
    e.commands.insertContent('Punkt');
    e.commands.toggleBulletList();
    e.commands.selectAll();
    e.commands.toggleBold();
    expect(e.commands.setHeading({ level: 1 })).toBe(false);
    expect(e.commands.setHeading({ level: 4 })).toBe(false);
    const doc = normalizeDocument(e.getJSON());
    expect(doc.content.map((b) => b.type)).toEqual(['heading', 'bulletList']);
  });

  it('turns pasted HTML outside the vocabulary into allowed content', () => {
    const e = makeEditor(
      '<h1>Eins</h1><h4>Vier</h4><pre><code>code()</code></pre><p><s>durch</s> <u>unter</u> <code>x</code> <a href="javascript:alert(1)">böse</a> <a href="https://example.org/">gut</a></p><hr><img src="x.png" alt="">',
    );
    const doc = normalizeDocument(e.getJSON());
    const serialized = JSON.stringify(doc);
    expect(serialized).not.toContain('javascript:');
    expect(serialized).toContain('https://example.org/');
    expect(serialized).toContain('durch');
    expect(serialized).toContain('böse');
  });

  it('refuses a javascript: link, whichever command sets it', () => {
    const e = makeEditor('<p>Klick mich</p>');
    e.commands.selectAll();
    expect(e.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(e.commands.toggleLink({ href: 'JavaScript:alert(1)' })).toBe(false);
    expect(e.commands.setLink({ href: 'data:text/html,<b>x</b>' })).toBe(false);
    expect(e.isActive('link')).toBe(false);
    expect(JSON.stringify(e.getJSON())).not.toContain('javascript');
    expect(e.commands.setLink({ href: 'https://example.org/' })).toBe(true);
    expect(e.isActive('link')).toBe(true);
  });

  it('opens the link form on Mod-K', () => {
    const onLinkRequest = vi.fn(() => true);
    const e = makeEditor('<p>Text</p>', onLinkRequest);
    const event = new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true, cancelable: true });
    e.view.someProp('handleKeyDown', (handle) => handle(e.view, event));
    expect(onLinkRequest).toHaveBeenCalledTimes(1);
    expect(BODY_SHORTCUTS.link).toBe('Mod-k');
  });
});

describe('linkFromInput', () => {
  it.each([
    ['https://www.stuttgart.de/presse', 'https://www.stuttgart.de/presse'],
    ['  http://example.org  ', 'http://example.org'],
    ['www.example.org', 'https://www.example.org'],
    ['presse@example.org', 'mailto:presse@example.org'],
    ['mailto:presse@example.org', 'mailto:presse@example.org'],
  ])('accepts %j as %j', (input, href) => {
    expect(linkFromInput(input)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'file:///etc/passwd',
    'ftp://example.org',
    'Pressestelle',
    '',
    '/relativ',
  ])('refuses %j', (input) => {
    expect(linkFromInput(input)).toBeNull();
  });
});
