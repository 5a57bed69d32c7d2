import { useEffect, useRef, type RefObject } from 'react';

/**
 * Where the focus goes when a check points at a field ("jump to the
 * problem"): every field registers its own target under the name preflight
 * uses (`headline`, `leadImage`, `embargoUntil`, `body`, `body.figure` with
 * the figure's index …), so nothing has to find inputs by class name or by
 * their position on the page.
 */
export type FocusResolver = (index: number | undefined) => HTMLElement | null | undefined;

const targets = new Map<string, FocusResolver>();

/** Registers a field's focus target; returns the unregistration (for effects). */
export function registerFocusTarget(field: string, resolve: FocusResolver): () => void {
  targets.set(field, resolve);
  return () => {
    if (targets.get(field) === resolve) targets.delete(field);
  };
}

/** A ref whose element is the focus target of `field` while the component is mounted. */
export function useFocusTarget<T extends HTMLElement>(field: string): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => registerFocusTarget(field, () => ref.current), [field]);
  return ref;
}

/** `body.figure[2]` → the target `body.figure` with index 2; `body.x` falls back to `body`. */
export function resolveFocusTarget(field: string): HTMLElement | null {
  const indexed = /^([\w.]+)\[(\d+)\]$/.exec(field);
  const name = indexed ? indexed[1]! : field;
  const index = indexed ? Number(indexed[2]) : undefined;
  let resolve = targets.get(name);
  if (!resolve) {
    const parent = name.split('.')[0]!;
    resolve = targets.get(parent);
  }
  return resolve?.(index) ?? null;
}

/** Moves the focus to the field a finding is about, bringing it into view. Returns whether it found one. */
export function jumpToField(field: string): boolean {
  const target = resolveFocusTarget(field);
  if (!target) return false;
  target.scrollIntoView?.({ block: 'center' });
  target.focus();
  return true;
}
