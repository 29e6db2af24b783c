import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";
import { learners } from "../learner/learner.table.js";
import type { Reason, RuleOutcome } from "./rule-evaluation.js";

export type AppealStatus = "OPEN" | "UPHELD" | "GRANTED";

/**
 * A registrar's decision on recognising a learner's achievements at the
 * receiving organization, with everything that explains it: the rule, the
 * agreement version and its terms hash, the outcome and the reason codes.
 * DENIED decisions are kept too, so they can be appealed. Never deleted; a
 * reversal only stamps `reversed_at` (the journal holds the TRANSFER_REVERSED
 * fact). Distributed by `learner_id` on Citus, so every key starts with it.
 */
export const creditTransfers = pgTable(
  "credit_transfer",
  {
    id: uuid("id").notNull(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => learners.id),
    /** The receiving organization, whose registrar decided. */
    targetOrganizationId: uuid("target_organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The organizations that recorded the offered achievements: they may appeal. */
    sourceOrganizationIds: uuid("source_organization_ids").array().notNull(),
    /** Null when no rule applied (NO_ACTIVE_AGREEMENT without a rule). */
    ruleId: uuid("rule_id"),
    agreementId: uuid("agreement_id"),
    agreementVersion: integer("agreement_version"),
    termsHash: text("terms_hash"),
    outcome: text("outcome").$type<RuleOutcome>().notNull(),
    credits: numeric("credits", { precision: 8, scale: 2 }).notNull(),
    reasons: jsonb("reasons").$type<Reason[]>().notNull(),
    /** What the registrar offered, in the order given. */
    achievementIds: uuid("achievement_ids").array().notNull(),
    /** The achievements whose hours the transfer consumed (claimed in `achievement_transfer_claim`). */
    usedAchievementIds: uuid("used_achievement_ids").array().notNull(),
    lectureHours: numeric("lecture_hours", { precision: 10, scale: 2 }).notNull(),
    practiceHours: numeric("practice_hours", { precision: 10, scale: 2 }).notNull(),
    /** The day the decision was made (China time): recency is judged from it. */
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    decidedBy: text("decided_by").notNull(),
    /** The CREDIT_TRANSFERRED or TRANSFER_DENIED entry. */
    ledgerEntryId: uuid("ledger_entry_id").notNull(),
    /** Set when the transfer results from a granted appeal. */
    grantedByAppealId: uuid("granted_by_appeal_id"),
    reversedAt: timestamp("reversed_at", { withTimezone: true, mode: "date" }),
    reversedBy: text("reversed_by"),
    reversalReason: text("reversal_reason"),
    reversalEntryId: uuid("reversal_entry_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.learnerId, table.id] }),
    // node(id), reversals and appeals look transfers up by ID alone.
    index("credit_transfer_id_idx").on(table.id),
    // The cap sums a learner's grants per agreement; transcripts list them per organization.
    index("credit_transfer_learner_agreement_idx").on(table.learnerId, table.agreementId),
  ],
);

/**
 * An appeal against one transfer, by the learner or a sending organization,
 * decided by the receiving organization's registrar. One per transfer; the
 * key includes the distribution column.
 */
export const transferAppeals = pgTable(
  "transfer_appeal",
  {
    id: uuid("id").notNull(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => learners.id),
    transferId: uuid("transfer_id").notNull(),
    statement: text("statement").notNull(),
    status: text("status").$type<AppealStatus>().notNull(),
    openedBy: text("opened_by").notNull(),
    openedByRole: text("opened_by_role").notNull(),
    openedByOrganizationId: uuid("opened_by_organization_id"),
    openedEntryId: uuid("opened_entry_id").notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    decidedBy: text("decided_by"),
    decisionNote: text("decision_note"),
    decidedEntryId: uuid("decided_entry_id"),
    /** The transfer a GRANTED decision appended. */
    grantedTransferId: uuid("granted_transfer_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.learnerId, table.id] }),
    index("transfer_appeal_id_idx").on(table.id),
    uniqueIndex("transfer_appeal_transfer_key").on(table.learnerId, table.transferId),
  ],
);

export type CreditTransferRow = typeof creditTransfers.$inferSelect;
export type TransferAppealRow = typeof transferAppeals.$inferSelect;
