import { Extension, Node, type CommandProps } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import {
  addColumnAfter,
  addRowAfter,
  deleteColumn,
  deleteRow,
  deleteTable,
  goToNextCell,
  isInTable,
  tableEditing,
} from '@tiptap/pm/tables';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    pressdeskTable: {
      /** A table with a header row and two rows of three empty cells, the caret in its first cell. */
      insertTable: () => ReturnType;
      addTableRow: () => ReturnType;
      removeTableRow: () => ReturnType;
      addTableColumn: () => ReturnType;
      removeTableColumn: () => ReturnType;
      removeTable: () => ReturnType;
    };
  }
}

/**
 * prosemirror-tables reads spans and widths from every cell; the document
 * stores none of them (the engine drops them), so they stay at one column,
 * one row, no width, and are never written to the page.
 */
const spanAttributes = {
  colspan: { default: 1, rendered: false, parseHTML: () => 1 },
  rowspan: { default: 1, rendered: false, parseHTML: () => 1 },
  colwidth: { default: null, rendered: false, parseHTML: () => null },
};

const TableCell = Node.create({
  name: 'tableCell',
  content: 'inline*',
  isolating: true,
  addAttributes: () => spanAttributes,
  parseHTML: () => [{ tag: 'td' }],
  renderHTML: () => ['td', 0],
});

const TableHeader = Node.create({
  name: 'tableHeader',
  content: 'inline*',
  isolating: true,
  addAttributes: () => spanAttributes,
  parseHTML: () => [{ tag: 'th' }],
  renderHTML: () => ['th', { scope: 'col' }, 0],
});

const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableHeader | tableCell)+',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: () => ['tr', 0],
});

const TableNode = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: () => ['table', ['tbody', 0]],
});

/** The roles prosemirror-tables looks up in the schema. */
const ROLES: Record<string, string> = {
  table: 'table',
  tableRow: 'row',
  tableCell: 'cell',
  tableHeader: 'header_cell',
};

/**
 * Keeps the document's rule in the editor: the first row of a table is its
 * header row, every other row holds plain cells (after a row was removed,
 * added or moved).
 */
function headerRowFix(state: EditorState): Transaction | null {
  const { tableHeader, tableCell } = state.schema.nodes;
  if (!tableHeader || !tableCell) return null;
  let tr: Transaction | null = null;
  state.doc.descendants((node: PmNode, pos: number) => {
    if (node.type.name !== 'table') return !node.isTextblock;
    let rowPos = pos + 1;
    node.forEach((row, _offset, r) => {
      let cellPos = rowPos + 1;
      row.forEach((cell) => {
        const want = r === 0 ? tableHeader : tableCell;
        if (cell.type !== want) {
          tr ??= state.tr;
          tr.setNodeMarkup(cellPos, want, cell.attrs);
        }
        cellPos += cell.nodeSize;
      });
      rowPos += row.nodeSize;
    });
    return false;
  });
  return tr;
}

const run =
  (command: (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean) =>
  () =>
  ({ state, dispatch }: CommandProps) =>
    command(state, dispatch);

/** Tables of the document vocabulary: a header row and cells of text, edited by rows and columns. */
export const Table = Extension.create({
  name: 'pressdeskTable',

  addExtensions() {
    return [TableNode, TableRow, TableHeader, TableCell];
  },

  extendNodeSchema(extension) {
    const role = ROLES[extension.name];
    return role ? { tableRole: role } : {};
  },

  addCommands() {
    return {
      insertTable:
        () =>
        ({ state, tr, dispatch }) => {
          const cells = (type: string) => Array.from({ length: 3 }, () => ({ type }));
          const table = state.schema.nodeFromJSON({
            type: 'table',
            content: [
              { type: 'tableRow', content: cells('tableHeader') },
              { type: 'tableRow', content: cells('tableCell') },
              { type: 'tableRow', content: cells('tableCell') },
            ],
          });
          if (!dispatch) return true;
          const from = tr.selection.from;
          tr.replaceSelectionWith(table);
          let at = -1;
          tr.doc.nodesBetween(tr.mapping.map(from, -1), tr.doc.content.size, (node, pos) => {
            if (at < 0 && node.type.name === 'table') at = pos;
            return at < 0;
          });
          // Into the first header cell: table, row and cell each open one position.
          if (at >= 0) tr.setSelection(TextSelection.create(tr.doc, at + 3));
          tr.scrollIntoView();
          return true;
        },
      addTableRow: run(addRowAfter),
      removeTableRow: run(deleteRow),
      addTableColumn: run(addColumnAfter),
      removeTableColumn: run(deleteColumn),
      removeTable: run(deleteTable),
    };
  },

  addKeyboardShortcuts() {
    return {
      // Tab moves between cells; after the last cell it leaves the editor as usual.
      Tab: () => isInTable(this.editor.state) && goToNextCell(1)(this.editor.state, this.editor.view.dispatch),
      'Shift-Tab': () => isInTable(this.editor.state) && goToNextCell(-1)(this.editor.state, this.editor.view.dispatch),
    };
  },

  addProseMirrorPlugins() {
    return [
      tableEditing({ allowTableNodeSelection: false }),
      new Plugin({
        key: new PluginKey('pressdeskTableHeaderRow'),
        appendTransaction: (transactions, _old, state) =>
          transactions.some((t) => t.docChanged) ? headerRowFix(state) : null,
      }),
    ];
  },
});
