// Generates the benchmark dataset, phase by phase. Each phase is one small
// entry in PHASES: the tables it fills and the function that fills them; a new
// table of the app gets a new entry (generation warns about app tables that
// stay empty). Rows stream in with COPY; referential integrity is checked once
// at the end, for every foreign key the schema declares.
import postgres from "postgres";
import type { Sql } from "postgres";
import { CopyWriter, type TableStats } from "./copy-writer.js";
import { DatasetJournal } from "./dataset-journal.js";
import { planFor, type Dataset } from "./dataset-model.js";
import { generateCourses, generateGradeScales, generateOrganizations, generatePackages, generateSigningKey } from "./dataset-catalog.js";
import { generateAgreements } from "./dataset-agreements.js";
import { generateAchievements, generateConsents, generateLearners } from "./dataset-learners.js";
import { generateImports, generateTransfers } from "./dataset-transfers.js";
import { benchSigningKey } from "./signing.js";
import { generatorFingerprint, migrate, recreateDatabase, schemaFingerprint, writeStamp } from "./bench-database.js";
import { Random } from "./prng.js";

interface Phase {
  name: string;
  /** Tables this phase fills besides the journal's (ledger_entry, ledger_posting, merkle_leaf, ledger_checkpoint) and idempotency keys. */
  tables: string[];
  run(dataset: Dataset): Promise<void>;
}

/** In dependency and time order: the journal's entries must be appended chronologically. */
export const PHASES: Phase[] = [
  { name: "organizations", tables: ["organization"], run: generateOrganizations },
  { name: "grade scales", tables: ["grade_scale"], run: generateGradeScales },
  { name: "courses", tables: ["course", "course_version"], run: generateCourses },
  { name: "course packages", tables: ["course_package", "course_package_item"], run: generatePackages },
  { name: "catalogue imports", tables: ["import_run"], run: generateImports },
  { name: "agreements", tables: ["agreement", "agreement_version", "agreement_party", "equivalence_rule", "equivalence_rule_course"], run: generateAgreements },
  { name: "learners", tables: ["learner", "learner_external_ref"], run: generateLearners },
  { name: "consents", tables: ["learner_consent"], run: generateConsents },
  { name: "achievements", tables: ["achievement"], run: generateAchievements },
  { name: "transfers", tables: ["credit_transfer", "achievement_transfer_claim", "transfer_appeal"], run: generateTransfers },
];

/**
 * App tables the dataset leaves empty, and why. A credit statement is a signed
 * snapshot carrying a Merkle audit path for every entry it states; making
 * them needs proofs against the finished log, and no workload reads them.
 */
const LEFT_EMPTY: Record<string, string> = {
  credit_statement: "statements are issued on demand (creditStatementIssue) with an audit path per entry; no workload reads them",
  ledger_unsealed: "the sealing queue: every generated entry is already sealed",
};

export interface GenerationReport {
  phases: { name: string; ms: number }[];
  tables: TableStats[];
  emptyTables: string[];
  totalMs: number;
}

async function timed<T>(list: { name: string; ms: number }[], name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  list.push({ name, ms: performance.now() - started });
  return result;
}

/** Every row that names another through a foreign key finds it (COPY ran with triggers, and so FK checks, off). */
async function checkReferences(sql: Sql): Promise<void> {
  const keys = await sql<{ child: string; parent: string; childColumns: string[]; parentColumns: string[]; name: string }[]>`
    select c.conname as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
      array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as "childColumns",
      array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as "parentColumns"
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public'`;
  for (const key of keys) {
    const matches = key.childColumns.map((column, i) => `p."${key.parentColumns[i]}" = c."${column}"`).join(" and ");
    const present = key.childColumns.map((column) => `c."${column}" is not null`).join(" and ");
    const [{ missing }] = await sql.unsafe<{ missing: string }[]>(
      `select count(*)::text as missing from ${key.child} c where ${present} and not exists (select 1 from ${key.parent} p where ${matches})`,
    );
    if (missing !== "0") throw new Error(`${key.name}: ${missing} rows of ${key.child} name a missing ${key.parent}`);
  }
}

/**
 * Drops the secondary indexes (those no constraint owns) and returns what
 * recreates them: building an index once over loaded rows is several times
 * faster than maintaining it row by row (the GIN indexes especially).
 */
