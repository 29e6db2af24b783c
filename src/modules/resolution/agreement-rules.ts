// One agreement's rules as the EquivalenceGraph keeps them. As objects (the
// rule, its source groups, its target, their ID arrays) a rule costs about 500
// bytes of heap; here it costs its ID string and about ten 4-byte numbers in
// one typed array per agreement, and what the rules of an agreement share
// (version, window, terms, credits, target organization) is kept once. Rule
// objects are made again only for the rules a query touches.
import type { Conjunction, HoursPerCredit, RuleCredits, RuleSource, SourceGroup } from "../transfer/rule-evaluation.js";
import type { CourseTable } from "./course-table.js";
import type { GraphRule } from "./equivalence-graph.js";

// Agreements have at most MAX_RULES (500) rules; rule handles in the graph leave room for eight times that.
export const RULE_INDEX_BITS = 12;
export const MAX_RULES_PER_AGREEMENT = 2 ** RULE_INDEX_BITS;

const CONJUNCTIONS: readonly Conjunction[] = ["AND", "OR"];

/** The target without the courses of a COURSES target, which are kept per rule. */
type SharedTarget = Exclude<GraphRule["target"], { kind: "COURSES" }> | { kind: "COURSES"; organizationId: string };

/** What a rule has in common with most rules of its agreement. */
export interface RuleFacts {
  agreementVersion: number;
  inForceFrom: string;
  inForceTo: string | null;
  allowTransitive: boolean;
  hoursPerCredit: HoursPerCredit;
  credits: RuleCredits;
  target: SharedTarget;
}

/**
 * Each rule is a record in `records`, starting at `starts[index]`:
 *   facts number, group conjunction (index in CONJUNCTIONS), group count,
 *   per group: its conjunction, its course count, its course numbers;
 *   then the target course count and the target course numbers.
 */
export class AgreementRules {
  private constructor(
    readonly agreementId: string,
    private readonly ruleIds: readonly string[],
    private readonly facts: readonly RuleFacts[],
    private readonly starts: Int32Array,
    private readonly records: Int32Array,
  ) {}

  /** Numbers the courses the rules name in `courses`. */
  static compact(agreementId: string, rules: readonly GraphRule[], courses: CourseTable): AgreementRules {
    if (rules.length > MAX_RULES_PER_AGREEMENT) throw new RangeError(`Agreement ${agreementId} has ${rules.length} rules, more than ${MAX_RULES_PER_AGREEMENT}`);
    const facts: RuleFacts[] = [];
    const starts: number[] = [];
    const records: number[] = [];
    for (const rule of rules) {
      // A linear search: an agreement's rules have a handful of distinct facts (and at most MAX_RULES_PER_AGREEMENT).
      let number = facts.findIndex((each) => hasFacts(rule, each));
      if (number < 0) number = facts.push(factsOf(rule)) - 1;
      starts.push(records.length);
      records.push(number, CONJUNCTIONS.indexOf(rule.source.groupConjunction), rule.source.groups.length);
      for (const group of rule.source.groups) {
        records.push(CONJUNCTIONS.indexOf(group.conjunction));
        pushCourses(records, group.courseIds, courses);
      }
      pushCourses(records, rule.target.kind === "COURSES" ? rule.target.courseIds : [], courses);
    }
    return new AgreementRules(
      agreementId,
      rules.map((rule) => rule.ruleId),
      facts,
      new Int32Array(starts),
      new Int32Array(records),
    );
  }

  get count(): number {
    return this.ruleIds.length;
  }

  factsOf(index: number): RuleFacts {
    return this.facts[this.records[this.starts[index]]];
  }

  /** The courses the rule's source names, each once, in the order named. */
  sourceCourses(index: number): number[] {
    const named = new Set<number>();
    let at = this.starts[index] + 2;
    const groupCount = this.records[at++];
    for (let group = 0; group < groupCount; group += 1) {
      const courseCount = this.records[at + 1];
      for (let course = 0; course < courseCount; course += 1) named.add(this.records[at + 2 + course]);
      at += 2 + courseCount;
    }
    return [...named];
  }

