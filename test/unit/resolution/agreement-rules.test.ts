import { describe, expect, it } from "vitest";
import { AgreementRules, MAX_RULES_PER_AGREEMENT } from "../../../src/modules/resolution/agreement-rules.js";
import { CourseTable } from "../../../src/modules/resolution/course-table.js";
import type { GraphRule } from "../../../src/modules/resolution/equivalence-graph.js";

const terms = { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32" };
const rule = (ruleId: string, overrides: Partial<GraphRule> = {}): GraphRule => ({
  ruleId,
  agreementId: "A",
  agreementVersion: 2,
  inForceFrom: "2025-09-01",
  inForceTo: null,
  allowTransitive: true,
  hoursPerCredit: terms,
  source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: ["p1"] }] },
  target: { kind: "COURSES", organizationId: "U", courseIds: ["u1"] },
  credits: { kind: "FROM_HOURS" },
  ...overrides,
});

describe("AgreementRules", () => {
  it("gives every rule back as it was compacted: source groups, target, credits and window", () => {
    const rules = [
      rule("r1"),
      rule("r2", {
        source: { groupConjunction: "OR", groups: [{ conjunction: "AND", courseIds: ["p1", "p2"] }, { conjunction: "OR", courseIds: ["p3", "p1"] }] },
        target: { kind: "COURSES", organizationId: "U", courseIds: ["u2", "u1"] },
        credits: { kind: "FIXED", credits: "2.50" },
      }),
      rule("r3", { target: { kind: "ELECTIVE_BLOCK", organizationId: "U", credits: "4.00", category: null }, inForceTo: "2026-01-31" }),
      rule("r4", { target: { kind: "NO_RECOGNITION", organizationId: "W", reason: "内容不对应" }, allowTransitive: false }),
    ];
    const courses = new CourseTable();
    const compacted = AgreementRules.compact("A", rules, courses);
    expect(rules.map((_, index) => compacted.rule(index, courses))).toEqual(rules);
  });

  it("lists each source course of a rule once, in the order named", () => {
    const courses = new CourseTable();
    const source = { groupConjunction: "AND" as const, groups: [{ conjunction: "OR" as const, courseIds: ["p2", "p1"] }, { conjunction: "AND" as const, courseIds: ["p1", "p3"] }] };
    const compacted = AgreementRules.compact("A", [rule("r1", { source })], courses);
    expect(compacted.sourceCourses(0).map((course) => courses.idOf(course))).toEqual(["p2", "p1", "p3"]);
  });

  it("refuses more rules than a rule handle can address", () => {
    const rules = Array.from({ length: MAX_RULES_PER_AGREEMENT + 1 }, (_, index) => rule(`r${index}`));
    expect(() => AgreementRules.compact("A", rules, new CourseTable())).toThrow(RangeError);
  });
});
