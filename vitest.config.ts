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
    // The property tests run hundreds of cases (2–3 s alone); on a loaded 2-core machine that passed vitest's
    // 5 s default. A time limit here catches a hang, never slowness: speed is measured by the benches.
    testTimeout: 20_000,
    restoreMocks: true,
    unstubGlobals: true,
  },
});
