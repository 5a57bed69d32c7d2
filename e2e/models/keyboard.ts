import { expect, type Locator, type Page } from '@playwright/test';

/** What has the keyboard focus, and whether it shows that it has it. */
export interface FocusStop {
  /** Tag, role and accessible label, enough to find the element in a report. */
  readonly name: string;
  readonly visible: boolean;
}

/** The focused element and whether a focus indicator (outline or ring) is drawn around it. */
export async function focusStop(page: Page): Promise<FocusStop | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
    const label =
      el.getAttribute('aria-label') ??
      (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null) ??
      el.textContent?.trim().slice(0, 40) ??
      '';
    const type = el.getAttribute('type');
    return {
      name: `${el.tagName.toLowerCase()}${type ? `[type=${type}]` : ''}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${label}"`,
      visible: outline || ring,
    };
  });
}

/** Presses Tab until `target` has the focus (at most `max` times); fails otherwise. */
export async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `not reached with ${max} presses of Tab`).toBeFocused();
}

/**
 * Walks the whole screen with Tab, from the top of the page, and returns
 * every stop; stops when the focus leaves the page or comes back around.
 */
export async function tabThrough(page: Page, max = 150): Promise<FocusStop[]> {
  // Start at the page's first stop (the skip link), as after loading the page.
  await page.evaluate(() => {
    (window as unknown as { tabStops: WeakSet<Element> }).tabStops = new WeakSet();
    window.getSelection()?.removeAllRanges();
    // Focusing the root for a moment moves Chromium's starting point for Tab to the top.
    const root = document.documentElement;
    root.tabIndex = -1;
    root.focus();
    root.blur();
    root.removeAttribute('tabindex');
  });
  await page.keyboard.press('Tab');
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i++) {
    if (i > 0) await page.keyboard.press('Tab');
    const stop = await focusStop(page);
    if (!stop) break;
    // Elements are told apart by identity, without touching the page's DOM. Date and time inputs
    // keep the focus for each of their parts (day, month, …), so a repeat of the last stop goes on.
    const seen = await page.evaluate(() => {
      const w = window as unknown as { tabStops: WeakSet<Element>; lastStop?: Element };
      const el = document.activeElement!;
      const result = el === w.lastStop ? 'same' : w.tabStops.has(el) ? 'again' : 'new';
      w.tabStops.add(el);
      w.lastStop = el;
      return result;
    });
    if (seen === 'again') break;
    if (seen === 'new') stops.push(stop);
  }
  return stops;
}
