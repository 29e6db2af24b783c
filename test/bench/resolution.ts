// Resolution speed on a national-scale network: 100,000 courses, 2,000
// agreements, 300,000 rules, generated from a fixed seed.
//
//   node --expose-gc --import @swc-node/register/esm-register test/bench/resolution.ts
//
// In memory (always): builds the EquivalenceGraph the ResolutionIndex holds and
// reports its build time and heap, then one-hop and three-hop latency
// percentiles over random queries.
//
// With BENCH_DATABASE_URL (PostgreSQL) also: writes the same network into a
// scratch database, times the ResolutionIndex's cold load from it, and times
// the same three-hop queries as one recursive SQL statement each (the
// alternative mechanism), then drops the database.
//
// Options (environment): RESOLUTION_BENCH_QUERIES (default 2000 one-hop, a
// quarter as many three-hop), RESOLUTION_BENCH_SCALE (default 1 = the sizes above).
// Prints the report as JSON; `resolutionBench(options)` returns it to another script.
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { Random } from "./prng.js";
import { EquivalenceGraph, type GraphCourse, type GraphRule } from "../../src/modules/resolution/equivalence-graph.js";
import { ResolutionIndex } from "../../src/modules/resolution/resolution-index.js";

const RULES_PER_AGREEMENT = 150; // 300,000 rules at scale 1
const ON = "2026-06-01";
const EPOCH = Date.UTC(2025, 0, 1);

/** A flat copy: concatenated strings are ropes in V8 and would inflate the heap measured, unlike IDs read from the database. */
const flat = (text: string) => Buffer.from(text, "latin1").toString("latin1");

// Shared credit objects, as the ResolutionIndex keeps them.
const FROM_HOURS = { kind: "FROM_HOURS" as const };
const FIXED = ["1.00", "2.00", "3.00", "4.00"].map((credits) => ({ kind: "FIXED" as const, credits }));

interface Network {
  organizations: { id: string; kind: "UNIVERSITY" | "TRAINING_PROVIDER"; tier: number }[];
  courses: GraphCourse[];
  coursesOf: Map<string, GraphCourse[]>;
  rules: GraphRule[];
  agreements: { id: string; sender: string; receiver: string; allowTransitive: boolean; validTo: string | null }[];
}

/**
 * Tiers as in the domain: enterprise providers (tier 0, half of the agreements)
 * send to vocational colleges (1) and universities (2); colleges send to
 * universities (3 in 10); universities to other universities in alliances
 * (2 in 10). Half of the agreements allow transitivity, a tenth have expired by `ON`. Rules are
 * 70 % 1:1, 15 % many:1 (AND of two), 5 % OR of two, 7 % elective blocks,
 * 3 % explicit refusals; half fixed credits, half from hours.
 */
