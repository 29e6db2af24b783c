import path from "node:path";
import { defineConfig } from "vitest/config";

// Crash and fault tests (`npm run test:faults`): real server processes, a real
// PostgreSQL that one test restarts, a fault-injecting proxy. One file at a
// time: they kill processes and restart the database the others use.
export default defineConfig({
  resolve: {
    // As in vitest.config.ts: one copy of graphql, the CommonJS build Node resolves.
    alias: [{ find: /^graphql$/, replacement: path.resolve("node_modules/graphql/index.js") }],
  },
  test: {
    root: process.cwd(),
    include: ["test/faults/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    env: {
      TEST_BACKEND: "postgres",
      TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
    },
  },
});
