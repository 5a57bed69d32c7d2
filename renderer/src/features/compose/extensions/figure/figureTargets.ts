/**
 * The figures of each editor with a way to focus them, so a check about the
 * N-th figure can jump to it: every figure's node view registers here, and
 * its place in the document decides its number.
 */
export interface FigureTarget {
  /** The node's position in the document now (it moves as text is edited). */
  readonly position: () => number;
  /** The field to focus: the first missing credit or alt text, else the caption. */
  readonly element: () => HTMLElement | null;
}

const byEditor = new WeakMap<object, Set<FigureTarget>>();

export function registerFigureTarget(editor: object, target: FigureTarget): () => void {
  let set = byEditor.get(editor);
  if (!set) {
    set = new Set();
    byEditor.set(editor, set);
  }
  set.add(target);
  return () => set.delete(target);
}

/** The N-th figure of an editor, in document order. */
export function figureTarget(editor: object, index: number): FigureTarget | undefined {
  const set = byEditor.get(editor);
  if (!set) return undefined;
  return [...set].sort((a, b) => a.position() - b.position())[index];
}
