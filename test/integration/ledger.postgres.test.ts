import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import postgres from "postgres";
import { startTestServer, ok, type TestServer } from "../support/server.js";
import { aUniversityInput } from "../support/factories.js";
import { LedgerEntriesDocument, LedgerSealDocument, LedgerUnitTotalsDocument, OrganizationCreateDocument } from "../generated/operations.js";
import { appendEntry } from "../../src/modules/ledger/journal.js";
import { evidenceFromDatabase } from "../../src/modules/ledger/evidence.js";
import { verifyLedger, type LeafEvidence } from "../../src/modules/ledger/verifier.js";
import type { Actor } from "../../src/auth/viewer.js";
import type { Posting } from "../../src/modules/ledger/postings.js";

// Real concurrency, late commits and superuser tampering need PostgreSQL:
// *.postgres.test.ts files run only in the postgres project.
const systemActor: Actor = { subject: "test", role: "admin", organizationId: null };

/** Deterministic PRNG (mulberry32): a failing run reproduces from its printed seed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("ledger on PostgreSQL", () => {
  let server: TestServer;
  let admin: ReturnType<TestServer["client"]>;

  beforeAll(async () => {
    server = await startTestServer({ SEALER_INTERVAL_MS: "0" });
    admin = server.client(await server.token({ role: "admin", sub: "concurrency-admin" }));
  });
  afterAll(() => server?.stop());

  it("answers 50 concurrent identical requests with one organization, one journal entry and the same result", async () => {
    const input = { ...aUniversityInput(), idempotencyKey: "fifty-at-once" };
    const answers = await Promise.all(Array.from({ length: 50 }, () => ok(admin, OrganizationCreateDocument, { input })));
    const organizations = new Set(answers.map((answer) => JSON.stringify(answer.organizationCreate.organization)));
    expect(organizations.size).toBe(1);
    expect(answers.filter((answer) => !answer.organizationCreate.replayed)).toHaveLength(1);
    expect(answers.every((answer) => answer.organizationCreate.userErrors.length === 0)).toBe(true);
    const id = answers[0].organizationCreate.organization!.id;
    expect((await ok(admin, LedgerEntriesDocument, { filter: { organizationId: id } })).ledgerEntries.totalCount).toBe(1);
  });

  it("lets exactly one of 20 concurrent different requests with the same key succeed", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => ok(admin, OrganizationCreateDocument, { input: { ...aUniversityInput(), idempotencyKey: "contested" } })),
    );
    const codes = answers.map((answer) => answer.organizationCreate.userErrors.map((error) => error.code).join() || "OK").sort();
    expect(codes).toEqual(["OK", ...Array(19).fill("IDEMPOTENCY_KEY_REUSED")].sort());
  });

  it("seals an entry whose transaction commits after later entries, without skipping it", async () => {
    let inserted!: () => void;
    let release!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const late = server.database.write(async (tx) => {
      const entry = await appendEntry(tx, { kind: "ORGANIZATION_REGISTERED", actor: systemActor, organizationIds: [], body: { late: true } });
      inserted();
      await held;
      return entry;
    });
    await insertedSignal;
    for (let i = 0; i < 3; i += 1) await ok(admin, OrganizationCreateDocument, { input: aUniversityInput() });
    const before = (await ok(admin, LedgerSealDocument)).ledgerSeal.checkpoint!;
    release();
    const lateEntry = await late;
    const after = (await ok(admin, LedgerSealDocument)).ledgerSeal.checkpoint!;
    expect(after.treeSize).toBe(before.treeSize + 1);

    const evidence = await evidenceFromDatabase(server.database);
    let lastLeaf: LeafEvidence | undefined;
    for await (const leaf of evidence.leaves) lastLeaf = leaf;
    expect(lastLeaf!.entry!.sequence).toBe(lateEntry.sequence);
    const [{ unsealed }] = await server.database.rows<{ unsealed: number }>(
      (await import("drizzle-orm")).sql`select count(*)::int as unsealed from ledger_entry e where not exists (select 1 from merkle_leaf l where l.entry_sequence = e.sequence)`,
    );
    expect(unsealed).toBe(0);
    expect(await verifyLedger(evidence)).toMatchObject({ ok: true });
  });

  it("conserves every unit under a random concurrent workload, rejecting unbalanced appends whole", async () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 100000);
    const next = random(seed);
    const accounts = ["learner:a@organization:p", "learner:b@organization:p", "organization:p:issuance", "agreement:x:exchange"];
    const attempts = Array.from({ length: 120 }, (_, index) => {
      const unit = next() < 0.5 ? "HOUR" : "CREDIT";
      const amount = BigInt(1 + Math.floor(next() * 10_000));
      const [from, to] = [accounts[Math.floor(next() * 4)], accounts[Math.floor(next() * 4)]];
      const unbalanced = index % 10 === 0;
      const postings: Posting[] = [
        { account: to, unit, amount },
        { account: from, unit, amount: unbalanced ? -amount + 1n : -amount },
      ];
      return server.database
        .write((tx) => appendEntry(tx, { kind: "CREDIT_TRANSFERRED", actor: systemActor, organizationIds: [], body: { index, seed }, postings }))
        .then(() => "appended", () => "refused");
    });
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => outcome === "refused"), `seed ${seed}`).toHaveLength(12);
    const totals = (await ok(server.client(), LedgerUnitTotalsDocument)).ledgerUnitTotals;
    expect(totals.every((total) => total.total === "0.00"), `seed ${seed}: ${JSON.stringify(totals)}`).toBe(true);
    await ok(admin, LedgerSealDocument);
    expect(await verifyLedger(await evidenceFromDatabase(server.database))).toMatchObject({ ok: true });
  });
});

describe("ledger verifier against a tampering superuser", () => {
  const LEAVES = 6;

  /** A fresh ledger of LEAVES sealed entries, then `tamper` run as superuser with triggers disabled; `inspect` sees it before its database is dropped. */
  async function tamperedLedger<T>(tamper: string, inspect: (server: TestServer) => Promise<T>): Promise<T> {
    const server = await startTestServer({ SEALER_INTERVAL_MS: "0" });
    try {
      const admin = server.client(await server.token({ role: "admin" }));
      for (let i = 0; i < LEAVES; i += 1) await ok(admin, OrganizationCreateDocument, { input: aUniversityInput() });
      await ok(admin, LedgerSealDocument);
      expect(await verifyLedger(await evidenceFromDatabase(server.database))).toMatchObject({ ok: true });
      const superuser = postgres(server.config.databaseUrl!, { max: 1, onnotice: () => undefined });
      await superuser.begin(async (sql) => {
        // Superusers can switch triggers off: the Merkle log is what still catches them.
        await sql`set local session_replication_role = replica`;
        await sql.unsafe(tamper);
      });
      await superuser.end();
      return await inspect(server);
    } finally {
      await server.stop();
    }
  }
  const verifyDatabase = async (server: TestServer) => verifyLedger(await evidenceFromDatabase(server.database));

  const leafEntry = (index: number) => `(select entry_sequence from merkle_leaf where leaf_index = ${index})`;
  const cases: [string, string, number][] = [
    ["an edited body", `update ledger_entry set body = jsonb_set(body, '{name}', '"篡改"') where sequence = ${leafEntry(2)}`, 2],
    [
      "an entry rewritten with a matching content hash",
      `update ledger_entry set canonical = replace(canonical, '"name":"', '"name":"X'), body = jsonb_set(body, '{name}', to_jsonb('X' || (body->>'name'))) where sequence = ${leafEntry(3)};
       update ledger_entry set content_hash = encode(sha256(convert_to(canonical, 'UTF8')), 'hex') where sequence = ${leafEntry(3)}`,
      3,
    ],
    ["a deleted entry", `delete from ledger_entry where sequence = ${leafEntry(1)}`, 1],
    ["a deleted entry and leaf", `delete from merkle_leaf where leaf_index = 4; delete from ledger_entry where sequence not in (select entry_sequence from merkle_leaf)`, 4],
    [
      "two leaves swapped",
      `update merkle_leaf set leaf_index = -1 where leaf_index = 1; update merkle_leaf set leaf_index = 1 where leaf_index = 2; update merkle_leaf set leaf_index = 2 where leaf_index = -1`,
      1,
    ],
    ["a truncated tail", `delete from merkle_leaf where leaf_index >= ${LEAVES - 2}`, LEAVES - 2],
  ];

  for (const [description, tamper, firstBadIndex] of cases) {
    it(`reports ${description} at leaf ${firstBadIndex}`, async () => {
      const report = await tamperedLedger(tamper, verifyDatabase);
      expect({ ok: report.ok, firstBadIndex: report.firstBadIndex }).toEqual({ ok: false, firstBadIndex });
    });
  }

  it("prints the first bad index from `npm run verify -- --database` and exits 1", async () => {
    const failure = await tamperedLedger(`update ledger_entry set body = '{}' where sequence = ${leafEntry(2)}`, (server) =>
      promisify(execFile)("node", ["--import", "@swc-node/register/esm-register", "src/cli/verify.ts", "--database", server.config.databaseUrl!]).then(
        () => null,
        (error: { code: number; stdout: string }) => error,
      ),
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/^FAILED at leaf 2:/);
  });
});