async function deferSecondaryIndexes(sql: Sql): Promise<() => Promise<void>> {
  const indexes = await sql<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`;
  for (const index of indexes) await sql.unsafe(`drop index ${index.name}`);
  return async () => {
    await sql.begin(async (tx) => {
      await tx.unsafe("set local maintenance_work_mem = '256MB'");
      for (const index of indexes) await tx.unsafe(index.definition);
    });
  };
}

async function emptyAppTables(sql: Sql): Promise<string[]> {
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
  const empty: string[] = [];
  for (const { name } of tables) {
    const [row] = await sql.unsafe(`select 1 from "${name}" limit 1`);
    if (!row) empty.push(name);
  }
  return empty;
}

/** Fills the (migrated, empty) database at `url` with the dataset of `scale` and `seed`. */
export async function generateDataset(url: string, scale: number, seed: string, log: (line: string) => void): Promise<GenerationReport> {
  const started = performance.now();
  // Triggers off while loading (replica role): no per-row FK checks; checkReferences covers them afterwards.
  const sql = postgres(url, { max: 30, onnotice: () => undefined, connection: { session_replication_role: "replica", application_name: "ronghe-bench-data" } });
  const phases: { name: string; ms: number }[] = [];
  try {
    const signing = await benchSigningKey(seed);
    const writer = new CopyWriter(sql);
    const dataset: Dataset = {
      plan: planFor(scale),
      seed,
      sql,
      writer,
      journal: new DatasetJournal(writer, new Random(`${seed}:journal`), signing.key),
      random: (phase) => new Random(`${seed}:${phase}`),
      admin: { subject: "bench-admin", role: "admin", organizationId: null },
      organizations: [],
      universities: [],
      providers: [],
      agreements: [],
      transferRules: new Map(),
      learners: [],
    };
    log(`plan: ${JSON.stringify(dataset.plan)}`);
    const recreateIndexes = await deferSecondaryIndexes(sql);
    await generateSigningKey(dataset, signing.publicJwk, signing.privateJwk.kid);
    for (const phase of PHASES) {
      await timed(phases, phase.name, () => phase.run(dataset));
      log(`  ${phase.name}: ${(phases.at(-1)!.ms / 1000).toFixed(1)} s (journal at ${dataset.journal.size} entries)`);
    }
    await timed(phases, "flush and seal", async () => {
      await writer.closeAll();
      await dataset.journal.finish(sql);
    });
    await timed(phases, "create indexes", recreateIndexes);
    await timed(phases, "check references", () => checkReferences(sql));
    await timed(phases, "vacuum analyze", () => sql`vacuum (analyze)`.simple());
    const empty = await emptyAppTables(sql);
    for (const table of empty) log(`  ${LEFT_EMPTY[table] ? `note: app table ${table} is left empty: ${LEFT_EMPTY[table]}` : `warning: app table ${table} is empty: add a phase that generates it`}`);
    return { phases, tables: writer.stats(), emptyTables: empty, totalMs: performance.now() - started };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export const DEFAULT_SEED = "ronghe-bench-1";

/** Drops, recreates, migrates and fills the database; stamps it once complete. */
export async function buildDataset(url: string, scale: number, seed: string, log: (line: string) => void = console.log): Promise<GenerationReport> {
  log(`bench:data: scale ${scale}, seed "${seed}" into ${url}`);
  await recreateDatabase(url);
  await migrate(url);
  const report = await generateDataset(url, scale, seed, log);
  await writeStamp(url, { scale, seed, schema: schemaFingerprint(), generator: generatorFingerprint(), generatedAt: new Date().toISOString() });
  return report;
}

export function formatGenerationReport(report: GenerationReport): string {
  const lines = ["| phase | seconds |", "|---|---:|", ...report.phases.map((phase) => `| ${phase.name} | ${(phase.ms / 1000).toFixed(1)} |`), `| **total** | **${(report.totalMs / 1000).toFixed(1)}** |`, ""];
  lines.push("| table | rows | COPY seconds |", "|---|---:|---:|");
  for (const table of [...report.tables].sort((a, b) => b.rows - a.rows)) lines.push(`| ${table.table} | ${table.rows.toLocaleString("en-US")} | ${(table.copyMs / 1000).toFixed(1)} |`);
  return lines.join("\n");
}

