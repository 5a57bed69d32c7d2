import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
          // Every error code a channel answers with must be declared for it (shared/contract/errors.ts).
          env: { PRESSDESK_STRICT_ERRORS: '1' },
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          // The stores are tested against the real engine, opened in the test process (the renderer may not import it).
          setupFiles: ['electron/services/testing/rendererEngine.ts'],
          testTimeout: 30_000,
          env: { PRESSDESK_STRICT_ERRORS: '1' },
        },
      },
    ],
  },
});
