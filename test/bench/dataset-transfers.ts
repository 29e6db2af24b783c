// Credit transfers decided in the second half of 2026 for half of the
// learners who consented to a university: the registrar offers a few
// achievements at a time, the app's own decideTransfer picks the rule, and the
// decision is stored as recordTransfer stores it (CREDIT_TRANSFERRED with the
// two-leg exchange postings, or TRANSFER_DENIED), with the claims of the
// achievements it used. Every fortieth decision is appealed by the learner. Also:
// the course catalogue import each organization ran when it joined.
import type { Actor } from "../../src/auth/viewer.js";
import { toGlobalId } from "../../src/graphql/global-id.js";
import type { AchievementRow } from "../../src/modules/achievement/achievement.table.js";
import { chinaDate } from "../../src/modules/achievement/achievement-rules.js";
import { contentHash } from "../../src/modules/ledger/canonical-json.js";
import { formatAmount, parseAmount } from "../../src/modules/ledger/amount.js";
import { decideTransfer } from "../../src/modules/transfer/rule-evaluation.js";
import { completedAchievement, sourceCourseIdsOf, toCandidate, type RuleFacts } from "../../src/modules/transfer/transfer-facts.js";
import { transferPostings } from "../../src/modules/transfer/transfer-postings.js";
import { json } from "./copy-writer.js";
import { pairKey } from "./dataset-agreements.js";
import { at, type Dataset, type GeneratedLearner } from "./dataset-model.js";

/** What a registrar looks at in one decision: a handful of the learner's achievements. */
const OFFERED_PER_TRANSFER = 6;
const TRANSFERS_PER_LEARNER = 3;
const APPEAL_EVERY_NTH_TRANSFER = 40;

const scopeOf = (actor: Actor) => `${actor.role}:${actor.organizationId ?? "-"}:${actor.subject}`;
const sumOf = (rows: AchievementRow[], pick: (row: AchievementRow) => string) => rows.reduce((total, row) => total + parseAmount(pick(row)), 0n);

/** The candidates `candidateRules` would load: rules in force naming any offered course, in agreement then position order. */
function candidates(dataset: Dataset, learner: GeneratedLearner, offered: AchievementRow[]): RuleFacts[] {
  const courses = new Set(offered.map((row) => row.courseId));
  const rules = dataset.transferRules.get(pairKey(learner.organization.id, learner.consentedTo!.id)) ?? [];
  return rules.filter(({ rule }) => [...sourceCourseIdsOf(rule), ...rule.targetCourseIds].some((id) => courses.has(id)));
}

