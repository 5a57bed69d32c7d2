import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeDocument, documentSpeakers } from '../../../../../../shared/document';
import { createBodyExtensions } from '../../bodyExtensions';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function press(target: Editor, init: KeyboardEventInit): boolean {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  return target.view.someProp('handleKeyDown', (handle) => handle(target.view, event)) ?? false;
}

describe('quote of a named speaker', () => {
  it('wraps a paragraph with the shortcut, takes speaker and role, and stores as the quote node', () => {
    editor = new Editor({
      element: document.createElement('div'),
      extensions: createBodyExtensions(),
      content: '<p>Wir investieren in Kitas.</p>',
      injectCSS: false,
    });
    editor.commands.setTextSelection(3);
    expect(press(editor, { key: 'q', ctrlKey: true, shiftKey: true })).toBe(true);
    expect(editor.isActive('quote')).toBe(true);
    editor.commands.setQuoteAttributes({ speaker: 'Frank Nopper', role: 'Oberbürgermeister' });
    const doc = normalizeDocument(editor.getJSON());
    expect(documentSpeakers(doc)).toEqual([{ speaker: 'Frank Nopper', role: 'Oberbürgermeister' }]);
    expect(editor.getHTML()).toContain('data-speaker="Frank Nopper"');

    editor.commands.toggleQuote();
    expect(editor.isActive('quote')).toBe(false);
    expect(editor.getJSON().content?.[0]?.type).toBe('paragraph');
  });
});
