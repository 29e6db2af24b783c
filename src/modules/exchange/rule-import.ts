// Equivalence rules from a spreadsheet, one rule per row, into an existing
// agreement: the file's rules become the agreement's next version through
// AgreementService (an amendment, keeping the latest version's validity and
// terms), which every party then reviews and approves by hash as usual.
// Organizations are named by their national codes and courses by their codes,
// so the file reads like the registrar's own schedule.
import { inArray } from "drizzle-orm";
import { UserErrorCode } from "../../graphql/user-error.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { MAX_RULES } from "../agreement/agreement-terms.js";
import type { EquivalenceRuleInput } from "../agreement/agreement.input.js";
import type { RuleCreditsKind, RuleTargetKind } from "../agreement/agreement.table.js";
import type { Conjunction } from "../transfer/rule-evaluation.js";
import { courses } from "../course/course.table.js";
import { organizations } from "../organization/organization.table.js";
import type { ImportProblem, ImportRow } from "./import-columns.js";
import { writeInPasses, type ImportContext, type ImportOutcome } from "./import-context.js";
import { folded, labels, readCell, readDecimal, readInteger } from "./import-values.js";
import { GROUP_SEPARATOR, QUALIFIER, type CourseCode } from "./rule-notation.js";

export const MAX_RULE_ROWS = MAX_RULES;

const readConjunction = labels<Conjunction>({ AND: ["全部", "并且", "且"], OR: ["任一", "或者", "或"] });
const readTargetKind = labels<RuleTargetKind>({ COURSES: ["课程", "课程认定"], ELECTIVE_BLOCK: ["选修学分", "选修"], NO_RECOGNITION: ["不予认定", "不认定"] });
const readCreditsKind = labels<RuleCreditsKind>({ FIXED: ["固定", "固定学分"], FROM_HOURS: ["按学时", "学时折算"] });

/** The service's input paths (after "rules.N."), as the columns they were read from. */
const COLUMN_OF_PATH: [RegExp, string][] = [
  [/^source/, "sourceCourses"],
  [/^target\.organizationId/, "targetOrganization"],
  [/^target\.courseIds/, "targetCourses"],
  [/^target\.electiveCredits/, "electiveCredits"],
  [/^target\.electiveCategory/, "electiveCategory"],
  [/^target\.reason/, "reason"],
  [/^target/, "targetKind"],
  [/^credits/, "credits"],
  [/^minGrade/, "minGrade"],
  [/^recencyYears/, "recencyYears"],
  [/^note/, "note"],
];

/** A course named in a cell: its code, qualified with its organization's code when it is not the row's. */
function readCourseCode(text: string, organizationCode: string): CourseCode {
  const [code, qualifier] = folded(text).split(QUALIFIER);
  return { code: code.trim().toUpperCase(), organizationCode: (qualifier ?? organizationCode).trim() };
}

/** "A+B" (all) or "A/B" (any); one course is an AND group. Null when a group mixes both. */
function readGroup(text: string, organizationCode: string): { conjunction: Conjunction; courses: CourseCode[] } | null {
  const hasAnd = text.includes("+");
  const hasOr = text.includes("/");
  if (hasAnd && hasOr) return null;
  const codes = text.split(hasOr ? "/" : "+").map((each) => each.trim()).filter((each) => each !== "");
  return { conjunction: hasOr ? "OR" : "AND", courses: codes.map((code) => readCourseCode(code, organizationCode)) };
}

interface RuleRow {
  row: ImportRow;
  sourceOrganizationCode: string;
  groupConjunction: Conjunction;
  groups: { conjunction: Conjunction; courses: CourseCode[] }[];
  targetKind: RuleTargetKind;
  targetOrganizationCode: string;
  targetCourses: CourseCode[];
  electiveCredits: string | null;
  creditsKind: RuleCreditsKind | null;
  credits: string | null;
  minGrade: number | null;
  recencyYears: number | null;
}

