import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initI18n } from '../../../i18n';
import { appStore, resetAppStore, setApi } from '../../../stores';
import { openTestEngine } from '../../../testing/engine';
import { FigureFields } from '../../media/FigureFields';
import { TextField } from './TextField';
import { TopicField } from './TopicField';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  initI18n('de');
  setApi(openTestEngine().api);
  resetAppStore();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Types like a user: each character inserted at the caret and reported to React as the browser does. */
function type(field: Field, text: string): void {
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  for (const ch of text) {
    act(() => {
      const at = field.selectionStart ?? field.value.length;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(
        field,
        field.value.slice(0, at) + ch + field.value.slice(field.selectionEnd ?? at),
      );
      field.setSelectionRange(at + 1, at + 1);
      field.dispatchEvent(new InputEvent('input', { bubbles: true, data: ch, inputType: 'insertText' }));
    });
  }
}

function fieldLabelled(label: string): Field {
  const labelElement = [...container.querySelectorAll('label')].find((l) => l.textContent === label);
  const field = labelElement && document.getElementById(labelElement.htmlFor);
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) throw new Error(`no ${label}`);
  return field;
}

describe('typography in the plain fields', () => {
  it('headline and teaser follow the German rules, nested quotes included', () => {
    act(() =>
      root.render(
        <>
          <TextField field="headline" label="Überschrift" />
          <TextField field="teaser" label="Vorspann" multiline />
        </>,
      ),
    );
    type(fieldLabelled('Überschrift'), '"Zitat im \'Zitat\'". Bonn - Berlin...');
    expect(appStore.getState().compose.draft.headline).toBe('„Zitat im ‚Zitat‘“. Bonn – Berlin…');
    const teaser = fieldLabelled('Vorspann');
    type(teaser, 'Sie sagte "ja"');
    expect(teaser.value).toBe('Sie sagte „ja“');
    expect(appStore.getState().compose.draft.teaser).toBe('Sie sagte „ja“');
  });

  it('the topic follows the release language, and the caret stays where the user types', () => {
    act(() => appStore.getState().setField('language', 'en'));
    act(() => root.render(<TopicField />));
    const topic = fieldLabelled('Thema');
    type(topic, 'City  news');
    topic.setSelectionRange(5, 5);
    type(topic, '"Hall"');
    expect(topic.value).toBe('City “Hall” news');
    expect(topic.selectionStart).toBe(11);
    expect(appStore.getState().compose.draft.topic).toBe('City “Hall” news');
  });

  it('a pasted value stays as it is', () => {
    act(() => root.render(<TextField field="subheadline" label="Unterzeile" />));
    const field = fieldLabelled('Unterzeile');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(field, 'x"');
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    });
    expect(appStore.getState().compose.draft.subheadline).toBe('x"');
  });

  it('an image caption follows the release language', () => {
    let caption = '';
    const render = () =>
      root.render(
        <FigureFields
          value={{ assetId: 'A1', caption, credit: '', creditRaw: '', alt: '', decorative: false }}
          onChange={(patch) => {
            caption = patch.caption ?? caption;
            render();
          }}
        />,
      );
    act(render);
    type(fieldLabelled('Bildunterschrift'), "Das 'Haus' - heute");
    expect(caption).toBe('Das ‚Haus‘ – heute');
  });
});
