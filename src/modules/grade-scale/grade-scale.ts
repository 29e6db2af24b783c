// Grade scales turn an organization's grades into one comparable number,
// 0–100, so that agreements can state a minimum grade across organizations
// that grade differently. Pure functions, no database.

import { AmountFormatError, formatAmount, parseAmount } from "../ledger/amount.js";
import { Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";

export type GradeScaleKind = "NUMERIC" | "FIVE_LEVEL" | "PASS_FAIL";

/** Values are hundredths, like every amount in Ronghe: 95 → 9500n. */
export interface GradeLabel {
  label: string;
  value: bigint;
  passing: boolean;
}

export interface GradeScale {
  kind: GradeScaleKind;
  /** NUMERIC: the lowest passing grade. Label scales: the lowest passing label's value. */
  passMark: bigint;
  /** Empty for NUMERIC. */
  labels: GradeLabel[];
}

export interface NormalizedGrade {
  /** Hundredths, 0–10000. */
  normalizedGrade: bigint;
  passing: boolean;
}

const MAX_GRADE = 10_000n;
const DEFAULT_PASS_MARK = 6_000n;
const MAX_LABELS = 20;
const MAX_LABEL_LENGTH = 20;

export const DEFAULT_GRADE_SCALE: GradeScale = { kind: "NUMERIC", passMark: DEFAULT_PASS_MARK, labels: [] };

/**
 * Labels used when a label scale is set without its own. 不及格 and 不通过 are
 * failing. A bare "pass" proves only that the pass mark was reached, so it
 * normalises to 60, not 100: a rule asking for a minimum of 80 is not met by
 * a pass/fail result unless the organization configures a higher value.
 */
export const DEFAULT_LABELS: Record<Exclude<GradeScaleKind, "NUMERIC">, GradeLabel[]> = {
  FIVE_LEVEL: [
    { label: "优秀", value: 9_500n, passing: true },
    { label: "良好", value: 8_500n, passing: true },
    { label: "中等", value: 7_500n, passing: true },
    { label: "及格", value: 6_500n, passing: true },
    { label: "不及格", value: 0n, passing: false },
  ],
  PASS_FAIL: [
    { label: "通过", value: DEFAULT_PASS_MARK, passing: true },
    { label: "PASS", value: DEFAULT_PASS_MARK, passing: true },
    { label: "不通过", value: 0n, passing: false },
    { label: "FAIL", value: 0n, passing: false },
  ],
};

/** Grades and labels compare after NFKC (full-width ８５ is 85), trimming and upper-casing (pass = PASS). */
function gradeKey(text: string): string {
  return text.normalize("NFKC").trim().toUpperCase();
}

const NUMERIC_GRADE = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * The normalised value of `grade` on `scale`, or null when the grade is not
 * on the scale: on a NUMERIC scale a number from 0 to 100 with at most two
 * decimals; on a label scale one of its labels (a number is not on it).
 */
export function normalizeGrade(scale: GradeScale, grade: string): NormalizedGrade | null {
  const key = gradeKey(grade);
  if (scale.kind === "NUMERIC") {
    if (!NUMERIC_GRADE.test(key)) return null;
    const value = parseAmount(key);
    return value > MAX_GRADE ? null : { normalizedGrade: value, passing: value >= scale.passMark };
  }
  const label = scale.labels.find((candidate) => gradeKey(candidate.label) === key);
  return label ? { normalizedGrade: label.value, passing: label.passing } : null;
}

export interface GradeScaleDraft {
  kind: GradeScaleKind;
  passMark?: string | null;
  labels?: { label: string; value: string; passing: boolean }[] | null;
}

/**
 * Validates a scale as configured by an organization and fills in defaults
 * (pass mark 60, the kind's default labels). Every problem is collected into
 * `problems`, with the input field it concerns; the result is meaningful only
 * when none was added.
 */
export function readGradeScale(problems: Problems, draft: GradeScaleDraft): GradeScale {
  if (draft.kind === "NUMERIC") {
    if (draft.labels && draft.labels.length > 0) problems.add(UserErrorCode.INVALID_VALUE, "labels", "A NUMERIC scale has no labels");
    const passMark = draft.passMark === null || draft.passMark === undefined ? DEFAULT_PASS_MARK : readGradeValue(problems, "passMark", draft.passMark);
    return { kind: "NUMERIC", passMark: passMark ?? DEFAULT_PASS_MARK, labels: [] };
  }
  if (draft.passMark !== null && draft.passMark !== undefined) {
    problems.add(UserErrorCode.INVALID_VALUE, "passMark", "A label scale passes by label: mark labels as passing instead of setting passMark");
  }
  const labels = draft.labels && draft.labels.length > 0 ? readLabels(problems, draft.labels) : DEFAULT_LABELS[draft.kind];
  return { kind: draft.kind, passMark: lowestPassingValue(labels), labels };
}

/** A label scale's pass mark: the value of its lowest passing label. */
function lowestPassingValue(labels: GradeLabel[]): bigint {
  return labels.filter((label) => label.passing).reduce((lowest, label) => (label.value < lowest ? label.value : lowest), MAX_GRADE);
}

function readLabels(problems: Problems, drafts: { label: string; value: string; passing: boolean }[]): GradeLabel[] {
  if (drafts.length > MAX_LABELS) {
    problems.add(UserErrorCode.TOO_MANY_ITEMS, "labels", `A scale has at most ${MAX_LABELS} labels`);
    return [];
  }
  const seen = new Set<string>();
  const labels = drafts.map((draft, i) => {
    const label = checkText(problems, `labels.${i}.label`, draft.label, { required: true, max: MAX_LABEL_LENGTH }) ?? "";
    if (label !== "" && seen.has(gradeKey(label))) problems.add(UserErrorCode.INVALID_VALUE, `labels.${i}.label`, `The label ${label} appears twice`);
    seen.add(gradeKey(label));
    return { label, value: readGradeValue(problems, `labels.${i}.value`, draft.value), passing: draft.passing };
  });
  if (!labels.some((label) => label.passing)) {
    problems.add(UserErrorCode.INVALID_VALUE, "labels", "At least one label must be passing");
  } else if (labels.every((label) => label.value !== null) && failingRankAbovePassing(labels as GradeLabel[])) {
    problems.add(UserErrorCode.INVALID_VALUE, "labels", "Every failing label must have a lower value than every passing label");
  }
  return labels.map((label) => ({ ...label, value: label.value ?? 0n }));
}

function failingRankAbovePassing(labels: GradeLabel[]): boolean {
  const lowestPassing = lowestPassingValue(labels);
  return labels.some((label) => !label.passing && label.value >= lowestPassing);
}

/** A grade value 0–100 in hundredths, or null (and a problem on `field`) when it is not one. */
function readGradeValue(problems: Problems, field: string, text: string): bigint | null {
  try {
    const value = parseAmount(text);
    if (value >= 0n && value <= MAX_GRADE) return value;
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
  }
  problems.add(UserErrorCode.INVALID_VALUE, field, `${field} must be a number from 0 to 100 with at most two decimals`);
  return null;
}

/** Storage form: decimal strings in jsonb and numeric. */
export function toStoredScale(scale: GradeScale): { kind: GradeScaleKind; passMark: string | null; labels: { label: string; value: string; passing: boolean }[] } {
  return {
    kind: scale.kind,
    passMark: scale.kind === "NUMERIC" ? formatAmount(scale.passMark) : null,
    labels: scale.labels.map((label) => ({ label: label.label, value: formatAmount(label.value), passing: label.passing })),
  };
}

export function fromStoredScale(stored: { kind: GradeScaleKind; passMark: string | null; labels: { label: string; value: string; passing: boolean }[] }): GradeScale {
  const labels = stored.labels.map((label) => ({ label: label.label, value: parseAmount(label.value), passing: label.passing }));
  if (stored.kind === "NUMERIC") return { kind: "NUMERIC", passMark: stored.passMark === null ? DEFAULT_PASS_MARK : parseAmount(stored.passMark), labels: [] };
  return { kind: stored.kind, passMark: lowestPassingValue(labels), labels };
}
