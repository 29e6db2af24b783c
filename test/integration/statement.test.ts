import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { CompactSign, generateKeyPair } from "jose";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, type Member } from "../support/course-factories.js";
import { aKey, aCourseRule } from "../support/agreement-factories.js";
import { aLearner, anAchievement, asLearner } from "../support/learner-factories.js";
import { aCompletion, aConsentingLearner, aLandscape, anAgreement, aTransferInput, transfer, uuidOf } from "../support/transfer-factories.js";
import { aStatement, entriesOfKind, jwksOf } from "../support/exchange-factories.js";
import { sha256Hex } from "../../src/modules/ledger/canonical-json.js";
import { verifyCheckpoint } from "../../src/modules/ledger/checkpoint.js";
import { verifyStatement } from "../../src/modules/statement/statement-verification.js";
import type { StatementPayload } from "../../src/modules/statement/credit-statement.js";
import type { Bilateral } from "../support/agreement-factories.js";
import type { RegisteredLearner } from "../support/learner-factories.js";
import {
  CourseNodeDocument,
  CreditStatementIssueDocument,
  CreditStatementVerifyDocument,
  CreditTransferReverseDocument,
  LedgerSealDocument,
  SigningKeyRotateDocument,
  SigningKeysDocument,
  StatementCheckpointsDocument,
} from "../generated/operations.js";

const run = promisify(execFile);

let server: TestServer;
let admin: GraphQLClient;
let landscape: Bilateral;
let learner: RegisteredLearner;
let transferId: string;
let achievementId: string;
let agreementId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  landscape = await aLandscape(server, admin);
  const university = landscape.university.organizationId;
  const agreement = await anAgreement(landscape, { rules: [aCourseRule([landscape.providerCourses[0]], university, [landscape.universityCourses[0]])] });
  agreementId = agreement.agreement.id;
  learner = await aConsentingLearner(server, landscape);
  achievementId = await aCompletion(landscape, learner, landscape.providerCourses[0]);
  const granted = await transfer(landscape.university, aTransferInput(landscape, learner, [achievementId]));
  transferId = granted.transfer!.id;
});

afterAll(async () => {
  await server?.stop();
});

const entriesOf = (payload: unknown) => (payload as StatementPayload).credentialSubject.verifiableCredential;
const verify = async (jws: string) => (await ok(admin, CreditStatementVerifyDocument, { jws })).creditStatementVerify;
const courseCode = async (id: string) => ((await ok(admin, CourseNodeDocument, { id })).node as { code: string }).code;

/** Flips one character in the middle of part `index` (0 header, 1 payload, 2 signature). */
function altered(jws: string, index: number): string {
  const parts = jws.split(".");
  const middle = Math.floor(parts[index].length / 2);
  parts[index] = parts[index].slice(0, middle) + (parts[index][middle] === "A" ? "B" : "A") + parts[index].slice(middle + 1);
  return parts.join(".");
}

