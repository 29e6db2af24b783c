import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { backend, createPostgresDatabase } from "../support/server.js";
import { openDatabase, type Database } from "../../src/db/database.js";
import { MIGRATIONS_FOLDER, migrateDatabase } from "../../src/db/migrate.js";
import { createLogger } from "../../src/http/logger.js";
import { account, canonicalEntry, normaliseOrganizationIds, type EntryDraft } from "../../src/modules/ledger/journal.js";
import { sha256Hex } from "../../src/modules/ledger/canonical-json.js";
import { formatAmount } from "../../src/modules/ledger/amount.js";
import { leafHash, toHex } from "../../src/modules/ledger/merkle.js";
import { appendLeaf, emptyFrontier, frontierRoot } from "../../src/modules/ledger/merkle-frontier.js";
import { signCheckpoint } from "../../src/modules/ledger/checkpoint.js";
import { KeyRing } from "../../src/modules/ledger/signing-keys.js";
import { Sealer } from "../../src/modules/ledger/sealer.js";
import { evidenceFromDatabase } from "../../src/modules/ledger/evidence.js";
import { verifyLedger } from "../../src/modules/ledger/verifier.js";
import { PLATFORM_STREAM_ID } from "../../src/modules/ledger/ledger.table.js";
import type { Actor } from "../../src/auth/viewer.js";

// drizzle/0003 moves a live journal to streams: keys that start with the
// learner, and a sealing queue instead of transaction-id watermarks. Run on a
// ledger written in the 0002 shape, two entries sealed and two not yet.
const LAST_MIGRATION_BEFORE_STREAMS = "0002_ledger_guards";
const actor: Actor = { subject: "registrar", role: "registrar", organizationId: "00000000-0000-7000-8000-0000000000aa" };
const learnerA = "00000000-0000-7000-8000-00000000000a";
const learnerB = "00000000-0000-7000-8000-00000000000b";
const hours = (learnerId: string, amount: bigint) => [
  { account: account.learnerAt(learnerId, actor.organizationId!), unit: "HOUR" as const, amount },
  { account: account.issuance(actor.organizationId!), unit: "HOUR" as const, amount: -amount },
];
const DRAFTS: EntryDraft[] = [
  { kind: "ORGANIZATION_REGISTERED", actor, organizationIds: [actor.organizationId!], body: { name: "学院" } },
  { kind: "ACHIEVEMENT_RECORDED", actor, organizationIds: [actor.organizationId!], learnerId: learnerA, body: { n: 1 }, postings: hours(learnerA, 3200n) },
  { kind: "ACHIEVEMENT_RECORDED", actor, organizationIds: [actor.organizationId!], learnerId: learnerB, body: { n: 2 }, postings: hours(learnerB, 1600n) },
  { kind: "AGREEMENT_PROPOSED", actor, organizationIds: [actor.organizationId!], body: { n: 3 } },
];
const SEALED_BEFORE = 2;

let database: Database;
let dropDatabase: () => Promise<void> = async () => undefined;

/** The migrations folder as it stood before drizzle/0003. */
function foldersUpTo(tag: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "ronghe-migrations-"));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag) + 1);
  fs.mkdirSync(path.join(folder, "meta"));
  fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

