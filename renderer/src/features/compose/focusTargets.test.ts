import { afterEach, describe, expect, it } from 'vitest';
import { figureTarget, registerFigureTarget } from './extensions/figure/figureTargets';
import { jumpToField, registerFocusTarget, resolveFocusTarget } from './focusTargets';

const off: (() => void)[] = [];
afterEach(() => {
  for (const f of off.splice(0)) f();
  document.body.innerHTML = '';
});

function input(name: string): HTMLInputElement {
  const el = document.createElement('input');
  el.name = name;
  document.body.append(el);
  return el;
}

describe('focus targets', () => {
  it('jumps to the registered field, by name and with an index, and falls back to the area', () => {
    const headline = input('headline');
    const body = input('body');
    const figures = [input('figure-0'), input('figure-1')];
    off.push(registerFocusTarget('headline', () => headline));
    off.push(registerFocusTarget('body', () => body));
    off.push(registerFocusTarget('body.figure', (i) => (i === undefined ? body : figures[i])));

    expect(jumpToField('headline')).toBe(true);
    expect(document.activeElement).toBe(headline);
    expect(resolveFocusTarget('body.figure[1]')).toBe(figures[1]);
    expect(resolveFocusTarget('body.paragraph[3]')).toBe(body);
    expect(jumpToField('teaser')).toBe(false);
    expect(document.activeElement).toBe(headline);
  });

  it('forgets a field when its component unregisters, but not a newer registration of the same name', () => {
    const first = input('a');
    const second = input('b');
    const unregisterFirst = registerFocusTarget('topic', () => first);
    off.push(registerFocusTarget('topic', () => second));
    unregisterFirst();
    expect(resolveFocusTarget('topic')).toBe(second);
  });

  it('numbers the figures of an editor by their place in the document, as they move', () => {
    const editor = {};
    const a = input('a');
    const b = input('b');
    let posA = 10;
    off.push(registerFigureTarget(editor, { position: () => posA, element: () => a }));
    off.push(registerFigureTarget(editor, { position: () => 5, element: () => b }));
    expect(figureTarget(editor, 0)?.element()).toBe(b);
    posA = 1;
    expect(figureTarget(editor, 0)?.element()).toBe(a);
    expect(figureTarget(editor, 2)).toBeUndefined();
    expect(figureTarget({}, 0)).toBeUndefined();
  });
});
