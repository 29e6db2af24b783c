// The benchmark's own PostgreSQL database: created from scratch, migrated with
// the app's migrations, and stamped with what it holds (scale, seed, schema)
// so that a run can tell whether the dataset it finds is the one it needs.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { openDatabase } from "../../src/db/database.js";
import { migrateDatabase, MIGRATIONS_FOLDER } from "../../src/db/migrate.js";
import { createLogger } from "../../src/http/logger.js";

export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432";

export interface DatasetStamp {
  scale: number;
  seed: string;
  /** Hash of the migrations: a dataset generated for another schema is stale. */
  schema: string;
  /** Hash of the generator's sources: so is one another version of the generator made. */
  generator: string;
  generatedAt: string;
}

/** `postgres://…/<name>`: the URL of database `name` on the server of `url`. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}" must be a plain lower-case identifier`);
  return name;
}

async function onServer<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => undefined });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await onServer(url, async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name}`);
  });
}

export async function migrate(url: string): Promise<void> {
  const database = await openDatabase({ databaseUrl: url, dataDir: "memory" }, createLogger("silent"));
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
}

/** Changes whenever a migration is added or edited. */
export function schemaFingerprint(): string {
  const hash = createHash("sha256");
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith(".sql")).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Changes whenever the generator's code changes (its files sit beside this one). */
export function generatorFingerprint(): string {
  const folder = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash("sha256");
  for (const file of fs.readdirSync(folder).filter((name) => /^(dataset.*|prng|vocabulary|copy-writer|signing)\.ts$/.test(name)).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(folder, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

// The stamp is the database's comment: it needs no table the app does not have.
export async function writeStamp(url: string, stamp: DatasetStamp): Promise<void> {
  const name = databaseName(url);
  await onServer(url, (sql) => sql.unsafe(`comment on database ${name} is '${JSON.stringify(stamp).replace(/'/g, "''")}'`));
}

/** The stamp of a complete dataset; null when the database is missing or was never finished. */
export async function readStamp(url: string): Promise<DatasetStamp | null> {
  const name = databaseName(url);
  const [row] = await onServer(url, (sql) => sql<{ comment: string | null }[]>`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`);
  if (!row?.comment) return null;
  try {
    return JSON.parse(row.comment) as DatasetStamp;
  } catch {
    return null;
  }
}
