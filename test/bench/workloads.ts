// The benchmark's workloads, one entry each. A load workload prepares its
// parameters from the database (in the orchestrator), then builds request n
// from them (in the load generator process), checks each response and, for
// writes, what it left in the database. An entry whose `requires` names an
// operation the running schema lacks is reported as not run.
import type { Sql } from "postgres";
import type { TokenRequest } from "../../src/auth/jwt.js";
import { toGlobalId } from "../../src/graphql/global-id.js";

export interface Setup {
  sql: Sql;
  /** A bearer token the servers accept. */
  token(request: TokenRequest): Promise<string>;
  /** Posts a request to a running server and returns the response body. */
  post(request: RequestSpec): Promise<string>;
  /** Unique per run: write workloads prefix their idempotency keys with it. */
  runId: string;
}

export interface RequestSpec {
  body: string;
  headers?: Record<string, string>;
}

export interface LoadWorkload<P = any> {
  kind: "load";
  id: string;
  title: string;
  /** Root fields it uses, e.g. "Query.courses". */
  requires: string[];
  writes: boolean;
  /** Items per request for a bulk workload (reported as items/s); 1 otherwise. */
  itemsPerRequest?(params: P): number;
  /** The floor server's path for the same request and the same JSON answer; absent when there is no floor. */
  floorPath?: string;
  prepare(setup: Setup): Promise<P>;
  request(params: P, n: number): RequestSpec;
  /** Null when the response body is a success, otherwise what is wrong with it. */
  check(body: string): string | null;
  /** After a write workload settled: what is wrong in the database with what it wrote since `since` (ISO instant). */
  verify?(setup: Setup, since: string): Promise<string[]>;
}

/** A workload that is measured from what others did (no load of its own). */
export interface DerivedWorkload {
  kind: "derived";
  id: string;
  title: string;
  requires: string[];
}

export type Workload = LoadWorkload | DerivedWorkload;

const graphql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A query answered without top-level errors. */
function queryCheck(body: string): string | null {
  if (body.includes('"errors":')) return firstMessage(body);
  return body.includes('"data":') ? null : `no data: ${body.slice(0, 200)}`;
}

/** A mutation answered without top-level errors and with an empty `userErrors`. */
function mutationCheck(body: string): string | null {
  const problem = queryCheck(body);
  if (problem) return problem;
  return body.includes('"userErrors":[]') ? null : `userErrors: ${body.slice(body.indexOf('"userErrors"'), body.indexOf('"userErrors"') + 300)}`;
}

function firstMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { message: string; extensions?: { code?: string } }[] };
    const error = parsed.errors?.[0];
    return error ? `${error.extensions?.code ?? "ERROR"}: ${error.message}` : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

// ---------------------------------------------------------------- catalog

export const CATALOG_QUERY = `query CatalogPage($text: String!) {
  courses(first: 20, filter: { text: $text }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id code title titleEn credits level field status
      hours { lecture practice total }
      organization { id name }
      packages(first: 5) { nodes { id code title version } }
    }
  }
}`;

/**
 * Search terms: topics of several industry fields in Chinese and English, each
 * with trigrams (≥ 3 characters) and matching about 0.6 % of the catalog (600
 * of 100,000 courses at scale 1), all of which relevance ranking must score.
 */
const CATALOG_TERMS = ["工业机器人", "云计算", "跨境电商", "健康管理", "新能源汽车", "人工智能", "供应链管理", "数字媒体", "robotics", "cloud computing", "e-commerce", "nursing", "energy storage", "penetration testing", "supply chain", "machine learning"];

const catalog: LoadWorkload<{ terms: string[] }> = {
  kind: "load",
  id: "catalog",
  title: "catalog search page (20 courses with organization and packages)",
  requires: ["Query.courses"],
  writes: false,
  floorPath: "/catalog",
  async prepare({ sql }) {
    const found = await Promise.all(
      CATALOG_TERMS.map(async (term) => {
        const [row] = await sql`select 1 from course where status = 'PUBLISHED' and search_text like ${`%${term}%`} limit 1`;
        return row ? term : null;
      }),
    );
    const terms = found.filter((term): term is string => term !== null);
    if (terms.length === 0) throw new Error("no catalog search term matches the dataset");
    return { terms };
  },
  request: ({ terms }, n) => ({ body: graphql(CATALOG_QUERY, { text: terms[n % terms.length] }) }),
  check: queryCheck,
};

