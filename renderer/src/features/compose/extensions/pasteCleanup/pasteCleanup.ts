import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { cleanPastedHtml } from './cleanPastedHtml';

/**
 * Cleans clipboard HTML before the editor parses it, so that a paste from
 * Word, Google Docs or a web page arrives as plain document content.
 */
export const PasteCleanup = Extension.create({
  name: 'pasteCleanup',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pasteCleanup'),
        props: { transformPastedHTML: (html, view) => cleanPastedHtml(html, view.state.schema) },
      }),
    ];
  },
});
