// The scores recommendations are ranked by. Pure and deterministic: the same
// graph and inputs always give the same order (the README documents it).
//
// Pathways (courses or a package to take next): score = credits gained per
// additional hour, where credits gained = what the completed courses plus the
// pathway earn by direct agreements (best rule per target) minus what the
// completed courses earn alone. Ties: more credits, then fewer hours, then key.
//
// Organizations: the credits the completed courses earn there by direct
// agreements, each completed course counted in one rule only (the rule with
// most credits first). Ties: more rules, then organization ID.
import { parseAmount } from "../ledger/amount.js";
import type { Equivalence, EquivalenceGraph } from "./equivalence-graph.js";
import type { PathwayKind } from "./resolution.type.js";

export interface PathwayCandidate {
  /** Sorted course IDs joined, or the package ID: what ties are broken by. */
  key: string;
  kind: PathwayKind;
  /** The courses not yet completed that the pathway adds. */
  courseIds: string[];
  coursePackageId: string | null;
  /** Hundredths of an hour. */
  additionalHours: bigint;
}

export interface ScoredPathway extends PathwayCandidate {
  /** Hundredths of a credit. */
  creditsGained: bigint;
  score: number;
  /** The equivalences it newly completes or improves. */
  completes: Equivalence[];
}

export interface ScoredOrganization {
  organizationId: string;
  /** Hundredths of a credit. */
  credits: bigint;
  score: number;
  /** The equivalences counted, most credits first. */
  counted: Equivalence[];
}

interface Scope {
  targetOrganizationId: string | null;
  on: string;
}

const sumCredits = (equivalences: Equivalence[]) => equivalences.reduce((total, each) => total + parseAmount(each.credits), 0n);

function directEquivalences(graph: EquivalenceGraph, completedCourseIds: string[], scope: Scope): Equivalence[] {
  return graph.resolve({ completedCourseIds, targetOrganizationId: scope.targetOrganizationId, on: scope.on, maxHops: 1, allPaths: false });
}

/** Pathways that gain credit, best first. */
export function scorePathways(graph: EquivalenceGraph, completedCourseIds: string[], candidates: PathwayCandidate[], scope: Scope): ScoredPathway[] {
  const before = directEquivalences(graph, completedCourseIds, scope);
  const earnedBefore = new Map(before.map((each) => [each.rule.ruleId, parseAmount(each.credits)]));
  const baseline = sumCredits(before);
  const scored = candidates.flatMap((candidate): ScoredPathway[] => {
    const after = directEquivalences(graph, [...completedCourseIds, ...candidate.courseIds], scope);
    const creditsGained = sumCredits(after) - baseline;
    if (creditsGained <= 0n || candidate.additionalHours <= 0n) return [];
    const completes = after.filter((each) => parseAmount(each.credits) > (earnedBefore.get(each.rule.ruleId) ?? 0n));
    return [{ ...candidate, creditsGained, score: Number(creditsGained) / Number(candidate.additionalHours), completes }];
  });
  return scored.sort(comparePathways);
}

function comparePathways(a: ScoredPathway, b: ScoredPathway): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.creditsGained !== b.creditsGained) return a.creditsGained > b.creditsGained ? -1 : 1;
  if (a.additionalHours !== b.additionalHours) return a.additionalHours < b.additionalHours ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Organizations where the completed courses earn credit, most credits first. */
export function scoreOrganizations(graph: EquivalenceGraph, completedCourseIds: string[], on: string): ScoredOrganization[] {
  const byOrganization = new Map<string, Equivalence[]>();
  for (const each of directEquivalences(graph, completedCourseIds, { targetOrganizationId: null, on })) {
    if (parseAmount(each.credits) <= 0n) continue;
    byOrganization.set(each.targetOrganizationId, [...(byOrganization.get(each.targetOrganizationId) ?? []), each]);
  }
  const scored = [...byOrganization].map(([organizationId, equivalences]) => {
    const counted = countEachCourseOnce(equivalences);
    const credits = sumCredits(counted);
    return { organizationId, credits, score: Number(credits) / 100, counted };
  });
  return scored.sort(
    (a, b) =>
      (a.credits === b.credits ? 0 : a.credits > b.credits ? -1 : 1) ||
      b.counted.length - a.counted.length ||
      (a.organizationId < b.organizationId ? -1 : a.organizationId > b.organizationId ? 1 : 0),
  );
}

/** A completed course's value moves once: keep the richest rules whose courses no kept rule used. */
function countEachCourseOnce(equivalences: Equivalence[]): Equivalence[] {
  const used = new Set<string>();
  const counted: Equivalence[] = [];
  const richestFirst = [...equivalences].sort(
    (a, b) => Number(parseAmount(b.credits) - parseAmount(a.credits)) || (a.rule.ruleId < b.rule.ruleId ? -1 : a.rule.ruleId > b.rule.ruleId ? 1 : 0),
  );
  for (const each of richestFirst) {
    const courses = each.path[0].fromCourseIds;
    if (courses.some((id) => used.has(id))) continue;
    courses.forEach((id) => used.add(id));
    counted.push(each);
  }
  return counted;
}
