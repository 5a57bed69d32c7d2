import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { APP_CSP } from './shared/csp';

/**
 * Puts the app's Content-Security-Policy into index.html as a meta tag as
 * well (hosts also send it as a header). frame-ancestors is header-only.
 */
function cspMeta(): Plugin {
  const content = APP_CSP.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'pressdesk-csp',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content }, injectTo: 'head-prepend' },
    ],
  };
}

/** The export theme, also served by the app itself for the in-app preview of the exported page. */
function exportTheme(): Plugin {
  return {
    name: 'pressdesk-export-theme',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'export-theme.css',
        source: readFileSync('resources/export-theme.css', 'utf8'),
      });
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta(), exportTheme()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
  },
});
