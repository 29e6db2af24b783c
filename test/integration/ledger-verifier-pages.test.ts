import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, ok, type TestServer } from "../support/server.js";
import { LedgerSealDocument } from "../generated/operations.js";
import { statementCounter } from "../../src/db/database.js";
import { appendEntry } from "../../src/modules/ledger/journal.js";
import { DATABASE_LEAF_PAGE, evidenceFromDatabase } from "../../src/modules/ledger/evidence.js";
import { verifyLedger, type LeafEvidence } from "../../src/modules/ledger/verifier.js";
import type { Actor } from "../../src/auth/viewer.js";

// Three sealed batches of 4, 3 and 4 entries read 3 leaves per query: pages
// [0-2] [3-5] [6-8] [9-10] cut through the batches [0-3] [4-6] [7-10].
const BATCH_SIZES = [4, 3, 4];
const LEAVES = 11;
const PAGE = 3;
const PAGES = Math.ceil(LEAVES / PAGE);
const PAGE_SIZES = [1, PAGE, DATABASE_LEAF_PAGE];
const systemActor: Actor = { subject: "test", role: "admin", organizationId: null };

let server: TestServer | undefined;
afterEach(() => server?.stop());

/** A ledger of BATCH_SIZES sealed batches of balanced HOUR transfers, so every entry has postings. */
async function aSealedLedger(): Promise<TestServer> {
  server = await startTestServer({ SEALER_INTERVAL_MS: "0" });
  const admin = server.client(await server.token({ role: "admin" }));
  for (const [batch, size] of BATCH_SIZES.entries()) {
    for (let position = 0; position < size; position += 1) {
      const amount = BigInt(100 * (batch + 1) + position);
      const postings = [
        { account: "learner:a@organization:p", unit: "HOUR" as const, amount },
        { account: "organization:p:issuance", unit: "HOUR" as const, amount: -amount },
      ];
      await server.database.write((tx) => appendEntry(tx, { kind: "CREDIT_TRANSFERRED", actor: systemActor, organizationIds: [], body: { batch, position }, postings }));
    }
    await ok(admin, LedgerSealDocument);
  }
  return server;
}

/** Runs `statements` in one transaction with the append-only triggers off, as a superuser could. */
async function tamper(ledger: TestServer, ...statements: string[]) {
  await ledger.database.write(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
}

const reportWithPages = async (ledger: TestServer, pageSize: number) => verifyLedger(await evidenceFromDatabase(ledger.database, pageSize));

async function leavesWithPages(ledger: TestServer, pageSize: number): Promise<LeafEvidence[]> {
  const leaves: LeafEvidence[] = [];
  for await (const leaf of (await evidenceFromDatabase(ledger.database, pageSize)).leaves) leaves.push(leaf);
  return leaves;
}

const leafEntry = (index: number) => `(select entry_sequence from merkle_leaf where leaf_index = ${index})`;

describe("ledger verifier reading the database in pages", () => {
  it(`reads ${LEAVES} leaves in ${PAGES} pages of ${PAGE} and reports what one page holding the whole log reports`, async () => {
    const ledger = await aSealedLedger();
    const counter = { statements: 0 };
    const report = await statementCounter.run(counter, () => reportWithPages(ledger, PAGE));
    expect(report).toEqual({ ok: true, leavesChecked: LEAVES, checkpointsChecked: BATCH_SIZES.length, firstBadIndex: null, problems: [] });
    // Checkpoints and keys, then per page its leaves with their entries and those entries' postings.
    expect(counter.statements).toBe(2 + 2 * PAGES);
    for (const pageSize of PAGE_SIZES) expect(await reportWithPages(ledger, pageSize)).toEqual(report);

    const leaves = await leavesWithPages(ledger, PAGE);
    expect(leaves.map((leaf) => leaf.leafIndex)).toEqual([...Array(LEAVES).keys()]);
    expect(leaves.every((leaf) => leaf.entry?.postings.length === 2)).toBe(true);
    expect(leaves).toEqual(await leavesWithPages(ledger, DATABASE_LEAF_PAGE));
  });

  const edits: [string, string, number][] = [
    ["an entry body edited in the last page", `update ledger_entry set body = jsonb_set(body, '{position}', '9') where sequence = ${leafEntry(9)}`, 9],
    ["a posting edited in the third page", `update ledger_posting set amount = amount + 1 where entry_sequence = ${leafEntry(7)}`, 7],
  ];
  for (const [description, edit, leaf] of edits) {
    it(`reports ${description} at leaf ${leaf}, whatever the page size`, async () => {
      const ledger = await aSealedLedger();
      await tamper(ledger, edit);
      const [{ sequence }] = await ledger.database.rows<{ sequence: number }>(sql.raw(`select ${leafEntry(leaf)}::int as sequence`));
      const expected = {
        ok: false,
        leavesChecked: LEAVES,
        checkpointsChecked: BATCH_SIZES.length,
        firstBadIndex: leaf,
        problems: [`leaf ${leaf}: entry ${sequence}'s fields no longer match its canonical text`],
      };
      for (const pageSize of PAGE_SIZES) expect(await reportWithPages(ledger, pageSize)).toEqual(expected);
    });
  }

  it("reports leaves swapped across a page boundary inside a batch, whatever the page size", async () => {
    const ledger = await aSealedLedger();
    await tamper(
      ledger,
      "update merkle_leaf set leaf_index = -1 where leaf_index = 5",
      "update merkle_leaf set leaf_index = 5 where leaf_index = 6",
      "update merkle_leaf set leaf_index = 6 where leaf_index = -1",
    );
    const expected = {
      ok: false,
      leavesChecked: LEAVES,
      checkpointsChecked: BATCH_SIZES.length,
      firstBadIndex: 5,
      problems: ["leaf 5: out of the order the sealer appended it in", "checkpoint 7: the leaves do not hash to its signed root", "checkpoint 11: the leaves do not hash to its signed root"],
    };
    for (const pageSize of PAGE_SIZES) expect(await reportWithPages(ledger, pageSize)).toEqual(expected);
  });
});
