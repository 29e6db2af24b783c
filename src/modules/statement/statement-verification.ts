// Verifies a credit statement with nothing but a JWKS: the signature and its
// key, and each entry's anchoring in the Merkle log. Pure (no database, no
// network), so the server and the offline verifier (`npm run verify --
// --statement`) run the same code. Revocation (a transfer reversed after
// issue) needs the ledger's current state and is checked by the server only.
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { decodeGlobalId } from "../../graphql/global-id.js";
import { sha256Hex } from "../ledger/canonical-json.js";
import { verifyCheckpoint } from "../ledger/checkpoint.js";
import { fromHex, leafHash, toHex, verifyInclusion } from "../ledger/merkle.js";
import { SIGNING_ALGORITHM } from "../ledger/signing-keys.js";
import { STATEMENT_TYPE, type EntryCredential, type LedgerAnchor, type StatementPayload } from "./credit-statement.js";

export type StatementProblemCode =
  | "MALFORMED"
  | "UNKNOWN_KEY"
  | "SIGNATURE_INVALID"
  | "KEY_RETIRED"
  | "PAYLOAD_INVALID"
  | "CHECKPOINT_INVALID"
  | "ENTRY_HASH_MISMATCH"
  | "INCLUSION_PROOF_INVALID"
  | "TRANSFER_REVERSED";

export interface StatementProblem {
  code: StatementProblemCode;
  message: string;
  /** The entry (index in credentialSubject.verifiableCredential) it concerns, if one. */
  entry: number | null;
}

export interface StatementVerification {
  valid: boolean;
  reasons: StatementProblem[];
  /** The payload as decoded, also when invalid (to show what was claimed); null when unreadable. */
  payload: StatementPayload | null;
  keyId: string | null;
}

/** The JWKS member in which Ronghe publishes when a key was retired. */
export const RETIRED_AT_MEMBER = "ronghe:retiredAt";

const problem = (code: StatementProblemCode, message: string, entry: number | null = null): StatementProblem => ({ code, message, entry });

function decodePayload(jws: string): StatementPayload | null {
  try {
    const payload = JSON.parse(Buffer.from(jws.split(".")[1] ?? "", "base64url").toString("utf8")) as unknown;
    return payload !== null && typeof payload === "object" && !Array.isArray(payload) ? (payload as StatementPayload) : null;
  } catch {
    return null;
  }
}

/**
 * The key policy: the `kid` must be in the JWKS and the signature must be
 * that key's; a retired key still verifies what it signed before it was
 * retired (by `iat`), so statements outlive rotations, but nothing dated later.
 */
async function checkSignature(jws: string, jwks: { keys: JWK[] }, payload: StatementPayload | null): Promise<{ keyId: string | null; problems: StatementProblem[] }> {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { keyId: null, problems: [problem("MALFORMED", "Not a compact JWS with a readable header")] };
  }
  const keyId = typeof header.kid === "string" ? header.kid : null;
  if (header.typ !== STATEMENT_TYPE || header.alg !== SIGNING_ALGORITHM || keyId === null) {
    return { keyId, problems: [problem("MALFORMED", `Expected a ${STATEMENT_TYPE} JWS signed with ${SIGNING_ALGORITHM} and a kid; got typ ${String(header.typ)}, alg ${String(header.alg)}`)] };
  }
  const jwk = jwks.keys.find((key) => key.kid === keyId);
  if (!jwk) return { keyId, problems: [problem("UNKNOWN_KEY", `The key ${keyId} is not in the JWKS`)] };
  try {
    await compactVerify(jws, await importJWK(jwk, SIGNING_ALGORITHM), { algorithms: [SIGNING_ALGORITHM] });
  } catch {
    return { keyId, problems: [problem("SIGNATURE_INVALID", `The signature does not match the header and payload under key ${keyId}`)] };
  }
  const retiredAt = (jwk as Record<string, unknown>)[RETIRED_AT_MEMBER];
  if (typeof retiredAt === "string" && typeof payload?.iat === "number" && payload.iat * 1000 > Date.parse(retiredAt)) {
    return { keyId, problems: [problem("KEY_RETIRED", `The key ${keyId} was retired at ${retiredAt}, before the statement's issue time`)] };
  }
  return { keyId, problems: [] };
}

function isAnchor(value: unknown): value is LedgerAnchor {
  const anchor = value as LedgerAnchor | null;
  return (
    typeof anchor === "object" && anchor !== null && typeof anchor.canonical === "string" && typeof anchor.contentHash === "string" &&
    Number.isSafeInteger(anchor.leafIndex) && typeof anchor.leafHash === "string" && Array.isArray(anchor.auditPath) &&
    anchor.auditPath.every((hash) => typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash)) &&
    typeof anchor.checkpoint === "object" && anchor.checkpoint !== null && Number.isSafeInteger(anchor.checkpoint.treeSize) && typeof anchor.checkpoint.rootHash === "string"
  );
}

/** The UUID a URN such as urn:ronghe:achievement:<global ID> names, or null. */
export function uuidOfUrn(value: string): { type: string; id: string } | null {
  const globalId = /^urn:ronghe:[a-z-]+:([A-Za-z0-9_-]+)/.exec(value)?.[1];
  return globalId ? decodeGlobalId(globalId) : null;
}