  /** The rule as an object, with the course IDs of `courses`. */
  rule(index: number, courses: CourseTable): GraphRule {
    let at = this.starts[index];
    const facts = this.facts[this.records[at]];
    // Arrays of their final length: this runs for every rule a query touches.
    const groups = new Array<SourceGroup>(this.records[at + 2]);
    const source: RuleSource = { groupConjunction: CONJUNCTIONS[this.records[at + 1]], groups };
    at += 3;
    for (let group = 0; group < groups.length; group += 1) {
      groups[group] = { conjunction: CONJUNCTIONS[this.records[at]], courseIds: this.courseIds(at + 1, courses) };
      at += 2 + this.records[at + 1];
    }
    const target: GraphRule["target"] =
      facts.target.kind === "COURSES" ? { kind: "COURSES", organizationId: facts.target.organizationId, courseIds: this.courseIds(at, courses) } : facts.target;
    return {
      ruleId: this.ruleIds[index],
      agreementId: this.agreementId,
      agreementVersion: facts.agreementVersion,
      inForceFrom: facts.inForceFrom,
      inForceTo: facts.inForceTo,
      allowTransitive: facts.allowTransitive,
      hoursPerCredit: facts.hoursPerCredit,
      source,
      target,
      credits: facts.credits,
    };
  }

  /** The IDs of the courses counted at `at` (see pushCourses). */
  private courseIds(at: number, courses: CourseTable): string[] {
    const ids = new Array<string>(this.records[at]);
    for (let course = 0; course < ids.length; course += 1) ids[course] = courses.idOf(this.records[at + 1 + course]);
    return ids;
  }
}

/** The course numbers are stored after their count. */
function pushCourses(records: number[], courseIds: readonly string[], courses: CourseTable): void {
  records.push(courseIds.length);
  for (const id of courseIds) records.push(courses.intern(id));
}

/** Whether the rule has these facts, whatever objects hold them. */
function hasFacts(rule: GraphRule, facts: RuleFacts): boolean {
  return (
    rule.agreementVersion === facts.agreementVersion &&
    rule.inForceFrom === facts.inForceFrom &&
    rule.inForceTo === facts.inForceTo &&
    rule.allowTransitive === facts.allowTransitive &&
    rule.hoursPerCredit.lectureHoursPerCredit === facts.hoursPerCredit.lectureHoursPerCredit &&
    rule.hoursPerCredit.practiceHoursPerCredit === facts.hoursPerCredit.practiceHoursPerCredit &&
    fixedCredits(rule.credits) === fixedCredits(facts.credits) &&
    hasTarget(rule.target, facts.target)
  );
}

const fixedCredits = (credits: RuleCredits) => (credits.kind === "FIXED" ? credits.credits : null);

/** Whether the target is the shared one, apart from the courses of a COURSES target. */
function hasTarget(target: GraphRule["target"], shared: SharedTarget): boolean {
  if (target.kind !== shared.kind || target.organizationId !== shared.organizationId) return false;
  if (target.kind === "ELECTIVE_BLOCK" && shared.kind === "ELECTIVE_BLOCK") return target.credits === shared.credits && target.category === shared.category;
  if (target.kind === "NO_RECOGNITION" && shared.kind === "NO_RECOGNITION") return target.reason === shared.reason;
  return true;
}

function factsOf(rule: GraphRule): RuleFacts {
  const { target } = rule;
  return {
    agreementVersion: rule.agreementVersion,
    inForceFrom: rule.inForceFrom,
    inForceTo: rule.inForceTo,
    allowTransitive: rule.allowTransitive,
    hoursPerCredit: rule.hoursPerCredit,
    credits: rule.credits,
    target:
      target.kind === "COURSES"
        ? { kind: "COURSES", organizationId: target.organizationId }
        : target.kind === "ELECTIVE_BLOCK"
          ? { kind: "ELECTIVE_BLOCK", organizationId: target.organizationId, credits: target.credits, category: target.category }
          : { kind: "NO_RECOGNITION", organizationId: target.organizationId, reason: target.reason },
  };
}
