import { Editor } from '@tiptap/react';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import { appStore, resetAppStore, setApi } from '../../stores';
import { openTestEngine } from '../../testing/engine';
import { createBodyExtensions } from './bodyExtensions';
import { QuoteForm } from './QuoteForm';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
let editor: Editor;

beforeEach(() => {
  initI18n('de');
  setApi(openTestEngine().api);
  resetAppStore();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  editor = new Editor({
    element: document.createElement('div'),
    extensions: createBodyExtensions(),
    content: '<blockquote data-type="quote" data-speaker="" data-role=""><p>Wir handeln.</p></blockquote>',
    injectCSS: false,
  });
  editor.commands.setTextSelection(3);
});

afterEach(() => {
  act(() => root.unmount());
  editor.destroy();
  container.remove();
});

/** Types like a user: each character inserted at the caret and reported to React as the browser does. */
function type(field: HTMLInputElement, text: string): void {
  for (const ch of text) {
    act(() => {
      const at = field.selectionStart ?? field.value.length;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(
        field,
        field.value.slice(0, at) + ch + field.value.slice(at),
      );
      field.setSelectionRange(at + 1, at + 1);
      field.dispatchEvent(new InputEvent('input', { bubbles: true, data: ch, inputType: 'insertText' }));
    });
  }
}

function inputLabelled(label: string): HTMLInputElement {
  const labelElement = [...container.querySelectorAll('label')].find((l) => l.textContent === label);
  const input = labelElement && document.getElementById(labelElement.htmlFor);
  if (!(input instanceof HTMLInputElement)) throw new Error(`no input labelled "${label}"`);
  return input;
}

describe('speaker of a quote', () => {
  it.each<['de' | 'en', string, string, string]>([
    ['de', 'Sprecher/in', 'Anna "Nanni" Berg - Kreis', 'Anna „Nanni“ Berg – Kreis'],
    ['en', 'Speaker', 'Anna "Nanni" Berg - County', 'Anna “Nanni” Berg – County'],
  ])('gets the typographic rules of the release language (%s)', (language, label, typed, expected) => {
    initI18n(language);
    act(() => appStore.getState().setField('language', language));
    act(() => root.render(<QuoteForm editor={editor} />));
    type(inputLabelled(label), typed);
    expect(editor.getAttributes('quote').speaker).toBe(expected);
  });
});
