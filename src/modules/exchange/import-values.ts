// Cell values as spreadsheets write them, read into the API's own values:
// dates as Excel prints them in a Chinese locale (2025/6/30, 2025年6月30日),
// enum values by their English name or their Chinese label, full-width
// digits and letters folded. Each reader returns null (and adds a problem)
// when a cell cannot be read.
import { UserErrorCode } from "../../graphql/user-error.js";
import { isCalendarDate } from "../../graphql/scalars.js";
import { INDUSTRY_FIELDS, type IndustryField } from "../course/course.type.js";
import type { CourseLevel } from "../course/course.table.js";
import type { ImportProblem, ImportRow } from "./import-columns.js";

/** NFKC folds full-width forms (２０２５, ＩＭ－１０１) that Chinese input methods produce. */
export const folded = (text: string) => text.normalize("NFKC").trim();

const DATE_PARTS = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** YYYY-MM-DD from the common spreadsheet spellings of a date, or null. */
export function readDate(text: string): string | null {
  const match = DATE_PARTS.exec(folded(text));
  if (!match) return null;
  const date = `${match[1]}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}`;
  return isCalendarDate(date) ? date : null;
}

/** A lookup from English names and Chinese labels (normalised) to enum values. */
export function labels<T extends string>(entries: Record<T, string[]>): (text: string) => T | null {
  const byLabel = new Map<string, T>();
  for (const [value, names] of Object.entries(entries) as [T, string[]][]) {
    for (const name of [value, ...names]) byLabel.set(folded(name).toUpperCase(), value);
  }
  return (text) => byLabel.get(folded(text).toUpperCase()) ?? null;
}

export const readLevel = labels<CourseLevel>({
  SECONDARY_VOCATIONAL: ["中职", "中等职业教育"],
  HIGHER_VOCATIONAL: ["高职", "高等职业教育", "专科", "高职专科"],
  UNDERGRADUATE: ["本科"],
  POSTGRADUATE: ["研究生"],
  PROFESSIONAL_TRAINING: ["职业培训", "企业培训"],
});

export const readField = labels<IndustryField>(
  Object.fromEntries(Object.entries(INDUSTRY_FIELDS).map(([key, name]) => [key, [name]])) as Record<IndustryField, string[]>,
);

/** Reads an optional cell with `read`; a present but unreadable value is a problem naming `expected`. */
export function readCell<T>(row: ImportRow, name: string, problems: ImportProblem[], read: (text: string) => T | null, expected: string): T | null {
  const text = row.get(name);
  if (text === null) return null;
  const value = read(text);
  if (value === null) problems.push(row.problem(name, UserErrorCode.INVALID_VALUE, `"${text}" is not ${expected}`));
  return value;
}

/** A whole number in a cell ("85", "８５"), or null. */
export function readInteger(text: string): number | null {
  const value = folded(text);
  return /^-?\d{1,9}$/.test(value) ? Number(value) : null;
}

/** A decimal as the API takes it ("2", "2.5"), full-width folded; its range is the service's to judge. */
export function readDecimal(text: string): string | null {
  const value = folded(text);
  return /^\d{1,12}(\.\d{1,2})?$/.test(value) ? value : null;
}
