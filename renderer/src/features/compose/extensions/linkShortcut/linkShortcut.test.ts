import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LinkShortcut } from './index';

let editor: Editor | null = null;

afterEach(() => {
  editor?.destroy();
  editor = null;
});

function press(target: Editor, init: KeyboardEventInit): boolean {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  return target.view.someProp('handleKeyDown', (handle) => handle(target.view, event)) ?? false;
}

describe('LinkShortcut', () => {
  it('asks for the link form on Mod-K and nothing else', () => {
    const onRequest = vi.fn(() => true);
    editor = new Editor({
      element: document.createElement('div'),
      extensions: [StarterKit, LinkShortcut.configure({ onRequest })],
      content: '<p>Text</p>',
      injectCSS: false,
    });
    expect(press(editor, { key: 'j', ctrlKey: true })).toBe(false);
    expect(onRequest).not.toHaveBeenCalled();
    expect(press(editor, { key: 'k', ctrlKey: true })).toBe(true);
    expect(onRequest).toHaveBeenCalledTimes(1);
  });
});
