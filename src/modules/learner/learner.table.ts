import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";

/**
 * A learner as one organization knows them: pseudonymous, identified by that
 * organization's own reference (student or employee number), never by a
 * national ID. Distributed by `id` on Citus, like the ledger rows of the learner.
 */
export const learners = pgTable(
  "learner",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    externalRef: text("external_ref").notNull(),
    displayName: text("display_name").notNull(),
    // Learners linked as one person share a person ID; an unlinked learner is its own person.
    personId: uuid("person_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("learner_person_idx").on(table.personId), index("learner_organization_idx").on(table.organizationId, table.id)],
);

/**
 * The directory that keeps external references unique per organization. It is
 * a table of its own because a unique key on `learner` would have to include
 * the distribution column (`id`) to be enforceable on Citus; this one is keyed
 * (and can be distributed) by organization.
 */
export const learnerExternalRefs = pgTable(
  "learner_external_ref",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    externalRef: text("external_ref").notNull(),
    learnerId: uuid("learner_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.externalRef] })],
);

/**
 * A learner's consent for another organization to read their record
 * (个人信息保护法: consent before a university reads enterprise training
 * records). Revoking sets `revoked_at`; granting again adds a new row, so the
 * history stays. The journal records both as facts too.
 */
export const learnerConsents = pgTable(
  "learner_consent",
  {
    id: uuid("id").notNull(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => learners.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    grantedAt: timestamp("granted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [
    primaryKey({ columns: [table.learnerId, table.id] }),
    // At most one active consent per organization; the key includes the distribution column.
    uniqueIndex("learner_consent_active_key").on(table.learnerId, table.organizationId).where(sql`revoked_at is null`),
  ],
);

export type LearnerRow = typeof learners.$inferSelect;
export type LearnerConsentRow = typeof learnerConsents.$inferSelect;
