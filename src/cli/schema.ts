import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { createSchema } from "../graphql/schema.js";

/** The committed SDL that frontends and codegen read. */
export const SCHEMA_FILE = path.resolve(process.cwd(), "schema/schema.graphql");

export async function renderSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}

async function main() {
  const mode = process.argv[2];
  const rendered = await renderSchema();
  if (mode === "--write") {
    fs.writeFileSync(SCHEMA_FILE, rendered);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
    return;
  }
  const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
  if (committed !== rendered) {
    process.stderr.write("schema/schema.graphql is stale: run `npm run schema:emit` and commit it\n");
    process.exit(1);
  }
  process.stdout.write("schema/schema.graphql is up to date\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
