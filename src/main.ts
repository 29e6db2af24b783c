import "reflect-metadata";
import { ConfigError, loadConfig } from "./config/config.js";
import { startServer } from "./http/server.js";
import { seedIfEmpty } from "./seed/seed-on-start.js";

const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main() {
  const config = loadConfig();
  const server = await startServer(config);
  if (config.seed === "demo") await seedIfEmpty(server);
  const shutdown = (signal: string) => {
    server.logger.info("shutting down: draining in-flight requests", { signal });
    // Bounded: a stuck request must not keep the process alive forever.
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

/** The one line a newcomer sees when start fails: what went wrong and what to do. */
function startFailure(error: unknown): string {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  const path = (error as NodeJS.ErrnoException).path;
  if (code && ["EACCES", "EROFS", "EPERM", "ENOTDIR"].includes(code) && path) {
    return `Ronghe could not start: the data folder ${path} is not writable: choose another with DATA_DIR=<folder> (or DATA_DIR=memory)`;
  }
  return `Ronghe could not start: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  const message = startFailure(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
