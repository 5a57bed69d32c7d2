/**
 * F6 and Shift+F6 move the focus between the window's regions, as in desktop
 * applications (the header, then each pane of the screen). A region is any
 * element marked `data-region`; it takes the focus itself (so a screen
 * reader announces its name), and Tab goes on inside it.
 */
export function cycleRegion(root: Document, backwards: boolean): HTMLElement | null {
  const regions = [...root.querySelectorAll<HTMLElement>('[data-region]')].filter(
    (region) => !region.closest('[hidden], [inert]') && region.getClientRects().length > 0,
  );
  if (regions.length === 0) return null;
  const active = root.activeElement;
  const current = regions.findIndex((region) => region === active || (active !== null && region.contains(active)));
  const step = backwards ? -1 : 1;
  const next =
    current === -1 ? (backwards ? regions.length - 1 : 0) : (current + step + regions.length) % regions.length;
  const target = regions[next]!;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  return target;
}

/** Whether a key event is the region key (F6, with or without Shift, nothing else held). */
export function isRegionKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): boolean {
  return event.key === 'F6' && !event.ctrlKey && !event.altKey && !event.metaKey;
}
