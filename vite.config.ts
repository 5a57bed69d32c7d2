import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
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

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
  },
});
