// Validation of a proposed agreement version, without a database: first the
// shape of the input (numbers, dates, groups, target fields), then — given the
// facts the service loaded — whether every organization and course it names
// exists, belongs to the right party and may be cited. Every problem is
// collected, so one answer lists all of them.
import { decodeGlobalId, type NodeType } from "../../graphql/global-id.js";
import { Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import type { RuleSource } from "../transfer/rule-evaluation.js";
import type { CourseStatus } from "../course/course.table.js";
import type { AgreementDirection, AgreementTermsRecord, PartyRecord, PartyRole, RuleTargetKind } from "./agreement.table.js";
import type { TermsRuleCredits } from "./terms-hash.js";
import type { AgreementPartyInput, AgreementTermsInput, EquivalenceRuleInput, RuleTargetInput } from "./agreement.input.js";

// Every party must review and approve each version, so alliances stay small enough to agree.
export const MAX_PARTIES = 20;
// The national credit bank's largest schedules run to a few hundred course rules per agreement.
export const MAX_RULES = 500;
export const MAX_GROUPS_PER_RULE = 10;
export const MAX_COURSES_PER_GROUP = 20;
export const MAX_REASON_LENGTH = 500;

export interface RuleTargetRecord {
  kind: RuleTargetKind;
  /** Database UUID of the receiving party. */
  organizationId: string;
  /** COURSES only (database UUIDs); empty otherwise. */
  courseIds: string[];
  electiveCredits: string | null;
  electiveCategory: string | null;
  reason: string | null;
}

/** A rule with database UUIDs and canonical decimals, in input order. */
export interface ValidatedRule {
  source: RuleSource;
  target: RuleTargetRecord;
  credits: TermsRuleCredits;
  minGrade: number | null;
  recencyYears: number | null;
  note: string | null;
}

export interface ValidatedVersion {
  terms: AgreementTermsRecord;
  rules: ValidatedRule[];
}

export interface VersionInput {
  validFrom: string;
  validTo?: string | null;
  terms: AgreementTermsInput;
  rules: EquivalenceRuleInput[];
}

/** What the service knows about a course a rule names. */
export interface CourseFacts {
  organizationId: string;
  status: CourseStatus;
  /** The latest published version; null when the course was never published. */
  publishedVersion: number | null;
}

/** A global ID of `type` as a database UUID; an INVALID_ID problem (and null) otherwise. */
function readId(problems: Problems, globalId: string, type: NodeType, field: string): string | null {
  const decoded = decodeGlobalId(globalId);
  if (decoded && decoded.type === type) return decoded.id;
  problems.add(UserErrorCode.INVALID_ID, field, `"${String(globalId).slice(0, 40)}" is not a valid ${type} ID`);
  return null;
}

// Hours per credit, credits and caps beyond this are typing mistakes (and would overflow numeric(6,2)).
const MAX_DECIMAL = 100_000n; // 1000.00 in hundredths

function checkPositiveDecimal(problems: Problems, field: string, value: string): string {
  const hundredths = parseAmount(value);
  if (hundredths <= 0n || hundredths > MAX_DECIMAL) {
    problems.add(UserErrorCode.INVALID_NUMBER, field, `${field} must be greater than 0 and at most ${formatAmount(MAX_DECIMAL)}, got ${value}`);
  }
  return formatAmount(hundredths);
}

function checkIntegerRange(problems: Problems, field: string, value: number | null | undefined, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.add(UserErrorCode.INVALID_NUMBER, field, `${field} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

const checkMinGrade = (problems: Problems, field: string, value: number | null | undefined) => checkIntegerRange(problems, field, value, 0, 100);
const checkRecencyYears = (problems: Problems, field: string, value: number | null | undefined) => checkIntegerRange(problems, field, value, 1, 100);

function checkCount(problems: Problems, field: string, items: readonly unknown[], max: number): boolean {
  if (items.length <= max) return true;
  problems.add(UserErrorCode.TOO_MANY_ITEMS, field, `${field} takes at most ${max} items, got ${items.length}`);
  return false;
}

/**
 * Checks the party list against the direction: at least two parties, each
 * once; MUTUAL parties all take BOTH sides, ONE_WAY parties SENDING or
 * RECEIVING with at least one of each.
 *
 * Codes: TOO_FEW_PARTIES, TOO_MANY_ITEMS, INVALID_ID, DUPLICATE_PARTY, INVALID_PARTY_ROLE.
 */
export function checkParties(problems: Problems, direction: AgreementDirection, parties: AgreementPartyInput[]): PartyRecord[] {
  if (parties.length < 2) problems.add(UserErrorCode.TOO_FEW_PARTIES, "parties", "An agreement needs at least two parties");
  if (!checkCount(problems, "parties", parties, MAX_PARTIES)) return [];
  const records: PartyRecord[] = [];
  parties.forEach((party, index) => {
    const organizationId = readId(problems, party.organizationId, "Organization", `parties.${index}.organizationId`);
    if (organizationId === null) return;
    if (records.some((record) => record.organizationId === organizationId)) {
      problems.add(UserErrorCode.DUPLICATE_PARTY, `parties.${index}.organizationId`, "This organization is already a party");
      return;
    }
    records.push({ organizationId, role: party.role });
  });
  checkRoles(problems, direction, parties);
  return records;
}

function checkRoles(problems: Problems, direction: AgreementDirection, parties: AgreementPartyInput[]): void {
  parties.forEach((party, index) => {
    if ((direction === "MUTUAL") !== (party.role === "BOTH")) {
      const expected = direction === "MUTUAL" ? "BOTH" : "SENDING or RECEIVING";
      problems.add(UserErrorCode.INVALID_PARTY_ROLE, `parties.${index}.role`, `In a ${direction} agreement every party is ${expected}`);
    }
  });
  const has = (role: PartyRole) => parties.some((party) => party.role === role);
  if (direction === "ONE_WAY" && parties.length >= 2 && !(has("SENDING") && has("RECEIVING"))) {
    problems.add(UserErrorCode.INVALID_PARTY_ROLE, "parties", "A ONE_WAY agreement needs at least one SENDING and one RECEIVING party");
  }
}

function checkTerms(problems: Problems, input: VersionInput): AgreementTermsRecord {
  const { terms } = input;
  const validTo = input.validTo ?? null;
  if (validTo !== null && validTo < input.validFrom) {
    problems.add(UserErrorCode.INVALID_DATE_RANGE, "validTo", `validTo ${validTo} is before validFrom ${input.validFrom}`);
  }
  return {
    validFrom: input.validFrom,
    validTo,
    lectureHoursPerCredit: checkPositiveDecimal(problems, "terms.lectureHoursPerCredit", terms.lectureHoursPerCredit),
    practiceHoursPerCredit: checkPositiveDecimal(problems, "terms.practiceHoursPerCredit", terms.practiceHoursPerCredit),
    minGrade: checkMinGrade(problems, "terms.minGrade", terms.minGrade),
    recencyYears: checkRecencyYears(problems, "terms.recencyYears", terms.recencyYears),
    maxCreditsPerLearner:
      terms.maxCreditsPerLearner === null || terms.maxCreditsPerLearner === undefined
        ? null
        : checkPositiveDecimal(problems, "terms.maxCreditsPerLearner", terms.maxCreditsPerLearner),
    allowTransitive: terms.allowTransitive ?? false,
  };
}

/** Course IDs of a non-empty list, each valid and listed once. Codes: EMPTY_GROUP, TOO_MANY_ITEMS, INVALID_ID, DUPLICATE_COURSE. */
function checkCourseList(problems: Problems, field: string, globalIds: string[]): string[] {
  if (globalIds.length === 0) problems.add(UserErrorCode.EMPTY_GROUP, field, `${field} must name at least one course`);
  if (!checkCount(problems, field, globalIds, MAX_COURSES_PER_GROUP)) return [];
  const ids: string[] = [];
  globalIds.forEach((globalId, index) => {
    const id = readId(problems, globalId, "Course", `${field}.${index}`);
    if (id === null) return;
    if (ids.includes(id)) problems.add(UserErrorCode.DUPLICATE_COURSE, `${field}.${index}`, "This course is already listed here");
    else ids.push(id);
  });
  return ids;
}

function checkSource(problems: Problems, field: string, source: EquivalenceRuleInput["source"]): RuleSource {
  if (source.groups.length === 0) problems.add(UserErrorCode.EMPTY_GROUP, `${field}.groups`, "A rule's source needs at least one course group");
  if (!checkCount(problems, `${field}.groups`, source.groups, MAX_GROUPS_PER_RULE)) return { groups: [], groupConjunction: source.groupConjunction };
  return {
    groupConjunction: source.groupConjunction,
    groups: source.groups.map((group, index) => ({
      conjunction: group.conjunction,
      courseIds: checkCourseList(problems, `${field}.groups.${index}.courseIds`, group.courseIds),
    })),
  };
}

/** The fields a target kind uses; any other one given is refused rather than silently dropped. */
const TARGET_FIELDS: Record<RuleTargetKind, (keyof RuleTargetInput)[]> = {
  COURSES: ["courseIds"],
  ELECTIVE_BLOCK: ["electiveCredits", "electiveCategory"],
  NO_RECOGNITION: ["reason"],
};
const OPTIONAL_TARGET_FIELDS: (keyof RuleTargetInput)[] = ["courseIds", "electiveCredits", "electiveCategory", "reason"];

function checkTarget(problems: Problems, field: string, target: RuleTargetInput): RuleTargetRecord {
  for (const name of OPTIONAL_TARGET_FIELDS) {
    const given = target[name] !== null && target[name] !== undefined;
    if (given && !TARGET_FIELDS[target.kind].includes(name)) {
      problems.add(UserErrorCode.INVALID_VALUE, `${field}.${name}`, `${name} does not apply to a ${target.kind} target`);
    }
  }
  // "" never reaches the reference checks: a bad ID is a shape problem, reported first.
  const organizationId = readId(problems, target.organizationId, "Organization", `${field}.organizationId`) ?? "";
  const record: RuleTargetRecord = { kind: target.kind, organizationId, courseIds: [], electiveCredits: null, electiveCategory: null, reason: null };
  if (target.kind === "COURSES") record.courseIds = checkCourseList(problems, `${field}.courseIds`, target.courseIds ?? []);
  if (target.kind === "ELECTIVE_BLOCK") {
    if (target.electiveCredits === null || target.electiveCredits === undefined) problems.add(UserErrorCode.REQUIRED, `${field}.electiveCredits`, "An elective block needs its credits");
    else record.electiveCredits = checkPositiveDecimal(problems, `${field}.electiveCredits`, target.electiveCredits);
    record.electiveCategory = checkText(problems, `${field}.electiveCategory`, target.electiveCategory, { required: true, max: 100 });
  }
  if (target.kind === "NO_RECOGNITION") record.reason = checkText(problems, `${field}.reason`, target.reason, { required: true, max: MAX_REASON_LENGTH });
  return record;
}

function checkCredits(problems: Problems, field: string, rule: EquivalenceRuleInput): TermsRuleCredits {
  const credits = rule.credits ?? null;
  if (rule.target.kind === "NO_RECOGNITION") {
    if (credits !== null) problems.add(UserErrorCode.INVALID_VALUE, field, "A NO_RECOGNITION rule grants no credits");
    return null;
  }
  if (credits === null) {
    problems.add(UserErrorCode.REQUIRED, field, "A rule that recognises courses needs its credits");
    return null;
  }
  const amount = credits.credits ?? null;
  if (credits.kind === "FROM_HOURS") {
    if (amount !== null) problems.add(UserErrorCode.INVALID_VALUE, `${field}.credits`, "FROM_HOURS credits are computed, not given");
    return { kind: "FROM_HOURS" };
  }
  if (amount === null) {
    problems.add(UserErrorCode.REQUIRED, `${field}.credits`, "FIXED credits need an amount");
    return null;
  }
  return { kind: "FIXED", credits: checkPositiveDecimal(problems, `${field}.credits`, amount) };
}

function checkRule(problems: Problems, index: number, rule: EquivalenceRuleInput): ValidatedRule {
  const field = `rules.${index}`;
  return {
    source: checkSource(problems, `${field}.source`, rule.source),
    target: checkTarget(problems, `${field}.target`, rule.target),
    credits: checkCredits(problems, `${field}.credits`, rule),
    minGrade: checkMinGrade(problems, `${field}.minGrade`, rule.minGrade),
    recencyYears: checkRecencyYears(problems, `${field}.recencyYears`, rule.recencyYears),
    note: checkText(problems, `${field}.note`, rule.note, { required: false, max: MAX_REASON_LENGTH }),
  };
}

/**
 * Checks the shape of a version: validity, terms and rules. Decimals come back
 * canonical ("16.00"), IDs as database UUIDs.
 *
 * Codes: INVALID_DATE_RANGE, INVALID_NUMBER, TOO_MANY_ITEMS, EMPTY_GROUP, INVALID_ID, DUPLICATE_COURSE,
 * REQUIRED / INVALID_VALUE / TOO_LONG (target and credit fields that do not fit the target kind).
 */
export function checkVersion(problems: Problems, input: VersionInput): ValidatedVersion {
  const terms = checkTerms(problems, input);
  if (!checkCount(problems, "rules", input.rules, MAX_RULES)) return { terms, rules: [] };
  return { terms, rules: input.rules.map((rule, index) => checkRule(problems, index, rule)) };
}

const canSend = (role: PartyRole) => role !== "RECEIVING";
const canReceive = (role: PartyRole) => role !== "SENDING";

function checkCitable(problems: Problems, field: string, course: CourseFacts): void {
  if (course.status === "RETIRED") problems.add(UserErrorCode.COURSE_RETIRED, field, "This course is retired");
  else if (course.publishedVersion === null) problems.add(UserErrorCode.COURSE_NOT_PUBLISHED, field, "Only published courses can be cited");
}

function checkSourceCourse(problems: Problems, field: string, course: CourseFacts | undefined, roles: ReadonlyMap<string, PartyRole>, targetOrganizationId: string): void {
  if (!course) return problems.add(UserErrorCode.UNKNOWN_COURSE, field, "No course has this ID");
  const role = roles.get(course.organizationId);
  if (role === undefined) return problems.add(UserErrorCode.COURSE_NOT_OF_PARTY, field, "This course belongs to an organization that is not a party");
  if (!canSend(role)) return problems.add(UserErrorCode.WRONG_SIDE_FOR_DIRECTION, field, "A source course must belong to a sending party");
  if (course.organizationId === targetOrganizationId) {
    return problems.add(UserErrorCode.WRONG_SIDE_FOR_DIRECTION, field, "A source course cannot belong to the rule's target organization");
  }
  checkCitable(problems, field, course);
}

function checkTargetCourse(problems: Problems, field: string, course: CourseFacts | undefined, targetOrganizationId: string): void {
  if (!course) return problems.add(UserErrorCode.UNKNOWN_COURSE, field, "No course has this ID");
  if (course.organizationId !== targetOrganizationId) {
    return problems.add(UserErrorCode.COURSE_NOT_OF_PARTY, field, "A target course must belong to the target organization");
  }
  checkCitable(problems, field, course);
}

function checkTargetOrganization(problems: Problems, field: string, organizationId: string, roles: ReadonlyMap<string, PartyRole>): void {
  const role = roles.get(organizationId);
  if (role === undefined) problems.add(UserErrorCode.ORGANIZATION_NOT_A_PARTY, field, "The target organization must be a party");
  else if (!canReceive(role)) problems.add(UserErrorCode.WRONG_SIDE_FOR_DIRECTION, field, "The target organization must be a receiving party");
}

/**
 * Checks that every party of a proposal exists. Runs only on shape-checked
 * input, so `parties[i]` is the input's `parties.i`.
 *
 * Codes: UNKNOWN_ORGANIZATION.
 */
export function checkPartiesExist(problems: Problems, parties: PartyRecord[], organizationIds: ReadonlySet<string>): void {
  parties.forEach((party, index) => {
    if (!organizationIds.has(party.organizationId)) problems.add(UserErrorCode.UNKNOWN_ORGANIZATION, `parties.${index}.organizationId`, "No organization has this ID");
  });
}

/**
 * Checks what the rules name against the parties and the courses loaded for
 * them. Runs only on shape-checked input (list positions match the input's).
 * Per course the first applicable code is reported.
 *
 * Codes: ORGANIZATION_NOT_A_PARTY / WRONG_SIDE_FOR_DIRECTION (target organization), then per course
 * UNKNOWN_COURSE, COURSE_NOT_OF_PARTY, WRONG_SIDE_FOR_DIRECTION, COURSE_RETIRED, COURSE_NOT_PUBLISHED.
 */
export function checkReferences(problems: Problems, parties: PartyRecord[], rules: ValidatedRule[], courses: ReadonlyMap<string, CourseFacts>): void {
  const roles = new Map(parties.map((party) => [party.organizationId, party.role]));
  rules.forEach((rule, ruleIndex) => {
    const field = `rules.${ruleIndex}`;
    const targetOrganizationId = rule.target.organizationId;
    checkTargetOrganization(problems, `${field}.target.organizationId`, targetOrganizationId, roles);
    rule.source.groups.forEach((group, groupIndex) =>
      group.courseIds.forEach((courseId, courseIndex) =>
        checkSourceCourse(problems, `${field}.source.groups.${groupIndex}.courseIds.${courseIndex}`, courses.get(courseId), roles, targetOrganizationId),
      ),
    );
    rule.target.courseIds.forEach((courseId, courseIndex) =>
      checkTargetCourse(problems, `${field}.target.courseIds.${courseIndex}`, courses.get(courseId), targetOrganizationId),
    );
  });
}

/** Every course a version names, once. */
export function namedCourseIds(rules: ValidatedRule[]): string[] {
  return [...new Set(rules.flatMap((rule) => [...rule.source.groups.flatMap((group) => group.courseIds), ...rule.target.courseIds]))];
}
