import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeDocument, type DocumentNode } from '../../../../../../shared/document';
import { createBodyExtensions, fromEditorContent, toEditorContent } from '../../bodyExtensions';
import { commentRange } from './comment';
import { selectionAsShown } from './commentAnchors';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function make(content: DocumentNode | string): Editor {
  editor = new Editor({
    element: document.createElement('div'),
    extensions: createBodyExtensions(),
    content: typeof content === 'string' ? content : toEditorContent(content),
    injectCSS: false,
  });
  return editor;
}

const body = (e: Editor): DocumentNode => normalizeDocument(fromEditorContent(e.getJSON()));

/** The text a comment covers in the editor. */
function anchored(e: Editor, id: string): string {
  const range = commentRange(e.state.doc, id);
  return range ? e.state.doc.textBetween(range.from, range.to) : '';
}

describe('the comment mark', () => {
  it('anchors on the selection, round-trips into a valid body and renders a highlighted span', () => {
    const e = make('<p>Die Stadt pflanzt Linden.</p>');
    // „Linden“: positions 19–25 (the paragraph starts at 1).
    expect(e.chain().addComment('c-1', { from: 19, to: 25 }).run()).toBe(true);
    expect(anchored(e, 'c-1')).toBe('Linden');
    expect(body(e)).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Die Stadt pflanzt ' },
            { type: 'text', text: 'Linden', marks: [{ type: 'comment', attrs: { id: 'c-1' } }] },
            { type: 'text', text: '.' },
          ],
        },
      ],
    });
    expect(e.getHTML()).toContain('<span data-comment-id="c-1" class="comment-anchor">Linden</span>');
    // Loaded again from the stored body, the anchor is where it was.
    const again = make(body(e));
    expect(anchored(again, 'c-1')).toBe('Linden');
  });

  it('stays on its word while text before it is edited, and typing at its end does not extend it', () => {
    const e = make('<p>Die Stadt pflanzt Linden.</p>');
    e.chain().addComment('c-1', { from: 19, to: 25 }).run();
    e.chain().setTextSelection(1).insertContent('Heute: ').run();
    e.chain().setTextSelection({ from: 12, to: 17 }).deleteSelection().run();
    expect(anchored(e, 'c-1')).toBe('Linden');
    const end = commentRange(e.state.doc, 'c-1')!.to;
    e.chain().setTextSelection(end).insertContent('bäume').run();
    expect(anchored(e, 'c-1')).toBe('Linden');
    expect(e.state.doc.textContent).toContain('Lindenbäume');
  });

  it('lets several comments cover the same words, and removes one without the other', () => {
    const e = make('<p>Die Stadt pflanzt Linden.</p>');
    e.chain().addComment('erster', { from: 5, to: 25 }).run();
    e.chain().addComment('zweiter', { from: 19, to: 25 }).run();
    expect(anchored(e, 'erster')).toBe('Stadt pflanzt Linden');
    expect(anchored(e, 'zweiter')).toBe('Linden');
    e.commands.removeComment('erster');
    expect(anchored(e, 'erster')).toBe('');
    expect(anchored(e, 'zweiter')).toBe('Linden');
  });

  it('refuses an id the engine would refuse, and pasted HTML with a bad id leaves no anchor', () => {
    const e = make('<p>Die Stadt pflanzt Linden.</p>');
    expect(e.chain().addComment('<bad id>', { from: 19, to: 25 }).run()).toBe(false);
    const pasted = make('<p>Text <span data-comment-id="x y">hier</span></p>');
    expect(JSON.stringify(pasted.getJSON())).not.toContain('comment');
  });
});

describe('the selection a comment anchors on', () => {
  it('is the one the page shows, also before the editor has read it', () => {
    const element = document.createElement('div');
    document.body.append(element);
    editor = new Editor({
      element,
      extensions: createBodyExtensions(),
      content: '<p>Die Stadt pflanzt Linden.</p>',
      injectCSS: false,
    });
    const e = editor;
    // The editor still holds „Linde“ (a Shift+arrow step it has not read yet); the page shows „Linden“.
    e.commands.setTextSelection({ from: 19, to: 24 });
    const text = e.view.dom.querySelector('p')!.firstChild!;
    e.view.dom.ownerDocument.getSelection()!.setBaseAndExtent(text, 18, text, 24);
    expect(e.state.selection.to).toBe(24);
    expect(selectionAsShown(e)).toEqual({ from: 19, to: 25 });
    // Selected backwards, the same range.
    e.view.dom.ownerDocument.getSelection()!.setBaseAndExtent(text, 24, text, 18);
    expect(selectionAsShown(e)).toEqual({ from: 19, to: 25 });
    // A page selection outside the body: the editor's own.
    const outside = document.createElement('p');
    outside.textContent = 'Anderswo';
    document.body.append(outside);
    e.view.dom.ownerDocument.getSelection()!.setBaseAndExtent(outside.firstChild!, 0, outside.firstChild!, 3);
    expect(selectionAsShown(e)).toEqual({ from: 19, to: 24 });
    outside.remove();
    element.remove();
  });
});
