import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests run once per database backend: PGlite always, PostgreSQL
// when TEST_DATABASE_URL is set. Each file starts its own server and database.
const backends = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  resolve: {
    // Node resolves "graphql" to its CommonJS build (type-graphql and graphql-scalars
    // use it too); Vite would pick the ESM build and create a second copy of
    // GraphQLScalarType, breaking instanceof checks. Match Node.
    alias: [{ find: /^graphql$/, replacement: path.resolve("node_modules/graphql/index.js") }],
  },
  test: {
    root: process.cwd(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"], setupFiles: ["reflect-metadata"], sequence: { groupOrder: 0 } } },
      ...backends.map((backend, index) => ({
        extends: true as const,
        test: {
          name: backend,
          include: ["test/integration/**/*.test.ts"],
          // Concurrency, crash and tampering tests need a real PostgreSQL server.
          exclude: backend === "pglite" ? ["test/integration/**/*.postgres.test.ts"] : [],
          env: { TEST_BACKEND: backend },
          globalSetup: ["test/support/global-setup.ts"],
          maxWorkers: 2,
          sequence: { groupOrder: index + 1 },
        },
      })),
    ],
  },
});
