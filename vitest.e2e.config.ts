import { defineConfig } from 'vitest/config';

// Browser tests: the built extension in real Chromium. One file at a time; each launches a browser.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
