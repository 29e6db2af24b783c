/**
 * Double-entry postings. A ledger entry is a set of postings that must net to
 * zero per unit: hours and credits are never converted into each other here,
 * so each unit has to balance on its own.
 */

export const UNITS = ["HOUR", "CREDIT"] as const;
export type Unit = (typeof UNITS)[number];

export interface Posting {
  account: string;
  unit: Unit;
  /** Hundredths of the unit; positive credits the account, negative debits it. */
  amount: bigint;
}

/** Raised when the postings of one unit do not net to zero. */
export class UnbalancedPostingsError extends Error {
  override readonly name = "UnbalancedPostingsError";

  constructor(
    readonly unit: Unit,
    readonly sum: bigint,
  ) {
    super(`Postings in ${unit} do not balance: they sum to ${sum} hundredths`);
  }
}

/** Raised for a single posting that can never be part of a valid entry. */
export class InvalidPostingError extends Error {
  override readonly name = "InvalidPostingError";

  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`Posting #${index} is invalid: ${reason}`);
  }
}

/**
 * Sums posting amounts per unit. Only units that occur in `postings` appear in
 * the result, in order of first occurrence.
 */
export function sumByUnit(postings: readonly Posting[]): Map<Unit, bigint> {
  const sums = new Map<Unit, bigint>();
  for (const { unit, amount } of postings) {
    sums.set(unit, (sums.get(unit) ?? 0n) + amount);
  }
  return sums;
}

/**
 * Checks that `postings` form a valid double-entry set.
 *
 * @throws {InvalidPostingError} for an empty account, an unknown unit or a zero
 *   amount (a zero posting records nothing and would only obscure the audit trail).
 * @throws {UnbalancedPostingsError} for the first unit (in order of first
 *   occurrence) whose amounts do not sum to zero.
 */
export function assertBalanced(postings: readonly Posting[]): void {
  postings.forEach(assertValidPosting);
  for (const [unit, sum] of sumByUnit(postings)) {
    if (sum !== 0n) throw new UnbalancedPostingsError(unit, sum);
  }
}

function assertValidPosting(posting: Posting, index: number): void {
  if (posting.account === "") throw new InvalidPostingError(index, "empty account");
  // Units usually arrive from storage or the API as plain strings, so the type
  // alone does not guarantee membership.
  if (!UNITS.includes(posting.unit)) {
    throw new InvalidPostingError(index, `unknown unit ${JSON.stringify(posting.unit)}`);
  }
  if (posting.amount === 0n) throw new InvalidPostingError(index, "zero amount");
}
