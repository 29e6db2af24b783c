/**
 * Amounts (credits, hours) travel as decimal strings with at most two fraction
 * digits and are held internally as bigint hundredths, so ledger arithmetic is
 * exact and never touches binary floating point.
 */

export type AmountFormatReason = "FORMAT" | "PRECISION" | "RANGE";

/** Raised when a decimal string is not a valid amount. */
export class AmountFormatError extends Error {
  override readonly name = "AmountFormatError";

  constructor(
    readonly reason: AmountFormatReason,
    readonly input: unknown,
  ) {
    super(`Invalid amount ${JSON.stringify(String(input))}: ${REASON_TEXT[reason]}`);
  }
}

const REASON_TEXT: Record<AmountFormatReason, string> = {
  FORMAT: "expected a plain decimal such as 12 or -3.5",
  PRECISION: "at most 2 fraction digits are allowed",
  RANGE: "at most 12 integer digits are allowed",
};

const AMOUNT = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/;
// Shapes that are well-formed decimals but violate one limit; used only to pick
// a more helpful reason than FORMAT. Range is checked first, so "1234567890123.456"
// reports RANGE.
const TOO_MANY_INTEGER_DIGITS = /^-?\d{13,}(?:\.\d+)?$/;
const TOO_MANY_FRACTION_DIGITS = /^-?\d+\.\d{3,}$/;

/**
 * Parses a decimal amount string into hundredths: "1.5" → 150n, "-2" → -200n.
 *
 * @throws {AmountFormatError} reason RANGE for more than 12 integer digits,
 *   PRECISION for more than 2 fraction digits, FORMAT for anything else that does
 *   not match /^-?\d{1,12}(\.\d{1,2})?$/ (e.g. "", " 1", "+1", "1e3", "NaN").
 */
export function parseAmount(text: string): bigint {
  const match = typeof text === "string" ? AMOUNT.exec(text) : null;
  if (!match) throw new AmountFormatError(classify(text), text);
  const [, sign, whole, fraction = ""] = match;
  const hundredths = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  return sign === "-" ? -hundredths : hundredths;
}

function classify(text: unknown): AmountFormatReason {
  if (typeof text !== "string") return "FORMAT";
  if (TOO_MANY_INTEGER_DIGITS.test(text)) return "RANGE";
  if (TOO_MANY_FRACTION_DIGITS.test(text)) return "PRECISION";
  return "FORMAT";
}

/**
 * Formats hundredths as the canonical amount string with exactly two fraction
 * digits: 150n → "1.50", -5n → "-0.05", 0n → "0.00".
 */
export function formatAmount(hundredths: bigint): string {
  const negative = hundredths < 0n;
  const magnitude = negative ? -hundredths : hundredths;
  const whole = magnitude / 100n;
  const fraction = (magnitude % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/**
 * Divides two amounts given in hundredths and returns the quotient in
 * hundredths, e.g. hours ÷ hours-per-credit → credits:
 * 4500n (45.00 h) ÷ 3000n (30.00 h/credit) → 150n (1.50 credits).
 *
 * The exact quotient is rounded to the nearest hundredth; an exact half rounds
 * towards +∞ (0.005 → 0.01, -0.005 → 0.00). Ties therefore always move the same
 * way on the number line, which keeps the rule simple to state and to reproduce
 * in other verifiers — note it is not symmetric under negation.
 *
 * @throws {RangeError} when `denominator` is zero.
 */
export function divideToAmount(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("divideToAmount: division by zero");
  // Normalise so the divisor is positive; then round-half-up is floor(q + 1/2),
  // i.e. floor((2·100·n + d) / 2d) with everything kept in integers.
  const [n, d] = denominator < 0n ? [-numerator, -denominator] : [numerator, denominator];
  return floorDiv(200n * n + d, 2n * d);
}

// BigInt division truncates towards zero; rounding needs floor semantics. Requires b > 0.
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
