// npm run db:citus: checks that the migrated schema distributes as
// src/db/distribution.ts plans, then prints the Citus DDL that places every
// table (run it on the coordinator after `npm run db:migrate`).
import { loadConfig } from "../config/config.js";
import { openDatabase } from "../db/database.js";
import { migrateDatabase } from "../db/migrate.js";
import { citusStatements, distributionProblems, readSchemaFacts } from "../db/distribution.js";
import { createLogger } from "../http/logger.js";

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config, createLogger("warn"));
  try {
    await migrateDatabase(database);
    const problems = distributionProblems(await readSchemaFacts(database.db));
    if (problems.length > 0) {
      process.stderr.write(`the schema does not distribute:\n${problems.map((problem) => `  ${problem}`).join("\n")}\n`);
      return 1;
    }
    process.stdout.write(`${citusStatements().join("\n")}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`db:citus failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
