import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that compile TypeScript or start real servers need more than the default 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