// ---------------------------------------------------------------- node

export const NODE_QUERY = `query CourseNode($id: ID!) {
  node(id: $id) {
    id
    ... on Course {
      code title titleEn credits level field status version
      hours { lecture practice total }
      organization { id name }
    }
  }
}`;

const node: LoadWorkload<{ ids: string[] }> = {
  kind: "load",
  id: "node",
  title: "`node` lookup (a course with its organization)",
  requires: ["Query.node"],
  writes: false,
  floorPath: "/node",
  async prepare({ sql }) {
    const rows = await sql<{ id: string }[]>`select id from course where status = 'PUBLISHED' order by md5(id::text) limit 2000`;
    return { ids: rows.map((row) => toGlobalId("Course", row.id)) };
  },
  request: ({ ids }, n) => ({ body: graphql(NODE_QUERY, { id: ids[n % ids.length] }) }),
  check: (body) => queryCheck(body) ?? (body.includes('"node":null') ? "node is null" : null),
};

// ---------------------------------------------------------------- ledger checks

/**
 * What a write workload must leave behind: each of its rows names a journal
 * entry that exists, one entry per row (none lost, none duplicated), and every
 * unit of the ledger still sums to zero.
 */
async function journalConsistency(sql: Sql, since: string, table: "achievement" | "credit_transfer", kinds: string[], createdColumn: string): Promise<string[]> {
  const problems: string[] = [];
  const [{ rows, entries, orphans }] = await sql.unsafe<{ rows: number; entries: number; orphans: number }[]>(
    `select (select count(*)::int from ${table} where ${createdColumn} >= $1) as rows,
       (select count(*)::int from ledger_entry where kind = any($2) and recorded_at >= $1) as entries,
       (select count(*)::int from ${table} t where t.${createdColumn} >= $1 and not exists (select 1 from ledger_entry e where e.id = t.ledger_entry_id)) as orphans`,
    [since, kinds],
  );
  if (orphans > 0) problems.push(`${orphans} ${table} rows name a journal entry that does not exist`);
  if (rows !== entries) problems.push(`${rows} ${table} rows but ${entries} ${kinds.join("/")} entries since ${since}`);
  const unbalanced = await sql<{ unit: string; total: string }[]>`select unit, sum(amount)::text as total from ledger_posting group by unit having sum(amount) <> 0`;
  for (const { unit, total } of unbalanced) problems.push(`the ledger's ${unit} postings sum to ${total}, not 0`);
  return problems;
}

// ---------------------------------------------------------------- achievements

interface Recorder {
  token: string;
  grade: string;
  learnerIds: string[];
  courseIds: string[];
}

interface AchievementParams {
  runId: string;
  /** The day before the earliest completion in the database: each request goes further back, so no completion repeats. */
  latestDay: number;
  recorders: Recorder[];
  batch: number;
}

const DAY_MS = 86_400_000;
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A grade every scale the generator uses accepts as passing. */
const PASSING: Record<string, string> = { NUMERIC: "85", FIVE_LEVEL: "良好", PASS_FAIL: "通过" };

/**
 * Organizations with their learners and the published courses any date
 * accepts (no validity window), each with a token of its own registrar or
 * provider: recording is done by the course's organization.
 */
