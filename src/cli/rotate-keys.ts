import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.js";
import { openDatabase } from "../db/database.js";
import { createLogger } from "../http/logger.js";
import { graphql } from "../modules/ledger/evidence.js";
import { KeyRing } from "../modules/ledger/signing-keys.js";
import { run } from "./server-options.js";

const USAGE = `usage:
  npm run keys:rotate -- --url http://localhost:4000 --token <admin JWT>   a running server (signingKeyRotate): it switches at once
  npm run keys:rotate                                                      the key ring in DATA_DIR, with the server STOPPED`;

async function rotateOnServer(url: string, token: string): Promise<number> {
  const mutation = `mutation ($input: SigningKeyRotateInput!) {
    signingKeyRotate(input: $input) { signingKey { keyId createdAt } userErrors { code message } }
  }`;
  const { signingKeyRotate } = await graphql<{ signingKeyRotate: { signingKey: { keyId: string } | null; userErrors: { code: string; message: string }[] } }>(
    url.replace(/\/$/, ""), token, mutation, { input: { idempotencyKey: `rotate-${randomUUID()}` } },
  );
  if (!signingKeyRotate.signingKey) {
    process.stderr.write(`${signingKeyRotate.userErrors.map((error) => `${error.code}: ${error.message}`).join("\n")}\n`);
    return 1;
  }
  process.stdout.write(`signing key is now ${signingKeyRotate.signingKey.keyId}\n`);
  return 0;
}

/**
 * Offline: rotates DATA_DIR/signing-keys.json. A running server keeps its ring
 * in memory and would go on signing with the key this retires, so stop it first.
 * With DATABASE_URL the public keys are registered at once; on the embedded
 * database the server registers them when it starts.
 */
async function rotateOffline(): Promise<number> {
  const config = loadConfig();
  if (config.ledgerSigningKey) throw new Error("LEDGER_SIGNING_KEY is set: rotate by changing the variable (keep the old public key registered)");
  if (config.dataDir === "memory") throw new Error("DATA_DIR=memory keeps keys in the server's memory: use --url");
  const ring = await KeyRing.open({ kind: "file", dataDir: config.dataDir });
  const kid = await ring.rotate();
  if (config.databaseUrl) {
    const database = await openDatabase(config, createLogger("silent"));
    try {
      await ring.register(database);
    } finally {
      await database.close();
    }
  }
  process.stdout.write(`signing key is now ${kid}${config.databaseUrl ? "" : " (registered in the JWKS when the server starts)"}\n`);
  return 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { url: { type: "string" }, token: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.url) {
    if (!values.token) throw new Error(`--url needs --token <admin JWT>\n${USAGE}`);
    return rotateOnServer(values.url, values.token);
  }
  return rotateOffline();
}

run("keys:rotate", main);
