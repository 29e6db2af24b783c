// Completions from a training provider's (or university's) records: learners
// by the organization's own reference (student or employee number), courses by
// code. Recorded through AchievementService's bulk path, which judges each row
// exactly as `achievementsRecord` does and journals every achievement.
import { and, eq, inArray } from "drizzle-orm";
import { UserErrorCode } from "../../graphql/user-error.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { MAX_ITEMS } from "../achievement/achievement.service.js";
import { courses } from "../course/course.table.js";
import { learnerExternalRefs } from "../learner/learner.table.js";
import type { ImportProblem, ImportRow } from "./import-columns.js";
import { writeInPasses, type ImportContext, type ImportOutcome } from "./import-context.js";
import { folded, readCell, readDate } from "./import-values.js";

/** Bounded by the achievement service's batch: one file is one all-or-nothing batch. */
export const MAX_ACHIEVEMENT_ROWS = MAX_ITEMS;

/** The service's input fields, as the columns they were read from. */
const COLUMN_OF_FIELD: Record<string, string | null> = { learnerId: "learnerRef", courseId: "courseCode", grade: "grade", completedOn: "completedOn", idempotencyKey: null };

interface AchievementItem {
  row: ImportRow;
  learnerRef: string;
  courseCode: string;
  grade: string;
  completedOn: string;
}

function readAchievement(row: ImportRow, problems: ImportProblem[]): AchievementItem | null {
  const own: ImportProblem[] = [];
  for (const name of ["learnerRef", "courseCode", "grade", "completedOn"]) {
    if (row.get(name) === null) own.push(row.problem(name, UserErrorCode.REQUIRED, `${row.header(name)} is required`));
  }
  const completedOn = readCell(row, "completedOn", own, readDate, "a date (YYYY-MM-DD)");
  problems.push(...own);
  if (own.length > 0) return null;
  return { row, learnerRef: row.get("learnerRef")!, courseCode: folded(row.get("courseCode")!).toUpperCase(), grade: row.get("grade")!, completedOn: completedOn! };
}

/** Learner IDs by reference and course IDs by code, at the organization, in two statements. */
async function resolveReferences(context: ImportContext, items: AchievementItem[]) {
  const organizationId = context.organization.id;
  const references = [...new Set(items.map((item) => item.learnerRef))];
  const codes = [...new Set(items.map((item) => item.courseCode))];
  const learnerRows = references.length === 0 ? [] : await context.tx
    .select({ externalRef: learnerExternalRefs.externalRef, learnerId: learnerExternalRefs.learnerId })
    .from(learnerExternalRefs)
    .where(and(eq(learnerExternalRefs.organizationId, organizationId), inArray(learnerExternalRefs.externalRef, references)));
  const courseRows = codes.length === 0 ? [] : await context.tx
    .select({ code: courses.code, id: courses.id })
    .from(courses)
    .where(and(eq(courses.organizationId, organizationId), inArray(courses.code, codes)));
  return { learners: new Map(learnerRows.map((row) => [row.externalRef, row.learnerId])), courses: new Map(courseRows.map((row) => [row.code, row.id])) };
}

/**
 * Reads every row, resolves references, and records the achievements in one
 * batch. Rows that could be read are judged by the service even when others
 * could not, so the report names every bad row (the import then writes nothing).
 */
export async function importAchievements(context: ImportContext, rows: ImportRow[]): Promise<ImportOutcome> {
  const problems: ImportProblem[] = [];
  const items = rows.flatMap((row) => readAchievement(row, problems) ?? []);
  const found = await resolveReferences(context, items);
  const resolved = items.filter((item) => {
    const learnerId = found.learners.get(item.learnerRef);
    const courseId = found.courses.get(item.courseCode);
    if (!learnerId) problems.push(item.row.problem("learnerRef", UserErrorCode.NOT_FOUND, `No learner of the organization has the reference ${item.learnerRef}`));
    if (!courseId) problems.push(item.row.problem("courseCode", UserErrorCode.NOT_FOUND, `The organization has no course with the code ${item.courseCode}`));
    return learnerId !== undefined && courseId !== undefined;
  });
  if (resolved.length === 0) return { rowsWritten: 0, problems };
  const inputOf = (item: AchievementItem) => ({
    // Unique per file and row; the file key itself makes a repeated file a no-op before this runs.
    idempotencyKey: `import:${context.fileKey.slice(0, 40)}:${item.row.line}`,
    learnerId: toGlobalId("Learner", found.learners.get(item.learnerRef)!),
    courseId: toGlobalId("Course", found.courses.get(item.courseCode)!),
    grade: item.grade,
    completedOn: item.completedOn,
  });
  const outcome = await writeInPasses(
    context.tx,
    resolved,
    (tx, items) => context.services.achievements.recordManyIn(tx, context.actor, items.map(inputOf)),
    (field) => {
      const [, index, name] = /^items\.(\d+)\.(\w+)$/.exec(field ?? "") ?? [];
      return index === undefined ? null : { index: Number(index), column: COLUMN_OF_FIELD[name] ?? null };
    },
  );
  return { rowsWritten: outcome.rowsWritten, problems: [...problems, ...outcome.problems] };
}