async function recorders(setup: Setup, organizations: number): Promise<Recorder[]> {
  const rows = await setup.sql<{ id: string; kind: string; scale: string | null; learners: string[]; courses: string[] }[]>`
    select o.id, o.kind, g.kind as scale,
      array(select l.id::text from learner l where l.organization_id = o.id order by l.id limit 500) as learners,
      array(select c.id::text from course c where c.organization_id = o.id and c.status = 'PUBLISHED' and c.valid_from is null and c.valid_to is null order by c.id limit 50) as courses
    from organization o left join grade_scale g on g.organization_id = o.id
    order by md5(o.id::text) limit ${organizations}`;
  return Promise.all(
    rows
      .filter((row) => row.learners.length > 0 && row.courses.length > 0)
      .map(async (row) => ({
        token: await setup.token({ role: row.kind === "UNIVERSITY" ? "registrar" : "provider", org: toGlobalId("Organization", row.id), sub: `bench-writer-${row.id}` }),
        grade: PASSING[row.scale ?? "NUMERIC"],
        learnerIds: row.learners.map((id) => toGlobalId("Learner", id)),
        courseIds: row.courses.map((id) => toGlobalId("Course", id)),
      })),
  );
}

async function achievementParams(setup: Setup, batch: number): Promise<AchievementParams> {
  const [{ earliest }] = await setup.sql<{ earliest: string | null }[]>`select min(completed_on)::text as earliest from achievement`;
  const latestDay = Math.floor(Date.parse(`${earliest ?? "2026-01-01"}T00:00:00Z`) / DAY_MS) - 1;
  return { runId: setup.runId, latestDay, recorders: await recorders(setup, 50), batch };
}

/** The j-th completion recorded for an organization: learner j mod L on the j div L-th day back, so (learner, day) never repeats. */
function completion(params: AchievementParams, recorder: Recorder, j: number) {
  return {
    learnerId: recorder.learnerIds[j % recorder.learnerIds.length],
    courseId: recorder.courseIds[j % recorder.courseIds.length],
    grade: recorder.grade,
    completedOn: dayText(params.latestDay - Math.floor(j / recorder.learnerIds.length)),
  };
}

const RECORD_MUTATION = `mutation Record($input: AchievementRecordInput!) {
  achievementRecord(input: $input) { achievement { id } userErrors { code field message } }
}`;

const achievementRecord: LoadWorkload<AchievementParams> = {
  kind: "load",
  id: "achievement-record",
  title: "`achievementRecord` (one achievement per request)",
  requires: ["Mutation.achievementRecord"],
  writes: true,
  prepare: (setup) => achievementParams(setup, 1),
  request(params, n) {
    const recorder = params.recorders[n % params.recorders.length];
    const j = Math.floor(n / params.recorders.length);
    return { body: graphql(RECORD_MUTATION, { input: { idempotencyKey: `${params.runId}-one-${n}`, ...completion(params, recorder, j) } }), headers: bearer(recorder.token) };
  },
  check: mutationCheck,
  verify: ({ sql }, since) => journalConsistency(sql, since, "achievement", ["ACHIEVEMENT_RECORDED"], "recorded_at"),
};

const RECORD_MANY_MUTATION = `mutation RecordMany($input: AchievementsRecordInput!) {
  achievementsRecord(input: $input) { replayed userErrors { code field message } }
}`;

/** Items per bulk request: large enough to amortise the request, well under the 1,000 allowed. */
export const BULK_ITEMS = 100;

const achievementsRecord: LoadWorkload<AchievementParams> = {
  kind: "load",
  id: "achievements-record",
  title: `\`achievementsRecord\` (bulk, ${BULK_ITEMS} per request)`,
  requires: ["Mutation.achievementsRecord"],
  writes: true,
  itemsPerRequest: (params) => params.batch,
  prepare: (setup) => achievementParams(setup, BULK_ITEMS),
  request(params, n) {
    const recorder = params.recorders[n % params.recorders.length];
    const round = Math.floor(n / params.recorders.length);
    const items = Array.from({ length: params.batch }, (_, i) => ({ idempotencyKey: `${params.runId}-bulk-${n}-${i}`, ...completion(params, recorder, round * params.batch + i) }));
    return { body: graphql(RECORD_MANY_MUTATION, { input: { items } }), headers: bearer(recorder.token) };
  },
  check: mutationCheck,
  verify: ({ sql }, since) => journalConsistency(sql, since, "achievement", ["ACHIEVEMENT_RECORDED"], "recorded_at"),
};

