// Courses from a catalog spreadsheet: each row is validated by the course
// module's own rules (validateCourseContent) and created through CourseService,
// as drafts, or published at once when the row's status says so.
import { UserErrorCode } from "../../graphql/user-error.js";
import { validateCourseContent, type CourseContent, type CourseContentInput } from "../course/course-validation.js";
import type { OrganizationKind } from "../organization/organization.table.js";
import type { ImportProblem, ImportRow } from "./import-columns.js";
import { problemsFrom, type ImportContext, type ImportOutcome } from "./import-context.js";
import { folded, labels, readCell, readDate, readField, readLevel } from "./import-values.js";

// One catalog per file; far above a real one, small enough for one transaction.
export const MAX_COURSE_ROWS = 2_000;

const readStatus = labels<"DRAFT" | "PUBLISHED">({ DRAFT: ["草稿"], PUBLISHED: ["发布", "已发布"] });

/** Learning outcomes share one cell, separated by semicolons or line breaks. */
const splitOutcomes = (text: string) => text.split(/[;；\n]/).map((each) => each.trim()).filter((each) => each !== "");

interface CourseItem {
  row: ImportRow;
  content: CourseContent;
  publish: boolean;
}

/** A row's content, checked by the course module; null (with problems) when any cell is wrong. */
function readCourse(row: ImportRow, kind: OrganizationKind, problems: ImportProblem[]): CourseItem | null {
  const own: ImportProblem[] = [];
  const optional = (name: string) => row.get(name);
  const input: CourseContentInput = {
    code: optional("code") && folded(optional("code")!),
    title: optional("title"),
    titleEn: optional("titleEn"),
    description: optional("description"),
    lectureHours: optional("lectureHours") && folded(optional("lectureHours")!),
    practiceHours: optional("practiceHours") && folded(optional("practiceHours")!),
    credits: optional("credits") && folded(optional("credits")!),
    level: readCell(row, "level", own, readLevel, "a level (e.g. UNDERGRADUATE or 本科)"),
    field: readCell(row, "field", own, readField, "an industry field (e.g. INTELLIGENT_MANUFACTURING or 智能制造)"),
    learningOutcomes: optional("learningOutcomes") ? splitOutcomes(optional("learningOutcomes")!) : [],
    language: optional("language"),
    validFrom: readCell(row, "validFrom", own, readDate, "a date (YYYY-MM-DD)"),
    validTo: readCell(row, "validTo", own, readDate, "a date (YYYY-MM-DD)"),
  };
  const status = readCell(row, "status", own, readStatus, "DRAFT (草稿) or PUBLISHED (发布)");
  let content: CourseContent | null = null;
  try {
    content = validateCourseContent(kind, input);
  } catch (error) {
    // A cell already reported as unreadable is not reported again as missing.
    const reported = new Set(own.map((problem) => problem.column));
    const located = problemsFrom(error, (field) => ({ line: row.line, column: row.header((field ?? "").split(".")[0]) }));
    own.push(...located.filter((problem) => !reported.has(problem.column)));
  }
  problems.push(...own);
  return own.length === 0 && content ? { row, content, publish: status === "PUBLISHED" } : null;
}

/**
 * Reads every row, refuses codes repeated in the file or already used by the
 * organization, and creates the courses when nothing is wrong.
 */
export async function importCourses(context: ImportContext, rows: ImportRow[]): Promise<ImportOutcome> {
  const problems: ImportProblem[] = [];
  const items: CourseItem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const item = readCourse(row, context.organization.kind, problems);
    if (!item) continue;
    const earlier = firstLineOf.get(item.content.code);
    if (earlier !== undefined) {
      problems.push(row.problem("code", UserErrorCode.DUPLICATE_ROW, `The code ${item.content.code} is already on line ${earlier}`));
      continue;
    }
    firstLineOf.set(item.content.code, row.line);
    items.push(item);
  }
  const taken = await context.services.courses.takenCodes(context.tx, context.organization.id, items.map((item) => item.content.code));
  for (const item of items.filter((each) => taken.has(each.content.code))) {
    problems.push(item.row.problem("code", UserErrorCode.CODE_TAKEN, `The organization already has a course with the code ${item.content.code}`));
  }
  if (problems.length > 0) return { rowsWritten: 0, problems };
  try {
    await context.services.courses.createManyIn(context.tx, context.organization.id, items);
  } catch (error) {
    return { rowsWritten: 0, problems: problemsFrom(error, () => ({ line: null, column: null })) };
  }
  return { rowsWritten: items.length, problems };
}
