// Pure equivalence resolution over the agreement network: which targets a set
// of completed courses earns, across chains of agreements, and why. No
// database: the service feeds it an index of the rules in force.
import { coverSource, creditsFromHours, type HoursPerCredit, type RuleCredits, type RuleSource, type SourceCourse } from "../transfer/rule-evaluation.js";
import { AgreementRules, MAX_RULES_PER_AGREEMENT, RULE_INDEX_BITS, type RuleFacts } from "./agreement-rules.js";
import { CourseTable } from "./course-table.js";

// Bounded: the work grows with fan-out^hops, and users need short chains only.
export const MAX_HOPS = 4;
// A rule handle is its agreement's slot and its index there in 31 bits, so that
// handles stay small integers (unboxed in V8): this many agreements at once.
const MAX_AGREEMENTS = 2 ** (31 - RULE_INDEX_BITS);
const slotOf = (handle: number) => handle >>> RULE_INDEX_BITS;
const indexOf = (handle: number) => handle & (MAX_RULES_PER_AGREEMENT - 1);

export interface GraphCourse {
  id: string;
  organizationId: string;
  lectureHours: string;
  practiceHours: string;
}

export interface GraphRule {
  ruleId: string;
  agreementId: string;
  agreementVersion: number;
  /** Inclusive window in which this agreement version is in force (YYYY-MM-DD); null = open. */
  inForceFrom: string;
  inForceTo: string | null;
  allowTransitive: boolean;
  hoursPerCredit: HoursPerCredit;
  source: RuleSource;
  target:
    | { kind: "COURSES"; organizationId: string; courseIds: string[] }
    | { kind: "ELECTIVE_BLOCK"; organizationId: string; credits: string; category: string | null }
    | { kind: "NO_RECOGNITION"; organizationId: string; reason: string };
  credits: RuleCredits;
}

export interface PathStep {
  ruleId: string;
  agreementId: string;
  agreementVersion: number;
  fromCourseIds: string[];
  toCourseIds: string[];
}

export interface Equivalence {
  rule: GraphRule;
  targetOrganizationId: string;
  targetCourseIds: string[];
  electiveBlock: { credits: string; category: string | null } | null;
  noRecognitionReason: string | null;
  /** "0.00" unless complete and recognised. */
  credits: string;
  complete: boolean;
  missingCourseIds: string[];
  hops: number;
  /** Steps in dependency order: every step's sources are completed or produced by an earlier step. */
  path: PathStep[];
}

/** How a course became available: completed (hops 0) or produced by a chain of complete rules. */
interface Derivation {
  hops: number;
  path: PathStep[];
}

export interface ResolutionQuery {
  completedCourseIds: string[];
  targetOrganizationId: string | null;
  on: string;
  maxHops: number;
  allPaths: boolean;
}

/**
 * The rules in force, indexed by the source courses they name. Rules are kept
 * per agreement so that one changed agreement is swapped without a rebuild.
 * They are kept compact (see agreement-rules.ts) and referred to by handles.
 */