function generate(random: Random, scale: number): Network {
  const COURSES = Math.round(100_000 * scale);
  const AGREEMENTS = Math.round(2_000 * scale);
  const ORGANIZATIONS = Math.max(10, Math.round(1_000 * scale));
  const organizations = Array.from({ length: ORGANIZATIONS }, (_, i) => {
    const tier = i < ORGANIZATIONS * 0.6 ? 0 : i < ORGANIZATIONS * 0.8 ? 1 : 2;
    return { id: flat(random.uuidv7(EPOCH + i)), kind: tier === 0 ? ("TRAINING_PROVIDER" as const) : ("UNIVERSITY" as const), tier };
  });
  const courses: GraphCourse[] = [];
  const coursesOf = new Map<string, GraphCourse[]>(organizations.map((org) => [org.id, []]));
  for (let i = 0; i < COURSES; i += 1) {
    const organizationId = organizations[i % ORGANIZATIONS].id;
    const course = { id: flat(random.uuidv7(EPOCH + 10_000 + i)), organizationId, lectureHours: `${random.int(1, 6) * 8}.00`, practiceHours: `${random.int(0, 8) * 8}.00` };
    courses.push(course);
    coursesOf.get(organizationId)!.push(course);
  }
  const byTier = [0, 1, 2].map((tier) => organizations.filter((org) => org.tier === tier));
  const rules: GraphRule[] = [];
  const agreements: Network["agreements"] = [];
  for (let a = 0; a < AGREEMENTS; a += 1) {
    const senderTier = random.chance(0.5) ? 0 : random.chance(0.6) ? 1 : 2;
    const sender = random.pick(byTier[senderTier]).id;
    const receiver = random.pick(byTier[senderTier === 0 && random.chance(0.5) ? 1 : 2].filter((org) => org.id !== sender)).id;
    const agreementId = flat(random.uuidv7(EPOCH + 200_000 + a));
    const allowTransitive = random.chance(0.5);
    const validTo = random.chance(0.1) ? "2026-01-31" : null;
    const hoursPerCredit = { lectureHoursPerCredit: "16.00", practiceHoursPerCredit: "32.00" };
    agreements.push({ id: agreementId, sender, receiver, allowTransitive, validTo });
    const sending = coursesOf.get(sender)!;
    const receiving = coursesOf.get(receiver)!;
    for (let r = 0; r < RULES_PER_AGREEMENT; r += 1) {
      const shape = random.float();
      const [first, second] = random.sample(sending, 2).map((course) => course.id);
      const source =
        shape < 0.85
          ? { groupConjunction: "AND" as const, groups: [{ conjunction: "AND" as const, courseIds: shape < 0.7 ? [first] : [first, second] }] }
          : { groupConjunction: "AND" as const, groups: [{ conjunction: shape < 0.9 ? ("OR" as const) : ("AND" as const), courseIds: [first, second] }] };
      const kind = random.float();
      const target: GraphRule["target"] =
        kind < 0.9
          ? { kind: "COURSES", organizationId: receiver, courseIds: [random.pick(receiving).id] }
          : kind < 0.97
            ? { kind: "ELECTIVE_BLOCK", organizationId: receiver, credits: "4.00", category: "专业选修" }
            : { kind: "NO_RECOGNITION", organizationId: receiver, reason: "内容不对应" };
      rules.push({
        ruleId: flat(random.uuidv7(EPOCH + 300_000 + a)),
        agreementId,
        agreementVersion: 1,
        inForceFrom: "2025-09-01",
        inForceTo: validTo,
        allowTransitive,
        hoursPerCredit,
        source,
        target,
        credits: random.chance(0.5) ? FIXED[random.int(0, 3)] : FROM_HOURS,
      });
    }
  }
  return { organizations, courses, coursesOf, rules, agreements };
}

/** The V8 heap plus the typed arrays' contents, which V8 keeps outside it. */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1_048_576;
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1]), queries: samples.length };
}

/** Courses that are a source of some rule: a query about a course no rule names costs nothing and says nothing. */
function sourceCourses(network: Network): string[] {
  return [...new Set(network.rules.flatMap((rule) => rule.source.groups.flatMap((group) => group.courseIds)))];
}

function timeQueries(graph: EquivalenceGraph, starts: string[][], maxHops: number) {
  const samples: number[] = [];
  let results = 0;
  for (const completedCourseIds of starts) {
    const started = performance.now();
    results += graph.resolve({ completedCourseIds, targetOrganizationId: null, on: ON, maxHops, allPaths: false }).length;
    samples.push(performance.now() - started);
  }
  return { ...percentiles(samples), meanResults: Math.round((results / starts.length) * 10) / 10 };
}

export interface ResolutionBenchOptions {
  /** 1 = 100,000 courses, 2,000 agreements, 300,000 rules. */
  scale: number;
  /** One-hop queries; three- and four-hop runs use a quarter as many. */
  queries: number;
  /** PostgreSQL server URL: also times the index's cold load and recursive SQL on a scratch database. */
  databaseUrl: string | null;
}

