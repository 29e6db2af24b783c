// What transfer decisions read from the database, shared by transfers,
// appeals and the dry run, and the translation of those rows into the pure
// rule evaluation's terms. Rule evaluation sees global IDs, so the reasons it
// writes name IDs a client can use.
import { and, asc, eq, getTableColumns, inArray, isNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { insertRowsStatement } from "../../db/bulk-insert.js";
import { anyUuid, executePrepared, preparedStatement } from "../../db/prepared-statement.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { learners, type LearnerRow } from "../learner/learner.table.js";
import { achievements, achievementTransferClaims, type AchievementRow } from "../achievement/achievement.table.js";
import { versionInForceOn } from "../agreement/agreement-lifecycle.js";
import {
  agreements,
  agreementVersions,
  equivalenceRuleCourses,
  equivalenceRules,
  type AgreementRow,
  type AgreementTermsRecord,
  type EquivalenceRuleRow,
} from "../agreement/agreement.table.js";
import type { CompletedAchievement, EvaluatedRule, TransferCandidate } from "./rule-evaluation.js";
import { creditTransfers } from "./transfer.table.js";

// Far above any real landscape (agreements between one organization and its
// partners, up to 500 rules each); bounds one statement's result, not a loop per rule.
const MAX_CANDIDATE_RULES = 1_000;

/** A rule with the agreement and the version it belongs to. */
export interface RuleFacts {
  rule: EquivalenceRuleRow;
  agreement: AgreementRow;
  version: { version: number; termsHash: string; terms: AgreementTermsRecord };
}

const ruleFactsColumns = {
  rule: equivalenceRules,
  agreement: agreements,
  version: { version: agreementVersions.version, termsHash: agreementVersions.termsHash, terms: agreementVersions.terms },
};

function selectRuleFacts(executor: Db) {
  return executor
    .select(ruleFactsColumns)
    .from(equivalenceRules)
    .innerJoin(agreements, eq(agreements.id, equivalenceRules.agreementId))
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, equivalenceRules.agreementId), eq(agreementVersions.version, equivalenceRules.version)));
}

const selectNamedRule = preparedStatement("transfer_named_rule", (db) => selectRuleFacts(db).where(eq(equivalenceRules.id, sql.placeholder("ruleId"))), ruleFactsColumns);

/** The rule the registrar named, whatever its version (evaluation tells whether that version is in force); none when no rule has this ID. */
export async function namedRule(executor: Db, ruleId: string): Promise<RuleFacts[]> {
  return selectNamedRule(executor, { ruleId });
}

const selectCandidatesNaming = preparedStatement(
  "transfer_candidate_rules_naming",
  (db) => candidatesNaming(db, sql.placeholder("targetOrganizationId"), sql`${equivalenceRuleCourses.courseId} = ${anyUuid(sql.placeholder("courseIds"))}`),
  ruleFactsColumns,
);

/**
 * The rules of versions in force that name any of `courseIds` on either side,
 * in agreements the target organization is party to: the candidates of
 * `decideTransfer`, in a stable order (agreement, then the rule's position).
 * Rules naming the courses as targets are included so that using a rule
 * backwards is explained as WRONG_DIRECTION rather than silently ignored.
 */
async function candidateRules(executor: Db, targetOrganizationId: string, courseIds: string[]): Promise<RuleFacts[]> {
  if (courseIds.length === 0) return [];
  return selectCandidatesNaming(executor, { targetOrganizationId, courseIds });
}

const selectCandidatesForOffer = preparedStatement(
  "transfer_candidate_rules",
  (db) =>
    candidatesNaming(
      db,
      sql.placeholder("targetOrganizationId"),
      sql`${equivalenceRuleCourses.courseId} in (select ${achievements.courseId} from ${achievements} where ${achievements.learnerId} = ${sql.placeholder("learnerId")} and ${achievements.id} = ${anyUuid(sql.placeholder("achievementIds"))})`,
    ),
  ruleFactsColumns,
);

