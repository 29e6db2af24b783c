import path from "node:path";
import type { Database } from "./database.js";

/** The migrations drizzle-kit generated; located from the working directory (compiled code sits elsewhere). */
export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");

/** Applies pending migrations; each runs once, recorded in drizzle's own table. */
export async function migrateDatabase(database: Database, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (database.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder });
  }
}
