import { getTableColumns, is, Placeholder, SQL, sql, Table, type Query } from "drizzle-orm";
import { PgColumn, PgDialect, type SelectedFieldsOrdered } from "drizzle-orm/pg-core";
import { rowsOf, type Db } from "./database.js";

// Why write paths prepare their statements: postgres.js sends an unprepared
// statement that has parameters in two round trips (it describes the statement
// first, to learn the parameter types) and holds the transaction's next
// statements back until it is done. A prepared one is described once per
// connection, then sent in one round trip and pipelined with the statements
// started beside it, in the order they were started. Its text must not vary
// with the values (an array or JSON parameter, not one per item, see
// `anyUuid`): each distinct text is prepared once per connection and kept.
// `name` only marks a statement as prepared (postgres.js names statements
// after their text).

const dialect = new PgDialect();

/** A query builder of any kind (select, insert, delete) and what it resolves to. */
interface Builder {
  toSQL(): Query;
  execute(...args: never[]): Promise<unknown>;
}

/**
 * A statement drizzle builds once, with `sql.placeholder`s for its values, and
 * runs prepared in whatever executor it is given, a transaction included.
 * `.prepare()` binds a statement to the executor it was built with, and a
 * transaction is a new executor each time: building is most of drizzle's
 * share of a write's CPU. `returns` is the selection the statement returns
 * (select fields or returning columns, given to the builder too), by which
 * rows are mapped as drizzle maps them; without it, rows come as the driver
 * gives them. Unlike drizzle, a left-joined table selected whole comes back as
 * an object of nulls rather than null: select its columns one by one.
 */
export function preparedStatement<B extends Builder>(name: string, build: (db: Db) => B, returns?: Record<string, unknown>) {
  const fields = returns === undefined ? undefined : orderedFields(returns);
  let query: Query | undefined;
  return async (executor: Db, values: Record<string, unknown> = {}): Promise<Awaited<ReturnType<B["execute"]>>> => {
    query ??= build(executor).toSQL();
    const result = await executor._.session.prepareQuery(query, fields, name, fields !== undefined).execute(values);
    return (fields === undefined ? rowsOf(result) : result) as Awaited<ReturnType<B["execute"]>>;
  };
}

/** Drizzle's order of the columns a selection returns (its own helper is internal): rows come back in it. */
function orderedFields(selection: Record<string, unknown>, path: string[] = []): SelectedFieldsOrdered {
  return Object.entries(selection).flatMap(([name, field]): SelectedFieldsOrdered => {
    if (is(field, PgColumn) || is(field, SQL) || is(field, SQL.Aliased)) return [{ path: [...path, name], field }];
    return orderedFields(is(field, Table) ? getTableColumns(field) : (field as Record<string, unknown>), [...path, name]);
  });
}

/**
 * Runs a raw statement built per call (`insertRowsStatement`, a CTE) as a
 * prepared statement in `executor`, a transaction included.
 */
export async function executePrepared<T>(executor: Db, name: string, query: SQL): Promise<T[]> {
  return rowsOf<T>(await executor._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute());
}

/** `any(…)` over one array parameter, where `inArray` would bind one parameter per ID and so vary the statement's text. */
export function anyUuid(ids: readonly string[] | Placeholder): SQL {
  return sql`any(${is(ids, Placeholder) ? ids : sql.param(ids)}::uuid[])`;
}