// ---------------------------------------------------------------- resolution

const EQUIVALENCES_QUERY = `query Equivalences($input: EquivalencesInput!) {
  equivalences(input: $input) {
    credits complete hops
    electiveBlock { credits category }
    targetOrganization { id name }
    targetCourses { id code title }
    missingCourses { id code }
    path { rule { id } }
  }
}`;

/**
 * Course sets that complete a rule's first source group, from ONE_WAY
 * agreements in force (those allowing transitivity when chains are wanted).
 */
async function completedSets(sql: Sql, transitiveOnly: boolean, limit: number): Promise<string[][]> {
  const rows = await sql<{ courses: string[] }[]>`
    select array(select jsonb_array_elements_text(r.source->'groups'->0->'courseIds')) as courses
    from equivalence_rule r
    join agreement a on a.id = r.agreement_id and a.in_force_version = r.version and a.state = 'ACTIVE' and a.direction = 'ONE_WAY'
    join agreement_version v on v.agreement_id = a.id and v.version = r.version
    where r.target_kind = 'COURSES' and (not ${transitiveOnly} or (v.terms->>'allowTransitive')::boolean)
    order by md5(r.id::text) limit ${limit}`;
  return rows.map((row) => row.courses.map((id) => toGlobalId("Course", id)));
}

// Bounds the probing of candidate sets through the API before a multi-hop run.
const MAX_PROBES = 200;
const CHAIN_SETS = 30;

function equivalences(id: string, title: string, maxHops: number): LoadWorkload<{ sets: string[][] }> {
  return {
    kind: "load",
    id,
    title,
    requires: ["Query.equivalences"],
    writes: false,
    async prepare(setup) {
      const candidates = await completedSets(setup.sql, maxHops > 1, 400);
      if (maxHops === 1) return { sets: candidates };
      // Keep the sets whose answer really reaches three hops: the chains the workload is about.
      const sets: string[][] = [];
      for (const courseIds of candidates.slice(0, MAX_PROBES)) {
        const body = await setup.post({ body: graphql(EQUIVALENCES_QUERY, { input: { courseIds, maxHops } }) });
        if (body.includes(`"hops":${maxHops}`)) sets.push(courseIds);
        if (sets.length >= CHAIN_SETS) break;
      }
      if (sets.length === 0) throw new Error(`none of ${MAX_PROBES} course sets of the dataset resolves over ${maxHops} hops`);
      return { sets };
    },
    request: ({ sets }, n) => ({ body: graphql(EQUIVALENCES_QUERY, { input: { courseIds: sets[n % sets.length], maxHops } }) }),
    check: queryCheck,
  };
}

const TRANSFER_PLAN_QUERY = `query Plan($input: TransferPlanInput!) {
  transferPlan(input: $input) {
    on totalCredits
    grants { creditsInTotal decision { outcome credits reasons { code } } }
    refusals { outcome credits reasons { code } }
    completions { outcome credits additionalHours }
  }
}`;

/** Learners with an active consent to a university, and a registrar token of that university for each. */
async function consentedLearners(setup: Setup, where: "twenty achievements" | "any", limit: number) {
  const rows = await setup.sql<{ learner: string; target: string; achievements: string[] }[]>`
    select l.id as learner, c.organization_id as target,
      array(select a.id::text from achievement a where a.learner_id = l.id
            and not exists (select 1 from achievement_transfer_claim t where t.learner_id = a.learner_id and t.achievement_id = a.id)
            order by a.id) as achievements
    from learner_consent c join learner l on l.id = c.learner_id
    where c.revoked_at is null
      and (${where} = 'any' or (select count(*) from achievement a where a.learner_id = l.id) = 20)
    order by md5(l.id::text) limit ${limit}`;
  const tokens = new Map<string, string>();
  for (const target of new Set(rows.map((row) => row.target))) {
    tokens.set(target, await setup.token({ role: "registrar", org: toGlobalId("Organization", target), sub: `bench-registrar-${target}` }));
  }
  return rows.map((row) => ({
    learnerId: toGlobalId("Learner", row.learner),
    targetOrganizationId: toGlobalId("Organization", row.target),
    token: tokens.get(row.target)!,
    achievementIds: row.achievements.map((id) => toGlobalId("Achievement", id)),
  }));
}