function readRule(row: ImportRow, problems: ImportProblem[]): RuleRow | null {
  const own: ImportProblem[] = [];
  const required = (name: string) => {
    const value = row.get(name);
    if (value === null) own.push(row.problem(name, UserErrorCode.REQUIRED, `${row.header(name)} is required`));
    return value === null ? "" : folded(value);
  };
  const sourceOrganizationCode = required("sourceOrganization");
  const targetOrganizationCode = required("targetOrganization");
  const groups = (row.get("sourceCourses") ?? "").split(GROUP_SEPARATOR).filter((text) => text.trim() !== "").map((text) => readGroup(text, sourceOrganizationCode));
  if (groups.length === 0) own.push(row.problem("sourceCourses", UserErrorCode.REQUIRED, `${row.header("sourceCourses")} is required`));
  if (groups.includes(null)) own.push(row.problem("sourceCourses", UserErrorCode.INVALID_VALUE, 'A course group joins its codes with "+" (all needed) or "/" (any one), not both; separate groups with ";"'));
  const targetKind = readCell(row, "targetKind", own, readTargetKind, "COURSES (课程), ELECTIVE_BLOCK (选修学分) or NO_RECOGNITION (不予认定)") ?? "COURSES";
  const credits = readCell(row, "credits", own, readDecimal, 'a decimal number such as "2" or "1.5"');
  const explicitCreditsKind = readCell(row, "creditsKind", own, readCreditsKind, "FIXED (固定) or FROM_HOURS (按学时)");
  const rule: RuleRow = {
    row,
    sourceOrganizationCode,
    groupConjunction: readCell(row, "sourceGroupConjunction", own, readConjunction, "AND (全部) or OR (任一)") ?? "AND",
    groups: groups.filter((group) => group !== null),
    targetKind,
    targetOrganizationCode,
    targetCourses: (row.get("targetCourses") ?? "").split("+").filter((text) => text.trim() !== "").map((text) => readCourseCode(text, targetOrganizationCode)),
    electiveCredits: readCell(row, "electiveCredits", own, readDecimal, 'a decimal number such as "4"'),
    // Absent: FIXED when credits are given (the service refuses them on a NO_RECOGNITION rule rather than
    // this dropping them), else computed from hours, else none for a NO_RECOGNITION rule.
    creditsKind: explicitCreditsKind ?? (credits !== null ? "FIXED" : targetKind === "NO_RECOGNITION" ? null : "FROM_HOURS"),
    credits,
    minGrade: readCell(row, "minGrade", own, readInteger, "a whole number"),
    recencyYears: readCell(row, "recencyYears", own, readInteger, "a whole number"),
  };
  problems.push(...own);
  return own.length === 0 ? rule : null;
}

/** Organization IDs by code, and course IDs by "organization code|course code", in two statements. */
async function resolveCodes(context: ImportContext, rules: RuleRow[]) {
  const named = rules.flatMap((rule) => [...rule.groups.flatMap((group) => group.courses), ...rule.targetCourses]);
  const organizationCodes = [...new Set([...rules.flatMap((rule) => [rule.sourceOrganizationCode, rule.targetOrganizationCode]), ...named.map((course) => course.organizationCode)])];
  const organizationRows = organizationCodes.length === 0 ? [] : await context.tx.select({ id: organizations.id, code: organizations.code }).from(organizations).where(inArray(organizations.code, organizationCodes));
  const organizationIds = new Map(organizationRows.map((row) => [row.code, row.id]));
  const codeOf = new Map(organizationRows.map((row) => [row.id, row.code]));
  const courseRows = organizationRows.length === 0 ? [] : await context.tx
    .select({ id: courses.id, code: courses.code, organizationId: courses.organizationId })
    .from(courses)
    .where(inArray(courses.organizationId, organizationRows.map((row) => row.id)));
  const courseIds = new Map(courseRows.map((row) => [`${codeOf.get(row.organizationId)}|${row.code}`, row.id]));
  return { organizationIds, courseIds };
}

