import "reflect-metadata";
import { ConfigError, loadConfig } from "./config/config.js";
import { startServer } from "./http/server.js";

const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main() {
  const config = loadConfig();
  const server = await startServer(config);
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

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : `Ronghe could not start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
