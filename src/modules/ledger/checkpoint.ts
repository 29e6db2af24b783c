import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, type JWK } from "jose";
import { canonicalJson } from "./canonical-json.js";
import { SIGNING_ALGORITHM, type SigningKey } from "./signing-keys.js";

/** A signed tree head: "the log had `treeSize` entries with this root at this time". */
export interface CheckpointStatement {
  log: "ronghe";
  treeSize: number;
  rootHash: string;
  issuedAt: string;
}

export const CHECKPOINT_TYPE = "ronghe-checkpoint+jws";

export async function signCheckpoint(statement: CheckpointStatement, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(statement)))
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: CHECKPOINT_TYPE })
    .sign(key.privateKey);
}

/**
 * Verifies a checkpoint JWS with nothing but a JWKS: the signature, the key id,
 * the type, and the statement's shape. Throws with a reason when any fails.
 */
export async function verifyCheckpoint(jws: string, jwks: { keys: JWK[] }): Promise<CheckpointStatement> {
  const header = decodeProtectedHeader(jws);
  if (header.typ !== CHECKPOINT_TYPE) throw new Error(`not a checkpoint (typ ${String(header.typ)})`);
  const { payload } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: [SIGNING_ALGORITHM] });
  const statement = JSON.parse(new TextDecoder().decode(payload)) as CheckpointStatement;
  if (statement.log !== "ronghe" || !Number.isSafeInteger(statement.treeSize) || !/^[0-9a-f]{64}$/.test(statement.rootHash)) {
    throw new Error("checkpoint statement is malformed");
  }
  return statement;
}