export class EquivalenceGraph {
  readonly courses = new CourseTable();
  /** Course number → handles of the rules naming it as a source, agreement by agreement in the order swapped in. */
  private readonly rulesBySourceCourse: (number[] | undefined)[] = [];
  private readonly slots: (AgreementRules | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly slotByAgreement = new Map<string, number>();
  private rules = 0;

  constructor(rules: Iterable<GraphRule> = [], courses: ReadonlyMap<string, GraphCourse> = new Map()) {
    for (const course of courses.values()) this.courses.store(course);
    const byAgreement = new Map<string, GraphRule[]>();
    for (const rule of rules) {
      const list = byAgreement.get(rule.agreementId) ?? [];
      list.push(rule);
      byAgreement.set(rule.agreementId, list);
    }
    for (const [agreementId, list] of byAgreement) this.replaceAgreement(agreementId, list);
  }

  get ruleCount(): number {
    return this.rules;
  }

  get agreementCount(): number {
    return this.slotByAgreement.size;
  }

  /** The rules in the form the graph keeps, numbering the courses they name: a load holds these, not rule objects, until it swaps them in. */
  compact(agreementId: string, rules: readonly GraphRule[]): AgreementRules {
    return AgreementRules.compact(agreementId, rules, this.courses);
  }

  /** Replaces every rule of one agreement (none: the agreement no longer applies at all). */
  replaceAgreement(agreementId: string, rules: GraphRule[] | AgreementRules): void {
    const replacement = rules instanceof AgreementRules ? rules : this.compact(agreementId, rules);
    this.removeAgreement(agreementId);
    if (replacement.count === 0) return;
    const slot = this.freeSlots.pop() ?? this.slots.push(undefined) - 1;
    if (slot >= MAX_AGREEMENTS) throw new RangeError(`More than ${MAX_AGREEMENTS} agreements with rules in force`);
    this.slots[slot] = replacement;
    this.slotByAgreement.set(agreementId, slot);
    const added = new Map<number, number[]>();
    for (let index = 0; index < replacement.count; index += 1) {
      for (const course of replacement.sourceCourses(index)) {
        const handle = (slot << RULE_INDEX_BITS) | index;
        const list = added.get(course);
        if (list) list.push(handle);
        else added.set(course, [handle]);
      }
    }
    for (const [course, handles] of added) {
      while (this.rulesBySourceCourse.length <= course) this.rulesBySourceCourse.push(undefined);
      // concat makes a list of its exact length, where push leaves room for more: the lists stay for the process's life.
      this.rulesBySourceCourse[course] = (this.rulesBySourceCourse[course] ?? []).concat(handles);
    }
    this.rules += replacement.count;
  }

  private removeAgreement(agreementId: string): void {
    const slot = this.slotByAgreement.get(agreementId);
    if (slot === undefined) return;
    const removed = this.slots[slot]!;
    const named = new Set<number>();
    for (let index = 0; index < removed.count; index += 1) for (const course of removed.sourceCourses(index)) named.add(course);
    for (const course of named) {
      const remaining = this.rulesBySourceCourse[course]!.filter((handle) => slotOf(handle) !== slot);
      this.rulesBySourceCourse[course] = remaining.length > 0 ? remaining : undefined;
    }
    this.rules -= removed.count;
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    this.slotByAgreement.delete(agreementId);
  }

  /**
   * Resolves what the completed courses earn. Hop 1 uses rules whose sources
   * the completed courses (partly) cover. Each further hop may also use target
   * courses produced by complete COURSES rules, but only through agreements
   * that allow transitivity at every hop; a course is produced at most once
   * (its fewest-hop derivation), which also breaks cycles. The reverse of a
   * rule is never used: edges run from source to target only.
   */
  resolve(query: ResolutionQuery): Equivalence[] {
    const hops = Math.min(Math.max(1, query.maxHops), MAX_HOPS);
    const completed = new Set(query.completedCourseIds);
    const derived = new Map<string, Derivation>(query.completedCourseIds.map((id) => [id, { hops: 0, path: [] }]));
    const found: Equivalence[] = [];
    const evaluated = new Set<string>();
    let frontier: ReadonlySet<string> = completed;
    for (let hop = 1; hop <= hops && frontier.size > 0; hop += 1) {
      // Only what earlier hops produced: a course produced in this hop must not
      // feed another rule of the same hop, or that rule would exceed maxHops.
      const available: ReadonlySet<string> = new Set(derived.keys());
      const produced = new Set<string>();
      for (const handle of this.handlesFrom(frontier, query.on)) {
        // Produced courses only feed agreements that allow transitivity.
        if (hop > 1 && !this.factsOf(handle).allowTransitive) continue;
        const rule = this.ruleOf(handle);
        const equivalence = this.evaluate(rule, completed, available, derived);
        const key = `${rule.ruleId}:${equivalence.complete}:${equivalence.hops}`;
        if (evaluated.has(key)) continue;
        evaluated.add(key);
        found.push(equivalence);
        if (!equivalence.complete || !rule.allowTransitive || rule.target.kind !== "COURSES") continue;
        for (const courseId of rule.target.courseIds) {
          if (derived.has(courseId)) continue;
          derived.set(courseId, { hops: equivalence.hops, path: equivalence.path });
          produced.add(courseId);
        }
      }
      frontier = produced;
    }
    const relevant = query.targetOrganizationId ? found.filter((each) => each.targetOrganizationId === query.targetOrganizationId) : found;
    return query.allPaths ? sortEquivalences(relevant) : bestPerTarget(relevant);
  }

  /** The rules in force on `on` that name any of the courses as a source, each once. */
  rulesFrom(courseIds: Iterable<string>, on: string): GraphRule[] {
    return [...this.handlesFrom(courseIds, on)].map((handle) => this.ruleOf(handle));
  }

  /** Handles of the rules in force on `on` that name any of the courses as a source, in the order first named. */
  private handlesFrom(courseIds: Iterable<string>, on: string): Set<number> {
    const handles = new Set<number>();
    for (const courseId of courseIds) {
      const course = this.courses.find(courseId);
      if (course === undefined) continue;
      for (const handle of this.rulesBySourceCourse[course] ?? []) {
        if (isInForce(this.factsOf(handle), on)) handles.add(handle);
      }
    }
    return handles;
  }

  private factsOf(handle: number): RuleFacts {
    return this.slots[slotOf(handle)]!.factsOf(indexOf(handle));
  }

  private ruleOf(handle: number): GraphRule {
    return this.slots[slotOf(handle)]!.rule(indexOf(handle), this.courses);
  }

  private evaluate(rule: GraphRule, completed: ReadonlySet<string>, available: ReadonlySet<string>, derived: ReadonlyMap<string, Derivation>): Equivalence {
    // Completed courses alone first: an OR group would otherwise take a produced
    // alternative listed before a completed one and report a longer chain.
    const direct = coverSource(rule.source, completed);
    const coverage = direct.complete || available.size === completed.size ? direct : coverSource(rule.source, available);
    const upstream = coverage.usedCourseIds.map((id) => derived.get(id)!);
    const hops = 1 + Math.max(0, ...upstream.map((each) => each.hops));
    const step: PathStep = {
      ruleId: rule.ruleId,
      agreementId: rule.agreementId,
      agreementVersion: rule.agreementVersion,
      fromCourseIds: coverage.usedCourseIds,
      toCourseIds: rule.target.kind === "COURSES" ? rule.target.courseIds : [],
    };
    const recognised = coverage.complete && rule.target.kind !== "NO_RECOGNITION";
    return {
      rule,
      targetOrganizationId: rule.target.organizationId,
      targetCourseIds: rule.target.kind === "COURSES" ? rule.target.courseIds : [],
      electiveBlock: rule.target.kind === "ELECTIVE_BLOCK" ? { credits: rule.target.credits, category: rule.target.category } : null,
      noRecognitionReason: rule.target.kind === "NO_RECOGNITION" ? rule.target.reason : null,
      credits: recognised ? this.creditsOf(rule, coverage.usedCourseIds) : "0.00",
      complete: coverage.complete,
      missingCourseIds: coverage.missingCourseIds,
      hops,
      path: [...mergePaths(upstream.map((each) => each.path)), step],
    };
  }

  /** Credits at this hop, by this hop's rule: fixed, or from the hours of the courses it consumed. */
  private creditsOf(rule: GraphRule, usedCourseIds: string[]): string {
    if (rule.credits.kind === "FIXED") return rule.credits.credits;
    const sources = usedCourseIds.map((id) => this.courses.hours(id)).filter((course): course is SourceCourse => course !== undefined);
    return creditsFromHours(sources, rule.hoursPerCredit);
  }
}

export function isInForce(rule: Pick<GraphRule, "inForceFrom" | "inForceTo">, on: string): boolean {
  return rule.inForceFrom <= on && (rule.inForceTo === null || on <= rule.inForceTo);
}

/** Concatenates upstream paths without repeating a step (two sources may share a chain). */
function mergePaths(paths: PathStep[][]): PathStep[] {
  // Completed courses have no path: the common case, and allocation-free.
  if (paths.every((path) => path.length === 0)) return [];
  const seen = new Set<string>();
  const merged: PathStep[] = [];
  for (const step of paths.flat()) {
    if (seen.has(step.ruleId)) continue;
    seen.add(step.ruleId);
    merged.push(step);
  }
  return merged;
}

/** What "the same target" means: the same target courses, or the same rule's elective block or refusal. */
function targetKey(equivalence: Equivalence): string {
  const courseIds = equivalence.targetCourseIds;
  // Most rules grant one course: nothing to sort.
  if (courseIds.length === 1) return `courses:${courseIds[0]}`;
  if (courseIds.length > 1) return `courses:${[...courseIds].sort().join(",")}`;
  return `rule:${equivalence.rule.ruleId}`;
}

/** Complete before incomplete, then most credits, then fewest hops, then fewest missing courses, then rule id (deterministic). */
export function compareEquivalences(a: Equivalence, b: Equivalence): number {
  if (a.complete !== b.complete) return a.complete ? -1 : 1;
  const credits = Number(b.credits) - Number(a.credits);
  if (credits !== 0) return credits;
  if (a.hops !== b.hops) return a.hops - b.hops;
  if (a.missingCourseIds.length !== b.missingCourseIds.length) return a.missingCourseIds.length - b.missingCourseIds.length;
  return a.rule.ruleId < b.rule.ruleId ? -1 : a.rule.ruleId > b.rule.ruleId ? 1 : 0;
}

function sortEquivalences(equivalences: Equivalence[]): Equivalence[] {
  return [...equivalences].sort(compareEquivalences);
}

function bestPerTarget(equivalences: Equivalence[]): Equivalence[] {
  const best = new Map<string, Equivalence>();
  for (const equivalence of sortEquivalences(equivalences)) {
    const key = targetKey(equivalence);
    if (!best.has(key)) best.set(key, equivalence);
  }
  return [...best.values()];
}
