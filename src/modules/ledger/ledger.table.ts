import { sql } from "drizzle-orm";
import { bigint, bigserial, check, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The stream of entries that are about no learner (organizations,
 * agreements). Every other entry's stream is its learner: the journal is
 * distributed by learner (README "Beyond one machine"), and a distribution
 * column cannot be null.
 */
export const PLATFORM_STREAM_ID = "00000000-0000-0000-0000-000000000000";

/** The stream an entry or posting belongs to, enforced by a CHECK so it can never disagree with `learner_id`. */
export const streamOf = (learnerId: string | null | undefined): string => learnerId ?? PLATFORM_STREAM_ID;
const streamMatchesLearner = (table: { streamId: unknown; learnerId: unknown }) =>
  sql`${table.streamId} = coalesce(${table.learnerId}, ${sql.raw(`'${PLATFORM_STREAM_ID}'::uuid`)})`;

/**
 * The journal. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE
 * (drizzle/0002_ledger_guards.sql). `canonical` is exactly the text that
 * `content_hash` hashes and the Merkle leaf commits to.
 */
export const ledgerEntries = pgTable(
  "ledger_entry",
  {
    /** The distribution column: the learner's ID, or PLATFORM_STREAM_ID. */
    streamId: uuid("stream_id").notNull(),
    /** Drawn from one sequence: unique by construction, not by a key (a distributed table cannot enforce it). */
    sequence: bigserial("sequence", { mode: "number" }).notNull(),
    id: uuid("id").notNull(),
    kind: text("kind").notNull(),
    actorSubject: text("actor_subject").notNull(),
    actorRole: text("actor_role").notNull(),
    actorOrganizationId: uuid("actor_organization_id"),
    /** Organizations party to the entry: they may read it. */
    organizationIds: uuid("organization_ids").array().notNull(),
    learnerId: uuid("learner_id"),
    body: jsonb("body").notNull(),
    canonical: text("canonical").notNull(),
    contentHash: text("content_hash").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "string" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.streamId, table.sequence] }),
    check("ledger_entry_stream_check", streamMatchesLearner(table)),
    index("ledger_entry_id_idx").on(table.id),
    // Journal order (listing pages, joins from Merkle leaves) across streams.
    index("ledger_entry_sequence_idx").on(table.sequence),
    index("ledger_entry_organizations_idx").using("gin", table.organizationIds),
    index("ledger_entry_kind_idx").on(table.kind, table.sequence),
  ],
);

/** Double-entry postings of an entry; per unit they sum to zero. */
export const ledgerPostings = pgTable(
  "ledger_posting",
  {
    streamId: uuid("stream_id").notNull(),
    entrySequence: bigint("entry_sequence", { mode: "number" }).notNull(),
    position: integer("position").notNull(),
    account: text("account").notNull(),
    unit: text("unit").notNull(),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    learnerId: uuid("learner_id"),
  },
  (table) => [
    primaryKey({ columns: [table.streamId, table.entrySequence, table.position] }),
    foreignKey({ name: "ledger_posting_entry_fk", columns: [table.streamId, table.entrySequence], foreignColumns: [ledgerEntries.streamId, ledgerEntries.sequence] }),
    check("ledger_posting_stream_check", streamMatchesLearner(table)),
    index("ledger_posting_account_idx").on(table.account, table.unit),
  ],
);

/**
 * Entries committed and not yet in the Merkle log: written in the entry's own
 * statement, removed by the sealer in the transaction that appends their
 * leaves. A queue rather than a scan of the journal, so sealing needs no
 * transaction IDs or snapshots (which are per node on distributed PostgreSQL)
 * and an entry committed late is simply sealed in a later run.
 */
export const unsealedEntries = pgTable(
  "ledger_unsealed",
  {
    streamId: uuid("stream_id").notNull(),
    entrySequence: bigint("entry_sequence", { mode: "number" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.streamId, table.entrySequence] }),
    foreignKey({ name: "ledger_unsealed_entry_fk", columns: [table.streamId, table.entrySequence], foreignColumns: [ledgerEntries.streamId, ledgerEntries.sequence] }),
    index("ledger_unsealed_sequence_idx").on(table.entrySequence),
  ],
);

/**
 * Leaves of the RFC 6962 Merkle log, in the order the sealer appended them.
 * One ordered log, local to the coordinator: no foreign key to the
 * distributed journal (the verifier checks every leaf against its entry).
 */
export const merkleLeaves = pgTable("merkle_leaf", {
  leafIndex: bigint("leaf_index", { mode: "number" }).primaryKey(),
  entrySequence: bigint("entry_sequence", { mode: "number" }).notNull().unique(),
  leafHash: text("leaf_hash").notNull(),
});

/** Signed tree heads. `frontier` holds the perfect-subtree roots needed to extend the tree. */
export const ledgerCheckpoints = pgTable("ledger_checkpoint", {
  treeSize: bigint("tree_size", { mode: "number" }).primaryKey(),
  rootHash: text("root_hash").notNull(),
  issuedAt: timestamp("issued_at", { withTimezone: true, mode: "string" }).notNull(),
  keyId: text("key_id").notNull(),
  jws: text("jws").notNull(),
  frontier: jsonb("frontier").$type<string[]>().notNull(),
});

/** Public halves of every signing key ever used, so old checkpoints and statements stay verifiable. */
export const signingKeys = pgTable("signing_key", {
  keyId: text("key_id").primaryKey(),
  algorithm: text("algorithm").notNull(),
  publicJwk: jsonb("public_jwk").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
});
