import { loadConfig } from "../config/config.js";
import { openDatabase } from "../db/database.js";
import { migrateDatabase } from "../db/migrate.js";
import { createLogger } from "../http/logger.js";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    await migrateDatabase(database);
    logger.info("migrations applied");
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
