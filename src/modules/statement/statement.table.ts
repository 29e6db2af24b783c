import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";
import { learners } from "../learner/learner.table.js";

/**
 * Every credit statement issued, exactly as signed, so a retried issue returns
 * the same statement and a transcript export can hand out the latest one.
 * Distributed by `learner_id` on Citus, so every key starts with it.
 * `ledger_entry_id` names the CREDIT_STATEMENT_ISSUED entry.
 */
export const creditStatements = pgTable(
  "credit_statement",
  {
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => learners.id),
    id: uuid("id").notNull(),
    /** The issuer: the organization whose record the statement states. */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    keyId: text("key_id").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true, mode: "date" }).notNull(),
    jws: text("jws").notNull(),
    ledgerEntryId: uuid("ledger_entry_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.learnerId, table.id] }), index("credit_statement_learner_organization_idx").on(table.learnerId, table.organizationId, table.issuedAt)],
);

export type CreditStatementRow = typeof creditStatements.$inferSelect;