/**
 * `candidateRules` for the courses of the learner's offered achievements, read
 * by the same statement: it needs no earlier read, so it can be sent with them.
 */
export async function candidateRulesForOffer(executor: Db, targetOrganizationId: string, learnerId: string, achievementIds: string[]): Promise<RuleFacts[]> {
  return selectCandidatesForOffer(executor, { targetOrganizationId, learnerId, achievementIds });
}

/** The candidates among rules naming a course that `courseCondition` (on equivalence_rule_course) accepts. */
function candidatesNaming(executor: Db, targetOrganizationId: string | Placeholder, courseCondition: SQL) {
  const naming = executor.selectDistinct({ ruleId: equivalenceRuleCourses.ruleId }).from(equivalenceRuleCourses).where(courseCondition);
  return selectRuleFacts(executor)
    .where(
      and(
        inArray(equivalenceRules.id, naming),
        eq(agreements.inForceVersion, equivalenceRules.version),
        sql`${targetOrganizationId}::uuid = any(${agreements.partyOrganizationIds})`,
      ),
    )
    .orderBy(asc(equivalenceRules.agreementId), asc(equivalenceRules.position))
    .limit(MAX_CANDIDATE_RULES);
}

const learnerColumns = getTableColumns(learners);

const selectLockedLearner = preparedStatement(
  "transfer_lock_learner",
  (db) => db.select(learnerColumns).from(learners).where(eq(learners.id, sql.placeholder("learnerId"))).for("no key update"),
  learnerColumns,
);

/**
 * Locks the learner for the rest of the transaction. Every transfer,
 * reversal and appeal of one learner takes this lock, so the credits already
 * granted under an agreement (the cap) are read after the previous decision
 * committed. It stays on the learner's own shard: no cross-learner lock.
 * NO KEY UPDATE still lets achievements be recorded meanwhile (their foreign
 * key only takes KEY SHARE), while consent changes (FOR UPDATE) wait.
 */
export async function lockLearner(tx: Db, learnerId: string): Promise<LearnerRow> {
  const learner = await lockLearnerIfAny(tx, learnerId);
  if (!learner) throw new DomainError(UserErrorCode.NOT_FOUND, "learnerId", "No learner has this ID");
  return learner;
}

/** `lockLearner`, or null when no learner has this ID. */
export async function lockLearnerIfAny(tx: Db, learnerId: string): Promise<LearnerRow | null> {
  const [learner] = await selectLockedLearner(tx, { learnerId });
  return learner ?? null;
}

/**
 * The offered achievements in the order given, from `rows` (`achievementsOf` the learner).
 *
 * Fails with (per item, the first problem): NOT_FOUND, ACHIEVEMENT_OF_ANOTHER_LEARNER.
 */
export async function offeredAchievements(executor: Db, achievementIds: string[], rows: AchievementRow[]): Promise<AchievementRow[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missingIndex = achievementIds.findIndex((id) => !byId.has(id));
  if (missingIndex === -1) return achievementIds.map((id) => byId.get(id)!);
  // Only on this error path: is it someone else's achievement, or nobody's?
  const [elsewhere] = await executor.select({ id: achievements.id }).from(achievements).where(eq(achievements.id, achievementIds[missingIndex]));
  const field = `achievementIds.${missingIndex}`;
  if (elsewhere) throw new DomainError(UserErrorCode.ACHIEVEMENT_OF_ANOTHER_LEARNER, field, "This achievement belongs to another learner");
  throw new DomainError(UserErrorCode.NOT_FOUND, field, "No achievement has this ID");
}

const achievementColumns = getTableColumns(achievements);

const selectAchievements = preparedStatement(
  "transfer_achievements",
  (db) =>
    db
      .select(achievementColumns)
      .from(achievements)
      .where(and(eq(achievements.learnerId, sql.placeholder("learnerId")), sql`${achievements.id} = ${anyUuid(sql.placeholder("achievementIds"))}`)),
  achievementColumns,
);

