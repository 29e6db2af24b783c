// npm run bench:data -- --scale S [--database URL] [--seed TEXT]
//
// (Re)creates the benchmark database (default ronghe_bench on the local
// PostgreSQL), applies the app's migrations and writes the deterministic
// synthetic dataset of the given scale; prints the time per phase and table.
import "reflect-metadata";
import { parseArgs } from "node:util";
import { DEFAULT_SERVER_URL, withDatabase } from "./bench-database.js";
import { buildDataset, DEFAULT_SEED, formatGenerationReport } from "./dataset.js";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: "string", default: "1" }, database: { type: "string" }, seed: { type: "string", default: DEFAULT_SEED } } });
  const scale = Number(values.scale);
  const url = values.database ?? withDatabase(DEFAULT_SERVER_URL, "ronghe_bench");
  const report = await buildDataset(url, scale, values.seed!);
  console.log(`\n${formatGenerationReport(report)}`);
}

main().catch((error: unknown) => {
  console.error(`bench:data failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
