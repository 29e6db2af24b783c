import { GraphQLScalarType, Kind } from "graphql";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day between years 1900 and 2999 (no 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2999) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseDate(value: unknown): string {
  if (typeof value !== "string" || !isCalendarDate(value)) {
    throw new TypeError(`Date must be a calendar date YYYY-MM-DD between 1900 and 2999, got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return value;
}

/** A calendar date without time zone, e.g. a completion date: "2026-07-01". */
export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: "A calendar date, ISO 8601 YYYY-MM-DD.",
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

const DECIMAL = /^-?\d{1,12}(\.\d{1,2})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== "string" || !DECIMAL.test(value)) {
    throw new TypeError(`Decimal must be a string like "3" or "2.5" with at most 12 integer and 2 fraction digits, got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return value;
}

/** Credits and hours travel as strings so no float ever rounds them: "2.50". */
export const DecimalScalar = new GraphQLScalarType({
  name: "Decimal",
  description: 'A decimal number as a string with at most 2 fraction digits, e.g. "2.50".',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});
