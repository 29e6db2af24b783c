import "reflect-metadata";
import fs from "node:fs";
import { parseArgs } from "node:util";
import type { JWK } from "jose";
import { openDatabase } from "../db/database.js";
import { createLogger } from "../http/logger.js";
import { evidenceFromApi, evidenceFromDatabase, graphql } from "../modules/ledger/evidence.js";
import { verifyLedger } from "../modules/ledger/verifier.js";
import { verifyStatement, type StatementProblem } from "../modules/statement/statement-verification.js";

const USAGE = `usage:
  npm run verify -- --url http://localhost:4000 [--token <admin JWT>] [--jwks file.json|URL]
  npm run verify -- --database postgres://user@host/db
  npm run verify -- --statement statement.jwt --jwks file.json|URL [--url http://localhost:4000]`;

async function loadJwks(source: string | undefined): Promise<{ keys: JWK[] } | undefined> {
  if (!source) return undefined;
  const text = /^https?:/.test(source) ? await (await fetch(source)).text() : fs.readFileSync(source, "utf8");
  return JSON.parse(text) as { keys: JWK[] };
}

/**
 * A credit statement with nothing but the public keys: signature, key policy and every entry's
 * audit path up to the signed checkpoint. Revocation needs the ledger's current state: only with --url.
 */
async function verifyStatementFile(file: string, jwksSource: string | undefined, url: string | undefined): Promise<number> {
  const jwks = await loadJwks(jwksSource);
  if (!jwks) throw new Error("--statement needs --jwks file.json|URL (the server's /.well-known/jwks.json)");
  const jws = fs.readFileSync(file, "utf8").trim();
  const offline = await verifyStatement(jws, jwks);
  let reasons: StatementProblem[] = offline.reasons;
  if (url) {
    const query = "query ($jws: String!) { creditStatementVerify(jws: $jws) { reasons { code message entry } } }";
    const online = await graphql<{ creditStatementVerify: { reasons: StatementProblem[] } }>(url.replace(/\/$/, ""), null, query, { jws });
    reasons = [...reasons, ...online.creditStatementVerify.reasons.filter((reason) => reason.code === "TRANSFER_REVERSED")];
  }
  const entries = offline.payload?.credentialSubject?.verifiableCredential?.length ?? 0;
  const revocation = url ? "revocation checked with the server" : "revocation NOT checked (it needs the server: pass --url)";
  if (reasons.length === 0) {
    process.stdout.write(`OK: statement ${offline.payload?.id ?? "?"} signed by key ${offline.keyId}, ${entries} entries anchored in checkpoint ${offline.payload?.["ronghe:checkpoint"]?.treeSize ?? "-"}; ${revocation}\n`);
    return 0;
  }
  process.stdout.write(`INVALID statement ${offline.payload?.id ?? "?"}:\n${reasons.map((reason) => `  - ${reason.code}: ${reason.message}`).join("\n")}\n`);
  return 1;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { url: { type: "string" }, token: { type: "string" }, database: { type: "string" }, jwks: { type: "string" }, statement: { type: "string" } },
  });
  if (values.statement) return verifyStatementFile(values.statement, values.jwks, values.url);
  let report;
  if (values.database) {
    const database = await openDatabase({ databaseUrl: values.database, dataDir: "memory" }, createLogger("silent"));
    try {
      // The leaves are read page by page while the verifier runs: close only after it.
      report = await verifyLedger(await evidenceFromDatabase(database));
    } finally {
      await database.close();
    }
  } else if (values.url) {
    report = await verifyLedger(await evidenceFromApi(values.url.replace(/\/$/, ""), values.token ?? null, await loadJwks(values.jwks)));
  } else {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
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