/** Writes DRAFTS as the 0002 journal did, and seals the first SEALED_BEFORE as its sealer did. */
async function writeOldLedger(keyRing: KeyRing): Promise<void> {
  const recordedAt = "2026-11-01T08:00:00.000Z";
  let frontier = emptyFrontier();
  for (const [index, draft] of DRAFTS.entries()) {
    const sequence = index + 1;
    const id = `00000000-0000-7000-8000-${String(sequence).padStart(12, "0")}`;
    const canonical = canonicalEntry({ ...draft, id, sequence, recordedAt });
    await database.db.execute(sql`
      insert into ledger_entry (sequence, id, kind, actor_subject, actor_role, actor_organization_id, organization_ids, learner_id, body, canonical, content_hash, recorded_at)
      values (${sequence}, ${id}, ${draft.kind}, ${actor.subject}, ${actor.role}, ${actor.organizationId}, ${`{${normaliseOrganizationIds(draft.organizationIds).join(",")}}`}::uuid[],
        ${draft.learnerId ?? null}, ${JSON.stringify(draft.body)}::jsonb, ${canonical}, ${sha256Hex(canonical)}, ${recordedAt})`);
    for (const [position, posting] of (draft.postings ?? []).entries()) {
      await database.db.execute(sql`
        insert into ledger_posting (entry_sequence, position, account, unit, amount, learner_id)
        values (${sequence}, ${position}, ${posting.account}, ${posting.unit}, ${formatAmount(posting.amount)}, ${draft.learnerId ?? null})`);
    }
    if (index >= SEALED_BEFORE) continue;
    const hash = leafHash(new TextEncoder().encode(canonical));
    await database.db.execute(sql`insert into merkle_leaf (leaf_index, entry_sequence, leaf_hash) values (${frontier.size}, ${sequence}, ${toHex(hash)})`);
    frontier = appendLeaf(frontier, hash);
  }
  const key = await keyRing.current();
  const statement = { log: "ronghe" as const, treeSize: frontier.size, rootHash: toHex(frontierRoot(frontier)), issuedAt: recordedAt };
  await database.db.execute(sql`
    insert into ledger_checkpoint (tree_size, root_hash, issued_at, key_id, jws, frontier, transaction_watermark)
    values (${statement.treeSize}, ${statement.rootHash}, ${statement.issuedAt}, ${key.kid}, ${await signCheckpoint(statement, key)},
      ${JSON.stringify(frontier.roots.map(toHex))}::jsonb, (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint)`);
  await database.db.execute(sql`select setval('ledger_entry_sequence_seq', ${DRAFTS.length})`);
}

beforeAll(async () => {
  const postgresDatabase = backend === "postgres" ? await createPostgresDatabase() : null;
  if (postgresDatabase) dropDatabase = postgresDatabase.drop;
  database = await openDatabase({ databaseUrl: postgresDatabase?.url ?? null, dataDir: "memory" }, createLogger("silent"));
  await migrateDatabase(database, foldersUpTo(LAST_MIGRATION_BEFORE_STREAMS));
  const keyRing = await KeyRing.open({ kind: "memory" });
  await keyRing.register(database);
  await writeOldLedger(keyRing);
  await migrateDatabase(database);
  await new Sealer(database, keyRing, createLogger("silent"), 0).sealNow();
});
afterAll(async () => {
  await database?.close();
  await dropDatabase();
});

describe("moving a live journal to streams (drizzle/0003)", () => {
  it("gives every entry and posting the stream of its learner, or the platform stream", async () => {
    const entries = await database.rows(sql`select sequence::int, stream_id as "streamId" from ledger_entry order by sequence`);
    const postings = await database.rows(sql`select distinct entry_sequence::int as sequence, stream_id as "streamId" from ledger_posting order by 1`);
    expect(entries).toEqual([
      { sequence: 1, streamId: PLATFORM_STREAM_ID },
      { sequence: 2, streamId: learnerA },
      { sequence: 3, streamId: learnerB },
      { sequence: 4, streamId: PLATFORM_STREAM_ID },
    ]);
    expect(postings).toEqual([
      { sequence: 2, streamId: learnerA },
      { sequence: 3, streamId: learnerB },
    ]);
  });

  it("seals the entries the old sealer had not reached, after those it had, and empties the queue", async () => {
    const leaves = await database.rows(sql`select leaf_index::int as "leafIndex", entry_sequence::int as sequence from merkle_leaf order by leaf_index`);
    expect(leaves).toEqual(DRAFTS.map((_, index) => ({ leafIndex: index, sequence: index + 1 })));
    expect(await database.rows(sql`select * from ledger_unsealed`)).toEqual([]);
  });

  it("leaves a log that verifies from its first checkpoint to its last", async () => {
    const report = await verifyLedger(await evidenceFromDatabase(database));
    expect(report).toEqual({ ok: true, leavesChecked: DRAFTS.length, checkpointsChecked: 2, firstBadIndex: null, problems: [] });
  });

  it("refuses a stream that disagrees with the entry's learner", async () => {
    const failure = await database.db
      .execute(sql`insert into ledger_entry (stream_id, sequence, id, kind, actor_subject, actor_role, organization_ids, learner_id, body, canonical, content_hash, recorded_at)
        values (${learnerB}, 99, gen_random_uuid(), 'ACHIEVEMENT_RECORDED', 's', 'admin', '{}', ${learnerA}, '{}', '{}', 'x', now())`)
      .then(() => null, (error: Error & { cause?: Error }) => error.cause ?? error);
    expect(failure?.message).toMatch(/ledger_entry_stream_check/);
  });
});
