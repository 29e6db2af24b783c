import "reflect-metadata";
import { loadConfig } from "../config/config.js";
import { startServer } from "../http/server.js";
import { seedIfEmpty } from "../seed/seed-on-start.js";

/** `npm run db:seed`: loads the demo into the configured database (PGlite or DATABASE_URL) if it is empty. */
async function main() {
  const config = { ...loadConfig(), port: 0, host: "127.0.0.1", sealerIntervalMs: 0 };
  const server = await startServer(config);
  try {
    const summary = await seedIfEmpty(server);
    process.stdout.write(summary ? `demo loaded: ${JSON.stringify(summary)}\n` : "the database already holds organizations: nothing loaded\n");
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
