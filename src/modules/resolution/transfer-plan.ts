// The arithmetic of a transfer plan, without a database: how much of each
// grant the plan's total can count, and the order completions are shown in.

export interface CountableGrant {
  agreementId: string;
  /** Hundredths of a credit, as the rule alone would grant. */
  credits: bigint;
  usedAchievementIds: string[];
}

export interface AgreementAllowance {
  /** Hundredths; null = uncapped. */
  maxCreditsPerLearner: bigint | null;
  /** Hundredths already granted to the learner under the agreement. */
  alreadyGranted: bigint;
}

/**
 * How many credits of each grant count towards the total, in the order given
 * (best first): an achievement's value moves once, so a grant using an
 * achievement an earlier grant used counts 0; grants under one agreement
 * share its per-learner cap.
 */
export function countGrants(grants: CountableGrant[], allowanceOf: (agreementId: string) => AgreementAllowance): bigint[] {
  const used = new Set<string>();
  const counted = new Map<string, bigint>();
  return grants.map((grant) => {
    if (grant.usedAchievementIds.some((id) => used.has(id))) return 0n;
    grant.usedAchievementIds.forEach((id) => used.add(id));
    const { maxCreditsPerLearner, alreadyGranted } = allowanceOf(grant.agreementId);
    const soFar = counted.get(grant.agreementId) ?? 0n;
    const room = maxCreditsPerLearner === null ? grant.credits : maxCreditsPerLearner - alreadyGranted - soFar;
    const credits = room <= 0n ? 0n : room < grant.credits ? room : grant.credits;
    counted.set(grant.agreementId, soFar + credits);
    return credits;
  });
}

export interface RankableCompletion {
  ruleId: string;
  courseIds: string[];
  /** Hundredths. */
  credits: bigint;
  /** Hundredths of an hour, > 0. */
  additionalHours: bigint;
}

/** Most credits per additional hour first; then more credits, fewer hours, rule ID, course IDs. */
export function compareCompletions(a: RankableCompletion, b: RankableCompletion): number {
  // Cross-multiplied so the ratio is compared exactly.
  const ratio = b.credits * a.additionalHours - a.credits * b.additionalHours;
  if (ratio !== 0n) return ratio > 0n ? 1 : -1;
  if (a.credits !== b.credits) return a.credits > b.credits ? -1 : 1;
  if (a.additionalHours !== b.additionalHours) return a.additionalHours < b.additionalHours ? -1 : 1;
  const keyA = `${a.ruleId}:${a.courseIds.join(",")}`;
  const keyB = `${b.ruleId}:${b.courseIds.join(",")}`;
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}
