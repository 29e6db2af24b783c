import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";

export type CourseStatus = "DRAFT" | "PUBLISHED" | "RETIRED";
export type CourseLevel = "SECONDARY_VOCATIONAL" | "HIGHER_VOCATIONAL" | "UNDERGRADUATE" | "POSTGRADUATE" | "PROFESSIONAL_TRAINING";

/**
 * One row per course: its current (latest) version. Published versions are
 * also frozen in `course_version`, so editing a published course makes
 * version n+1 here while version n stays readable there.
 */
export const courses = pgTable(
  "course",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    code: text("code").notNull(),
    title: text("title").notNull(),
    titleEn: text("title_en"),
    description: text("description"),
    // Hours and credits are exact decimals (numeric comes back as a string).
    lectureHours: numeric("lecture_hours", { precision: 8, scale: 2 }).notNull(),
    practiceHours: numeric("practice_hours", { precision: 8, scale: 2 }).notNull(),
    credits: numeric("credits", { precision: 6, scale: 2 }),
    level: text("level").$type<CourseLevel>().notNull(),
    field: text("field").notNull(),
    learningOutcomes: text("learning_outcomes").array().notNull().default(sql`'{}'::text[]`),
    language: text("language").notNull().default("zh"),
    validFrom: date("valid_from", { mode: "string" }),
    validTo: date("valid_to", { mode: "string" }),
    status: text("status").$type<CourseStatus>().notNull().default("DRAFT"),
    version: integer("version").notNull().default(1),
    /** The text that search matches: titles, code and outcomes, lower-cased. */
    searchText: text("search_text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("course_organization_code_key").on(table.organizationId, table.code),
    // Organization.courses pages through one organization's courses in id order.
    index("course_organization_id_idx").on(table.organizationId, table.id),
    index("course_status_id_idx").on(table.status, table.id),
    index("course_search_trgm_idx").using("gin", sql`${table.searchText} gin_trgm_ops`),
  ],
);

/** Frozen snapshots of published versions: agreements cite (course, version). */
export const courseVersions = pgTable(
  "course_version",
  {
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    version: integer("version").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.courseId, table.version] })],
);

export type CourseRow = typeof courses.$inferSelect;
