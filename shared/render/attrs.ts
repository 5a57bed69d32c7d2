import { isSafeHref } from '../document/links';

/*
 * Every attribute is checked again where it is written, not only where a
 * document enters the store: a stored document may come from an older
 * version, a hand-edited file or a foreign database, and the page must stay
 * inert whatever it holds.
 */

/** A heading level as written: 3 stays 3, anything else becomes 2. */
export function headingLevel(level: unknown): 2 | 3 {
  return level === 3 ? 3 : 2;
}

/** An ordered list's start: a positive integer, else 1. */
export function listStart(start: unknown): number {
  return typeof start === 'number' && Number.isSafeInteger(start) && start >= 1 ? start : 1;
}

/** A pixel size for width/height: a positive integer, else none. */
export function pixels(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

export function sizeAttrs(width: unknown, height: unknown): string {
  const w = pixels(width);
  const h = pixels(height);
  return w !== undefined && h !== undefined ? ` width="${w}" height="${h}"` : '';
}

/** A link target the page may carry: absolute http, https or mailto, else none. */
export function safeHref(href: unknown): string | undefined {
  return typeof href === 'string' && isSafeHref(href) ? href : undefined;
}

/**
 * `path` made absolute against the public base URL, or undefined when there
 * is no base or it is no web address (only a web address may stand in
 * canonical, Open Graph and JSON-LD URLs).
 */
export function absoluteUrl(base: string | undefined, path: string): string | undefined {
  if (!base || !/^https?:/i.test(base) || safeHref(base) === undefined) return undefined;
  try {
    return new URL(path, base.endsWith('/') ? base : `${base}/`).href;
  } catch {
    return undefined;
  }
}
