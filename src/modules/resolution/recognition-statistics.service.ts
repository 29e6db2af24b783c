// Aggregates of credit transfer decisions for third-party evaluation (State
// Council 2017 No. 95 §23). Counts and sums only: no learner, achievement or
// transfer identifier leaves this module.
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { badUserInput } from "../../graphql/errors.js";
import { parseArgumentId } from "../../graphql/global-id.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import type { ReasonCode } from "../transfer/rule-evaluation.js";
import type { RecognitionGroupBy, RecognitionStatisticsFilter } from "./resolution.input.js";

// The most-recognised courses listed per group: a league table, not a catalog.
const TOP_COURSES = 5;

export interface StatisticsGroup {
  /** YYYY-MM, an IndustryField, an organization or agreement UUID; "" for transfers no agreement covered; null for the total. */
  key: string | null;
  transfers: number;
  granted: number;
  partial: number;
  denied: number;
  reversed: number;
  creditsGranted: string;
  denialReasons: { code: ReasonCode; count: number }[];
  topCourses: { courseUuid: string; transfers: number }[];
}

interface Conditions {
  organizationId: string | null;
  agreementId: string | null;
  field: string | null;
  from: string | null;
  to: string | null;
}

/** The filter as database values. Fails with (top-level BAD_USER_INPUT): a malformed ID, `from` after `to`. */
function readFilter(filter: RecognitionStatisticsFilter | null | undefined): Conditions {
  const conditions = {
    organizationId: filter?.organizationId ? parseArgumentId(filter.organizationId, "Organization", "filter.organizationId") : null,
    agreementId: filter?.agreementId ? parseArgumentId(filter.agreementId, "Agreement", "filter.agreementId") : null,
    field: filter?.field ?? null,
    from: filter?.from ?? null,
    to: filter?.to ?? null,
  };
  if (conditions.from !== null && conditions.to !== null && conditions.from > conditions.to) throw badUserInput(`Argument "filter.from" (${conditions.from}) is after "filter.to" (${conditions.to})`);
  return conditions;
}

/** The fields of the courses a transfer offered. */
const offeredFields = sql`(select distinct c.field from achievement a join course c on c.id = a.course_id where a.learner_id = t.learner_id and a.id = any(t.achievement_ids))`;

const GROUP_KEYS: Record<RecognitionGroupBy, SQL> = {
  MONTH: sql`to_char(t.decided_on, 'YYYY-MM')`,
  ORGANIZATION: sql`t.target_organization_id::text`,
  AGREEMENT: sql`coalesce(t.agreement_id::text, '')`,
  FIELD: sql`f.field`,
};

/** The transfers counted, one row per (transfer, group key); `null` groups everything together. */
function matching(conditions: Conditions, groupBy: RecognitionGroupBy | null): SQL {
  const where: SQL[] = [sql`true`];
  if (conditions.organizationId) where.push(sql`(t.target_organization_id = ${conditions.organizationId}::uuid or ${conditions.organizationId}::uuid = any(t.source_organization_ids))`);
  if (conditions.agreementId) where.push(sql`t.agreement_id = ${conditions.agreementId}::uuid`);
  if (conditions.from) where.push(sql`t.decided_on >= ${conditions.from}`);
  if (conditions.to) where.push(sql`t.decided_on <= ${conditions.to}`);
  if (conditions.field && groupBy === "FIELD") where.push(sql`f.field = ${conditions.field}`);
  else if (conditions.field) where.push(sql`${conditions.field} in ${offeredFields}`);
  const fields = groupBy === "FIELD" ? sql`cross join lateral ${offeredFields} f` : sql``;
  const key = groupBy === null ? sql`null::text` : GROUP_KEYS[groupBy];
  return sql`select t.learner_id, t.outcome, t.credits, t.reasons, t.reversed_at, t.used_achievement_ids, ${key} as key
    from credit_transfer t ${fields} where ${sql.join(where, sql` and `)}`;
}

interface CountRow {
  key: string | null;
  transfers: number;
  granted: number;
  partial: number;
  denied: number;
  reversed: number;
  credits: string;
}

export class RecognitionStatisticsService {
  constructor(private readonly database: Database) {}

  /**
   * Transfers by outcome, credits granted (granted and partial decisions not
   * reversed), denials by their deciding reason (the first), and the courses
   * most often used by grants, per group and in total.
   */
  async statistics(filter: RecognitionStatisticsFilter | null | undefined, groupBy: RecognitionGroupBy): Promise<{ groups: StatisticsGroup[]; total: StatisticsGroup }> {
    const conditions = readFilter(filter);
    const [groups, [total]] = await Promise.all([this.aggregate(matching(conditions, groupBy)), this.aggregate(matching(conditions, null))]);
    return { groups, total: total ?? emptyGroup() };
  }

  private async aggregate(base: SQL): Promise<StatisticsGroup[]> {
    const [counts, reasons, courses] = await Promise.all([
      this.database.rows<CountRow>(sql`with base as (${base})
        select key, count(*)::int as transfers,
          count(*) filter (where outcome = 'GRANTED')::int as granted,
          count(*) filter (where outcome = 'PARTIAL')::int as partial,
          count(*) filter (where outcome = 'DENIED')::int as denied,
          count(*) filter (where reversed_at is not null)::int as reversed,
          coalesce(sum(credits) filter (where outcome <> 'DENIED' and reversed_at is null), 0)::text as credits
        from base group by key order by key`),
      this.database.rows<{ key: string | null; code: ReasonCode; count: number }>(sql`with base as (${base})
        select key, reasons->0->>'code' as code, count(*)::int as count
        from base where outcome = 'DENIED' group by key, code order by key, count desc, code`),
      this.database.rows<{ key: string | null; course_id: string; transfers: number }>(sql`with base as (${base}),
        used as (
          select base.key, a.course_id, count(*)::int as transfers
          from base join achievement a on a.learner_id = base.learner_id and a.id = any(base.used_achievement_ids)
          where base.outcome <> 'DENIED' and base.reversed_at is null
          group by base.key, a.course_id)
        select key, course_id, transfers from (
          select used.*, row_number() over (partition by key order by transfers desc, course_id) as rank from used) ranked
        where rank <= ${TOP_COURSES} order by key, rank`),
    ]);
    return counts.map((row) => ({
      key: row.key,
      transfers: row.transfers,
      granted: row.granted,
      partial: row.partial,
      denied: row.denied,
      reversed: row.reversed,
      creditsGranted: formatAmount(parseAmount(row.credits)),
      denialReasons: reasons.filter((reason) => reason.key === row.key).map(({ code, count }) => ({ code, count })),
      topCourses: courses.filter((course) => course.key === row.key).map((course) => ({ courseUuid: course.course_id, transfers: course.transfers })),
    }));
  }
}

function emptyGroup(): StatisticsGroup {
  return { key: null, transfers: 0, granted: 0, partial: 0, denied: 0, reversed: 0, creditsGranted: "0.00", denialReasons: [], topCourses: [] };
}
