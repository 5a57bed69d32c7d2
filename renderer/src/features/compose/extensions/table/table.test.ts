import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { documentToPlainText, normalizeDocument, type TableNode } from '../../../../../../shared/document';
import { createBodyExtensions, toEditorContent } from '../../bodyExtensions';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function makeEditor(content: object | string = '<p>Vorher</p>'): Editor {
  editor = new Editor({
    element: document.createElement('div'),
    extensions: createBodyExtensions(),
    content,
    injectCSS: false,
  });
  return editor;
}

const stored = (e: Editor) => normalizeDocument(e.getJSON());
const table = (e: Editor): TableNode => {
  const found = stored(e).content.find((b) => b.type === 'table');
  if (!found || found.type !== 'table') throw new Error('no table');
  return found;
};
const shape = (t: TableNode) => t.content.map((row) => row.content.map((c) => c.type));

describe('tables in the body editor', () => {
  it('inserts a table with a header row, fills its cells and stores it in the vocabulary', () => {
    const e = makeEditor();
    e.commands.focus('end');
    expect(e.commands.insertTable()).toBe(true);
    expect(shape(table(e))).toEqual([
      ['tableHeader', 'tableHeader', 'tableHeader'],
      ['tableCell', 'tableCell', 'tableCell'],
      ['tableCell', 'tableCell', 'tableCell'],
    ]);
    e.commands.insertContent('Ort');
    // Tab moves to the next cell (a real key press through the editor's key handling).
    e.view.someProp('handleKeyDown', (f) => f(e.view, new KeyboardEvent('keydown', { key: 'Tab' })));
    e.commands.insertContent('Zeit');
    expect(documentToPlainText(stored(e))).toContain('Ort | Zeit |');
    expect(e.getHTML()).toContain('<th scope="col">Ort</th><th scope="col">Zeit</th>');
  });

  it('adds and removes rows and columns; the first row stays the header row', () => {
    const e = makeEditor();
    e.commands.focus('end');
    e.commands.insertTable();
    expect(e.commands.addTableRow()).toBe(true);
    expect(e.commands.addTableColumn()).toBe(true);
    expect(shape(table(e))).toHaveLength(4);
    expect(shape(table(e))[0]).toEqual(['tableHeader', 'tableHeader', 'tableHeader', 'tableHeader']);
    expect(
      shape(table(e))
        .slice(1)
        .flat()
        .every((type) => type === 'tableCell'),
    ).toBe(true);
    // The caret is in the header row: removing it makes the next row the header row.
    expect(e.commands.removeTableRow()).toBe(true);
    expect(shape(table(e))).toEqual([
      ['tableHeader', 'tableHeader', 'tableHeader', 'tableHeader'],
      ['tableCell', 'tableCell', 'tableCell', 'tableCell'],
      ['tableCell', 'tableCell', 'tableCell', 'tableCell'],
    ]);
    expect(e.commands.removeTableColumn()).toBe(true);
    expect(shape(table(e))[0]).toHaveLength(3);
    expect(e.commands.removeTable()).toBe(true);
    expect(stored(e).content.some((b) => b.type === 'table')).toBe(false);
  });

  it('row and column commands do nothing outside a table', () => {
    const e = makeEditor();
    e.commands.focus('end');
    expect(e.can().addTableRow()).toBe(false);
    expect(e.can().removeTableColumn()).toBe(false);
  });

  it('loads a stored table and gives it back unchanged', () => {
    const body = normalizeDocument({
      type: 'doc',
      content: [
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [{ type: 'tableHeader', content: [{ type: 'text', text: 'A' }] }, { type: 'tableHeader' }],
            },
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [{ type: 'text', text: '1', marks: [{ type: 'bold' }] }] },
                { type: 'tableCell' },
              ],
            },
          ],
        },
      ],
    });
    const e = makeEditor(toEditorContent(body));
    expect(stored(e)).toEqual(body);
  });

  it('a pasted HTML table becomes a table', () => {
    const e = makeEditor('<p></p>');
    e.commands.focus('start');
    e.view.pasteHTML(
      '<table><tr><th>Ort</th><th>Zeit</th></tr><tr><td onclick="x()">Rathaus</td><td><b>10 Uhr</b></td></tr></table>',
      new Event('paste') as ClipboardEvent,
    );
    const t = table(e);
    expect(shape(t)).toEqual([
      ['tableHeader', 'tableHeader'],
      ['tableCell', 'tableCell'],
    ]);
    expect(documentToPlainText(stored(e))).toBe('Ort | Zeit\nRathaus | 10 Uhr');
  });
});