export async function achievementsOf(executor: Db, learnerId: string, achievementIds: string[]): Promise<AchievementRow[]> {
  if (achievementIds.length === 0) return [];
  return selectAchievements(executor, { learnerId, achievementIds });
}

/**
 * Claims the achievements for `transferId`. The claim's primary key is the
 * no-double-spend guarantee: a concurrent claim of the same achievement waits
 * for this transaction and then conflicts. Returns the achievements another
 * transfer already holds.
 */
export async function claimAchievements(tx: Db, learnerId: string, transferId: string, achievementIds: string[]): Promise<Set<string>> {
  if (achievementIds.length === 0) return new Set();
  const claimed = await executePrepared<{ achievementId: string }>(
    tx,
    "transfer_claim_achievements",
    insertRowsStatement(
      achievementTransferClaims,
      [...achievementIds].sort().map((achievementId) => ({ learnerId, achievementId, transferId })),
      { onConflictDoNothing: true, returning: ["achievementId"] },
    ),
  );
  const mine = new Set(claimed.map((row) => row.achievementId));
  return new Set(achievementIds.filter((id) => !mine.has(id)));
}

// `<> all` of an empty array holds for every claim: a denial releases them all.
const deleteUnusedClaims = preparedStatement("transfer_release_unused", (db) =>
  db
    .delete(achievementTransferClaims)
    .where(
      and(
        eq(achievementTransferClaims.learnerId, sql.placeholder("learnerId")),
        eq(achievementTransferClaims.transferId, sql.placeholder("transferId")),
        sql`${achievementTransferClaims.achievementId} <> all(${sql.placeholder("usedAchievementIds")}::uuid[])`,
      ),
    ),
);

/** Gives back the claims of `transferId` on achievements it does not use (all of them for a denial). */
export async function releaseUnused(tx: Db, learnerId: string, transferId: string, usedAchievementIds: string[]): Promise<void> {
  await deleteUnusedClaims(tx, { learnerId, transferId, usedAchievementIds });
}

const heldColumns = { achievementId: achievementTransferClaims.achievementId };

const selectHeld = preparedStatement(
  "transfer_held_achievements",
  (db) => db.select(heldColumns).from(achievementTransferClaims).where(eq(achievementTransferClaims.learnerId, sql.placeholder("learnerId"))),
  heldColumns,
);

/** The learner's achievements whose value a transfer holds (for the dry run, which claims nothing). */
async function heldAchievements(executor: Db, learnerId: string): Promise<Set<string>> {
  const rows = await selectHeld(executor, { learnerId });
  return new Set(rows.map((row) => row.achievementId));
}

/** Achievements a dry run considers, most recently completed first: far above any real record. */
const MAX_EVALUATED_ACHIEVEMENTS = 1_000;

const selectLatestAchievements = preparedStatement(
  "transfer_latest_achievements",
  (db) =>
    db
      .select(achievementColumns)
      .from(achievements)
      .where(eq(achievements.learnerId, sql.placeholder("learnerId")))
      .orderBy(sql`${achievements.completedOn} desc`, asc(achievements.id))
      .limit(MAX_EVALUATED_ACHIEVEMENTS),
  achievementColumns,
);

/** What a dry run at the target reads of a learner. */
export interface DryRunFacts {
  /** The learner's achievements, latest first. */
  offered: AchievementRow[];
  held: Set<string>;
  granted: Map<string, bigint>;
  /** The candidate rules for the achievements' courses that receive at the target. */
  rules: RuleFacts[];
}

/** Reads a dry run's facts in two round trips whatever the number of achievements and rules: the rules need the courses. */
export async function dryRunFacts(executor: Db, learnerId: string, targetOrganizationId: string): Promise<DryRunFacts> {
  const [offered, held, granted] = await Promise.all([
    selectLatestAchievements(executor, { learnerId }),
    heldAchievements(executor, learnerId),
    creditsGrantedByAgreement(executor, learnerId),
  ]);
  const rules = await candidateRules(executor, targetOrganizationId, [...new Set(offered.map((row) => row.courseId))]);
  return { offered, held, granted, rules: rules.filter((facts) => facts.rule.targetOrganizationId === targetOrganizationId) };
}

