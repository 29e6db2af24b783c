// Learners (pseudonymous, one per organization reference), their consents to
// the universities they may transfer into, and their achievements: each a
// journal entry crediting HOUR (and CREDIT) at the course's organization, with
// the idempotency key the recording request used — the rows and entries
// AchievementService writes.
import type { Actor } from "../../src/auth/viewer.js";
import { toGlobalId } from "../../src/graphql/global-id.js";
import { achievementPostings, chinaDate, versionInForce, type CourseVersionFacts } from "../../src/modules/achievement/achievement-rules.js";
import { normalizeGrade, type GradeScale } from "../../src/modules/grade-scale/grade-scale.js";
import { contentHash } from "../../src/modules/ledger/canonical-json.js";
import { formatAmount, parseAmount } from "../../src/modules/ledger/amount.js";
import type { AchievementRow } from "../../src/modules/achievement/achievement.table.js";
import { json } from "./copy-writer.js";
import { addDays, at, type Dataset, type GeneratedCourse, type GeneratedLearner, type GeneratedOrganization } from "./dataset-model.js";
import type { Random } from "./prng.js";
import { GIVEN_NAMES, SURNAMES } from "./vocabulary.js";

/** Every tenth learner completed this many courses: the transfer-plan workload's learners. */
export const BUSY_LEARNER_ACHIEVEMENTS = 20;

/** The idempotency scope the app derives from an actor (idempotency.ts). */
const scopeOf = (actor: Actor) => `${actor.role}:${actor.organizationId ?? "-"}:${actor.subject}`;

/**
 * Per learner: 20 achievements for every tenth learner, the rest share what
 * remains of the plan's total evenly; never more than the organization's
 * published courses (one completion per course).
 */
function achievementCounts(dataset: Dataset): number[] {
  const { learners, achievements } = dataset.plan;
  const busy = Math.ceil(learners / 10);
  const others = learners - busy;
  const remaining = Math.max(0, achievements - busy * BUSY_LEARNER_ACHIEVEMENTS);
  const base = Math.floor(remaining / others);
  const extra = remaining - base * others;
  return Array.from({ length: learners }, (_, index) => {
    if (index % 10 === 0) return BUSY_LEARNER_ACHIEVEMENTS;
    const otherIndex = index - Math.floor(index / 10) - 1;
    return base + (otherIndex < extra ? 1 : 0);
  });
}

/** Universities with an active agreement that recognises the provider's courses. */
function recognisingUniversities(dataset: Dataset): Map<string, GeneratedOrganization[]> {
  const byId = new Map(dataset.universities.map((university) => [university.id, university]));
  const result = new Map<string, GeneratedOrganization[]>();
  for (const agreement of dataset.agreements) {
    if (!agreement.active) continue;
    for (const providerId of agreement.providerIds) {
      result.set(providerId, [...(result.get(providerId) ?? []), ...agreement.universityIds.map((id) => byId.get(id)!)]);
    }
  }
  return result;
}

/**
 * Three quarters of the learners belong to training providers, the rest to
 * universities. Half of the provider learners whose provider has an active
 * agreement consented (January 2020) to that agreement's university reading their record.
 */
export async function generateLearners(dataset: Dataset): Promise<void> {
  const random = dataset.random("learners");
  const learnerSink = dataset.writer.sink("learner", ["id", "organization_id", "external_ref", "display_name", "person_id", "created_at"]);
  const refSink = dataset.writer.sink("learner_external_ref", ["organization_id", "external_ref", "learner_id"]);
  const counts = achievementCounts(dataset);
  const recognising = recognisingUniversities(dataset);
  const numbers = new Map<string, number>();
  for (let index = 0; index < dataset.plan.learners; index += 1) {
    const group = index % 4 === 3 ? dataset.universities : dataset.providers;
    const organization = group[Math.floor(index / 4) % group.length];
    const number = (numbers.get(organization.id) ?? 0) + 1;
    numbers.set(organization.id, number);
    const createdAtMs = at("2018-09-01", Math.floor((index / dataset.plan.learners) * 400 * 86_400_000));
    const id = random.uuidv7(createdAtMs);
    const externalRef = organization.kind === "UNIVERSITY" ? `S${2018 + (number % 3)}${String(number).padStart(6, "0")}` : `E${organization.index}-${String(number).padStart(5, "0")}`;
    const displayName = `${random.pick(SURNAMES)}${random.pick(GIVEN_NAMES)}`;
    await learnerSink.add([id, organization.id, externalRef, displayName, id, new Date(createdAtMs)]);
    await refSink.add([organization.id, externalRef, id]);
    const universities = recognising.get(organization.id);
    const consentedTo = universities && random.chance(0.5) ? random.pick(universities) : null;
    // Half of them have had credits transferred already; the other half's record is left for the transfer workloads.
    const achievements = consentedTo && random.chance(0.5) ? [] : null;
    dataset.learners.push({ id, organization, consentedTo, achievementCount: Math.min(counts[index], organization.published.length), achievements });
  }
}

