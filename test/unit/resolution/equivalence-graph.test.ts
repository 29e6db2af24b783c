import { describe, expect, it } from "vitest";
import { EquivalenceGraph, type GraphCourse, type GraphRule } from "../../../src/modules/resolution/equivalence-graph.js";

// Organizations: P (provider), V (vocational college), U (university), W (another university).
const course = (id: string, organizationId: string, lectureHours = "32", practiceHours = "32"): GraphCourse => ({ id, organizationId, lectureHours, practiceHours });
const courses = new Map(
  [course("p1", "P"), course("p2", "P", "16", "64"), course("p3", "P"), course("v1", "V"), course("v2", "V"), course("u1", "U"), course("u2", "U"), course("w1", "W")].map((c) => [c.id, c]),
);

let nextRule = 0;
function rule(overrides: Partial<GraphRule> & Pick<GraphRule, "source" | "target">): GraphRule {
  nextRule += 1;
  return {
    ruleId: `r${String(nextRule).padStart(3, "0")}`,
    agreementId: overrides.agreementId ?? `a${nextRule}`,
    agreementVersion: 1,
    inForceFrom: "2024-01-01",
    inForceTo: null,
    allowTransitive: false,
    hoursPerCredit: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32" },
    credits: { kind: "FROM_HOURS" },
    ...overrides,
  };
}
const and = (...courseIds: string[]) => ({ groups: [{ conjunction: "AND" as const, courseIds }], groupConjunction: "AND" as const });
const or = (...courseIds: string[]) => ({ groups: [{ conjunction: "OR" as const, courseIds }], groupConjunction: "AND" as const });
const to = (organizationId: string, ...courseIds: string[]) => ({ kind: "COURSES" as const, organizationId, courseIds });
const query = (completedCourseIds: string[], extra: Partial<Parameters<EquivalenceGraph["resolve"]>[0]> = {}) => ({
  completedCourseIds,
  targetOrganizationId: null,
  on: "2026-06-01",
  maxHops: 1,
  allPaths: false,
  ...extra,
});
const summary = (graph: EquivalenceGraph, q: ReturnType<typeof query>) =>
  graph.resolve(q).map((e) => ({ rule: e.rule.ruleId, to: e.targetCourseIds, credits: e.credits, complete: e.complete, missing: e.missingCourseIds, hops: e.hops, path: e.path.map((s) => s.ruleId) }));

