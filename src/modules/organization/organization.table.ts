import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export type OrganizationKind = "UNIVERSITY" | "TRAINING_PROVIDER";

export const organizations = pgTable(
  "organization",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").$type<OrganizationKind>().notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    // MOE institution identifier or unified social credit code: both are national, so unique across kinds.
    code: text("code").notNull().unique(),
    region: text("region"),
    website: text("website"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("organization_kind_idx").on(table.kind, table.id)],
);

export type OrganizationRow = typeof organizations.$inferSelect;
