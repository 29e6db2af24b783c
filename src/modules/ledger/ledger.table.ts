import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The journal. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE
 * (drizzle/0002_ledger_guards.sql). `canonical` is exactly the text that
 * `content_hash` hashes and the Merkle leaf commits to.
 */
export const ledgerEntries = pgTable(
  "ledger_entry",
  {
    sequence: bigserial("sequence", { mode: "number" }).primaryKey(),
    id: uuid("id").notNull().unique(),
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
    /** The writing transaction's id: lets the sealer know which entries can no longer appear late. */
    transactionId: bigint("transaction_id", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (table) => [
    index("ledger_entry_transaction_idx").on(table.transactionId),
    index("ledger_entry_learner_idx").on(table.learnerId, table.sequence),
    index("ledger_entry_organizations_idx").using("gin", table.organizationIds),
    index("ledger_entry_kind_idx").on(table.kind, table.sequence),
  ],
);

/** Double-entry postings of an entry; per unit they sum to zero. */
export const ledgerPostings = pgTable(
  "ledger_posting",
  {
    entrySequence: bigint("entry_sequence", { mode: "number" })
      .notNull()
      .references(() => ledgerEntries.sequence),
    position: integer("position").notNull(),
    account: text("account").notNull(),
    unit: text("unit").notNull(),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    learnerId: uuid("learner_id"),
  },
  (table) => [primaryKey({ columns: [table.entrySequence, table.position] }), index("ledger_posting_account_idx").on(table.account, table.unit)],
);

/** Leaves of the RFC 6962 Merkle log, in the order the sealer appended them. */
export const merkleLeaves = pgTable(
  "merkle_leaf",
  {
    leafIndex: bigint("leaf_index", { mode: "number" }).primaryKey(),
    entrySequence: bigint("entry_sequence", { mode: "number" })
      .notNull()
      .unique()
      .references(() => ledgerEntries.sequence),
    leafHash: text("leaf_hash").notNull(),
  },
);

/** Signed tree heads. `frontier` holds the perfect-subtree roots needed to extend the tree. */
export const ledgerCheckpoints = pgTable("ledger_checkpoint", {
  treeSize: bigint("tree_size", { mode: "number" }).primaryKey(),
  rootHash: text("root_hash").notNull(),
  issuedAt: timestamp("issued_at", { withTimezone: true, mode: "string" }).notNull(),
  keyId: text("key_id").notNull(),
  jws: text("jws").notNull(),
  frontier: jsonb("frontier").$type<string[]>().notNull(),
  /** Every entry written by a transaction older than this is sealed at or before this checkpoint. */
  transactionWatermark: bigint("transaction_watermark", { mode: "number" }).notNull(),
});

/** Public halves of every signing key ever used, so old checkpoints and statements stay verifiable. */
export const signingKeys = pgTable("signing_key", {
  keyId: text("key_id").primaryKey(),
  algorithm: text("algorithm").notNull(),
  publicJwk: jsonb("public_jwk").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
});