describe("EquivalenceGraph", () => {
  it("resolves a 1:1 rule with credits computed from hours (32 h lecture / 16 + 32 h practice / 32 = 3)", () => {
    const r = rule({ source: and("p1"), target: to("U", "u1") });
    expect(summary(new EquivalenceGraph([r], courses), query(["p1"]))).toEqual([{ rule: r.ruleId, to: ["u1"], credits: "3.00", complete: true, missing: [], hops: 1, path: [r.ruleId] }]);
  });

  it("reports a many:1 rule with a missing course as incomplete, with no credits", () => {
    const r = rule({ source: and("p1", "p2"), target: to("U", "u1") });
    expect(summary(new EquivalenceGraph([r], courses), query(["p1"]))).toEqual([{ rule: r.ruleId, to: ["u1"], credits: "0.00", complete: false, missing: ["p2"], hops: 1, path: [r.ruleId] }]);
  });

  it("accepts any one of OR alternatives and uses fixed credits when the rule says so", () => {
    const r = rule({ source: or("p1", "p2"), target: to("U", "u1"), credits: { kind: "FIXED", credits: "2.50" } });
    expect(summary(new EquivalenceGraph([r], courses), query(["p2"]))[0]).toMatchObject({ credits: "2.50", complete: true, path: [r.ruleId] });
  });

  it("returns elective blocks and explicit no-recognition rules with their reason", () => {
    const elective = rule({ source: and("p3"), target: { kind: "ELECTIVE_BLOCK", organizationId: "U", credits: "4.00", category: "专业选修" }, credits: { kind: "FIXED", credits: "4.00" } });
    const refused = rule({ source: and("p3"), target: { kind: "NO_RECOGNITION", organizationId: "W", reason: "内容不对应" } });
    const result = new EquivalenceGraph([elective, refused], courses).resolve(query(["p3"]));
    expect(result.map((e) => [e.rule.ruleId, e.electiveBlock, e.noRecognitionReason, e.credits, e.complete])).toEqual([
      [elective.ruleId, { credits: "4.00", category: "专业选修" }, null, "4.00", true],
      [refused.ruleId, null, "内容不对应", "0.00", true],
    ]);
  });

  it("skips agreement versions not in force on the given date", () => {
    const expired = rule({ source: and("p1"), target: to("U", "u1"), inForceTo: "2025-12-31" });
    const graph = new EquivalenceGraph([expired], courses);
    expect(graph.resolve(query(["p1"], { on: "2026-01-01" }))).toEqual([]);
    expect(graph.resolve(query(["p1"], { on: "2025-12-31" }))).toHaveLength(1);
  });

  it("never infers the reverse of a rule", () => {
    const r = rule({ source: and("p1"), target: to("U", "u1") });
    expect(new EquivalenceGraph([r], courses).resolve(query(["u1"], { maxHops: 4 }))).toEqual([]);
  });

  it("chains three hops through transitive agreements, recomputing credits at each hop", () => {
    const pToV = rule({ source: and("p1"), target: to("V", "v1"), allowTransitive: true });
    const vToU = rule({ source: and("v1"), target: to("U", "u1"), allowTransitive: true, credits: { kind: "FIXED", credits: "5.00" } });
    const uToW = rule({ source: and("u1"), target: to("W", "w1"), allowTransitive: true, hoursPerCredit: { lectureHoursPerCredit: "32", practiceHoursPerCredit: "32" } });
    const graph = new EquivalenceGraph([pToV, vToU, uToW], courses);
    expect(summary(graph, query(["p1"], { maxHops: 3, targetOrganizationId: "W" }))).toEqual([
      { rule: uToW.ruleId, to: ["w1"], credits: "2.00", complete: true, missing: [], hops: 3, path: [pToV.ruleId, vToU.ruleId, uToW.ruleId] },
    ]);
    expect(graph.resolve(query(["p1"], { maxHops: 2, targetOrganizationId: "W" }))).toEqual([]);
  });

  it("stops a chain at an agreement that does not allow transitivity", () => {
    const pToV = rule({ source: and("p1"), target: to("V", "v1"), allowTransitive: true });
    const vToU = rule({ source: and("v1"), target: to("U", "u1"), allowTransitive: false });
    expect(new EquivalenceGraph([pToV, vToU], courses).resolve(query(["p1"], { maxHops: 3, targetOrganizationId: "U" }))).toEqual([]);
  });

  it("terminates on a cycle and reports each target once", () => {
    const pToV = rule({ source: and("p1"), target: to("V", "v1"), allowTransitive: true });
    const vToU = rule({ source: and("v1"), target: to("U", "u1"), allowTransitive: true });
    const uToV = rule({ source: and("u1"), target: to("V", "v1"), allowTransitive: true });
    const result = summary(new EquivalenceGraph([pToV, vToU, uToV], courses), query(["p1"], { maxHops: 4 }));
    expect(result.map((e) => [e.to, e.hops])).toEqual([
      [["v1"], 1],
      [["u1"], 2],
    ]);
  });

  it("completes an AND group from one completed and one produced course, listing both chains in order", () => {
    const pToV = rule({ source: and("p1"), target: to("V", "v2"), allowTransitive: true });
    const both = rule({ source: and("p3", "v2"), target: to("U", "u2"), allowTransitive: true, credits: { kind: "FIXED", credits: "6.00" } });
    expect(summary(new EquivalenceGraph([pToV, both], courses), query(["p1", "p3"], { maxHops: 2, targetOrganizationId: "U" }))).toEqual([
      { rule: both.ruleId, to: ["u2"], credits: "6.00", complete: true, missing: [], hops: 2, path: [pToV.ruleId, both.ruleId] },
    ]);
  });

  it("prefers the path with more credits, then the one with fewer hops, and lists all paths on request", () => {
    const direct = rule({ source: and("p1"), target: to("U", "u1"), credits: { kind: "FIXED", credits: "2.00" } });
    const viaV = rule({ source: and("p1"), target: to("V", "v1"), allowTransitive: true });
    const vToU = rule({ source: and("v1"), target: to("U", "u1"), allowTransitive: true, credits: { kind: "FIXED", credits: "3.00" } });
    const graph = new EquivalenceGraph([direct, viaV, vToU], courses);
    expect(summary(graph, query(["p1"], { maxHops: 2, targetOrganizationId: "U" })).map((e) => [e.rule, e.credits, e.hops])).toEqual([[vToU.ruleId, "3.00", 2]]);
    expect(summary(graph, query(["p1"], { maxHops: 2, targetOrganizationId: "U", allPaths: true })).map((e) => [e.rule, e.credits])).toEqual([
      [vToU.ruleId, "3.00"],
      [direct.ruleId, "2.00"],
    ]);
  });
  it("never exceeds maxHops when a course produced in one hop feeds another rule touched in the same hop", () => {
    const pToV = rule({ source: and("p1"), target: to("V", "v1"), allowTransitive: true });
    const vToU = rule({ source: and("v1"), target: to("U", "u1"), allowTransitive: true });
    const both = rule({ source: and("v1", "u1"), target: to("W", "w1"), allowTransitive: true, credits: { kind: "FIXED", credits: "1.00" } });
    const graph = new EquivalenceGraph([pToV, vToU, both], courses);
    const atW = (maxHops: number) => summary(graph, query(["p1"], { maxHops, targetOrganizationId: "W" })).map((e) => [e.complete, e.hops, e.missing]);
    expect(atW(2)).toEqual([[false, 2, ["u1"]]]);
    expect(atW(3)).toEqual([[true, 3, []]]);
  });

  it("takes a completed course over a produced alternative of an OR group, so the chain is the shortest", () => {
    const pToV = rule({ source: and("p1"), target: to("V", "v1"), allowTransitive: true });
    const either = rule({ source: or("v1", "p3"), target: to("U", "u1"), allowTransitive: true, credits: { kind: "FIXED", credits: "1.00" } });
    const graph = new EquivalenceGraph([pToV, either], courses);
    expect(summary(graph, query(["p1", "p3"], { maxHops: 2, targetOrganizationId: "U" }))).toEqual([
      { rule: either.ruleId, to: ["u1"], credits: "1.00", complete: true, missing: [], hops: 1, path: [either.ruleId] },
    ]);
  });

  it("swaps one agreement's rules without touching the others'", () => {
    const first = rule({ agreementId: "A", source: and("p1"), target: to("U", "u1") });
    const other = rule({ agreementId: "B", source: and("p1"), target: to("W", "w1") });
    const graph = new EquivalenceGraph([first, other], courses);
    const amended = rule({ agreementId: "A", agreementVersion: 2, source: and("p1"), target: to("U", "u2"), credits: { kind: "FIXED", credits: "1.00" } });
    graph.replaceAgreement("A", [amended]);
    expect([graph.ruleCount, graph.agreementCount]).toEqual([2, 2]);
    expect(summary(graph, query(["p1"])).map((e) => [e.rule, e.to])).toEqual([
      [other.ruleId, ["w1"]],
      [amended.ruleId, ["u2"]],
    ]);
    graph.replaceAgreement("A", []);
    expect([graph.ruleCount, graph.agreementCount]).toEqual([1, 1]);
    expect(summary(graph, query(["p1"])).map((e) => e.rule)).toEqual([other.ruleId]);
  });

  it("gives a removed agreement's place to another without mixing their rules", () => {
    const removed = rule({ agreementId: "A", source: and("p1"), target: to("U", "u1") });
    const kept = rule({ agreementId: "B", source: and("p1"), target: to("W", "w1") });
    const graph = new EquivalenceGraph([removed, kept], courses);
    graph.replaceAgreement("A", []);
    const added = rule({ agreementId: "C", source: and("p2"), target: to("U", "u2") });
    graph.replaceAgreement("C", [added]);
    expect([graph.ruleCount, graph.agreementCount]).toEqual([2, 2]);
    expect(summary(graph, query(["p1", "p2"])).map((e) => [e.rule, e.path])).toEqual([
      [kept.ruleId, [kept.ruleId]],
      [added.ruleId, [added.ruleId]],
    ]);
  });
});
