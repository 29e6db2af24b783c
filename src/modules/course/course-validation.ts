// Pure rules for catalog input: course and package codes, hours, credits,
// validity dates, languages and learning outcomes. No database: the services
// call these before they write, and unit tests call them directly.

import { Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { AmountFormatError, formatAmount, parseAmount } from "../ledger/amount.js";
import type { OrganizationKind } from "../organization/organization.table.js";
import type { CourseLevel } from "./course.table.js";

/** Course and package codes: what registrars print on transcripts, e.g. "ME-101" or "08120301". */
const CATALOG_CODE = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
/** BCP 47 language tag, simplified: "zh", "en", "zh-CN", "zh-Hans". */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

// Bounds that keep nonsense out and every value inside its numeric column.
const MAX_COURSE_HOURS = 10_000n * 100n;
const MAX_CREDITS = 1_000n * 100n;
const MAX_LEARNING_OUTCOMES = 30;
const MAX_OUTCOME_LENGTH = 500;
export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 5_000;

/**
 * A course's content: what a published version freezes in `course_version`.
 * Amounts are canonical decimal strings ("32.00"), dates YYYY-MM-DD.
 */
export interface CourseContent {
  code: string;
  title: string;
  titleEn: string | null;
  description: string | null;
  lectureHours: string;
  practiceHours: string;
  credits: string | null;
  level: CourseLevel;
  field: string;
  learningOutcomes: string[];
  language: string;
  validFrom: string | null;
  validTo: string | null;
}

/** Course content as a client sends it: anything may be missing or malformed. */
export type CourseContentInput = { [K in keyof CourseContent]?: CourseContent[K] | null };

/**
 * Checks a course or package code: trimmed and upper-cased, then 1–32 letters,
 * digits, ".", "_" or "-", starting with a letter or digit.
 */
export function checkCatalogCode(problems: Problems, field: string, value: string | null | undefined): string | null {
  const code = checkText(problems, field, value, { required: true, max: 32 })?.toUpperCase() ?? null;
  if (code !== null && code.length <= 32 && !CATALOG_CODE.test(code)) {
    problems.add(UserErrorCode.INVALID_CODE, field, `${field} may contain only letters, digits, ".", "_" and "-", and must start with a letter or digit`);
  }
  return code;
}

/** Parses a non-negative amount of at most `max` hundredths; null (with a problem added) when it is not one. */
function checkAmount(problems: Problems, field: string, value: string | null | undefined, code: UserErrorCode, max: bigint, unit: string): bigint | null {
  if (value === null || value === undefined || value.trim() === "") {
    problems.add(UserErrorCode.REQUIRED, field, `${field} is required`);
    return null;
  }
  let amount: bigint;
  try {
    amount = parseAmount(value.trim());
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
    problems.add(code, field, `${field} must be a decimal number of ${unit} with at most 2 fraction digits, e.g. "32" or "1.5"`);
    return null;
  }
  if (amount < 0n || amount > max) {
    problems.add(code, field, `${field} must be from 0 to ${max / 100n} ${unit}`);
    return null;
  }
  return amount;
}

/** Lecture and practice hours: each ≥ 0 with at most 2 decimals, together > 0. */
export function checkHours(problems: Problems, lecture: string | null | undefined, practice: string | null | undefined): { lecture: bigint; practice: bigint } | null {
  const lectureHours = checkAmount(problems, "lectureHours", lecture, UserErrorCode.INVALID_HOURS, MAX_COURSE_HOURS, "hours");
  const practiceHours = checkAmount(problems, "practiceHours", practice, UserErrorCode.INVALID_HOURS, MAX_COURSE_HOURS, "hours");
  if (lectureHours === null || practiceHours === null) return null;
  if (lectureHours + practiceHours === 0n) {
    problems.add(UserErrorCode.INVALID_HOURS, "lectureHours", "A course needs more than 0 hours of lecture and practice together");
    return null;
  }
  return { lecture: lectureHours, practice: practiceHours };
}

/**
 * Credits in the owner's credit unit: ≥ 0 with at most 2 decimals. Universities
 * must state them (credits are what they recognise into); training providers may not award any.
 */
export function checkCredits(problems: Problems, kind: OrganizationKind, value: string | null | undefined): bigint | null {
  if ((value === null || value === undefined || value.trim() === "") && kind === "TRAINING_PROVIDER") return null;
  return checkAmount(problems, "credits", value, UserErrorCode.INVALID_CREDITS, MAX_CREDITS, "credits");
}

/** `validTo` must come after `validFrom` when both are given (ISO dates compare as strings). */
export function checkValidity(problems: Problems, validFrom: string | null | undefined, validTo: string | null | undefined): void {
  if (validFrom && validTo && validTo <= validFrom) {
    problems.add(UserErrorCode.INVALID_DATE_RANGE, "validTo", `validTo (${validTo}) must be after validFrom (${validFrom})`);
  }
}

/** A language tag such as "zh" or "en"; absent means Chinese. */
export function checkLanguage(problems: Problems, value: string | null | undefined): string {
  const language = checkText(problems, "language", value, { required: false, max: 35 });
  if (language === null) return "zh";
  if (!LANGUAGE_TAG.test(language)) problems.add(UserErrorCode.INVALID_VALUE, "language", 'language must be a language tag such as "zh", "en" or "zh-CN"');
  return language;
}

/** Up to 30 outcomes, each non-empty and at most 500 characters. */
export function checkLearningOutcomes(problems: Problems, values: string[] | null | undefined): string[] {
  const outcomes = values ?? [];
  if (outcomes.length > MAX_LEARNING_OUTCOMES) {
    problems.add(UserErrorCode.TOO_LONG, "learningOutcomes", `A course may list at most ${MAX_LEARNING_OUTCOMES} learning outcomes`);
    return [];
  }
  return outcomes.map((outcome, index) => checkText(problems, `learningOutcomes.${index}`, outcome, { required: true, max: MAX_OUTCOME_LENGTH }) ?? "");
}

/**
 * Validates a whole course for an organization of `kind` and returns its
 * canonical content. Every problem is reported at once.
 *
 * Codes: REQUIRED, TOO_LONG, INVALID_VALUE, INVALID_CODE, INVALID_HOURS, INVALID_CREDITS, INVALID_DATE_RANGE.
 */
export function validateCourseContent(kind: OrganizationKind, input: CourseContentInput): CourseContent {
  const problems = new Problems();
  const code = checkCatalogCode(problems, "code", input.code);
  const title = checkText(problems, "title", input.title, { required: true, max: MAX_TITLE_LENGTH });
  const titleEn = checkText(problems, "titleEn", input.titleEn, { required: false, max: MAX_TITLE_LENGTH });
  const description = checkText(problems, "description", input.description, { required: false, max: MAX_DESCRIPTION_LENGTH });
  const hours = checkHours(problems, input.lectureHours, input.practiceHours);
  const credits = checkCredits(problems, kind, input.credits);
  if (!input.level) problems.add(UserErrorCode.REQUIRED, "level", "level is required");
  if (!input.field) problems.add(UserErrorCode.REQUIRED, "field", "field is required");
  const learningOutcomes = checkLearningOutcomes(problems, input.learningOutcomes);
  const language = checkLanguage(problems, input.language);
  checkValidity(problems, input.validFrom, input.validTo);
  problems.throwIfAny();
  return {
    code: code!,
    title: title!,
    titleEn,
    description,
    lectureHours: formatAmount(hours!.lecture),
    practiceHours: formatAmount(hours!.practice),
    credits: credits === null ? null : formatAmount(credits),
    level: input.level!,
    field: input.field!,
    learningOutcomes,
    language,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
  };
}

/** Practice hours as a share of all hours, 0–1 rounded to 4 places; null when there are no hours. */
export function practiceRatio(lectureHundredths: bigint, practiceHundredths: bigint): number | null {
  const total = lectureHundredths + practiceHundredths;
  if (total === 0n) return null;
  return Math.round((Number(practiceHundredths) / Number(total)) * 10_000) / 10_000;
}

/**
 * State Council 2017 No. 95 §15: practical teaching is at least half of an
 * apprenticeship programme's hours. Compared exactly in hundredths, so exactly 50 % passes.
 */
export function meetsApprenticeshipPracticeShare(lectureHundredths: bigint, practiceHundredths: bigint): boolean {
  return practiceHundredths * 2n >= lectureHundredths + practiceHundredths;
}

/**
 * The form in which search text is stored and queried: NFKC folds full-width
 * letters and digits (ＡＩ → AI), then lower case, so matching is case-insensitive
 * in any script without depending on the database's collation.
 */
export function normalizeSearchText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** The searchable text of an item: its parts, normalised, one per line. */
export function searchTextOf(parts: readonly (string | null | undefined)[]): string {
  return normalizeSearchText(parts.filter((part): part is string => Boolean(part)).join("\n"));
}
