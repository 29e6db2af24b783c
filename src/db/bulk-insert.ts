import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { rowsOf, type Db } from "./database.js";

// Serial types are not types a record can declare.
const RECORD_TYPES: Record<string, string> = { bigserial: "bigint", serial: "integer", smallserial: "smallint" };

/** JSON has no Date or bigint: send them as text, which PostgreSQL casts to the column's type. */
function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

/**
 * Inserts many rows in one statement that carries them as a single JSON
 * parameter, expanded by `jsonb_to_recordset`. A multi-row VALUES binds one
 * parameter per cell: for 4,000 rows of 6 columns that measured about five
 * times slower on PostgreSQL, mostly in building and binding the parameters.
 * Every row must have the same keys (those of the first row); columns not
 * given get their defaults. Returns the `returning` columns of the inserted
 * rows, keyed by property name; with `onConflictDoNothing`, skipped rows are absent.
 */
export async function insertRows<T extends PgTable>(
  executor: Db,
  table: T,
  rows: readonly T["$inferInsert"][],
  options: InsertRowsOptions<T> = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  return rowsOf<Record<string, unknown>>(await executor.execute(insertRowsStatement(table, rows, options)));
}

interface InsertRowsOptions<T extends PgTable> {
  onConflictDoNothing?: boolean;
  returning?: (keyof T["$inferSelect"] & string)[];
}

/** The statement `insertRows` runs, for composing into a larger one (a CTE); `rows` must not be empty. */
export function insertRowsStatement<T extends PgTable>(table: T, rows: readonly T["$inferInsert"][], options: InsertRowsOptions<T> = {}): SQL {
  if (rows.length === 0) throw new Error(`insertRowsStatement: no rows for ${getTableName(table)}`);
  const columns: Record<string, PgColumn> = getTableColumns(table);
  const keys = Object.keys(rows[0]).filter((key) => key in columns);
  const names = keys.map((key) => sql.identifier(columns[key].name));
  const definitions = keys.map((key) => {
    const type = columns[key].getSQLType();
    return sql`${sql.identifier(columns[key].name)} ${sql.raw(RECORD_TYPES[type] ?? type)}`;
  });
  const payload = JSON.stringify(rows.map((row) => Object.fromEntries(keys.map((key) => [columns[key].name, toJsonValue((row as Record<string, unknown>)[key])]))));
  const returning = options.returning ?? [];
  return sql`insert into ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)})
    select ${sql.join(names, sql`, `)} from jsonb_to_recordset(${payload}::jsonb) as r(${sql.join(definitions, sql`, `)})
    ${options.onConflictDoNothing ? sql`on conflict do nothing` : sql``}
    ${returning.length > 0 ? sql`returning ${sql.join(returning.map((key) => sql`${sql.identifier(columns[key].name)} as ${sql.identifier(key)}`), sql`, `)}` : sql``}`;
}
