import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: WXT's in-memory fake browser and fake-indexeddb (tests/setup.ts); no real browser.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['tests/setup.ts'],
    // Off UTC (and off the hour), so code that reads a date in the machine's zone fails here, not on a reader's machine.
    env: { TZ: 'Asia/Kolkata' },
    restoreMocks: true,
    unstubGlobals: true,
  },
});
