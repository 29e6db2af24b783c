import { describe, expect, it } from "vitest";
import { countTokens } from "../../../src/graphql/limits/tokens.js";

describe("countTokens", () => {
  it("counts punctuation, names and values, but not comments", () => {
    // { viewer ( id : "x" ) { role } }
    expect(countTokens(`{ viewer(id: "x") { role } } # a comment with many words`, 100)).toBe(11);
  });

  it("stops counting once past the limit", () => {
    expect(countTokens(`{ ${"a ".repeat(10_000)}}`, 50)).toBe(51);
  });

  it("leaves a lexical error to the parser and counts what came before it", () => {
    expect(countTokens(`{ a ~ b }`, 100)).toBe(2);
  });
});
