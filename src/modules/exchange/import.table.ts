import { integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organization/organization.table.js";

/**
 * One row per file imported into an organization: the key that makes a file
 * import once. `file_key` is SHA-256 of the kind, the organization, the
 * agreement (rules) and the decoded text, so the same file saved as UTF-8 or
 * GBK is the same file. Inserted first in the import's transaction (never
 * check-then-insert): a concurrent import of the same file waits, then finds it.
 */
export const importRuns = pgTable(
  "import_run",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    fileKey: text("file_key").notNull(),
    kind: text("kind").notNull(),
    agreementId: uuid("agreement_id"),
    encoding: text("encoding").notNull(),
    rowsRead: integer("rows_read").notNull(),
    rowsWritten: integer("rows_written").notNull(),
    importedBy: text("imported_by").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.fileKey] })],
);

export type ImportRunRow = typeof importRuns.$inferSelect;
