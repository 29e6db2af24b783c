import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { queryCost } from "../../../src/graphql/limits/cost.js";
import { schema } from "./schema.js";

function costOf(document: string, variables: Record<string, unknown> = {}): number {
  const parsed = parse(document);
  const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition")!;
  const { coerced } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return queryCost(schema, parsed, operation, coerced!);
}

describe("queryCost", () => {
  it("charges 1 per field", () => {
    expect(costOf(`{ course(id: "1") { id title } }`)).toBe(3);
  });

  it("multiplies a connection's selection by first, 20 when absent", () => {
    expect(costOf(`{ courses(first: 5) { totalCount nodes { id } } }`)).toBe(1 + 5 * (1 + 2));
    expect(costOf(`{ courses { totalCount nodes { id } } }`)).toBe(1 + 20 * (1 + 2));
  });

  it("reads first from variables, then from the variable's default", () => {
    const document = `query Page($first: Int) { courses(first: $first) { nodes { id } } }`;
    expect(costOf(document, { first: 7 })).toBe(1 + 7 * 2);
    expect(costOf(document)).toBe(1 + 20 * 2);
    expect(costOf(`query Page($first: Int = 3) { courses(first: $first) { nodes { id } } }`)).toBe(1 + 3 * 2);
  });

  it("multiplies nested connections", () => {
    const document = `{ courses(first: 5) { nodes { id prerequisites(first: 3) { nodes { title } } } } }`;
    expect(costOf(document)).toBe(1 + 5 * (1 + (1 + (1 + 3 * (1 + 1)))));
  });

  it("multiplies a lookup's selection by the number of IDs", () => {
    expect(costOf(`query Many($ids: [ID!]!) { nodes(ids: $ids) { id ... on Course { title } } }`, { ids: ["a", "b", "c"] })).toBe(1 + 3 * 2);
  });

  it("charges nothing for __typename", () => {
    expect(costOf(`{ __typename course(id: "1") { __typename id } }`)).toBe(2);
  });

  it("charges a fragment at every spread", () => {
    expect(costOf(`{ a: course(id: "1") { ...F } b: course(id: "2") { ...F } } fragment F on Course { id title }`)).toBe(2 * (1 + 2));
  });

  it("charges nothing under a connection asked for a negative page, which resolves nothing", () => {
    expect(costOf(`{ courses(first: -1) { nodes { id } } }`)).toBe(1);
  });

  it("prices a fragment that doubles at every level without expanding it (linear work, exponential cost)", () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, level) =>
      level === 0 ? "fragment F0 on Course { id }" : `fragment F${level} on Course { a: related { ...F${level - 1} } b: related { ...F${level - 1} } }`,
    );
    const cost = costOf(`{ course(id: "1") { ...F${levels - 1} } } ${fragments.join(" ")}`);
    expect(cost).toBeGreaterThan(2 ** levels);
  });
});