/** The rule as the agreement service takes it; unknown codes are problems on their cells, each reported once. */
function toRuleInput(rule: RuleRow, found: Awaited<ReturnType<typeof resolveCodes>>, problems: ImportProblem[]): EquivalenceRuleInput | null {
  const before = problems.length;
  const { row } = rule;
  const knownOrganization = (code: string, column: string) => {
    if (!found.organizationIds.has(code)) problems.push(row.problem(column, UserErrorCode.UNKNOWN_ORGANIZATION, `No organization has the code ${code}`));
  };
  knownOrganization(rule.sourceOrganizationCode, "sourceOrganization");
  knownOrganization(rule.targetOrganizationCode, "targetOrganization");
  const rowOrganizations = new Set([rule.sourceOrganizationCode, rule.targetOrganizationCode]);
  const courseId = (course: CourseCode, column: string) => {
    const id = found.courseIds.get(`${course.organizationCode}|${course.code}`);
    if (!id && found.organizationIds.has(course.organizationCode)) {
      problems.push(row.problem(column, UserErrorCode.UNKNOWN_COURSE, `The organization ${course.organizationCode} has no course with the code ${course.code}`));
    } else if (!id && !rowOrganizations.has(course.organizationCode)) {
      problems.push(row.problem(column, UserErrorCode.UNKNOWN_ORGANIZATION, `No organization has the code ${course.organizationCode}`));
    }
    return id ? toGlobalId("Course", id) : "";
  };
  const targetOrganizationId = found.organizationIds.get(rule.targetOrganizationCode);
  const input: EquivalenceRuleInput = {
    source: {
      groupConjunction: rule.groupConjunction,
      groups: rule.groups.map((group) => ({ conjunction: group.conjunction, courseIds: group.courses.map((course) => courseId(course, "sourceCourses")) })),
    },
    target: {
      kind: rule.targetKind,
      organizationId: targetOrganizationId ? toGlobalId("Organization", targetOrganizationId) : "",
      courseIds: rule.targetCourses.length > 0 ? rule.targetCourses.map((course) => courseId(course, "targetCourses")) : rule.targetKind === "COURSES" ? [] : null,
      electiveCredits: rule.electiveCredits,
      electiveCategory: row.get("electiveCategory"),
      reason: row.get("reason"),
    },
    credits: rule.creditsKind === null ? null : { kind: rule.creditsKind, credits: rule.credits },
    minGrade: rule.minGrade,
    recencyYears: rule.recencyYears,
    note: row.get("note"),
  };
  return problems.length === before ? input : null;
}

/** `rules.N.path` of the service as the rule's index and the column it came from. */
function locate(field: string | null): { index: number; column: string | null } | null {
  const [, index, path] = /^rules\.(\d+)\.(.+)$/.exec(field ?? "") ?? [];
  if (index === undefined) return null;
  return { index: Number(index), column: COLUMN_OF_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? null };
}

/**
 * Reads every row, resolves codes, and amends the agreement with the rules.
 * Rows that could be read are checked by the agreement service even when
 * others could not, so the report names every bad row.
 */
export async function importRules(context: ImportContext, rows: ImportRow[]): Promise<ImportOutcome> {
  const problems: ImportProblem[] = [];
  const rules = rows.flatMap((row) => readRule(row, problems) ?? []);
  const found = await resolveCodes(context, rules);
  const resolved = rules.flatMap((rule) => {
    const input = toRuleInput(rule, found, problems);
    return input ? [{ rule, input }] : [];
  });
  if (resolved.length === 0 && problems.length > 0) return { rowsWritten: 0, problems };
  const outcome = await writeInPasses(
    context.tx,
    resolved.map(({ rule, input }) => ({ row: rule.row, input })),
    async (tx, items) => {
      await context.services.agreements.amendRulesIn(tx, context.actor, context.agreementId!, items.map((item) => item.input));
      return items.length;
    },
    locate,
  );
  return { rowsWritten: outcome.rowsWritten, problems: [...problems, ...outcome.problems] };
}
