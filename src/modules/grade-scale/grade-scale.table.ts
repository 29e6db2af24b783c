import { jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";
import type { GradeScaleKind } from "./grade-scale.js";

/** Stored label: the value is a decimal string, as numeric columns are. */
export interface StoredGradeLabel {
  label: string;
  value: string;
  passing: boolean;
}

/**
 * An organization's grade scale. No row means the default: numeric 0–100 with
 * pass mark 60. Achievements keep their original grade and the normalised value
 * computed when they were recorded, so changing a scale never rewrites history.
 */
export const gradeScales = pgTable("grade_scale", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  kind: text("kind").$type<GradeScaleKind>().notNull(),
  /** NUMERIC only; label scales pass by label. */
  passMark: numeric("pass_mark", { precision: 5, scale: 2 }),
  labels: jsonb("labels").$type<StoredGradeLabel[]>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type GradeScaleRow = typeof gradeScales.$inferSelect;
