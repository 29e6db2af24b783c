import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { MIGRATIONS_FOLDER } from "../../src/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}

/**
 * A fresh PGlite costs seconds (initdb in WASM): migrate once, dump the data
 * folder, and let every test file start its own database from that dump.
 */
export default async function setup(project: TestProject) {
  const dumpFile = path.resolve("test/.cache/pglite-migrated.tar.gz");
  fs.mkdirSync(path.dirname(dumpFile), { recursive: true });
  const client = await PGlite.create({ extensions: { pg_trgm } });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  const dump = await client.dumpDataDir("gzip");
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide("pgliteDump", dumpFile);
}
