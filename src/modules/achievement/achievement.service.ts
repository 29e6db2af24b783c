import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import { isUniqueViolation } from "../../db/errors.js";
import { insertRowsStatement } from "../../db/bulk-insert.js";
import { anyUuid, executePrepared, preparedStatement } from "../../db/prepared-statement.js";
import type { Actor, Viewer } from "../../auth/viewer.js";
import { forbidden } from "../../graphql/errors.js";
import type { CursorKey } from "../../graphql/connection.js";
import { parseInputId } from "../../graphql/global-id.js";
import { DomainError, DomainErrors, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { claimIdempotencyKeys, isValidIdempotencyKey, type ClaimOutcome } from "../ledger/idempotency.js";
import { appendEntries, type EntryDraft } from "../ledger/journal.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { courses, courseVersions } from "../course/course.table.js";
import type { CourseContent } from "../course/course-validation.js";
import { learners } from "../learner/learner.table.js";
import { scaleOf } from "../grade-scale/grade-scale.service.js";
import { gradeScales } from "../grade-scale/grade-scale.table.js";
import { fromStoredScale, type GradeScale } from "../grade-scale/grade-scale.js";
import { achievementPostings, chinaDate, judgeAchievement, type CourseFacts, type CourseVersionFacts } from "./achievement-rules.js";
import { achievements, achievementTransferClaims, type AchievementRow } from "./achievement.table.js";
import type { AchievementRecordInput } from "./achievement.input.js";

/** Bounded so one request cannot hold a transaction (and its locks) for long; 1,000 items take well under a second. */
export const MAX_ITEMS = 1_000;
const MAX_GRADE_LENGTH = 20;
/** Single and bulk recording share keys: an item retried alone, or a single record retried in a batch, replays. */
const OPERATION = "achievementRecord";

/** An item whose shape is valid: IDs decoded, grade trimmed. `path` prefixes its fields in errors. */
interface ParsedItem {
  path: string;
  key: string;
  request: Omit<AchievementRecordInput, "idempotencyKey">;
  /** Pre-generated, so the idempotency claim can store the result before the work. */
  achievementId: string;
  learnerId: string;
  courseId: string;
  grade: string;
  completedOn: string;
}

interface StoredResult {
  achievementId: string;
  learnerId: string;
}

/** An achievement that passed every check, with the course version it is worth. */
interface Accepted {
  path: string;
  row: AchievementRow;
  version: CourseVersionFacts;
}

export interface RecordOutcome {
  achievements: AchievementRow[];
  replayed: boolean;
}

export class AchievementService {
  constructor(private readonly database: Database) {}

  /**
   * Records one achievement and appends ACHIEVEMENT_RECORDED, crediting the
   * learner's HOUR (and CREDIT) account at the organization.
   *
   * Fails with: INVALID_IDEMPOTENCY_KEY, INVALID_ID, REQUIRED / TOO_LONG (grade) (reported together), FORBIDDEN
   * (top-level: a course of another organization), IDEMPOTENCY_KEY_REUSED, then the codes of `judgeAchievement`:
   * NOT_FOUND (learner), NOT_FOUND (course), LEARNER_OF_ANOTHER_ORGANIZATION, COURSE_NOT_PUBLISHED, COURSE_RETIRED,
   * FUTURE_DATE, OUTSIDE_COURSE_VALIDITY, GRADE_INVALID, GRADE_NOT_PASSING, ACHIEVEMENT_ALREADY_RECORDED.
   */
  async record(viewer: Viewer, input: AchievementRecordInput): Promise<RecordOutcome> {
    const actor = viewer.requireRole("admin", "registrar", "provider");
    return this.recordItems(actor, [input], () => "");
  }

  /**
   * Records up to MAX_ITEMS achievements in one transaction, all or nothing.
   * Each item fails as in `record`, at its own path (items.3.grade); every
   * refused item is reported. Items whose key was already used with the same
   * input replay their achievement.
   *
   * Fails with: REQUIRED / TOO_MANY_ITEMS (items), then per item as `record`.
   */
  async recordMany(viewer: Viewer, items: AchievementRecordInput[]): Promise<RecordOutcome> {
    const actor = viewer.requireRole("admin", "registrar", "provider");
    if (items.length === 0) throw new DomainError(UserErrorCode.REQUIRED, "items", "Give at least one item");
    if (items.length > MAX_ITEMS) throw new DomainError(UserErrorCode.TOO_MANY_ITEMS, "items", `At most ${MAX_ITEMS} items per request, got ${items.length}`);
    return this.recordItems(actor, items, (i) => `items.${i}.`);
  }

  private async recordItems(actor: Actor, inputs: AchievementRecordInput[], pathOf: (index: number) => string): Promise<RecordOutcome> {
    const items = parseItems(inputs, pathOf);
    const { claims, recorded } = await this.database.write((tx) => this.recordParsed(tx, actor, items));
    return { achievements: await this.inItemOrder(items, claims, recorded), replayed: claims.every((claim) => claim.status === "replayed") };
  }

  /**
   * `recordMany` inside the caller's transaction, so a bulk import commits its
   * achievements together with its own bookkeeping (or rolls both back).
   * Fails as `recordMany` (without its item count checks); returns how many were recorded now.
   */
  async recordManyIn(tx: Db, actor: Actor, inputs: AchievementRecordInput[]): Promise<number> {
    const { recorded } = await this.recordParsed(tx, actor, parseItems(inputs, (i) => `items.${i}.`));
    return recorded.length;
  }

  private async recordParsed(tx: Db, actor: Actor, items: ParsedItem[]): Promise<{ claims: ClaimOutcome<StoredResult>[]; recorded: AchievementRow[] }> {
    const today = chinaDate(new Date());
    // One round trip: the three statements are pipelined, and run in this order. The claim is
    // the only write, so a duplicate waits on its key and then replays; what the others read
    // is used only for fresh items (a replay reads it for nothing).
    const [{ courses: courseFacts, scales }, claims, { learnerOrganizations, taken }] = await Promise.all([
      loadCourses(tx, items.map((item) => item.courseId)),
      claimIdempotencyKeys<StoredResult>(
        tx,
        actor,
        OPERATION,
        items.map((item) => ({ key: item.key, request: item.request, result: { achievementId: item.achievementId, learnerId: item.learnerId } })),
      ),
      loadLearners(tx, items),
    ]);
    refuseOtherOrganizations(actor, courseFacts);
    const fresh = items.filter((_, i) => claims[i].status === "claimed");
    const accepted = judge(fresh, { courseFacts, scales, learnerOrganizations, taken }, today, keyProblems(items, claims));
    await insertRecorded(tx, actor, accepted);
    return { claims, recorded: accepted.map((each) => each.row) };
  }

  /** Fresh rows from memory, replayed ones from the database, in the order of the items. */
  private async inItemOrder(items: ParsedItem[], claims: ClaimOutcome<StoredResult>[], recorded: AchievementRow[]): Promise<AchievementRow[]> {
    const replayedIds = claims.flatMap((claim) => (claim.status === "replayed" ? [claim.result.achievementId] : []));
    const replayed = replayedIds.length === 0 ? [] : await this.byIds(replayedIds);
    const byId = new Map([...recorded, ...replayed].map((row) => [row.id, row]));
    return items.map((item, i) => {
      const claim = claims[i];
      return byId.get(claim.status === "replayed" ? claim.result.achievementId : item.achievementId)!;
    });
  }

  async byIds(ids: readonly string[]): Promise<AchievementRow[]> {
    return this.database.db.select().from(achievements).where(inArray(achievements.id, [...ids]));
  }

  /** At most `limit + 1` achievements of each learner after the cursor, in recording order. */
  async pagesOfLearners(learnerIds: string[], limit: number, after: CursorKey | null): Promise<AchievementRow[]> {
    const ranked = this.database.db
      .select({ id: achievements.id, learnerId: achievements.learnerId, rank: sql<number>`row_number() over (partition by ${achievements.learnerId} order by ${achievements.id})`.as("rank") })
      .from(achievements)
      .where(and(inArray(achievements.learnerId, learnerIds), after ? gt(achievements.id, String(after[0])) : undefined))
      .as("ranked");
    const rows = await this.database.db
      .select({ achievement: achievements })
      .from(ranked)
      .innerJoin(achievements, and(eq(achievements.learnerId, ranked.learnerId), eq(achievements.id, ranked.id)))
      .where(sql`${ranked.rank} <= ${limit + 1}`)
      .orderBy(asc(achievements.learnerId), asc(achievements.id));
    return rows.map((row) => row.achievement);
  }

  async totalsOfLearners(learnerIds: string[]): Promise<{ parentId: string; total: number }[]> {
    return this.database.db
      .select({ parentId: achievements.learnerId, total: count() })
      .from(achievements)
      .where(inArray(achievements.learnerId, learnerIds))
      .groupBy(achievements.learnerId);
  }

  /** The achievements among `ids` whose value a transfer currently holds. */
  async transferredAmong(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.database.db
      .select({ achievementId: achievementTransferClaims.achievementId })
      .from(achievementTransferClaims)
      .where(inArray(achievementTransferClaims.achievementId, [...ids]));
    return new Set(rows.map((row) => row.achievementId));
  }
}

function parseItems(inputs: AchievementRecordInput[], pathOf: (index: number) => string): ParsedItem[] {
  const problems = new Problems();
  const keys = new Set<string>();
  const items = inputs.map((input, i) => {
    const path = pathOf(i);
    const { idempotencyKey: key, ...request } = input;
    if (!isValidIdempotencyKey(key)) problems.add(UserErrorCode.INVALID_IDEMPOTENCY_KEY, `${path}idempotencyKey`, "idempotencyKey must be 1–128 printable characters");
    else if (keys.has(key)) problems.add(UserErrorCode.IDEMPOTENCY_KEY_REUSED, `${path}idempotencyKey`, `idempotencyKey "${key}" appears more than once in this request`);
    keys.add(key);
    const learnerId = parseId(problems, input.learnerId, "Learner", `${path}learnerId`);
    const courseId = parseId(problems, input.courseId, "Course", `${path}courseId`);
    const grade = checkText(problems, `${path}grade`, input.grade, { required: true, max: MAX_GRADE_LENGTH }) ?? "";
    return { path, key, request, achievementId: uuidv7(), learnerId, courseId, grade, completedOn: input.completedOn };
  });
  problems.throwIfAny();
  return items;
}

function parseId(problems: Problems, globalId: string, type: "Learner" | "Course", field: string): string {
  try {
    return parseInputId(globalId, type, field);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.add(error.code, field, error.message);
    return "";
  }
}

function keyProblems(items: ParsedItem[], claims: ClaimOutcome<StoredResult>[]): DomainError[] {
  return claims.flatMap((claim, i) =>
    claim.status === "reused"
      ? [new DomainError(UserErrorCode.IDEMPOTENCY_KEY_REUSED, `${items[i].path}idempotencyKey`, `idempotencyKey "${items[i].key}" was already used for a different ${claim.operation} request`)]
      : [],
  );
}

/** What judging needs from the database, read before the claim's outcome is known. */
interface Facts {
  courseFacts: Map<string, CourseFacts>;
  /** Stored scales by organization; organizations on the default have none. */
  scales: Map<string, GradeScale>;
  learnerOrganizations: Map<string, string>;
  /** Completions already recorded (`completionKey`); the batch's own are added as they are judged. */
  taken: Set<string>;
}

/** Judges the fresh items; throws every problem (key reuse included) together, or returns what to record. */
function judge(items: ParsedItem[], facts: Facts, today: string, problems: DomainError[]): Accepted[] {
  const accepted: Accepted[] = [];
  for (const item of items) {
    const course = facts.courseFacts.get(item.courseId) ?? null;
    const learnerOrganization = facts.learnerOrganizations.get(item.learnerId);
    const completion = completionKey(item);
    const verdict = judgeAchievement({
      learner: learnerOrganization ? { organizationId: learnerOrganization } : null,
      course,
      scale: facts.scales.get(course?.organizationId ?? "") ?? scaleOf(undefined),
      grade: item.grade,
      completedOn: item.completedOn,
      today,
      isDuplicate: facts.taken.has(completion),
    });
    facts.taken.add(completion);
    if (!verdict.ok) problems.push(new DomainError(verdict.code, `${item.path}${verdict.field}`, verdict.message));
    else accepted.push({ path: item.path, row: toRow(item, course!, verdict.version, verdict.normalizedGrade), version: verdict.version });
  }
  if (problems.length > 0) throw new DomainErrors(problems.sort((a, b) => a.field!.localeCompare(b.field!, "en", { numeric: true })));
  return accepted;
}

/** A provider or registrar records only its own organization's courses; admins any. */
function refuseOtherOrganizations(actor: Actor, courseFacts: Map<string, CourseFacts>): void {
  if (actor.role === "admin") return;
  if ([...courseFacts.values()].some((course) => course.organizationId !== actor.organizationId)) {
    throw forbidden("Achievements can be recorded only for courses of the token's organization");
  }
}

const courseColumns = {
  id: courses.id,
  organizationId: courses.organizationId,
  status: courses.status,
  version: courseVersions.version,
  snapshot: courseVersions.snapshot,
  publishedAt: courseVersions.publishedAt,
  scaleKind: gradeScales.kind,
  scalePassMark: gradeScales.passMark,
  scaleLabels: gradeScales.labels,
};

const selectCourses = preparedStatement(
  "achievement_record_courses",
  (db) =>
    db
      .select(courseColumns)
      .from(courses)
      .leftJoin(courseVersions, eq(courseVersions.courseId, courses.id))
      .leftJoin(gradeScales, eq(gradeScales.organizationId, courses.organizationId))
      .where(sql`${courses.id} = ${anyUuid(sql.placeholder("courseIds"))}`)
      .orderBy(asc(courses.id), asc(courseVersions.version)),
  courseColumns,
);

/** The courses with their published versions and their organizations' stored grade scales, in one statement. */
async function loadCourses(tx: Db, courseIds: string[]): Promise<{ courses: Map<string, CourseFacts>; scales: Map<string, GradeScale> }> {
  const rows = await selectCourses(tx, { courseIds: [...new Set(courseIds)] });
  const facts = new Map<string, CourseFacts>();
  const scales = new Map<string, GradeScale>();
  for (const row of rows) {
    const course = facts.get(row.id) ?? { id: row.id, organizationId: row.organizationId, status: row.status, versions: [] };
    if (row.version !== null) course.versions.push(versionFacts(row.version, row.snapshot as CourseContent, row.publishedAt!));
    facts.set(row.id, course);
    if (row.scaleKind !== null) scales.set(row.organizationId, fromStoredScale({ kind: row.scaleKind, passMark: row.scalePassMark, labels: row.scaleLabels! }));
  }
  return { courses: facts, scales };
}

function versionFacts(version: number, content: CourseContent, publishedAt: Date): CourseVersionFacts {
  return {
    version,
    publishedOn: chinaDate(publishedAt),
    lectureHours: parseAmount(content.lectureHours),
    practiceHours: parseAmount(content.practiceHours),
    credits: content.credits === null ? null : parseAmount(content.credits),
    validFrom: content.validFrom,
    validTo: content.validTo,
  };
}

function completionKey(item: { learnerId: string; courseId: string; completedOn: string }): string {
  return `${item.learnerId}|${item.courseId}|${item.completedOn}`;
}

const learnerColumns = { learnerId: learners.id, organizationId: learners.organizationId, courseId: achievements.courseId, completedOn: achievements.completedOn };

const selectLearners = preparedStatement(
  "achievement_record_learners",
  (db) =>
    db
      .select(learnerColumns)
      .from(learners)
      .leftJoin(achievements, and(eq(achievements.learnerId, learners.id), sql`${achievements.courseId} = ${anyUuid(sql.placeholder("courseIds"))}`))
      .where(sql`${learners.id} = ${anyUuid(sql.placeholder("learnerIds"))}`),
  learnerColumns,
);

/**
 * The learners' organizations and the completions already recorded for them of
 * the items' courses, in one statement (a superset of the items' completions,
 * matched in memory). A learner missing from the result does not exist.
 */
async function loadLearners(tx: Db, items: ParsedItem[]): Promise<Pick<Facts, "learnerOrganizations" | "taken">> {
  const rows = await selectLearners(tx, { learnerIds: [...new Set(items.map((item) => item.learnerId))], courseIds: [...new Set(items.map((item) => item.courseId))] });
  const learnerOrganizations = new Map(rows.map((row) => [row.learnerId, row.organizationId]));
  const taken = new Set(rows.flatMap((row) => (row.courseId === null ? [] : [completionKey({ learnerId: row.learnerId, courseId: row.courseId, completedOn: row.completedOn! })])));
  return { learnerOrganizations, taken };
}

function toRow(item: ParsedItem, course: CourseFacts, version: CourseVersionFacts, normalizedGrade: bigint): AchievementRow {
  return {
    id: item.achievementId,
    learnerId: item.learnerId,
    organizationId: course.organizationId,
    courseId: course.id,
    courseVersion: version.version,
    grade: item.grade,
    normalizedGrade: formatAmount(normalizedGrade),
    completedOn: item.completedOn,
    lectureHours: formatAmount(version.lectureHours),
    practiceHours: formatAmount(version.practiceHours),
    credits: version.credits === null ? null : formatAmount(version.credits),
    ledgerEntryId: "",
    recordedAt: new Date(),
  };
}

function entryOf(actor: Actor, { row, version }: Accepted): EntryDraft {
  return {
    kind: "ACHIEVEMENT_RECORDED",
    actor,
    organizationIds: [row.organizationId],
    learnerId: row.learnerId,
    body: {
      achievementId: row.id,
      learnerId: row.learnerId,
      organizationId: row.organizationId,
      courseId: row.courseId,
      courseVersion: row.courseVersion,
      grade: row.grade,
      normalizedGrade: row.normalizedGrade,
      completedOn: row.completedOn,
      lectureHours: row.lectureHours,
      practiceHours: row.practiceHours,
      credits: row.credits,
    },
    postings: achievementPostings(row.learnerId, row.organizationId, version),
  };
}

/** Journals and inserts the achievements: one entry each, the same few statements whatever their number. */
async function insertRecorded(tx: Db, actor: Actor, accepted: Accepted[]): Promise<void> {
  if (accepted.length === 0) return;
  const entries = await appendEntries(
    tx,
    accepted.map((each) => entryOf(actor, each)),
  );
  accepted.forEach(({ row }, i) => {
    row.ledgerEntryId = entries[i].id;
    row.recordedAt = new Date(entries[i].recordedAt);
  });
  try {
    // In completion order: two batches with shared completions in different orders would otherwise deadlock on the unique key.
    const rows = accepted.map((each) => each.row).sort((a, b) => (completionKey(a) < completionKey(b) ? -1 : 1));
    await executePrepared(tx, "achievement_insert", insertRowsStatement(achievements, rows));
  } catch (error) {
    // A concurrent request recorded the same completion under another key after we looked.
    if (isUniqueViolation(error)) throw new DomainError(UserErrorCode.ACHIEVEMENT_ALREADY_RECORDED, accepted.length === 1 ? `${accepted[0].path}completedOn` : "items", "The learner already has this course recorded as completed on this date");
    throw error;
  }
}
