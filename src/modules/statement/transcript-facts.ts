// What an organization can state about a learner: the courses the learner
// completed there (achievements it recorded) and the credits it recognised
// for them (credit transfers in force: granted or partial, not reversed),
// each with where it came from. Read once, used by the signed statement and
// by the transcript CSV.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { achievements, type AchievementRow } from "../achievement/achievement.table.js";
import { agreements, equivalenceRules, type EquivalenceRuleRow } from "../agreement/agreement.table.js";
import { courseVersions } from "../course/course.table.js";
import type { CourseContent } from "../course/course-validation.js";
import { learners, type LearnerRow } from "../learner/learner.table.js";
import { organizations, type OrganizationRow } from "../organization/organization.table.js";
import { creditTransfers, type CreditTransferRow } from "../transfer/transfer.table.js";

/** A course as the cited version froze it. */
export interface CourseVersionFacts extends CourseContent {
  id: string;
  version: number;
}

export interface CompletionFact {
  achievement: AchievementRow;
  course: CourseVersionFacts;
}

export interface RecognitionFact {
  transfer: CreditTransferRow;
  /** Null for a grant without a rule (only an appeal grants like that). */
  rule: EquivalenceRuleRow | null;
  targetCourses: CourseVersionFacts[];
  agreement: { id: string; code: string; title: string } | null;
  /** The achievements whose hours the transfer consumed: its provenance. */
  sources: { achievement: AchievementRow; course: CourseVersionFacts; organization: OrganizationRow }[];
}

export interface TranscriptFacts {
  learner: LearnerRow;
  organization: OrganizationRow;
  completions: CompletionFact[];
  recognitions: RecognitionFact[];
}

const key = (courseId: string, version: number) => `${courseId}:${version}`;

/** The frozen versions named by `pairs`, in one statement. */
async function courseVersionsOf(db: Db, pairs: { courseId: string; version: number }[]): Promise<Map<string, CourseVersionFacts>> {
  const unique = [...new Map(pairs.map((pair) => [key(pair.courseId, pair.version), pair])).values()];
  if (unique.length === 0) return new Map();
  const wanted = sql.join(unique.map((pair) => sql`(${pair.courseId}::uuid, ${pair.version}::int)`), sql`, `);
  const rows = await db.select().from(courseVersions).where(sql`(${courseVersions.courseId}, ${courseVersions.version}) in (${wanted})`);
  return new Map(rows.map((row) => [key(row.courseId, row.version), { ...(row.snapshot as CourseContent), id: row.courseId, version: row.version }]));
}

async function byIds<T>(ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  return ids.length === 0 ? [] : load([...new Set(ids)]);
}

/** Null when the learner or the organization does not exist. */
export async function loadTranscriptFacts(db: Db, learnerId: string, organizationId: string): Promise<TranscriptFacts | null> {
  const [learner] = await db.select().from(learners).where(eq(learners.id, learnerId));
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!learner || !organization) return null;
  const completed = await db
    .select()
    .from(achievements)
    .where(and(eq(achievements.learnerId, learnerId), eq(achievements.organizationId, organizationId)))
    .orderBy(asc(achievements.completedOn), asc(achievements.id));
  const transfers = await db
    .select()
    .from(creditTransfers)
    .where(
      and(
        eq(creditTransfers.learnerId, learnerId),
        eq(creditTransfers.targetOrganizationId, organizationId),
        isNull(creditTransfers.reversedAt),
        inArray(creditTransfers.outcome, ["GRANTED", "PARTIAL"]),
      ),
    )
    .orderBy(asc(creditTransfers.decidedOn), asc(creditTransfers.id));
  const rules = await byIds(transfers.flatMap((each) => each.ruleId ?? []), (ids) => db.select().from(equivalenceRules).where(inArray(equivalenceRules.id, ids)));
  const agreementRows = await byIds(transfers.flatMap((each) => each.agreementId ?? []), (ids) =>
    db.select({ id: agreements.id, code: agreements.code, title: agreements.title }).from(agreements).where(inArray(agreements.id, ids)),
  );
  const used = await byIds(transfers.flatMap((each) => each.usedAchievementIds), (ids) =>
    db.select().from(achievements).where(and(eq(achievements.learnerId, learnerId), inArray(achievements.id, ids))),
  );
  const sourceOrganizations = await byIds(used.map((each) => each.organizationId), (ids) => db.select().from(organizations).where(inArray(organizations.id, ids)));
  const courses = await courseVersionsOf(db, [
    ...[...completed, ...used].map((each) => ({ courseId: each.courseId, version: each.courseVersion })),
    ...rules.flatMap((rule) => rule.targetCourseIds.map((courseId) => ({ courseId, version: rule.courseVersions[courseId] }))),
  ]);
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  const agreementById = new Map(agreementRows.map((row) => [row.id, row]));
  const achievementById = new Map(used.map((row) => [row.id, row]));
  const organizationById = new Map(sourceOrganizations.map((row) => [row.id, row]));
  return {
    learner,
    organization,
    completions: completed.map((achievement) => ({ achievement, course: courses.get(key(achievement.courseId, achievement.courseVersion))! })),
    recognitions: transfers.map((transfer) => {
      const rule = transfer.ruleId ? (ruleById.get(transfer.ruleId) ?? null) : null;
      return {
        transfer,
        rule,
        targetCourses: (rule?.targetCourseIds ?? []).map((courseId) => courses.get(key(courseId, rule!.courseVersions[courseId]))!),
        agreement: transfer.agreementId ? (agreementById.get(transfer.agreementId) ?? null) : null,
        sources: transfer.usedAchievementIds.flatMap((id) => {
          const achievement = achievementById.get(id);
          return achievement ? [{ achievement, course: courses.get(key(achievement.courseId, achievement.courseVersion))!, organization: organizationById.get(achievement.organizationId)! }] : [];
        }),
      };
    }),
  };
}
