import { describe, expect, it } from "vitest";
import { ApolloServer } from "@apollo/server";
import { GraphQLError, GraphQLSchema, buildSchema } from "graphql";
import { jitGateway } from "../../../src/graphql/jit-executor.js";

const typeDefs = `
  interface Named { name: String! }
  type Person implements Named { name: String! }
  input GreetingInput { name: String! shout: Boolean! = false }
  type Query {
    greet(input: GreetingInput!): String!
    someone: Named
    refused: String
  }
`;

function schemaWith(resolveNamed: (value: unknown) => unknown): GraphQLSchema {
  const schema = buildSchema(typeDefs);
  const query = schema.getQueryType()!.getFields();
  query.greet.resolve = (_root, { input }: { input: { name: string; shout: boolean } }) => (input.shout ? `HELLO ${input.name.toUpperCase()}` : `hello ${input.name}`);
  query.someone.resolve = () => ({ name: "Li Hua" });
  query.refused.resolve = () => {
    throw new GraphQLError("not yours", { extensions: { code: "FORBIDDEN" } });
  };
  (schema.getType("Named") as { resolveType: unknown }).resolveType = resolveNamed;
  return schema;
}

async function run(query: string, variables?: Record<string, unknown>) {
  const server = new ApolloServer({ gateway: jitGateway(schemaWith(() => "Person")) });
  await server.start();
  try {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return { status: response.http.status, ...response.body.singleResult };
  } finally {
    await server.stop();
  }
}

describe("the graphql-jit executor behind Apollo", () => {
  it("executes an operation with its variables and resolves abstract types", async () => {
    const result = await run("query ($input: GreetingInput!) { greet(input: $input) someone { __typename name } }", { input: { name: "Wang", shout: true } });
    expect(result).toEqual({ status: undefined, data: { greet: "HELLO WANG", someone: { __typename: "Person", name: "Li Hua" } } });
  });

  it("applies the default of a non-null input field the variables leave out, as graphql-js does", async () => {
    const result = await run("query ($input: GreetingInput!) { greet(input: $input) }", { input: { name: "Wang" } });
    expect(result).toEqual({ status: undefined, data: { greet: "hello Wang" } });
  });

  it("answers variables that do not coerce with BAD_USER_INPUT and HTTP 400, naming the variable", async () => {
    const result = await run("query ($input: GreetingInput!) { greet(input: $input) }", { input: { name: 42 } });
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toMatchObject([{ message: expect.stringContaining('Variable "$input" got invalid value 42 at "input.name"'), extensions: { code: "BAD_USER_INPUT" } }]);
  });

  it("keeps a resolver error's code and path", async () => {
    const result = await run("{ refused }");
    expect(result).toMatchObject({ data: { refused: null }, errors: [{ message: "not yours", path: ["refused"], locations: [{ line: 1, column: 3 }], extensions: { code: "FORBIDDEN" } }] });
  });

  it("refuses a schema with an async resolveType, which graphql-jit would not await", () => {
    expect(() => jitGateway(schemaWith(async () => "Person"))).toThrow("Named.resolveType is async");
  });
});