/** LEARNER_CONSENT_GRANTED by the learner's own token, as learnerConsentGrant writes it. */
export async function generateConsents(dataset: Dataset): Promise<void> {
  const random = dataset.random("consents");
  const consentSink = dataset.writer.sink("learner_consent", ["id", "learner_id", "organization_id", "granted_at", "revoked_at"]);
  const keySink = dataset.writer.sink("idempotency_key", ["scope", "key", "operation", "request_hash", "result", "created_at"]);
  const consenting = dataset.learners.filter((learner) => learner.consentedTo);
  const spacingMs = Math.max(1, Math.floor((20 * 86_400_000) / Math.max(1, consenting.length)));
  for (const [index, learner] of consenting.entries()) {
    const grantedAtMs = at("2020-01-02", index * spacingMs);
    const organizationId = learner.consentedTo!.id;
    const consentId = random.uuidv7(grantedAtMs);
    const actor: Actor = { subject: toGlobalId("Learner", learner.id), role: "learner", organizationId: null };
    const grantedAt = new Date(grantedAtMs);
    await consentSink.add([consentId, learner.id, organizationId, grantedAt, null]);
    const request = { organizationId: toGlobalId("Organization", organizationId) };
    await keySink.add([scopeOf(actor), `consent-${index}`, "learnerConsentGrant", contentHash({ operation: "learnerConsentGrant", request }), json({ learnerId: learner.id, consentId }), grantedAt]);
    await dataset.journal.append(
      { kind: "LEARNER_CONSENT_GRANTED", actor, organizationIds: [learner.organization.id, organizationId], learnerId: learner.id, body: { learnerId: learner.id, organizationId, grantedAt: grantedAt.toISOString() } },
      grantedAtMs,
    );
  }
}

const factsCache = new WeakMap<GeneratedCourse, CourseVersionFacts[]>();

function versionFacts(course: GeneratedCourse): CourseVersionFacts[] {
  const cached = factsCache.get(course);
  if (cached) return cached;
  const facts = course.versions.map((version) => ({
    version: version.version,
    publishedOn: chinaDate(new Date(version.publishedAtMs)),
    lectureHours: parseAmount(version.content.lectureHours),
    practiceHours: parseAmount(version.content.practiceHours),
    credits: version.content.credits === null ? null : parseAmount(version.content.credits),
    validFrom: version.content.validFrom,
    validTo: version.content.validTo,
  }));
  factsCache.set(course, facts);
  return facts;
}

function passingGrade(random: Random, scale: GradeScale): string {
  if (scale.kind === "NUMERIC") return String(random.int(60, 100));
  return random.pick(scale.labels.filter((label) => label.passing)).label;
}

/** Course `j` of a learner: a stride through the organization's published courses, distinct for j below their number. */
function courseOf(learner: GeneratedLearner, learnerIndex: number, j: number): GeneratedCourse {
  const courses = learner.organization.published;
  const stride = [7, 11, 13, 17, 19, 23, 29, 31].find((prime) => courses.length % prime !== 0) ?? 1;
  return courses[(learnerIndex + j * stride) % courses.length];
}

/**
 * Achievements in recording order from February 2020 to June 2026: round j
 * records the j-th completion of every learner who has one, so each learner's
 * completions are spread over the years.
 */
export async function generateAchievements(dataset: Dataset): Promise<void> {
  const random = dataset.random("achievements");
  const achievementSink = dataset.writer.sink("achievement", [
    "id", "learner_id", "organization_id", "course_id", "course_version", "grade", "normalized_grade", "completed_on", "lecture_hours", "practice_hours", "credits", "ledger_entry_id", "recorded_at",
  ]);
  const keySink = dataset.writer.sink("idempotency_key", ["scope", "key", "operation", "request_hash", "result", "created_at"]);
  const total = dataset.learners.reduce((sum, learner) => sum + learner.achievementCount, 0);
  const startMs = at("2020-02-01");
  const spanMs = at("2026-06-30") - startMs;
  let recorded = 0;
  for (let round = 0; round < BUSY_LEARNER_ACHIEVEMENTS; round += 1) {
    for (const [learnerIndex, learner] of dataset.learners.entries()) {
      if (learner.achievementCount <= round) continue;
      const recordedAtMs = startMs + Math.floor((recorded / total) * spanMs);
      recorded += 1;
      const course = courseOf(learner, learnerIndex, round);
      const completedOn = chinaDate(new Date(addDays(recordedAtMs, -random.int(0, 20))));
      const version = versionInForce(versionFacts(course), completedOn);
      const { organization } = learner;
      const grade = passingGrade(random, organization.gradeScale);
      const normalized = normalizeGrade(organization.gradeScale, grade)!;
      const id = random.uuidv7(recordedAtMs);
      const fields = {
        learnerId: learner.id,
        organizationId: organization.id,
        courseId: course.id,
        courseVersion: version.version,
        grade,
        normalizedGrade: formatAmount(normalized.normalizedGrade),
        completedOn,
        lectureHours: formatAmount(version.lectureHours),
        practiceHours: formatAmount(version.practiceHours),
        credits: version.credits === null ? null : formatAmount(version.credits),
      };
      const entry = await dataset.journal.append(
        {
          kind: "ACHIEVEMENT_RECORDED",
          actor: organization.actor,
          organizationIds: [organization.id],
          learnerId: learner.id,
          body: { achievementId: id, ...fields },
          postings: achievementPostings(learner.id, organization.id, version),
        },
        recordedAtMs,
      );
      const row: AchievementRow = { ...fields, id, ledgerEntryId: entry.id, recordedAt: new Date(recordedAtMs) };
      learner.achievements?.push(row);
      const recordedAt = row.recordedAt;
      await achievementSink.add([
        id, learner.id, organization.id, course.id, version.version, grade, fields.normalizedGrade, completedOn, fields.lectureHours, fields.practiceHours, fields.credits, entry.id, recordedAt,
      ]);
      const request = { learnerId: toGlobalId("Learner", learner.id), courseId: toGlobalId("Course", course.id), grade, completedOn };
      await keySink.add([
        scopeOf(organization.actor), `achievement-${recorded}`, "achievementRecord", contentHash({ operation: "achievementRecord", request }), json({ achievementId: id, learnerId: learner.id }), recordedAt,
      ]);
    }
  }
}
