import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, compactVerify, type JWK } from "jose";
import { sql } from "drizzle-orm";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aProviderInput, aUniversityInput } from "../support/factories.js";
import {
  LedgerCheckpointDocument,
  LedgerConsistencyProofDocument,
  LedgerEntriesDocument,
  LedgerInclusionProofDocument,
  LedgerSealDocument,
  LedgerUnitTotalsDocument,
  OrganizationCreateDocument,
} from "../generated/operations.js";
import { fromHex, leafHash, verifyConsistency, verifyInclusion } from "../../src/modules/ledger/merkle.js";
import { sha256Hex } from "../../src/modules/ledger/canonical-json.js";
import { appendEntry, account } from "../../src/modules/ledger/journal.js";
import { evidenceFromApi } from "../../src/modules/ledger/evidence.js";
import { verifyLedger } from "../../src/modules/ledger/verifier.js";
import type { Actor } from "../../src/auth/viewer.js";

let server: TestServer;
let admin: ReturnType<TestServer["client"]>;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer({ SEALER_INTERVAL_MS: "0" });
  adminToken = await server.token({ role: "admin", sub: "ledger-admin" });
  admin = server.client(adminToken);
});
afterAll(() => server?.stop());

const systemActor: Actor = { subject: "test", role: "admin", organizationId: null };

async function registerOrganization(input: ReturnType<typeof aUniversityInput> | ReturnType<typeof aProviderInput> = aUniversityInput()) {
  return (await ok(admin, OrganizationCreateDocument, { input })).organizationCreate.organization!;
}

async function entriesOfOrganization(organizationId: string) {
  return (await ok(admin, LedgerEntriesDocument, { filter: { organizationId }, first: 100 })).ledgerEntries.nodes;
}

