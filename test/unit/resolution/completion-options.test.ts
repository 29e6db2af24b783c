import { describe, expect, it } from "vitest";
import { completionOptions } from "../../../src/modules/resolution/completion-options.js";
import type { RuleSource } from "../../../src/modules/transfer/rule-evaluation.js";

const and = (...courseIds: string[]) => ({ conjunction: "AND" as const, courseIds });
const or = (...courseIds: string[]) => ({ conjunction: "OR" as const, courseIds });
const allOf = (...groups: RuleSource["groups"]): RuleSource => ({ groupConjunction: "AND", groups });
const anyOf = (...groups: RuleSource["groups"]): RuleSource => ({ groupConjunction: "OR", groups });
const done = (...ids: string[]) => new Set(ids);

describe("completionOptions", () => {
  it("names the one missing course of a many:1 rule", () => {
    expect(completionOptions(allOf(and("a", "b")), done("a"))).toEqual([["b"]]);
  });

  it("offers each alternative of an OR group on its own", () => {
    expect(completionOptions(allOf(and("a"), or("y", "x")), done("a"))).toEqual([["x"], ["y"]]);
  });

  it("combines groups that are all needed, sharing a course that serves two groups", () => {
    expect(completionOptions(allOf(or("x", "y"), or("y", "z")), done())).toEqual([["y"], ["x", "z"]]);
  });

  it("offers the closest group when any group will do", () => {
    expect(completionOptions(anyOf(and("a", "b", "c"), and("d", "e")), done("a"))).toEqual([["b", "c"], ["d", "e"]]);
  });

  it("offers nothing for a complete source, or one that needs more than two further courses", () => {
    expect(completionOptions(allOf(and("a")), done("a"))).toEqual([]);
    expect(completionOptions(anyOf(and("a", "b"), and("c")), done("c"))).toEqual([]);
    expect(completionOptions(allOf(and("a", "b", "c")), done())).toEqual([]);
    expect(completionOptions(allOf(and("a", "b", "c")), done(), 3)).toEqual([["a", "b", "c"]]);
  });
});