describe("creditStatementIssue", () => {
  it("signs the credits a university recognised, with their provenance, every entry anchored in the Merkle log", async () => {
    const statement = await aStatement(landscape.university.client, learner.id, landscape.university.organizationId);
    const payload = statement.payload as unknown as StatementPayload;
    const [header] = statement.jws.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "EdDSA", kid: statement.keyId, typ: "vc+jwt" });
    expect(payload).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      id: statement.id,
      type: ["VerifiableCredential", "ClrCredential"],
      issuer: { id: `urn:ronghe:organization:${landscape.university.organizationId}`, type: ["Profile"] },
      credentialSubject: { id: `urn:ronghe:learner:${learner.id}`, type: ["ClrSubject"] },
      iss: `urn:ronghe:organization:${landscape.university.organizationId}`,
      sub: `urn:ronghe:learner:${learner.id}`,
      jti: statement.id,
    });
    // Pseudonymous: no name or reference of the learner anywhere.
    expect(statement.jws).not.toContain(Buffer.from(learner.externalRef).toString("base64url"));
    expect(JSON.stringify(payload)).not.toContain(learner.externalRef);

    const [entry] = entriesOf(payload);
    expect(entriesOf(payload)).toHaveLength(1);
    expect(entry).toMatchObject({
      id: `urn:ronghe:credit-transfer:${transferId}`,
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      credentialSubject: {
        type: ["AchievementSubject"],
        achievement: { achievementType: "Course", humanCode: await courseCode(landscape.universityCourses[0]), creditsAvailable: 2 },
        creditsEarned: 2,
        result: [{ type: ["Result"], value: "GRANTED", status: "Completed" }],
        source: { id: `urn:ronghe:organization:${landscape.provider.organizationId}` },
      },
      evidence: [
        { id: `urn:ronghe:achievement:${achievementId}`, type: ["Evidence"] },
        { id: `urn:ronghe:agreement:${agreementId}`, type: ["Evidence"], "ronghe:version": 1 },
      ],
      "ronghe:ledger": { kind: "CREDIT_TRANSFERRED", checkpoint: payload["ronghe:checkpoint"] && { treeSize: payload["ronghe:checkpoint"].treeSize } },
    });
    expect(JSON.parse(entry["ronghe:ledger"].canonical)).toMatchObject({ kind: "CREDIT_TRANSFERRED", learnerId: uuidOf(learner.id), body: { transferId: uuidOf(transferId) } });

    expect(await verify(statement.jws)).toEqual({ valid: true, reasons: [], payload: statement.payload, keyId: statement.keyId });
    const journaled = (await entriesOfKind(admin, "CREDIT_STATEMENT_ISSUED")).find((each) => each.body.statementId === statement.id.replace("urn:uuid:", ""));
    expect(journaled).toMatchObject({ learnerId: learner.id, organizationIds: [landscape.university.organizationId], body: { jwsHash: sha256Hex(statement.jws), keyId: statement.keyId } });
  });

  it("states the completions a provider recorded, for the learner themself", async () => {
    const own = await asLearner(server, learner.id);
    const statement = await aStatement(own, learner.id, landscape.provider.organizationId);
    expect(entriesOf(statement.payload).map((entry) => [entry.id, entry.credentialSubject.result, entry["ronghe:ledger"].kind])).toEqual([
      [`urn:ronghe:achievement:${achievementId}`, [{ type: ["Result"], value: "85", status: "Completed" }], "ACHIEVEMENT_RECORDED"],
    ]);
    expect((await verify(statement.jws)).valid).toBe(true);
  });

  it("returns the same statement when retried with the same key, and journals it once", async () => {
    const key = aKey("statement");
    const first = await aStatement(landscape.university.client, learner.id, landscape.university.organizationId, key);
    const before = (await entriesOfKind(admin, "CREDIT_STATEMENT_ISSUED")).length;
    const { creditStatementIssue } = await ok(landscape.university.client, CreditStatementIssueDocument, {
      input: { idempotencyKey: key, learnerId: learner.id, organizationId: landscape.university.organizationId },
    });
    expect(creditStatementIssue).toEqual({ statement: first, replayed: true, userErrors: [] });
    expect(await entriesOfKind(admin, "CREDIT_STATEMENT_ISSUED")).toHaveLength(before);
  });

  it("refuses callers who may not read the learner's record there, and journals nothing", async () => {
    const before = (await entriesOfKind(admin, "CREDIT_STATEMENT_ISSUED")).length;
    const stranger: Member = await aMember(server, admin, "UNIVERSITY");
    const input = (organizationId: string) => ({ input: { idempotencyKey: aKey("statement"), learnerId: learner.id, organizationId } });
    const notConsented = await ok(stranger.client, CreditStatementIssueDocument, input(stranger.organizationId));
    expect(notConsented.creditStatementIssue).toEqual({
      statement: null,
      replayed: false,
      userErrors: [{ code: "NOT_FOUND", field: ["input", "learnerId"], message: "No learner with this ID is visible to you; the learner must consent to your organization first" }],
    });
    expect(errorCodes(await execute(stranger.client, CreditStatementIssueDocument, input(landscape.university.organizationId)))).toEqual(["FORBIDDEN"]);
    const other = await aLearner(landscape.provider);
    expect(errorCodes(await execute(await asLearner(server, other.id), CreditStatementIssueDocument, input(landscape.university.organizationId)))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await execute(server.client(), CreditStatementIssueDocument, input(landscape.university.organizationId)))).toEqual(["UNAUTHENTICATED"]);
    expect(await entriesOfKind(admin, "CREDIT_STATEMENT_ISSUED")).toHaveLength(before);
  });
});