/** Runs the benchmark and returns its report (JSON-ready). */
export async function resolutionBench(options: ResolutionBenchOptions): Promise<Record<string, unknown>> {
  const baseline = heapMb();
  const generatedAt = performance.now();
  let network: Network | null = generate(new Random("resolution-bench"), options.scale);
  const generateMs = Math.round(performance.now() - generatedAt);
  const networkHeap = heapMb();
  const buildStarted = performance.now();
  const graph = new EquivalenceGraph(network.rules, new Map(network.courses.map((course) => [course.id, course])));
  const buildMs = Math.round(performance.now() - buildStarted);

  const sources = sourceCourses(network);
  const queryRandom = new Random("resolution-bench-queries");
  const single = Array.from({ length: options.queries }, () => [queryRandom.pick(sources)]);
  const few = single.slice(0, Math.ceil(options.queries / 4));
  const five = few.map(() => queryRandom.sample(sources, 5));
  const networkSize = { organizations: network.organizations.length, courses: network.courses.length, agreements: network.agreements.length, rules: graph.ruleCount };
  // Dropped before the heap is read: the ResolutionIndex holds the graph alone, not the rules it was built from.
  network = null;
  const graphHeap = heapMb();
  timeQueries(graph, single.slice(0, 200), 3); // warm up the JIT
  const report: Record<string, unknown> = {
    network: networkSize,
    generateMs,
    indexBuildMs: buildMs,
    // The generated rules and courses as objects, then what the graph built from them retains on its own.
    heapMb: { network: Math.round(networkHeap - baseline), graph: Math.round(graphHeap - baseline) },
    oneHopOneCourseMs: timeQueries(graph, single, 1),
    threeHopOneCourseMs: timeQueries(graph, few, 3),
    threeHopFiveCoursesMs: timeQueries(graph, five, 3),
    fourHopOneCourseMs: timeQueries(graph, few, 4),
  };
  if (options.databaseUrl) {
    // Generated again from the same seed, so with the same IDs the queries name.
    report.database = await databaseBench(options.databaseUrl, generate(new Random("resolution-bench"), options.scale), single.slice(0, 100));
  }
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await resolutionBench({
    scale: Number(process.env.RESOLUTION_BENCH_SCALE ?? "1"),
    queries: Number(process.env.RESOLUTION_BENCH_QUERIES ?? "2000"),
    databaseUrl: process.env.BENCH_DATABASE_URL ?? null,
  });
  console.log(JSON.stringify(report, null, 2));
}

