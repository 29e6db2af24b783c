import { defineConfig } from "vitest/config";

// Integration tests run once per database backend: PGlite always, PostgreSQL
// when TEST_DATABASE_URL is set. Each file starts its own server and database.
const backends = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  test: {
    root: process.cwd(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], sequence: { groupOrder: 0 } } },
      ...backends.map((backend, index) => ({
        test: {
          name: backend,
          include: ["test/integration/**/*.test.ts"],
          env: { TEST_BACKEND: backend },
          globalSetup: ["test/support/global-setup.ts"],
          maxWorkers: 2,
          sequence: { groupOrder: index + 1 },
        },
      })),
    ],
  },
});
