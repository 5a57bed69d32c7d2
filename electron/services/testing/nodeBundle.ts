/**
 * What the project's own Node bundles set (scripts/build.mjs), for tests that
 * bundle an entry point of their own: `import.meta.url` answers the bundle's
 * file, as the sources do when run as ES modules (esbuild leaves it empty in
 * CommonJS, and pdfkit reads it when it loads).
 */
export const MODULE_URL_OPTIONS = {
  banner: { js: 'var __pressdeskModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__pressdeskModuleUrl' },
} as const;
