import "reflect-metadata";
import fs from "node:fs";
import { parseArgs } from "node:util";
import type { JWK } from "jose";
import { openDatabase } from "../db/database.js";
import { createLogger } from "../http/logger.js";
import { evidenceFromApi, evidenceFromDatabase } from "../modules/ledger/evidence.js";
import { verifyLedger } from "../modules/ledger/verifier.js";

const USAGE = `usage:
  npm run verify -- --url http://localhost:4000 [--token <admin JWT>] [--jwks file.json|URL]
  npm run verify -- --database postgres://user@host/db`;

async function loadJwks(source: string | undefined): Promise<{ keys: JWK[] } | undefined> {
  if (!source) return undefined;
  const text = /^https?:/.test(source) ? await (await fetch(source)).text() : fs.readFileSync(source, "utf8");
  return JSON.parse(text) as { keys: JWK[] };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { url: { type: "string" }, token: { type: "string" }, database: { type: "string" }, jwks: { type: "string" } } });
  let evidence;
  if (values.database) {
    const database = await openDatabase({ databaseUrl: values.database, dataDir: "memory" }, createLogger("silent"));
    try {
      evidence = await evidenceFromDatabase(database);
    } finally {
      await database.close();
    }
  } else if (values.url) {
    evidence = await evidenceFromApi(values.url.replace(/\/$/, ""), values.token ?? null, await loadJwks(values.jwks));
  } else {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const report = await verifyLedger(evidence);
  const scope = values.database || values.token ? "entries re-hashed" : "hash-only audit (pass --token for an admin to re-hash entries)";
  if (report.ok) {
    process.stdout.write(`OK: ${report.leavesChecked} leaves, ${report.checkpointsChecked} checkpoints verified (${scope})\n`);
    return 0;
  }
  process.stdout.write(`FAILED at leaf ${report.firstBadIndex ?? "?"}:\n${report.problems.map((problem) => `  - ${problem}`).join("\n")}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
