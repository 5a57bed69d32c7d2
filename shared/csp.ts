/**
 * The Content-Security-Policy of every Pressdesk window and of web mode: only
 * the app's own scripts and styles, no eval, no remote origins, no plugins.
 * Images may come from the app, the asset protocol and in-memory blobs.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: pressdesk-asset:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
