import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";
import { courses } from "../course/course.table.js";
import type { RuleSource } from "../transfer/rule-evaluation.js";

export type AgreementDirection = "ONE_WAY" | "MUTUAL";
/** The stored lifecycle; EXPIRED is derived from the in-force version's `validTo`, never stored. */
export type AgreementState = "PROPOSED" | "ACTIVE" | "SUSPENDED" | "TERMINATED";
/** WITHDRAWN: a pending version replaced by a newer amendment, or closed by termination, before every party approved it. */
export type AgreementVersionStatus = "PROPOSED" | "ACTIVE" | "SUPERSEDED" | "WITHDRAWN";
export type PartyRole = "SENDING" | "RECEIVING" | "BOTH";
export type RuleTargetKind = "COURSES" | "ELECTIVE_BLOCK" | "NO_RECOGNITION";
export type RuleCreditsKind = "FIXED" | "FROM_HOURS";
type RuleCourseSide = "SOURCE" | "TARGET";

/**
 * The negotiated conditions of one version. Decimals are canonical strings
 * ("16.00") so the record can be fed to rule evaluation and hashed as is.
 */
export interface AgreementTermsRecord {
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null = open-ended. */
  validTo: string | null;
  lectureHoursPerCredit: string;
  practiceHoursPerCredit: string;
  minGrade: number | null;
  recencyYears: number | null;
  maxCreditsPerLearner: string | null;
  allowTransitive: boolean;
}

export interface PartyRecord {
  organizationId: string;
  role: PartyRole;
}

/**
 * One row per agreement. Parties and direction never change over its life (a
 * different set of parties is a different agreement); everything else is
 * versioned in `agreement_version`.
 */
export const agreements = pgTable(
  "agreement",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    direction: text("direction").$type<AgreementDirection>().notNull(),
    state: text("state").$type<AgreementState>().notNull(),
    /** The parties' organizations, denormalised for visibility checks and the organization filter. */
    partyOrganizationIds: uuid("party_organization_ids").array().notNull(),
    latestVersion: integer("latest_version").notNull(),
    /** The latest version every party approved; null until the first approval round completes. */
    inForceVersion: integer("in_force_version"),
    proposedByOrganizationId: uuid("proposed_by_organization_id")
      .notNull()
      .references(() => organizations.id),
    suspendedAt: timestamp("suspended_at", { withTimezone: true, mode: "date" }),
    suspendedByOrganizationId: uuid("suspended_by_organization_id").references(() => organizations.id),
    suspensionReason: text("suspension_reason"),
    terminatedAt: timestamp("terminated_at", { withTimezone: true, mode: "date" }),
    terminatedByOrganizationId: uuid("terminated_by_organization_id").references(() => organizations.id),
    terminationReason: text("termination_reason"),
    /** First day on which no version is in force any more. */
    terminationEffectiveOn: date("termination_effective_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("agreement_parties_idx").using("gin", table.partyOrganizationIds), index("agreement_state_idx").on(table.state, table.id)],
);

/** Every version ever proposed; the text in `canonical_terms` is exactly what `terms_hash` hashes. */
export const agreementVersions = pgTable(
  "agreement_version",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id),
    version: integer("version").notNull(),
    terms: jsonb("terms").$type<AgreementTermsRecord>().notNull(),
    parties: jsonb("parties").$type<PartyRecord[]>().notNull(),
    termsHash: text("terms_hash").notNull(),
    canonicalTerms: text("canonical_terms").notNull(),
    status: text("status").$type<AgreementVersionStatus>().notNull(),
    proposedAt: timestamp("proposed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    proposedBy: text("proposed_by").notNull(),
    proposedByOrganizationId: uuid("proposed_by_organization_id")
      .notNull()
      .references(() => organizations.id),
    activatedAt: timestamp("activated_at", { withTimezone: true, mode: "date" }),
    /** When the version stopped being current: superseded by a newer approved version, or withdrawn. */
    supersededAt: timestamp("superseded_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [primaryKey({ columns: [table.agreementId, table.version] })],
);

/** Each party's approval of one version: the hash it reviewed, who sent it and when. */
export const agreementParties = pgTable(
  "agreement_party",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id),
    version: integer("version").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    role: text("role").$type<PartyRole>().notNull(),
    approvedAt: timestamp("approved_at", { withTimezone: true, mode: "date" }),
    approvedBy: text("approved_by"),
    approvedHash: text("approved_hash"),
  },
  (table) => [primaryKey({ columns: [table.agreementId, table.version, table.organizationId] }), index("agreement_party_organization_idx").on(table.organizationId)],
);

/**
 * A rule of one agreement version. Amending writes new rows for the new
 * version, so the rules an approval covered never change under it. Rows are
 * stored in canonical order (`position`), so equal hashes mean equal rows.
 */
export const equivalenceRules = pgTable(
  "equivalence_rule",
  {
    id: uuid("id").primaryKey(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id),
    version: integer("version").notNull(),
    position: integer("position").notNull(),
    /** Course IDs are database UUIDs, sorted within each group; groups in canonical order. */
    source: jsonb("source").$type<RuleSource>().notNull(),
    targetKind: text("target_kind").$type<RuleTargetKind>().notNull(),
    /** The receiving organization where recognised credit lands. */
    targetOrganizationId: uuid("target_organization_id")
      .notNull()
      .references(() => organizations.id),
    targetCourseIds: uuid("target_course_ids").array().notNull().default(sql`'{}'::uuid[]`),
    electiveCredits: numeric("elective_credits", { precision: 6, scale: 2 }),
    electiveCategory: text("elective_category"),
    noRecognitionReason: text("no_recognition_reason"),
    creditsKind: text("credits_kind").$type<RuleCreditsKind>(),
    fixedCredits: numeric("fixed_credits", { precision: 6, scale: 2 }),
    minGrade: integer("min_grade"),
    recencyYears: integer("recency_years"),
    note: text("note"),
    /** Course UUID → the published version the rule cites (part of the terms hash). */
    courseVersions: jsonb("course_versions").$type<Record<string, number>>().notNull(),
  },
  (table) => [unique("equivalence_rule_version_position_key").on(table.agreementId, table.version, table.position)],
);

/** Which courses a rule names and on which side: `course.equivalenceRules` and resolution start here. */
export const equivalenceRuleCourses = pgTable(
  "equivalence_rule_course",
  {
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => equivalenceRules.id),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    side: text("side").$type<RuleCourseSide>().notNull(),
    agreementId: uuid("agreement_id").notNull(),
    version: integer("version").notNull(),
  },
  (table) => [primaryKey({ columns: [table.ruleId, table.side, table.courseId] }), index("equivalence_rule_course_course_idx").on(table.courseId, table.ruleId)],
);

export type AgreementRow = typeof agreements.$inferSelect;
export type AgreementVersionRow = typeof agreementVersions.$inferSelect;
export type AgreementPartyRow = typeof agreementParties.$inferSelect;
export type EquivalenceRuleRow = typeof equivalenceRules.$inferSelect;
