import { isSafeHref } from '../../shared/document';

/** The origin the app's own pages are served from (a custom protocol, never file://). */
export const APP_SCHEME = 'pressdesk';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Whether a URL belongs to the app's own pages. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the user may open in the system browser: http, https and mailto only. */
export function isExternalLinkAllowed(url: string): boolean {
  return isSafeHref(url);
}