/** The same network in PostgreSQL: the index's cold load, and recursive SQL as the alternative to an index. */
async function databaseBench(base: string, network: Network, starts: string[][]) {
  const name = `ronghe_bench_resolution_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const { openDatabase } = await import("../../src/db/database.js");
  const { migrateDatabase } = await import("../../src/db/migrate.js");
  const { createLogger } = await import("../../src/http/logger.js");
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "memory" }, createLogger("silent"));
  const client = postgres(url.toString(), { max: 4, onnotice: () => undefined });
  try {
    await migrateDatabase(database);
    const insertStarted = performance.now();
    await insertNetwork(client, network);
    const insertMs = Math.round(performance.now() - insertStarted);
    const before = heapMb();
    const index = new ResolutionIndex(database);
    const loadStarted = performance.now();
    await index.current();
    const loadMs = Math.round(performance.now() - loadStarted);
    const indexHeapMb = Math.round(heapMb() - before);
    const loaded = index.statistics();
    const checkStarted = performance.now();
    await (index as unknown as { checksum(): Promise<string> }).checksum();
    const checksumMs = Math.round((performance.now() - checkStarted) * 100) / 100;
    return { insertMs, loaded, indexLoadMs: loadMs, indexHeapMb, checksumQueryMs: checksumMs, recursiveSqlOneHopMs: await recursiveSql(client, starts, 1), recursiveSqlThreeHopMs: await recursiveSql(client, starts, 3) };
  } finally {
    await client.end();
    await database.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function insertNetwork(sql: postgres.Sql, network: Network): Promise<void> {
  const chunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let start = 0; start < rows.length; start += 2_000) await insert(rows.slice(start, start + 2_000));
  };
  await chunks(network.organizations, (chunk) =>
    sql`insert into organization ${sql(chunk.map((org, i) => ({ id: org.id, kind: org.kind, name: `机构${org.id.slice(-8)}`, code: `BENCH${org.id.slice(-12)}${i}` })))}`,
  );
  await chunks(network.courses, (chunk) =>
    sql`insert into course ${sql(
      chunk.map((course) => ({
        id: course.id,
        organization_id: course.organizationId,
        code: `C-${course.id.slice(-12)}`,
        title: "课程",
        lecture_hours: course.lectureHours,
        practice_hours: course.practiceHours,
        level: "PROFESSIONAL_TRAINING",
        field: "OTHER",
        status: "PUBLISHED",
        search_text: "课程",
      })),
    )}`,
  );
  const terms = (validTo: string | null, allowTransitive: boolean) => ({
    validFrom: "2025-09-01",
    validTo,
    lectureHoursPerCredit: "16.00",
    practiceHoursPerCredit: "32.00",
    minGrade: null,
    recencyYears: null,
    maxCreditsPerLearner: null,
    allowTransitive,
  });
  await chunks(network.agreements, (chunk) =>
    sql`insert into agreement ${sql(
      chunk.map((agreement) => ({
        id: agreement.id,
        code: agreement.id.slice(-12),
        title: "协议",
        direction: "ONE_WAY",
        state: "ACTIVE",
        party_organization_ids: sql.array([agreement.sender, agreement.receiver], 2950),
        latest_version: 1,
        in_force_version: 1,
        proposed_by_organization_id: agreement.receiver,
      })),
    )}`,
  );
  await chunks(network.agreements, (chunk) =>
    sql`insert into agreement_version ${sql(
      chunk.map((agreement) => ({
        agreement_id: agreement.id,
        version: 1,
        terms: sql.json(terms(agreement.validTo, agreement.allowTransitive)),
        parties: sql.json([]),
        terms_hash: "bench",
        canonical_terms: "{}",
        status: "ACTIVE",
        proposed_by: "bench",
        proposed_by_organization_id: agreement.receiver,
      })),
    )}`,
  );
  const positions = new Map<string, number>();
  await chunks(network.rules, (chunk) =>
    sql`insert into equivalence_rule ${sql(
      chunk.map((rule) => {
        const position = (positions.get(rule.agreementId) ?? 0) + 1;
        positions.set(rule.agreementId, position);
        return {
          id: rule.ruleId,
          agreement_id: rule.agreementId,
          version: 1,
          position,
          source: sql.json(rule.source as unknown as postgres.JSONValue),
          target_kind: rule.target.kind,
          target_organization_id: rule.target.organizationId,
          target_course_ids: sql.array(rule.target.kind === "COURSES" ? rule.target.courseIds : [], 2950),
          elective_credits: rule.target.kind === "ELECTIVE_BLOCK" ? rule.target.credits : null,
          elective_category: rule.target.kind === "ELECTIVE_BLOCK" ? rule.target.category : null,
          no_recognition_reason: rule.target.kind === "NO_RECOGNITION" ? rule.target.reason : null,
          credits_kind: rule.target.kind === "NO_RECOGNITION" ? null : rule.credits.kind,
          fixed_credits: rule.target.kind !== "NO_RECOGNITION" && rule.credits.kind === "FIXED" ? rule.credits.credits : null,
          course_versions: sql.json({}),
        };
      }),
    )}`,
  );
  const lookups = network.rules.flatMap((rule) => [
    ...[...new Set(rule.source.groups.flatMap((group) => group.courseIds))].map((courseId) => ({ rule_id: rule.ruleId, course_id: courseId, side: "SOURCE", agreement_id: rule.agreementId, version: 1 })),
    ...(rule.target.kind === "COURSES" ? rule.target.courseIds.map((courseId) => ({ rule_id: rule.ruleId, course_id: courseId, side: "TARGET", agreement_id: rule.agreementId, version: 1 })) : []),
  ]);
  await chunks(lookups, (chunk) => sql`insert into equivalence_rule_course ${sql(chunk)} on conflict do nothing`);
  await sql`analyze`;
}

/**
 * The reachable target courses in `hops` as one recursive statement per query, the
 * best SQL can do without an index in memory: 1:1 edges only (no AND groups, credits
 * or paths), so it is a lower bound on what full resolution in SQL would cost.
 */
async function recursiveSql(sql: postgres.Sql, starts: string[][], hops: number) {
  const samples: number[] = [];
  for (const start of starts) {
    const started = performance.now();
    await sql`
      with recursive reach(course_id, hops) as (
        select unnest(${sql.array(start, 2950)}::uuid[]), 0
        union
        select t.course_id, reach.hops + 1
        from reach
        join equivalence_rule_course s on s.course_id = reach.course_id and s.side = 'SOURCE'
        join agreement a on a.id = s.agreement_id and a.in_force_version = s.version and a.state <> 'SUSPENDED'
        join agreement_version v on v.agreement_id = a.id and v.version = a.in_force_version
        join equivalence_rule_course t on t.rule_id = s.rule_id and t.side = 'TARGET'
        where reach.hops < ${hops}
          and (reach.hops = 0 or (v.terms->>'allowTransitive')::boolean)
          and v.terms->>'validFrom' <= ${ON} and coalesce(v.terms->>'validTo' >= ${ON}, true)
      )
      select count(*) from reach`;
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}
