import { Editor } from '@tiptap/react';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeDocument } from '../../../../shared/document';
import { initI18n } from '../../i18n';
import { createBodyExtensions } from './bodyExtensions';
import { EditorToolbar } from './EditorToolbar';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
let editor: Editor;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  editor = new Editor({
    element: document.createElement('div'),
    extensions: createBodyExtensions(),
    content: '<p>Termine</p>',
    injectCSS: false,
  });
});

afterEach(() => {
  act(() => root.unmount());
  editor.destroy();
  container.remove();
});

const button = (name: string): HTMLButtonElement => {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const click = (name: string) => act(() => button(name).click());
const tableShape = () => {
  const table = normalizeDocument(editor.getJSON()).content.find((b) => b.type === 'table');
  return table?.type === 'table' ? table.content.map((row) => row.content.length) : null;
};

describe('table buttons of the editor toolbar', () => {
  it.each([
    [
      'de',
      [
        'Tabelle einfügen',
        'Zeile hinzufügen',
        'Spalte hinzufügen',
        'Zeile entfernen',
        'Spalte entfernen',
        'Tabelle entfernen',
      ],
    ],
    ['en', ['Insert table', 'Add row', 'Add column', 'Remove row', 'Remove column', 'Remove table']],
  ] as const)(
    'insert a table and edit its rows and columns (%s)',
    (language, [insert, addRow, addColumn, removeRow, removeColumn, remove]) => {
      initI18n(language);
      act(() => root.render(<EditorToolbar editor={editor} onLink={() => undefined} />));
      editor.commands.focus('end');
      // Outside a table the row and column buttons are there but unavailable.
      expect(button(addRow).getAttribute('aria-disabled')).toBe('true');
      click(addRow);
      expect(tableShape()).toBeNull();

      click(insert);
      expect(tableShape()).toEqual([3, 3, 3]);
      // No table inside a table.
      expect(button(insert).getAttribute('aria-disabled')).toBe('true');
      click(insert);
      expect(tableShape()).toEqual([3, 3, 3]);
      expect(button(addRow).getAttribute('aria-disabled')).toBeNull();
      click(addRow);
      click(addColumn);
      expect(tableShape()).toEqual([4, 4, 4, 4]);
      click(removeRow);
      click(removeColumn);
      expect(tableShape()).toEqual([3, 3, 3]);
      click(remove);
      expect(tableShape()).toBeNull();
    },
  );
});