const grantedColumns = { agreementId: creditTransfers.agreementId, credits: sql<string>`sum(${creditTransfers.credits})::text` };

const selectCreditsGranted = preparedStatement(
  "transfer_credits_granted",
  (db) =>
    db
      .select(grantedColumns)
      .from(creditTransfers)
      .where(and(eq(creditTransfers.learnerId, sql.placeholder("learnerId")), inArray(creditTransfers.outcome, ["GRANTED", "PARTIAL"]), isNull(creditTransfers.reversedAt)))
      .groupBy(creditTransfers.agreementId),
  grantedColumns,
);

/** Credits granted to the learner per agreement by transfers in force (granted or partial, not reversed): what caps count. */
export async function creditsGrantedByAgreement(executor: Db, learnerId: string): Promise<Map<string, bigint>> {
  const rows = await selectCreditsGranted(executor, { learnerId });
  return new Map(rows.filter((row) => row.agreementId !== null).map((row) => [row.agreementId!, parseAmount(row.credits)]));
}

/** The rule in the evaluation's terms: course IDs as global IDs. */
function evaluatedRule(row: EquivalenceRuleRow): EvaluatedRule {
  return {
    source: {
      groupConjunction: row.source.groupConjunction,
      groups: row.source.groups.map((group) => ({ conjunction: group.conjunction, courseIds: group.courseIds.map((id) => toGlobalId("Course", id)) })),
    },
    target: { kind: row.targetKind, reason: row.noRecognitionReason ?? undefined },
    // A NO_RECOGNITION rule has no credits; evaluation denies it before reading them.
    credits: row.creditsKind === "FIXED" ? { kind: "FIXED", credits: row.fixedCredits! } : { kind: "FROM_HOURS" },
    minGrade: row.minGrade,
    recencyYears: row.recencyYears,
  };
}

export function completedAchievement(row: AchievementRow, alreadyTransferred: boolean): CompletedAchievement {
  return {
    achievementId: toGlobalId("Achievement", row.id),
    courseId: toGlobalId("Course", row.courseId),
    normalizedGrade: Number(row.normalizedGrade),
    completedOn: row.completedOn,
    lectureHours: row.lectureHours,
    practiceHours: row.practiceHours,
    alreadyTransferred,
  };
}

/**
 * Whether the rule's version applies to something completed on a date. Only
 * the version in force ever applies (an approved amendment replaces its
 * predecessor as a whole, see `versionInForceOn`), so a rule of a superseded
 * or pending version applies to nothing.
 */
function ruleInForceOn({ rule, agreement, version }: RuleFacts): (date: string) => boolean {
  const inForce = agreement.inForceVersion === rule.version ? version.terms : null;
  return (date) => versionInForceOn({ state: agreement.state, inForce, terminationEffectiveOn: agreement.terminationEffectiveOn }, date) !== null;
}

/** What `decideTransfer` needs to judge one rule for these achievements on `on`. */
export function toCandidate(facts: RuleFacts, completed: CompletedAchievement[], granted: ReadonlyMap<string, bigint>, on: string): TransferCandidate {
  return {
    ruleId: toGlobalId("EquivalenceRule", facts.rule.id),
    receivingOrganizationId: toGlobalId("Organization", facts.rule.targetOrganizationId),
    evaluation: {
      rule: evaluatedRule(facts.rule),
      terms: facts.version.terms,
      agreementInForceOn: ruleInForceOn(facts),
      achievements: completed,
      creditsAlreadyGranted: formatAmount(granted.get(facts.agreement.id) ?? 0n),
      on,
    },
  };
}

/** The courses a rule names as its source (database UUIDs). */
export function sourceCourseIdsOf(rule: EquivalenceRuleRow): Set<string> {
  return new Set(rule.source.groups.flatMap((group) => group.courseIds));
}
