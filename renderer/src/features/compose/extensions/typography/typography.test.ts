import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { Typography } from './index';

let editor: Editor | null = null;
let language = 'de';

afterEach(() => {
  editor?.destroy();
  editor = null;
  language = 'de';
});

function makeEditor(content = '<p></p>'): Editor {
  editor = new Editor({
    element: document.createElement('div'),
    extensions: [
      StarterKit.configure({ code: false, codeBlock: false, link: { openOnClick: false } }),
      Typography.configure({ language: () => language }),
    ],
    content,
    injectCSS: false,
  });
  editor.commands.focus('end');
  return editor;
}

/** Types like a user: each character goes through the editor's text-input handling. */
function type(target: Editor, text: string): void {
  for (const ch of text) {
    const { from, to } = target.state.selection;
    const handled = target.view.someProp('handleTextInput', (f) =>
      f(target.view, from, to, ch, () => target.state.tr.insertText(ch, from, to)),
    );
    if (!handled) target.view.dispatch(target.state.tr.insertText(ch, from, to));
  }
}

const typed = (text: string, lang = 'de', content?: string): string => {
  language = lang;
  const e = makeEditor(content);
  type(e, text);
  return e.state.doc.textContent;
};

describe('typography while typing', () => {
  it.each([
    ['"Hallo"', '„Hallo“'],
    ['Er sagte: "Wir sind bereit."', 'Er sagte: „Wir sind bereit.“'],
    ["'einfach'", '‚einfach‘'],
    ['"Sie nannte es \'klein\'."', '„Sie nannte es ‚klein‘.“'],
    ['"Zitat im \'Zitat\'".', '„Zitat im ‚Zitat‘“.'],
    ["Das geht's", 'Das geht’s'],
    ['"Wie geht\'s?"', '„Wie geht’s?“'],
    ["'geht's'", '‚geht’s‘'],
    ['("Zitat")', '(„Zitat“)'],
    ['Bonn - Berlin', 'Bonn – Berlin'],
    ['Und dann...', 'Und dann…'],
    ['Wörter -nicht', 'Wörter -nicht'],
    ['-1 Grad', '-1 Grad'],
  ])('German: %s → %s', (input, output) => {
    expect(typed(input, 'de')).toBe(output);
  });

  it.each([
    ['"Hello"', '“Hello”'],
    ["'single'", '‘single’'],
    ["It's fine", 'It’s fine'],
    ['"She said \'no\'."', '“She said ‘no’.”'],
    ['"Quote in \'quote\'".', '“Quote in ‘quote’”.'],
    ['London - Paris', 'London – Paris'],
    ['Wait...', 'Wait…'],
  ])('English: %s → %s', (input, output) => {
    expect(typed(input, 'en-GB')).toBe(output);
  });

  it('leaves code-like input alone: after a backslash and inside backticks', () => {
    expect(typed('Pfad \\"x', 'de')).toBe('Pfad \\"x');
    expect(typed('Befehl `echo "a"` fertig "b"', 'de')).toBe('Befehl `echo "a"` fertig „b“');
  });

  it('converts nothing inside a link', () => {
    language = 'de';
    const e = makeEditor('<p><a href="https://example.org">Link</a></p>');
    e.commands.setTextSelection(3);
    type(e, '"x...');
    expect(e.state.doc.textContent).toBe('Li"x...nk');
  });

  it('switching the language applies to new input only, existing text stays', () => {
    language = 'de';
    const e = makeEditor();
    type(e, '"Eins" ');
    language = 'en';
    type(e, '"Two"');
    expect(e.state.doc.textContent).toBe('„Eins“ “Two”');
  });

  it('converts no quotes for languages without a rule, but still dashes and ellipses', () => {
    expect(typed('"Bonjour" - oui...', 'fr')).toBe('"Bonjour" – oui…');
  });
});