export async function generateTransfers(dataset: Dataset): Promise<void> {
  const random = dataset.random("transfers");
  const transferSink = dataset.writer.sink("credit_transfer", [
    "id", "learner_id", "target_organization_id", "source_organization_ids", "rule_id", "agreement_id", "agreement_version", "terms_hash", "outcome", "credits", "reasons",
    "achievement_ids", "used_achievement_ids", "lecture_hours", "practice_hours", "decided_on", "decided_by", "ledger_entry_id", "granted_by_appeal_id", "created_at",
  ]);
  const claimSink = dataset.writer.sink("achievement_transfer_claim", ["learner_id", "achievement_id", "transfer_id", "claimed_at"]);
  const appealSink = dataset.writer.sink("transfer_appeal", ["id", "learner_id", "transfer_id", "statement", "status", "opened_by", "opened_by_role", "opened_entry_id", "created_at"]);
  const keySink = dataset.writer.sink("idempotency_key", ["scope", "key", "operation", "request_hash", "result", "created_at"]);
  const transferring = dataset.learners.filter((learner) => learner.achievements && learner.achievements.length > 0);
  const startMs = at("2026-07-01");
  const spacingMs = Math.floor((120 * 86_400_000) / Math.max(1, transferring.length * TRANSFERS_PER_LEARNER));
  let sequence = 0;
  for (const learner of transferring) {
    const university = learner.consentedTo!;
    const granted = new Map<string, bigint>();
    let remaining = [...learner.achievements!].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (let attempt = 0; attempt < TRANSFERS_PER_LEARNER && remaining.length > 0; attempt += 1) {
      const decidedAtMs = startMs + sequence * spacingMs;
      sequence += 1;
      const on = chinaDate(new Date(decidedAtMs));
      const offered = remaining.slice(0, OFFERED_PER_TRANSFER);
      const facts = candidates(dataset, learner, offered);
      const completed = offered.map((row) => completedAchievement(row, false));
      const decision = decideTransfer(toGlobalId("Organization", university.id), facts.map((each) => toCandidate(each, completed, granted, on)));
      const rule = facts.find((each) => toGlobalId("EquivalenceRule", each.rule.id) === decision.ruleId) ?? null;
      const used = offered.filter((row) => decision.usedAchievementIds.includes(toGlobalId("Achievement", row.id)));
      const credits = parseAmount(decision.credits);
      const moves = decision.outcome !== "DENIED" && rule !== null;
      const id = random.uuidv7(decidedAtMs);
      const sourceOrganizationIds = [...new Set(offered.map((row) => row.organizationId))];
      const fields = {
        learnerId: learner.id,
        targetOrganizationId: university.id,
        sourceOrganizationIds,
        ruleId: rule?.rule.id ?? null,
        agreementId: rule?.agreement.id ?? null,
        agreementVersion: rule?.rule.version ?? null,
        termsHash: rule?.version.termsHash ?? null,
        outcome: decision.outcome,
        credits: formatAmount(credits),
        reasons: decision.reasons,
        achievementIds: offered.map((row) => row.id),
        usedAchievementIds: used.map((row) => row.id),
        lectureHours: formatAmount(sumOf(used, (row) => row.lectureHours)),
        practiceHours: formatAmount(sumOf(used, (row) => row.practiceHours)),
        decidedOn: on,
        grantedByAppealId: null,
      };
      const postings = moves
        ? transferPostings({
            learnerId: learner.id,
            targetOrganizationId: university.id,
            agreementId: rule!.agreement.id,
            consumed: used.map((row) => ({ organizationId: row.organizationId, hours: parseAmount(row.lectureHours) + parseAmount(row.practiceHours) })),
            credits,
          })
        : [];
      const entry = await dataset.journal.append(
        { kind: moves ? "CREDIT_TRANSFERRED" : "TRANSFER_DENIED", actor: university.actor, organizationIds: [university.id, ...sourceOrganizationIds], learnerId: learner.id, body: { transferId: id, ...fields }, postings },
        decidedAtMs,
      );
      const decidedAt = new Date(decidedAtMs);
      await transferSink.add([
        id, learner.id, university.id, sourceOrganizationIds, fields.ruleId, fields.agreementId, fields.agreementVersion, fields.termsHash, fields.outcome, fields.credits, json(fields.reasons),
        fields.achievementIds, fields.usedAchievementIds, fields.lectureHours, fields.practiceHours, on, university.actor.subject, entry.id, null, decidedAt,
      ]);
      for (const row of used) await claimSink.add([learner.id, row.id, id, decidedAt]);
      const request = { learnerId: toGlobalId("Learner", learner.id), targetOrganizationId: toGlobalId("Organization", university.id), achievementIds: offered.map((row) => toGlobalId("Achievement", row.id)) };
      await keySink.add([scopeOf(university.actor), `transfer-${sequence}`, "creditTransfer", contentHash({ operation: "creditTransfer", request }), json({ learnerId: learner.id, transferId: id }), decidedAt]);
      if (moves) granted.set(rule!.agreement.id, (granted.get(rule!.agreement.id) ?? 0n) + credits);
      if (sequence % APPEAL_EVERY_NTH_TRANSFER === 0) await appeal(dataset, learner, id, [university.id, ...sourceOrganizationIds], decidedAtMs + 1_000, random.uuidv7(decidedAtMs + 1_000));
      const usedIds = new Set(used.map((row) => row.id));
      remaining = used.length > 0 ? remaining.filter((row) => !usedIds.has(row.id)) : remaining.slice(OFFERED_PER_TRANSFER);
    }
  }

  async function appeal(dataset: Dataset, learner: GeneratedLearner, transferId: string, parties: string[], atMs: number, id: string): Promise<void> {
    const actor: Actor = { subject: toGlobalId("Learner", learner.id), role: "learner", organizationId: null };
    const statement = "所修课程与目标课程内容一致，请求重新认定学分。";
    const entry = await dataset.journal.append(
      { kind: "TRANSFER_APPEALED", actor, organizationIds: parties, learnerId: learner.id, body: { appealId: id, transferId, learnerId: learner.id, statement } },
      atMs,
    );
    await appealSink.add([id, learner.id, transferId, statement, "OPEN", actor.subject, actor.role, entry.id, new Date(atMs)]);
  }
}

/** Each organization imported its course catalogue as a CSV file when it joined (one import run each). */
export async function generateImports(dataset: Dataset): Promise<void> {
  const sink = dataset.writer.sink("import_run", ["organization_id", "file_key", "kind", "agreement_id", "encoding", "rows_read", "rows_written", "imported_by", "imported_at"]);
  for (const organization of dataset.organizations) {
    const text = organization.courses.map((course) => `${course.content.code},${course.content.title}`).join("\n");
    const fileKey = contentHash({ format: "ronghe.import/1", kind: "COURSES", organizationId: organization.id, agreementId: null, text });
    const count = organization.courses.length;
    await sink.add([organization.id, fileKey, "COURSES", null, organization.index % 3 === 0 ? "GB18030" : "UTF-8", count, count, organization.actor.subject, new Date(at("2018-02-01", organization.index * 60_000))]);
  }
}
