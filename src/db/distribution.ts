import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "./database.js";

/**
 * Where every table goes on distributed PostgreSQL (Citus): one plan, checked
 * against the real schema by a test (so a new table or key that would not
 * distribute fails it) and printed as Citus DDL by `npm run db:citus`.
 *
 * - reference: replicated to every node; the catalog and the agreements,
 *   written rarely and joined by everything.
 * - distributed: hash-distributed by `column`; tables of one colocation group
 *   keep rows with the same value on the same node, so a learner's writes
 *   commit on one node.
 * - local: stays on the coordinator; the Merkle log is one ordered log.
 */
export type Placement = { kind: "reference" } | { kind: "local" } | { kind: "distributed"; column: string; group: string };

const reference: Placement = { kind: "reference" };
const local: Placement = { kind: "local" };
const byLearner = (column: string): Placement => ({ kind: "distributed", column, group: "learner" });

/** In creation order for Citus: a table comes after the tables its foreign keys reference. */
export const TABLE_PLACEMENT: Readonly<Record<string, Placement>> = {
  organization: reference,
  signing_key: reference,
  grade_scale: reference,
  import_run: reference,
  course: reference,
  course_version: reference,
  course_package: reference,
  course_package_item: reference,
  agreement: reference,
  agreement_version: reference,
  agreement_party: reference,
  equivalence_rule: reference,
  equivalence_rule_course: reference,
  learner: byLearner("id"),
  learner_consent: byLearner("learner_id"),
  achievement: byLearner("learner_id"),
  achievement_transfer_claim: byLearner("learner_id"),
  credit_transfer: byLearner("learner_id"),
  transfer_appeal: byLearner("learner_id"),
  credit_statement: byLearner("learner_id"),
  ledger_entry: byLearner("stream_id"),
  ledger_posting: byLearner("stream_id"),
  ledger_unsealed: byLearner("stream_id"),
  // Keyed by who registered the learner: registration writes it and the learner
  // row on two nodes (a two-phase commit, for a rare write).
  learner_external_ref: { kind: "distributed", column: "organization_id", group: "organization" },
  // Keyed by the caller: a learner write claims its key on the caller's node.
  idempotency_key: { kind: "distributed", column: "scope", group: "caller" },
  merkle_leaf: local,
  ledger_checkpoint: local,
};

/** What the database says about one table, as `readSchemaFacts` reads it. */
export interface TableFacts {
  name: string;
  notNullColumns: string[];
  /** Primary keys, unique constraints and unique indexes, as column lists. */
  uniqueKeys: { name: string; columns: string[] }[];
  foreignKeys: { name: string; columns: string[]; referencedTable: string; referencedColumns: string[] }[];
}

/** Every way the schema would not distribute under `plan`, in words; empty when it fits. */
export function distributionProblems(tables: readonly TableFacts[], plan: Readonly<Record<string, Placement>> = TABLE_PLACEMENT): string[] {
  const problems: string[] = [];
  const present = new Set(tables.map((table) => table.name));
  for (const name of Object.keys(plan)) if (!present.has(name)) problems.push(`${name}: placed but not in the schema`);
  for (const table of tables) {
    const placement = plan[table.name];
    if (!placement) {
      problems.push(`${table.name}: not placed (add it to TABLE_PLACEMENT)`);
      continue;
    }
    if (placement.kind === "distributed") problems.push(...distributedTableProblems(table, placement));
    for (const foreignKey of table.foreignKeys) {
      const problem = foreignKeyProblem(placement, foreignKey, plan[foreignKey.referencedTable]);
      if (problem) problems.push(`${table.name}.${foreignKey.name}: ${problem}`);
    }
  }
  return problems;
}

function distributedTableProblems(table: TableFacts, placement: Placement & { kind: "distributed" }): string[] {
  const problems: string[] = [];
  if (!table.notNullColumns.includes(placement.column)) problems.push(`${table.name}: distribution column ${placement.column} is missing or nullable`);
  for (const key of table.uniqueKeys) {
    if (!key.columns.includes(placement.column)) problems.push(`${table.name}.${key.name}: unique on (${key.columns.join(", ")}) without the distribution column ${placement.column}`);
  }
  return problems;
}

function foreignKeyProblem(from: Placement, foreignKey: TableFacts["foreignKeys"][number], to: Placement | undefined): string | null {
  if (!to) return `references ${foreignKey.referencedTable}, which is not placed`;
  if (to.kind === "reference") return null;
  if (to.kind === "local") return from.kind === "local" ? null : `a ${from.kind} table cannot reference the local table ${foreignKey.referencedTable}`;
  if (from.kind !== "distributed") return `a ${from.kind} table cannot reference the distributed table ${foreignKey.referencedTable}`;
  if (from.group !== to.group) return `references ${foreignKey.referencedTable} of another colocation group`;
  const position = foreignKey.columns.indexOf(from.column);
  if (position < 0 || foreignKey.referencedColumns[position] !== to.column) {
    return `references ${foreignKey.referencedTable} without matching ${from.column} to its distribution column ${to.column}`;
  }
  return null;
}

/** The Citus DDL that places every table, in an order Citus accepts (referenced tables first). */
export function citusStatements(plan: Readonly<Record<string, Placement>> = TABLE_PLACEMENT): string[] {
  const anchors = new Map<string, string>();
  return Object.entries(plan).flatMap(([table, placement]) => {
    if (placement.kind === "reference") return [`SELECT create_reference_table('${table}');`];
    if (placement.kind === "local") return [`-- ${table} stays on the coordinator`];
    const anchor = anchors.get(placement.group);
    if (!anchor) anchors.set(placement.group, table);
    const colocation = anchor ? `'${anchor}'` : `'none'`;
    return [`SELECT create_distributed_table('${table}', '${placement.column}', colocate_with => ${colocation});`];
  });
}

/** Reads `TableFacts` for every table of the public schema from the catalog. */
export async function readSchemaFacts(db: Db): Promise<TableFacts[]> {
  const rows = rowsOf<{ table: string; facts: Omit<TableFacts, "name"> }>(
    await db.execute(sql`
      select c.relname as "table", json_build_object(
        'notNullColumns', coalesce((select json_agg(a.attname order by a.attnum) from pg_attribute a
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attnotnull), '[]'),
        'uniqueKeys', coalesce((select json_agg(json_build_object('name', i.indexrelid::regclass::text,
            'columns', (select json_agg(a.attname order by k.ord) from unnest(i.indkey) with ordinality as k(attnum, ord)
              join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum)) order by i.indexrelid::regclass::text)
          from pg_index i where i.indrelid = c.oid and i.indisunique), '[]'),
        'foreignKeys', coalesce((select json_agg(json_build_object('name', f.conname, 'referencedTable', f.confrelid::regclass::text,
            'columns', (select json_agg(a.attname order by k.ord) from unnest(f.conkey) with ordinality as k(attnum, ord)
              join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum),
            'referencedColumns', (select json_agg(a.attname order by k.ord) from unnest(f.confkey) with ordinality as k(attnum, ord)
              join pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum)) order by f.conname)
          from pg_constraint f where f.conrelid = c.oid and f.contype = 'f'), '[]')
      ) as facts
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by c.relname`),
  );
  return rows.map((row) => ({ name: row.table, ...row.facts }));
}
