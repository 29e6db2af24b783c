import path from "node:path";
import { defineConfig } from "vitest/config";

// The explorer in a real browser: Debian's chromium driven by playwright-core
// (`.ci/run` installs chromium; run with `npm run test:browser`).
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: path.resolve("node_modules/graphql/index.js") }] },
  test: {
    root: process.cwd(),
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    env: { TEST_BACKEND: "pglite" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
