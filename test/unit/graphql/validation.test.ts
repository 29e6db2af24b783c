import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { checkText } from "../../../src/graphql/validation.js";
import { Problems } from "../../../src/graphql/user-error.js";

function problemsOf(value: string) {
  const problems = new Problems();
  checkText(problems, "title", value, { required: true, max: 20 });
  try {
    problems.throwIfAny();
    return [];
  } catch (error) {
    return (error as { errors: { code: string }[] }).errors.map((each) => each.code);
  }
}

describe("checkText", () => {
  it("accepts any script, emoji and tabs or newlines inside", () => {
    for (const value of ["智能制造", "Привет мир", "👩‍🎓 graduate", "line\nbreak", "e\u0301"]) expect(problemsOf(value)).toEqual([]);
  });

  it("refuses control characters and unpaired surrogates, which the journal's jsonb cannot hold", () => {
    for (const value of ["a\u0000b", "\u001b[31m", "\ud800", "x\udfff\ud800y"]) expect(problemsOf(value)).toEqual(["INVALID_VALUE"]);
  });
});