describe("creditStatementVerify", () => {
  it("reports an altered header, payload or signature, and a statement forged with a key it does not know", async () => {
    const { jws } = await aStatement(landscape.university.client, learner.id, landscape.university.organizationId);
    const reasonsOf = async (text: string) => (await verify(text)).reasons.map((reason) => reason.code);
    expect(await reasonsOf(altered(jws, 0))).not.toEqual([]);
    expect(await reasonsOf(altered(jws, 1))).toContain("SIGNATURE_INVALID");
    expect(await reasonsOf(altered(jws, 2))).toEqual(["SIGNATURE_INVALID"]);
    for (const part of [0, 1, 2]) expect((await verify(altered(jws, part))).valid).toBe(false);

    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const payload = Buffer.from(jws.split(".")[1], "base64url");
    const forged = await new CompactSign(payload).setProtectedHeader({ alg: "EdDSA", kid: "forger", typ: "vc+jwt" }).sign(privateKey);
    expect(await reasonsOf(forged)).toEqual(["UNKNOWN_KEY"]);
    const impostor = await new CompactSign(payload).setProtectedHeader({ alg: "EdDSA", kid: JSON.parse(Buffer.from(jws.split(".")[0], "base64url").toString()).kid, typ: "vc+jwt" }).sign(privateKey);
    expect(await reasonsOf(impostor)).toEqual(["SIGNATURE_INVALID"]);
  });

  it("verifies offline with only the JWKS file, and refuses a tampered file (npm run verify -- --statement)", async () => {
    const { jws } = await aStatement(landscape.university.client, learner.id, landscape.university.organizationId);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "ronghe-statement-"));
    try {
      fs.writeFileSync(path.join(folder, "jwks.json"), JSON.stringify(await jwksOf(server)));
      fs.writeFileSync(path.join(folder, "good.jwt"), jws);
      fs.writeFileSync(path.join(folder, "bad.jwt"), altered(jws, 1));
      const cli = (file: string) =>
        run(process.execPath, ["--import", "@swc-node/register/esm-register", "src/cli/verify.ts", "--statement", path.join(folder, file), "--jwks", path.join(folder, "jwks.json")], { cwd: process.cwd() })
          .then(({ stdout }) => ({ code: 0, stdout }))
          .catch((error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }));
      const good = await cli("good.jwt");
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/^OK: statement urn:uuid:\S+ signed by key \S+, 1 entries anchored in checkpoint \d+; revocation NOT checked \(it needs the server: pass --url\)\n$/);
      const bad = await cli("bad.jwt");
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain("SIGNATURE_INVALID");
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("reports a transfer reversed after the statement was issued; offline verification cannot know", async () => {
    const other = await aConsentingLearner(server, landscape);
    const completion = await aCompletion(landscape, other, landscape.providerCourses[0]);
    const granted = (await transfer(landscape.university, aTransferInput(landscape, other, [completion]))).transfer!;
    const { jws } = await aStatement(landscape.university.client, other.id, landscape.university.organizationId);
    expect((await verify(jws)).valid).toBe(true);

    const { creditTransferReverse } = await ok(landscape.university.client, CreditTransferReverseDocument, {
      input: { idempotencyKey: aKey("reverse"), transferId: granted.id, reason: "录入错误" },
    });
    expect(creditTransferReverse.userErrors).toEqual([]);
    const verdict = await verify(jws);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toEqual([{ code: "TRANSFER_REVERSED", message: expect.stringMatching(/^Entry 0: the transfer was reversed at \S+ \(录入错误\)$/), entry: 0 }]);
    expect((await verifyStatement(jws, await jwksOf(server))).valid).toBe(true);
    // A statement issued now no longer states the reversed transfer.
    expect(entriesOf((await aStatement(landscape.university.client, other.id, landscape.university.organizationId)).payload)).toEqual([]);
  });
});

describe("signingKeyRotate", () => {
  it("signs new checkpoints and statements with the new key at once, and keeps verifying what the retired key signed", async () => {
    const before = await aStatement(landscape.university.client, learner.id, landscape.university.organizationId);
    const rotateKey = aKey("rotate");
    const { signingKeyRotate } = await ok(admin, SigningKeyRotateDocument, { input: { idempotencyKey: rotateKey } });
    expect(signingKeyRotate).toMatchObject({ replayed: false, userErrors: [], signingKey: { algorithm: "EdDSA", retiredAt: null } });
    const newKey = signingKeyRotate.signingKey!.keyId;
    expect(newKey).not.toBe(before.keyId);

    const jwks = await jwksOf(server);
    expect(jwks.keys.map((key) => [key.kid, typeof key["ronghe:retiredAt"]])).toEqual([
      [before.keyId, "string"],
      [newKey, "undefined"],
    ]);
    const { signingKeys } = await ok(server.client(), SigningKeysDocument);
    expect(signingKeys.map((key) => [key.keyId, key.retiredAt === null])).toEqual([
      [before.keyId, false],
      [newKey, true],
    ]);

    expect(await verify(before.jws)).toMatchObject({ valid: true, reasons: [], keyId: before.keyId });
    await anAchievement(landscape.provider, learner.id, landscape.providerCourses[1], { completedOn: "2026-03-02" });
    const sealed = (await ok(admin, LedgerSealDocument)).ledgerSeal.checkpoint!;
    expect(sealed.keyId).toBe(newKey);
    const after = await aStatement(landscape.university.client, learner.id, landscape.university.organizationId);
    expect(after.keyId).toBe(newKey);
    expect((await verify(after.jws)).valid).toBe(true);

    const checkpoints = (await ok(server.client(), StatementCheckpointsDocument)).ledgerCheckpoints.nodes;
    expect(new Set(checkpoints.map((checkpoint) => checkpoint.keyId))).toEqual(new Set([before.keyId, newKey]));
    for (const checkpoint of checkpoints) expect((await verifyCheckpoint(checkpoint.jws, jwks)).treeSize).toBe(checkpoint.treeSize);

    const replay = await ok(admin, SigningKeyRotateDocument, { input: { idempotencyKey: rotateKey } });
    expect(replay.signingKeyRotate).toEqual({ ...signingKeyRotate, replayed: true });
    expect((await jwksOf(server)).keys).toHaveLength(2);
    expect(errorCodes(await execute(landscape.university.client, SigningKeyRotateDocument, { input: { idempotencyKey: aKey("rotate") } }))).toEqual(["FORBIDDEN"]);
  });
});
