import { boolean, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { organizations } from "../organization/organization.table.js";
import { courses, type CourseStatus } from "../course/course.table.js";

/**
 * One row per version of a package (职业培训包). A revision is a new row with
 * the same `lineageId` and `code` and the next `version`, so a published
 * version's row and items are never edited again; only its status moves on
 * (to RETIRED when retired or superseded).
 */
export const coursePackages = pgTable(
  "course_package",
  {
    id: uuid("id").primaryKey(),
    /** The ID of version 1: every version of one package shares it. */
    lineageId: uuid("lineage_id").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** Fixed at creation: it names the package across its versions. */
    code: text("code").notNull(),
    version: integer("version").notNull(),
    status: text("status").$type<CourseStatus>().notNull().default("DRAFT"),
    title: text("title").notNull(),
    titleEn: text("title_en"),
    description: text("description"),
    occupation: text("occupation").notNull(),
    certificateName: text("certificate_name"),
    certificateLevel: text("certificate_level"),
    apprenticeship: boolean("apprenticeship").notNull().default(false),
    /** The text that search matches: code, titles, occupation and certificate, normalised. */
    searchText: text("search_text").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    // Version 1 of every lineage carries its code, so this also keeps codes unique per organization.
    uniqueIndex("course_package_organization_code_version_key").on(table.organizationId, table.code, table.version),
    uniqueIndex("course_package_lineage_version_key").on(table.lineageId, table.version),
    index("course_package_organization_id_idx").on(table.organizationId, table.id),
    index("course_package_status_id_idx").on(table.status, table.id),
    index("course_package_search_trgm_idx").using("gin", sql`${table.searchText} gin_trgm_ops`),
  ],
);

/** The ordered courses of one package version. */
export const coursePackageItems = pgTable(
  "course_package_item",
  {
    packageId: uuid("package_id")
      .notNull()
      .references(() => coursePackages.id),
    /** 0-based order within the package. */
    position: integer("position").notNull(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    required: boolean("required").notNull().default(true),
    // Frozen when the package is published, so a published version's hours
    // never change when its courses are edited later. Null in drafts.
    courseVersion: integer("course_version"),
    lectureHours: numeric("lecture_hours", { precision: 8, scale: 2 }),
    practiceHours: numeric("practice_hours", { precision: 8, scale: 2 }),
  },
  (table) => [
    primaryKey({ columns: [table.packageId, table.position] }),
    uniqueIndex("course_package_item_package_course_key").on(table.packageId, table.courseId),
    // Course.packages looks items up by course.
    index("course_package_item_course_idx").on(table.courseId, table.packageId),
  ],
);

export type CoursePackageRow = typeof coursePackages.$inferSelect;
export type CoursePackageItemRow = typeof coursePackageItems.$inferSelect;
