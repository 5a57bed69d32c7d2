// The baseline of the benchmark suite "editor" (bench/editor.bench.ts): a bare TipTap editor (StarterKit, nothing of
// Pressdesk's extensions, store or React) mounted on the same page.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

declare global {
  interface Window {
    mountBareEditor: (content: unknown) => void;
  }
}

window.mountBareEditor = (content) => {
  const root = document.getElementById('root');
  if (root) root.replaceChildren();
  const host = document.createElement('div');
  host.className = 'body-editor-frame';
  (root ?? document.body).append(host);
  new Editor({
    element: host,
    extensions: [StarterKit],
    content: content as object,
    injectCSS: false,
    editorProps: { attributes: { class: 'body-editor bare-editor' } },
  });
};
