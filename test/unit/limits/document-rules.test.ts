import { describe, expect, it } from "vitest";
import { getIntrospectionQuery, parse, validate, type GraphQLError, type ValidationRule } from "graphql";
import { maxAliasesRule, maxDepthRule, maxDirectivesRule } from "../../../src/graphql/limits/document-rules.js";
import { schema } from "./schema.js";

const refusals = (rule: ValidationRule, document: string) =>
  validate(schema, parse(document), [rule]).map((error: GraphQLError) => ({ message: error.message, extensions: error.extensions }));

const nested = (levels: number) => `{ course(id: "1") { ${"related { ".repeat(levels - 2)}id${" }".repeat(levels - 2)} } }`;

describe("maxDepthRule", () => {
  it("accepts an operation exactly as deep as the limit", () => {
    expect(refusals(maxDepthRule(5), nested(5))).toEqual([]);
  });

  it("refuses one level deeper with the limit and the depth found", () => {
    expect(refusals(maxDepthRule(5), nested(6))).toEqual([
      {
        message: "Query depth 6 exceeds 5, the limit set by QUERY_MAX_DEPTH",
        extensions: { code: "QUERY_TOO_COMPLEX", limit: "depth", max: 5, actual: 6, http: { status: 400 } },
      },
    ]);
  });

  it("counts a fragment's fields where it is spread, and inline fragments add no level", () => {
    const document = `{ course(id: "1") { ... on Course { related { ...Deep } } } }
      fragment Deep on Course { related { related { id } } }`;
    expect(refusals(maxDepthRule(5), document)).toEqual([]);
    expect(refusals(maxDepthRule(4), document).map((refusal) => refusal.extensions.actual)).toEqual([5]);
  });

  it("exempts introspection, so the explorer can load the schema", () => {
    expect(refusals(maxDepthRule(2), getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))).toEqual([]);
  });

  it("ends on fragment cycles (graphql-js reports them) instead of recursing forever", () => {
    const document = `{ course(id: "1") { ...A } } fragment A on Course { related { ...B } } fragment B on Course { related { ...A } }`;
    expect(refusals(maxDepthRule(12), document)).toEqual([]);
  });
});

describe("maxAliasesRule", () => {
  const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `c${index}: course(id: "${index}") { id }`).join(" ")} }`;

  it("accepts up to the limit and refuses one more, counting the whole document", () => {
    expect(refusals(maxAliasesRule(3), aliased(3))).toEqual([]);
    expect(refusals(maxAliasesRule(3), aliased(4))).toEqual([
      {
        message: "Query alias count 4 exceeds 3, the limit set by QUERY_MAX_ALIASES",
        extensions: { code: "QUERY_TOO_COMPLEX", limit: "aliases", max: 3, actual: 4, http: { status: 400 } },
      },
    ]);
  });
});

describe("maxDirectivesRule", () => {
  it("accepts up to the limit and refuses one more", () => {
    const document = (count: number) => `{ course(id: "1") { ${Array.from({ length: count }, () => "id @include(if: true)").join(" ")} } }`;
    expect(refusals(maxDirectivesRule(2), document(2))).toEqual([]);
    expect(refusals(maxDirectivesRule(2), document(3))).toEqual([
      {
        message: "Query directive count 3 exceeds 2, the limit set by QUERY_MAX_DIRECTIVES",
        extensions: { code: "QUERY_TOO_COMPLEX", limit: "directives", max: 2, actual: 3, http: { status: 400 } },
      },
    ]);
  });
});
