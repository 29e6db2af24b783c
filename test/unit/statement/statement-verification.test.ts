import "reflect-metadata";
import { beforeAll, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { canonicalJson, sha256Hex } from "../../../src/modules/ledger/canonical-json.js";
import { signCheckpoint } from "../../../src/modules/ledger/checkpoint.js";
import { inclusionProof, leafHash, rootHash, toHex } from "../../../src/modules/ledger/merkle.js";
import type { SigningKey } from "../../../src/modules/ledger/signing-keys.js";
import { buildStatementPayload, signStatement, type LedgerAnchor, type StatementPayload } from "../../../src/modules/statement/credit-statement.js";
import { verifyStatement } from "../../../src/modules/statement/statement-verification.js";
import type { TranscriptFacts } from "../../../src/modules/statement/transcript-facts.js";

const LEARNER = "0190f000-0000-7000-8000-000000000001";
const PROVIDER = "0190f000-0000-7000-8000-000000000002";
const ACHIEVEMENT = "0190f000-0000-7000-8000-000000000003";
const COURSE = "0190f000-0000-7000-8000-000000000004";
const ENTRY = "0190f000-0000-7000-8000-000000000005";
const ISSUED_AT = new Date("2026-05-01T08:00:00Z");

interface TestKey {
  key: SigningKey;
  publicJwk: JWK;
}

async function aKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  return { key: { kid, privateKey }, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" } };
}

/** The journal text of an ACHIEVEMENT_RECORDED entry, as the ledger writes it. */
function entryText(achievementId = ACHIEVEMENT, learnerId = LEARNER): string {
  return canonicalJson({ sequence: 7, id: ENTRY, kind: "ACHIEVEMENT_RECORDED", learnerId, body: { achievementId, learnerId, credits: "2.00" } });
}

/** A log of five leaves whose third is the entry, and its signed checkpoint. */
async function anchoredEntry(signer: SigningKey, canonical = entryText()) {
  const leaves = ["a", "b", canonical, "d", "e"].map((text) => new TextEncoder().encode(text));
  const root = toHex(rootHash(leaves));
  const checkpoint = { treeSize: 5, rootHash: root, jws: await signCheckpoint({ log: "ronghe", treeSize: 5, rootHash: root, issuedAt: ISSUED_AT.toISOString() }, signer) };
  const anchor: LedgerAnchor = {
    entryId: "TGVkZ2VyRW50cnk6MDE5MGYwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDA1",
    kind: "ACHIEVEMENT_RECORDED",
    canonical,
    contentHash: sha256Hex(canonical),
    leafIndex: 2,
    leafHash: toHex(leafHash(leaves[2])),
    checkpoint: { treeSize: 5, rootHash: root },
    auditPath: inclusionProof(2, leaves).map(toHex),
  };
  return { anchor, checkpoint };
}

function transcript(): TranscriptFacts {
  const organization = { id: PROVIDER, kind: "TRAINING_PROVIDER" as const, name: "测试科技有限公司", nameEn: null, code: "91440300MA5F00000X", region: null, website: null, createdAt: ISSUED_AT, updatedAt: ISSUED_AT };
  return {
    learner: { id: LEARNER, organizationId: PROVIDER, externalRef: "S1", displayName: "学员", personId: LEARNER, createdAt: ISSUED_AT },
    organization,
    completions: [
      {
        achievement: {
          id: ACHIEVEMENT, learnerId: LEARNER, organizationId: PROVIDER, courseId: COURSE, courseVersion: 1, grade: "85", normalizedGrade: "85.00", completedOn: "2026-03-01",
          lectureHours: "16.00", practiceHours: "32.00", credits: "2.00", ledgerEntryId: ENTRY, recordedAt: ISSUED_AT,
        },
        course: {
          id: COURSE, version: 1, code: "IM-101", title: "智能制造技术基础", titleEn: null, description: null, lectureHours: "16.00", practiceHours: "32.00", credits: "2.00",
          level: "PROFESSIONAL_TRAINING", field: "INTELLIGENT_MANUFACTURING", learningOutcomes: [], language: "zh", validFrom: null, validTo: null,
        },
      },
    ],
    recognitions: [],
  };
}

async function aStatement(signer: TestKey, options: { payload?: (payload: StatementPayload) => void; checkpointSigner?: SigningKey } = {}) {
  const { anchor, checkpoint } = await anchoredEntry(options.checkpointSigner ?? signer.key);
  const payload = buildStatementPayload({ statementId: "0190f000-0000-7000-8000-0000000000aa", issuedAt: ISSUED_AT, transcript: transcript(), anchors: new Map([[ENTRY, anchor]]), checkpoint });
  options.payload?.(payload);
  return { jws: await signStatement(payload, signer.key), payload };
}

const codes = (result: { reasons: { code: string }[] }) => result.reasons.map((reason) => reason.code);

/** Flips one character of part `index` (0 header, 1 payload, 2 signature) of a compact JWS. */
function altered(jws: string, index: number): string {
  const parts = jws.split(".");
  const part = parts[index];
  const position = Math.floor(part.length / 2);
  parts[index] = part.slice(0, position) + (part[position] === "A" ? "B" : "A") + part.slice(position + 1);
  return parts.join(".");
}

describe("verifyStatement", () => {
  let signer: TestKey;
  let jwks: { keys: JWK[] };

  beforeAll(async () => {
    signer = await aKey("key-1");
    jwks = { keys: [signer.publicJwk] };
  });

  it("accepts a statement signed by a key of the JWKS whose entries lead to the signed checkpoint", async () => {
    const { jws, payload } = await aStatement(signer);
    const result = await verifyStatement(jws, jwks);
    expect(result).toEqual({ valid: true, reasons: [], payload, keyId: "key-1" });
    expect(payload.credentialSubject.verifiableCredential[0].credentialSubject).toMatchObject({
      id: payload.sub,
      type: ["AchievementSubject"],
      achievement: { type: ["Achievement"], achievementType: "Course", humanCode: "IM-101", name: "智能制造技术基础" },
      creditsEarned: 2,
      result: [{ type: ["Result"], value: "85", status: "Completed" }],
    });
  });

  it("reports an altered header, payload or signature", async () => {
    const { jws } = await aStatement(signer);
    for (const part of [0, 1, 2]) {
      const result = await verifyStatement(altered(jws, part), jwks);
      expect(result.valid, `part ${part}`).toBe(false);
      expect(codes(result).some((code) => ["SIGNATURE_INVALID", "MALFORMED", "UNKNOWN_KEY"].includes(code)), `part ${part}: ${codes(result).join()}`).toBe(true);
    }
    expect(codes(await verifyStatement(altered(jws, 2), jwks))).toEqual(["SIGNATURE_INVALID"]);
  });

  it("refuses a key id the JWKS does not have, and another key using a known key id", async () => {
    const stranger = await aKey("key-9");
    expect(codes(await verifyStatement((await aStatement(stranger)).jws, jwks))).toEqual(["UNKNOWN_KEY", "CHECKPOINT_INVALID"]);
    const impostor = await aKey("key-1");
    expect(codes(await verifyStatement((await aStatement(impostor, { checkpointSigner: signer.key })).jws, jwks))).toEqual(["SIGNATURE_INVALID"]);
  });

  it("accepts a retired key for what it signed before its retirement, and nothing signed after", async () => {
    const { jws } = await aStatement(signer);
    const retired = (at: string) => ({ keys: [{ ...signer.publicJwk, "ronghe:retiredAt": at }] });
    expect((await verifyStatement(jws, retired("2026-06-01T00:00:00.000Z"))).valid).toBe(true);
    expect(codes(await verifyStatement(jws, retired("2026-04-01T00:00:00.000Z")))).toEqual(["KEY_RETIRED"]);
  });

  it("reports an audit path that does not lead to the root, even under a valid signature", async () => {
    const { jws } = await aStatement(signer, { payload: (payload) => payload.credentialSubject.verifiableCredential[0]["ronghe:ledger"].auditPath.reverse() });
    expect((await verifyStatement(jws, jwks)).reasons).toEqual([
      { code: "INCLUSION_PROOF_INVALID", message: "Entry 0: the audit path does not lead from leaf 2 to the root of tree 5", entry: 0 },
    ]);
  });

  it("reports a journal text that does not match its hashes or does not record the entry", async () => {
    const { jws } = await aStatement(signer, {
      payload: (payload) => {
        const anchor = payload.credentialSubject.verifiableCredential[0]["ronghe:ledger"];
        anchor.canonical = anchor.canonical.replace('"2.00"', '"9.00"');
      },
    });
    expect(codes(await verifyStatement(jws, jwks))).toEqual(["ENTRY_HASH_MISMATCH", "ENTRY_HASH_MISMATCH"]);

    const other = await anchoredEntry(signer.key, entryText("0190f000-0000-7000-8000-0000000000ff"));
    const { jws: misattributed } = await aStatement(signer, {
      payload: (payload) => {
        payload.credentialSubject.verifiableCredential[0]["ronghe:ledger"] = other.anchor;
        payload["ronghe:checkpoint"] = other.checkpoint;
      },
    });
    expect(codes(await verifyStatement(misattributed, jwks))).toEqual(["ENTRY_HASH_MISMATCH"]);
  });

  it("reports a checkpoint signed by a key outside the JWKS", async () => {
    const stranger = await aKey("key-9");
    expect(codes(await verifyStatement((await aStatement(signer, { checkpointSigner: stranger.key })).jws, jwks))).toEqual(["CHECKPOINT_INVALID"]);
  });

  it("refuses text that is not a compact JWS", async () => {
    expect(await verifyStatement("not a jws", jwks)).toEqual({ valid: false, reasons: [{ code: "MALFORMED", message: "Not a compact JWS (three base64url parts)", entry: null }], payload: null, keyId: null });
  });
});