const transferPlan: LoadWorkload<{ plans: { learnerId: string; targetOrganizationId: string; token: string }[] }> = {
  kind: "load",
  id: "transfer-plan",
  title: "`transferPlan` (learner with 20 achievements)",
  requires: ["Query.transferPlan"],
  writes: false,
  async prepare(setup) {
    // Small datasets may have no learner with exactly 20 achievements: fall back to any consented learner.
    const exact = await consentedLearners(setup, "twenty achievements", 500);
    const plans = exact.length > 0 ? exact : await consentedLearners(setup, "any", 500);
    if (plans.length === 0) throw new Error("no consented learner in the dataset");
    return { plans };
  },
  request({ plans }, n) {
    const { token, learnerId, targetOrganizationId } = plans[n % plans.length];
    return { body: graphql(TRANSFER_PLAN_QUERY, { input: { learnerId, targetOrganizationId } }), headers: bearer(token) };
  },
  check: (body) => queryCheck(body) ?? (body.includes('"transferPlan":null') ? "transferPlan is null (no consent?)" : null),
};

const TRANSFER_MUTATION = `mutation Transfer($input: CreditTransferInput!) {
  creditTransfer(input: $input) {
    transfer { id decidedOn }
    decision { outcome credits reasons { code } }
    replayed
    userErrors { code field message }
  }
}`;

/** Achievements a transfer offers: two at a time, so one learner's record serves several transfers. */
const OFFERED = 2;

const creditTransfer: LoadWorkload<{ runId: string; learners: Awaited<ReturnType<typeof consentedLearners>> }> = {
  kind: "load",
  id: "credit-transfer",
  title: `\`creditTransfer\` (${OFFERED} achievements offered)`,
  requires: ["Mutation.creditTransfer"],
  writes: true,
  async prepare(setup) {
    const learners = (await consentedLearners(setup, "any", 20_000)).filter((learner) => learner.achievementIds.length >= OFFERED);
    if (learners.length === 0) throw new Error("no consented learner with achievements left to transfer");
    return { runId: setup.runId, learners };
  },
  request({ runId, learners }, n) {
    const learner = learners[n % learners.length];
    // Each request offers achievements no earlier request offered, until a learner's record is used up.
    const pairs = Math.floor(learner.achievementIds.length / OFFERED);
    const pair = Math.floor(n / learners.length) % pairs;
    const achievementIds = learner.achievementIds.slice(pair * OFFERED, pair * OFFERED + OFFERED);
    const input = { idempotencyKey: `${runId}-transfer-${n}`, learnerId: learner.learnerId, targetOrganizationId: learner.targetOrganizationId, achievementIds };
    return { body: graphql(TRANSFER_MUTATION, { input }), headers: bearer(learner.token) };
  },
  check: mutationCheck,
  verify: ({ sql }, since) => journalConsistency(sql, since, "credit_transfer", ["CREDIT_TRANSFERRED", "TRANSFER_DENIED"], "created_at"),
};

// ---------------------------------------------------------------- the list

/** In run order: reads first, then writes (the sealer-lag measure needs the writes before it). */
export const WORKLOADS: Workload[] = [
  catalog,
  node,
  equivalences("equivalences-1", "`equivalences`, one hop", 1),
  equivalences("equivalences-3", "`equivalences`, three hops", 3),
  transferPlan,
  achievementRecord,
  achievementsRecord,
  creditTransfer,
  { kind: "derived", id: "sealer-lag", title: "sealer lag under the write load above (recordedAt → leaf)", requires: ["Mutation.achievementRecord"] },
];

export function loadWorkload(id: string): LoadWorkload {
  const workload = WORKLOADS.find((each) => each.id === id);
  if (!workload || workload.kind !== "load") throw new Error(`no load workload "${id}"`);
  return workload;
}
