import { defineConfig } from 'vitest/config';

import { createRequire } from 'node:module';

// The generated helpers import the runtime by package name; in the repo that resolves to the .ts
// sources through package.json's `aqe-telemetry-source` export condition (see tsconfig.json). A
// plugin for this package alone: setting vite's conditions would change how every dependency resolves.
const { sourceOf } = createRequire(import.meta.url)('./tools/source-self-reference.cjs') as { sourceOf(id: string): string | undefined };

export default defineConfig({
  plugins: [{ name: 'aqe-telemetry-source', enforce: 'pre', resolveId: (id: string) => sourceOf(id) }],
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that compile TypeScript or start real servers need more than the default 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