describe("journal", () => {
  it("records an organization registration as an entry whose content hash is the SHA-256 of its canonical text", async () => {
    const organization = await registerOrganization();
    const [entry] = await entriesOfOrganization(organization.id);
    expect(entry).toMatchObject({
      kind: "ORGANIZATION_REGISTERED",
      actor: { subject: "ledger-admin", role: "admin", organizationId: null },
      organizationIds: [organization.id],
      learnerId: null,
      postings: [],
      leafIndex: null,
    });
    expect(entry.contentHash).toBe(sha256Hex(entry.canonical));
    expect(JSON.parse(entry.canonical)).toMatchObject({ kind: "ORGANIZATION_REGISTERED", sequence: entry.sequence, body: { code: organization.code } });
  });

  it("writes no entry when the mutation is refused", async () => {
    const input = aUniversityInput();
    await registerOrganization(input);
    const before = (await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount;
    await ok(admin, OrganizationCreateDocument, { input });
    expect((await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount).toBe(before);
  });

  it("refuses to update, delete or truncate journal rows at the database level", async () => {
    await registerOrganization();
    await server.database.write((tx) =>
      appendEntry(tx, {
        kind: "ACHIEVEMENT_RECORDED",
        actor: systemActor,
        organizationIds: [],
        body: {},
        postings: [
          { account: "a", unit: "CREDIT", amount: 1n },
          { account: "b", unit: "CREDIT", amount: -1n },
        ],
      }),
    );
    await ok(admin, LedgerSealDocument);
    const statements = [
      sql`update ledger_entry set kind = 'X'`,
      sql`delete from ledger_entry`,
      sql`truncate ledger_entry cascade`,
      sql`update ledger_posting set amount = 0`,
      sql`delete from ledger_checkpoint`,
    ];
    for (const statement of statements) {
      const error = await server.database.db.execute(statement).then(() => null, (failure: Error & { cause?: Error }) => failure.cause ?? failure);
      expect(error?.message).toMatch(/^ledger table \w+ is append-only: (UPDATE|DELETE|TRUNCATE) refused$/);
    }
  });

  it("appends balanced postings and refuses unbalanced ones, writing nothing", async () => {
    const organization = await registerOrganization(aProviderInput());
    const organizationId = Buffer.from(organization.id, "base64url").toString().split(":")[1];
    const learnerAccount = account.learnerAt("00000000-0000-7000-8000-000000000001", "00000000-0000-7000-8000-000000000002");
    await server.database.write((tx) =>
      appendEntry(tx, {
        kind: "ACHIEVEMENT_RECORDED",
        actor: systemActor,
        organizationIds: [organizationId],
        body: { test: true },
        postings: [
          { account: learnerAccount, unit: "HOUR", amount: 3200n },
          { account: account.issuance("00000000-0000-7000-8000-000000000002"), unit: "HOUR", amount: -3200n },
        ],
      }),
    );
    const before = (await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount;
    await expect(
      server.database.write((tx) =>
        appendEntry(tx, { kind: "ACHIEVEMENT_RECORDED", actor: systemActor, organizationIds: [], body: {}, postings: [{ account: learnerAccount, unit: "HOUR", amount: 100n }] }),
      ),
    ).rejects.toThrow("Postings in HOUR do not balance: they sum to 100 hundredths");
    expect((await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount).toBe(before);
    expect((await ok(server.client(), LedgerUnitTotalsDocument)).ledgerUnitTotals).toEqual([
      { unit: "CREDIT", total: "0.00" },
      { unit: "HOUR", total: "0.00" },
    ]);
  });
});

describe("ledgerEntries scoping", () => {
  it("needs a token, and shows an organization only the entries it is party to", async () => {
    expect(errorCodes(await execute(server.client(), LedgerEntriesDocument, {}))).toEqual(["UNAUTHENTICATED"]);
    const mine = await registerOrganization();
    await registerOrganization();
    const registrar = server.client(await server.token({ role: "registrar", org: mine.id }));
    const { ledgerEntries } = await ok(registrar, LedgerEntriesDocument, { first: 100 });
    expect(ledgerEntries.nodes.length).toBeGreaterThan(0);
    expect(ledgerEntries.nodes.every((entry) => entry.organizationIds.includes(mine.id))).toBe(true);
  });

  it("shows a learner none of the organizations' entries", async () => {
    await registerOrganization();
    const learnerId = Buffer.from("Learner:00000000-0000-7000-8000-00000000abcd").toString("base64url");
    const learner = server.client(await server.token({ role: "learner", sub: learnerId }));
    expect((await ok(learner, LedgerEntriesDocument, {})).ledgerEntries.totalCount).toBe(0);
  });
});

describe("Merkle log", () => {
  it("seals entries into signed checkpoints whose proofs verify with only the JWKS", async () => {
    const first = await registerOrganization();
    const firstCheckpoint = (await ok(admin, LedgerSealDocument)).ledgerSeal.checkpoint!;
    await registerOrganization();
    await registerOrganization();
    const latest = (await ok(admin, LedgerSealDocument)).ledgerSeal.checkpoint!;
    expect(latest.treeSize).toBeGreaterThan(firstCheckpoint.treeSize);
    expect((await ok(server.client(), LedgerCheckpointDocument)).ledgerCheckpoint).toEqual(latest);

    // From here on, only public data and the JWKS: what an outside auditor has.
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    const { payload, protectedHeader } = await compactVerify(latest.jws, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", kid: latest.keyId });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ log: "ronghe", treeSize: latest.treeSize, rootHash: latest.rootHash, issuedAt: latest.issuedAt });

    const [entry] = await entriesOfOrganization(first.id);
    const proof = (await ok(server.client(), LedgerInclusionProofDocument, { entryId: entry.id, treeSize: latest.treeSize })).ledgerInclusionProof;
    const leaf = leafHash(new TextEncoder().encode(entry.canonical));
    expect(verifyInclusion(leaf, proof.leafIndex, latest.treeSize, proof.auditPath.map(fromHex), fromHex(latest.rootHash))).toBe(true);
    expect(verifyInclusion(leaf, proof.leafIndex + 1, latest.treeSize, proof.auditPath.map(fromHex), fromHex(latest.rootHash))).toBe(false);

    const consistency = (await ok(server.client(), LedgerConsistencyProofDocument, { fromSize: firstCheckpoint.treeSize, toSize: latest.treeSize })).ledgerConsistencyProof;
    expect(consistency).toMatchObject({ fromRoot: firstCheckpoint.rootHash, toRoot: latest.rootHash });
    expect(verifyConsistency(firstCheckpoint.treeSize, latest.treeSize, fromHex(firstCheckpoint.rootHash), fromHex(latest.rootHash), consistency.auditPath.map(fromHex))).toBe(true);
  });

  it("refuses proofs for trees larger than the latest checkpoint, and for unsealed entries", async () => {
    await ok(admin, LedgerSealDocument);
    const size = (await ok(server.client(), LedgerCheckpointDocument)).ledgerCheckpoint!.treeSize;
    expect(errorCodes(await execute(server.client(), LedgerConsistencyProofDocument, { fromSize: 1, toSize: size + 1 }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await execute(server.client(), LedgerConsistencyProofDocument, { fromSize: 0, toSize: size }))).toEqual(["BAD_USER_INPUT"]);
    const unsealed = await registerOrganization();
    const [entry] = await entriesOfOrganization(unsealed.id);
    expect(errorCodes(await execute(server.client(), LedgerInclusionProofDocument, { entryId: entry.id }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("passes the verifier over the API, both as a hash-only audit and with an admin re-hashing every entry", async () => {
    await registerOrganization();
    await ok(admin, LedgerSealDocument);
    const audit = await verifyLedger(await evidenceFromApi(server.url, null));
    expect(audit).toMatchObject({ ok: true, firstBadIndex: null, problems: [] });
    const full = await verifyLedger(await evidenceFromApi(server.url, adminToken));
    expect(full).toMatchObject({ ok: true, firstBadIndex: null, problems: [] });
    expect(full.leavesChecked).toBe((await ok(server.client(), LedgerCheckpointDocument)).ledgerCheckpoint!.treeSize);
  });
});
