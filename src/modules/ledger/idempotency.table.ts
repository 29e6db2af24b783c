import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per (scope, key) a client used. Inserted first, inside the write's
 * own transaction, so a concurrent duplicate waits on the unique key and then
 * sees the committed result: never check-then-insert.
 */
export const idempotencyKeys = pgTable(
  "idempotency_key",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    operation: text("operation").notNull(),
    requestHash: text("request_hash").notNull(),
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] })],
);
