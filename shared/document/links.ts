import { SAFE_LINK_PROTOCOLS } from './types';

/**
 * Whether `href` is an absolute http, https or mailto URL. Relative links are
 * refused too: an exported bundle has no site to resolve them against.
 */
export function isSafeHref(href: string): boolean {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed !== href || /[\u0000-\u001f\u007f]/.test(href)) return false;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return false;
  }
  if (!(SAFE_LINK_PROTOCOLS as readonly string[]).includes(url.protocol)) return false;
  if (url.protocol === 'mailto:') return url.pathname.length > 0;
  return url.hostname.length > 0;
}
