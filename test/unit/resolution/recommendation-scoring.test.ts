import { describe, expect, it } from "vitest";
import { EquivalenceGraph, type GraphCourse, type GraphRule } from "../../../src/modules/resolution/equivalence-graph.js";
import { scoreOrganizations, scorePathways, type PathwayCandidate } from "../../../src/modules/resolution/recommendation-scoring.js";

const courses = new Map<string, GraphCourse>(["a", "b", "c", "d"].map((id) => [id, { id, organizationId: "P", lectureHours: "16", practiceHours: "16" }]));
let next = 0;
function rule(sources: string[], organizationId: string, target: string, credits: string): GraphRule {
  next += 1;
  return {
    ruleId: `r${next}`,
    agreementId: `A${organizationId}`,
    agreementVersion: 1,
    inForceFrom: "2024-01-01",
    inForceTo: null,
    allowTransitive: false,
    hoursPerCredit: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32" },
    source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: sources }] },
    target: { kind: "COURSES", organizationId, courseIds: [target] },
    credits: { kind: "FIXED", credits },
  };
}
const graph = new EquivalenceGraph(
  [rule(["a"], "U", "u1", "2.00"), rule(["a", "b"], "U", "u2", "3.00"), rule(["a", "c"], "U", "u3", "4.00"), rule(["b"], "U", "u1", "2.50"), rule(["a"], "W", "w1", "5.00"), rule(["b"], "W", "w2", "1.00")],
  courses,
);
const candidate = (courseIds: string[], hours: bigint, coursePackageId: string | null = null): PathwayCandidate => ({
  key: coursePackageId ?? courseIds.join(","),
  kind: coursePackageId ? "COURSE_PACKAGE" : "COURSES",
  courseIds,
  coursePackageId,
  additionalHours: hours,
});

describe("scorePathways", () => {
  it("scores credits gained per additional hour, counting a better rule for the same target as the difference", () => {
    const scored = scorePathways(graph, ["a"], [candidate(["c"], 6400n), candidate(["b"], 3200n), candidate(["d"], 1600n), candidate(["b", "c"], 9600n, "pkg")], { targetOrganizationId: "U", on: "2026-01-01" });
    // b: u2 +3.00 and u1 2.00 → 2.50 (+0.50) = 3.50 for 32 h; package: 3.50 + 4.00 for 96 h; c: 4.00 for 64 h; d gains nothing.
    expect(scored.map((each) => [each.key, each.creditsGained, each.score, each.completes.map((e) => e.rule.ruleId)])).toEqual([
      ["b", 350n, 350 / 3200, ["r2", "r4"]],
      ["pkg", 750n, 750 / 9600, ["r3", "r2", "r4"]],
      ["c", 400n, 400 / 6400, ["r3"]],
    ]);
  });
});

describe("scoreOrganizations", () => {
  it("ranks organizations by the credits the courses earn there, each course counted once", () => {
    expect(scoreOrganizations(graph, ["a", "b"], "2026-01-01").map((each) => [each.organizationId, each.credits, each.counted.map((e) => e.rule.ruleId)])).toEqual([
      ["W", 600n, ["r5", "r6"]],
      // u2 (a + b, 3.00) uses both courses, so u1 (2.50 by b) does not count on top of it.
      ["U", 300n, ["r2"]],
    ]);
  });
});
