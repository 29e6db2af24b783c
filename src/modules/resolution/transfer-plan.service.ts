import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { anyUuid, preparedStatement } from "../../db/prepared-statement.js";
import { decodeGlobalId, toGlobalId } from "../../graphql/global-id.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import type { AchievementRow } from "../achievement/achievement.table.js";
import { courses } from "../course/course.table.js";
import { evaluateRule, type CompletedAchievement } from "../transfer/rule-evaluation.js";
import { completedAchievement, dryRunFacts, toCandidate, type RuleFacts } from "../transfer/transfer-facts.js";
import type { TransferService } from "../transfer/transfer.service.js";
import { toDecision, type TransferDecision } from "../transfer/transfer.type.js";
import { completionOptions } from "./completion-options.js";
import { compareCompletions, countGrants } from "./transfer-plan.js";
import { PlannedCompletion, PlannedGrant, TransferPlan } from "./resolution.type.js";

// A plan lists the closest completions, not every combination of the catalog.
const MAX_COMPLETIONS = 50;
// What a planned course is assumed to be completed with: enough for any minimum grade.
const PLANNED_GRADE = 100;

const hoursColumns = { id: courses.id, lectureHours: courses.lectureHours, practiceHours: courses.practiceHours };

const selectPublishedHours = preparedStatement(
  "transfer_plan_published_hours",
  (db) => db.select(hoursColumns).from(courses).where(and(sql`${courses.id} = ${anyUuid(sql.placeholder("ids"))}`, eq(courses.status, "PUBLISHED"))),
  hoursColumns,
);

interface Option {
  facts: RuleFacts;
  /** Course global IDs, as the evaluation sees them. */
  courseIds: string[];
}

export class TransferPlanService {
  constructor(
    private readonly database: Database,
    private readonly transfers: TransferService,
  ) {}

  /**
   * What the learner's achievements would earn at the target on `on` (the
   * transfer dry run: grants and refusals), the total obtainable, and the rules
   * that one or two more published courses would complete. The caller must be
   * allowed to read the learner (checked by the resolver).
   */
  async plan(learnerId: string, targetOrganizationId: string, on: string): Promise<TransferPlan> {
    const facts = await dryRunFacts(this.database.db, learnerId, targetOrganizationId);
    const { offered, held, granted, rules } = facts;
    const results = this.transfers.decideDryRun(facts, targetOrganizationId, on);
    const decisions = results.map((result) => ({
      result,
      decision: toDecision({
        ruleId: result.ruleId,
        agreementId: result.agreementId,
        agreementVersion: result.agreementVersion,
        termsHash: result.termsHash,
        outcome: result.decision.outcome,
        credits: result.decision.credits,
        reasons: result.decision.reasons,
        usedAchievementIds: result.used.map((row) => row.id),
      }),
    }));
    const grants = decisions.filter((each) => each.decision.outcome !== "DENIED");
    const caps = new Map(rules.map((facts) => [facts.agreement.id, facts.version.terms.maxCreditsPerLearner]));
    const counted = countGrants(
      grants.map(({ result, decision }) => ({ agreementId: result.agreementId, credits: parseAmount(decision.credits), usedAchievementIds: decision.usedAchievementUuids })),
      (agreementId) => {
        const cap = caps.get(agreementId) ?? null;
        return { maxCreditsPerLearner: cap === null ? null : parseAmount(cap), alreadyGranted: granted.get(agreementId) ?? 0n };
      },
    );
    return Object.assign(new TransferPlan(), {
      learnerUuid: learnerId,
      targetOrganizationUuid: targetOrganizationId,
      on,
      grants: grants.map(({ decision }, index) => Object.assign(new PlannedGrant(), { decision, creditsInTotal: formatAmount(counted[index]) })),
      refusals: decisions.filter((each) => each.decision.outcome === "DENIED").map((each): TransferDecision => each.decision),
      completions: await this.completions(rules, offered, held, granted, on),
      totalCredits: formatAmount(counted.reduce((total, credits) => total + credits, 0n)),
    });
  }

  /**
   * For each rule that is denied only because courses are missing: the sets of
   * one or two published courses that, completed on `on` with a grade meeting
   * any minimum, would make the same evaluation grant.
   */
  private async completions(rules: RuleFacts[], offered: AchievementRow[], held: ReadonlySet<string>, granted: Map<string, bigint>, on: string): Promise<PlannedCompletion[]> {
    const completed = offered.map((row) => completedAchievement(row, held.has(row.id)));
    const usable = new Set(completed.filter((each) => !each.alreadyTransferred).map((each) => each.courseId));
    const options: Option[] = [];
    for (const facts of rules) {
      const { evaluation } = toCandidate(facts, completed, granted, on);
      const now = evaluateRule(evaluation);
      if (now.outcome !== "DENIED" || now.reasons[0]?.code !== "INCOMPLETE_AND_GROUP") continue;
      for (const courseIds of completionOptions(evaluation.rule.source, usable)) options.push({ facts, courseIds });
    }
    const published = await this.publishedCourses([...new Set(options.flatMap((option) => option.courseIds))]);
    const planned = options.flatMap((option): PlannedCompletion[] => {
      if (!option.courseIds.every((id) => published.has(id))) return [];
      const further = option.courseIds.map((id) => plannedAchievement(id, published.get(id)!, on));
      const { evaluation } = toCandidate(option.facts, [...completed, ...further], granted, on);
      const outcome = evaluateRule(evaluation);
      if (outcome.outcome === "DENIED") return [];
      return [
        Object.assign(new PlannedCompletion(), {
          ruleUuid: option.facts.rule.id,
          agreementUuid: option.facts.agreement.id,
          courseUuids: option.courseIds.map((id) => decodeGlobalId(id)!.id),
          outcome: outcome.outcome,
          credits: outcome.credits,
          additionalHours: formatAmount(further.reduce((total, each) => total + parseAmount(each.lectureHours) + parseAmount(each.practiceHours), 0n)),
        }),
      ];
    });
    const rank = (each: PlannedCompletion) => ({ ruleId: each.ruleUuid, courseIds: each.courseUuids, credits: parseAmount(each.credits), additionalHours: parseAmount(each.additionalHours) });
    return planned.sort((a, b) => compareCompletions(rank(a), rank(b))).slice(0, MAX_COMPLETIONS);
  }

  /** Published courses by global ID, with their current hours. */
  private async publishedCourses(globalIds: string[]): Promise<Map<string, { lectureHours: string; practiceHours: string }>> {
    if (globalIds.length === 0) return new Map();
    const rows = await selectPublishedHours(this.database.db, { ids: globalIds.map((id) => decodeGlobalId(id)!.id) });
    return new Map(rows.map((row) => [toGlobalId("Course", row.id), row]));
  }
}

function plannedAchievement(courseId: string, hours: { lectureHours: string; practiceHours: string }, on: string): CompletedAchievement {
  return {
    achievementId: `planned:${courseId}`,
    courseId,
    normalizedGrade: PLANNED_GRADE,
    completedOn: on,
    lectureHours: hours.lectureHours,
    practiceHours: hours.practiceHours,
    alreadyTransferred: false,
  };
}
