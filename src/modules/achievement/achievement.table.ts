import { date, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";
import { courses } from "../course/course.table.js";
import { learners } from "../learner/learner.table.js";

/**
 * A recorded achievement: the learner completed a course version at its
 * owner with a grade on a date. Never changed once written; its value moves
 * only through the ledger. Distributed by `learner_id` on Citus, so every key
 * starts with it; `ledger_entry_id` names the ACHIEVEMENT_RECORDED entry.
 */
export const achievements = pgTable(
  "achievement",
  {
    id: uuid("id").notNull(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => learners.id),
    /** The course owner, which recorded it. */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    courseVersion: integer("course_version").notNull(),
    /** As the organization graded it, e.g. "优秀" or "85". */
    grade: text("grade").notNull(),
    /** 0–100, by the organization's grade scale when recorded. */
    normalizedGrade: numeric("normalized_grade", { precision: 5, scale: 2 }).notNull(),
    completedOn: date("completed_on", { mode: "string" }).notNull(),
    lectureHours: numeric("lecture_hours", { precision: 8, scale: 2 }).notNull(),
    practiceHours: numeric("practice_hours", { precision: 8, scale: 2 }).notNull(),
    credits: numeric("credits", { precision: 6, scale: 2 }),
    ledgerEntryId: uuid("ledger_entry_id").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.learnerId, table.id] }),
    // node(id) and replays look achievements up by ID alone.
    index("achievement_id_idx").on(table.id),
    // One completion of a course on a day: a resubmission under a new key must not double the learner's hours.
    uniqueIndex("achievement_learner_course_completed_key").on(table.learnerId, table.courseId, table.completedOn),
  ],
);

/**
 * Which transfer holds an achievement's value. The primary key is the "no
 * double spend" guarantee: registrars racing for one achievement insert the
 * same key, the later waits for the earlier and then conflicts, so exactly one
 * wins — with no lock or read beforehand, and on the learner's own shard (no
 * cross-learner transaction). A reversal deletes the claim to free the
 * achievement; the journal keeps the history.
 */
export const achievementTransferClaims = pgTable(
  "achievement_transfer_claim",
  {
    learnerId: uuid("learner_id").notNull(),
    achievementId: uuid("achievement_id").notNull(),
    transferId: uuid("transfer_id").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.learnerId, table.achievementId] })],
);

export type AchievementRow = typeof achievements.$inferSelect;
