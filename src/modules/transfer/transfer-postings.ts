// What a credit transfer moves in the ledger. Pure: no database.
//
// Hours and credits are different units, so a transfer converts one into the
// other through the agreement's exchange account in two legs, the way
// TigerBeetle does currency exchange: the consumed hours leave the learner's
// account at each provider for the exchange account, and the recognised
// credits leave the exchange account for the learner's account at the target.
// Each unit balances on its own; the exchange account keeps the conversion.
import { account } from "../ledger/journal.js";
import type { Posting } from "../ledger/postings.js";

/** Hours an achievement consumed at the organization that recorded it, in hundredths. */
export interface ConsumedHours {
  organizationId: string;
  hours: bigint;
}

export interface TransferMovement {
  learnerId: string;
  targetOrganizationId: string;
  agreementId: string;
  consumed: ConsumedHours[];
  /** Credits recognised at the target, in hundredths. */
  credits: bigint;
}

/** Sums hours per organization, in the order organizations first appear. */
function hoursByOrganization(consumed: ConsumedHours[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const each of consumed) totals.set(each.organizationId, (totals.get(each.organizationId) ?? 0n) + each.hours);
  return totals;
}

/**
 * The postings of a granted transfer: per provider, −hours from the learner's
 * account there and +hours to the exchange account; then −credits from the
 * exchange account and +credits to the learner's account at the target.
 * Zero amounts are left out (a posting of nothing only obscures the audit
 * trail), so a grant of extra credits on appeal has credit legs only.
 */
export function transferPostings(movement: TransferMovement): Posting[] {
  const exchange = account.exchange(movement.agreementId);
  const postings: Posting[] = [];
  for (const [organizationId, hours] of hoursByOrganization(movement.consumed)) {
    if (hours === 0n) continue;
    postings.push({ account: account.learnerAt(movement.learnerId, organizationId), unit: "HOUR", amount: -hours });
    postings.push({ account: exchange, unit: "HOUR", amount: hours });
  }
  if (movement.credits > 0n) {
    postings.push({ account: exchange, unit: "CREDIT", amount: -movement.credits });
    postings.push({ account: account.learnerAt(movement.learnerId, movement.targetOrganizationId), unit: "CREDIT", amount: movement.credits });
  }
  return postings;
}

/** The postings that undo `postings`: the same accounts and units, opposite amounts, in the same order. */
export function reversalPostings(postings: readonly Posting[]): Posting[] {
  return postings.map((posting) => ({ ...posting, amount: -posting.amount }));
}
