import { Editor } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import { BODY_SHORTCUTS, createBodyExtensions } from './bodyExtensions';
import { toolbarState, toolLabel } from './EditorToolbar';

describe('toolLabel', () => {
  it('starts the spoken name with letters and digits the button shows', () => {
    expect(toolLabel('Ü2', 'Zwischenüberschrift')).toBe('Ü2 – Zwischenüberschrift');
    expect(toolLabel('1.', 'Numbered list')).toBe('1. – Numbered list');
  });

  it('does not echo pure symbols or a glyph that already is the label', () => {
    expect(toolLabel('¶', 'Absatz')).toBe('Absatz');
    expect(toolLabel('„“', 'Zitat')).toBe('Zitat');
    expect(toolLabel('Link', 'Link')).toBe('Link');
  });

  it.each([
    ['de', de.editor],
    ['en', en.editor],
  ] as const)('every %s tool whose glyph has letters or digits is named starting with it', (_language, texts) => {
    for (const action of Object.keys(BODY_SHORTCUTS) as (keyof typeof BODY_SHORTCUTS)[]) {
      const glyph = texts.glyph[action];
      const name = toolLabel(glyph, texts[action]);
      expect(name.endsWith(texts[action]), action).toBe(true);
      if (/[\p{L}\p{N}]/u.test(glyph)) expect(name.startsWith(glyph), action).toBe(true);
    }
  });
});

describe('toolbarState', () => {
  it('follows the cursor and the undo history like the editor commands do', () => {
    const editor = new Editor({
      element: document.createElement('div'),
      extensions: createBodyExtensions(),
      content: '<h2>Titel</h2><p>Erster Absatz</p>',
      injectCSS: false,
    });
    try {
      const agreesWithCommands = (): void => {
        const state = toolbarState(editor);
        expect(state.undo).toBe(editor.can().undo());
        expect(state.redo).toBe(editor.can().redo());
      };
      editor.commands.setTextSelection(3);
      expect(toolbarState(editor)).toMatchObject({ heading2: true, bold: false, undo: false, redo: false });
      agreesWithCommands();

      editor.commands.setTextSelection(editor.state.doc.content.size - 1);
      editor.commands.insertContent('!');
      expect(toolbarState(editor)).toMatchObject({ heading2: false, undo: true, redo: false });
      agreesWithCommands();

      editor.commands.undo();
      expect(toolbarState(editor)).toMatchObject({ undo: false, redo: true });
      agreesWithCommands();

      editor.commands.toggleBold();
      expect(toolbarState(editor).bold).toBe(true);
    } finally {
      editor.destroy();
    }
  });
});