/**
 * That the journal entry is the one about this credential and this learner:
 * its body names the achievement or transfer, and its learner is the subject.
 */
function recordsEntry(canonical: string, credential: EntryCredential, subjectId: string): boolean {
  let entry: { learnerId?: unknown; body?: Record<string, unknown> };
  try {
    entry = JSON.parse(canonical) as typeof entry;
  } catch {
    return false;
  }
  const named = uuidOfUrn(credential.id);
  const subject = uuidOfUrn(subjectId);
  if (!named || !subject || entry.learnerId !== subject.id) return false;
  const field = named.type === "Achievement" ? "achievementId" : "transferId";
  const value = entry.body?.[field];
  return value === named.id || (typeof value === "string" && decodeGlobalId(value)?.id === named.id);
}

function checkEntry(index: number, credential: EntryCredential, subjectId: string, checkpoint: { treeSize: number; rootHash: string }): StatementProblem[] {
  const anchor = credential?.["ronghe:ledger"];
  if (!isAnchor(anchor)) return [problem("PAYLOAD_INVALID", `Entry ${index} has no readable ronghe:ledger anchor`, index)];
  const problems: StatementProblem[] = [];
  const bytes = new TextEncoder().encode(anchor.canonical);
  if (sha256Hex(bytes) !== anchor.contentHash) problems.push(problem("ENTRY_HASH_MISMATCH", `Entry ${index}: the journal entry's text does not hash to its contentHash`, index));
  if (toHex(leafHash(bytes)) !== anchor.leafHash) problems.push(problem("ENTRY_HASH_MISMATCH", `Entry ${index}: the journal entry's text does not hash to its leafHash`, index));
  if (!recordsEntry(anchor.canonical, credential, subjectId)) {
    problems.push(problem("ENTRY_HASH_MISMATCH", `Entry ${index}: the anchored journal entry does not record ${credential.id} for the statement's subject`, index));
  }
  if (anchor.checkpoint.treeSize !== checkpoint.treeSize || anchor.checkpoint.rootHash !== checkpoint.rootHash) {
    problems.push(problem("INCLUSION_PROOF_INVALID", `Entry ${index}: its checkpoint is not the statement's signed checkpoint`, index));
  }
  let included = false;
  try {
    included = verifyInclusion(fromHex(anchor.leafHash), anchor.leafIndex, anchor.checkpoint.treeSize, anchor.auditPath.map(fromHex), fromHex(anchor.checkpoint.rootHash));
  } catch {
    included = false;
  }
  if (!included) problems.push(problem("INCLUSION_PROOF_INVALID", `Entry ${index}: the audit path does not lead from leaf ${anchor.leafIndex} to the root of tree ${anchor.checkpoint.treeSize}`, index));
  return problems;
}

/** The entries' anchoring: the signed checkpoint, then every entry's hashes and audit path. */
async function checkAnchors(payload: StatementPayload, jwks: { keys: JWK[] }): Promise<StatementProblem[]> {
  const entries = payload.credentialSubject?.verifiableCredential;
  if (!Array.isArray(entries) || typeof payload.credentialSubject?.id !== "string") {
    return [problem("PAYLOAD_INVALID", "credentialSubject.verifiableCredential is missing")];
  }
  if (entries.length === 0) return [];
  const signed = payload["ronghe:checkpoint"];
  if (!signed || typeof signed.jws !== "string") return [problem("PAYLOAD_INVALID", "The statement has entries but no ronghe:checkpoint")];
  let checkpoint;
  try {
    checkpoint = await verifyCheckpoint(signed.jws, jwks);
  } catch (error) {
    return [problem("CHECKPOINT_INVALID", `The checkpoint's signature does not verify with the JWKS (${error instanceof Error ? error.message : String(error)})`)];
  }
  const problems: StatementProblem[] = [];
  if (checkpoint.treeSize !== signed.treeSize || checkpoint.rootHash !== signed.rootHash) {
    problems.push(problem("CHECKPOINT_INVALID", "The checkpoint's treeSize or rootHash differs from what its signature covers"));
  }
  entries.forEach((credential, index) => problems.push(...checkEntry(index, credential, payload.credentialSubject.id, checkpoint)));
  return problems;
}

/**
 * Checks a statement against `jwks`. `valid` is true only when no reason is
 * found; every reason found is reported, not only the first.
 */
export async function verifyStatement(jws: string, jwks: { keys: JWK[] }): Promise<StatementVerification> {
  const compact = jws.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(compact)) {
    return { valid: false, reasons: [problem("MALFORMED", "Not a compact JWS (three base64url parts)")], payload: null, keyId: null };
  }
  const payload = decodePayload(compact);
  const signature = await checkSignature(compact, jwks, payload);
  const reasons = [...signature.problems];
  if (!payload) reasons.push(problem("MALFORMED", "The payload is not a JSON object"));
  else reasons.push(...(await checkAnchors(payload, jwks)));
  return { valid: reasons.length === 0, reasons, payload, keyId: signature.keyId };
}
