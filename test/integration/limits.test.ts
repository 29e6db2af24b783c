import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getIntrospectionQuery, Kind, parse, print, type DefinitionNode } from "graphql";
import { startTestServer, execute, ok, errorCodes, type GraphQLResult, type TestServer } from "../support/server.js";
import { aUniversityInput } from "../support/factories.js";

// Three servers: the documented defaults, tight limits (budget off) to reach
// each limit with small queries, and production with introspection off and a tiny budget.
let standard: TestServer;
let tight: TestServer;
let production: TestServer;

beforeAll(async () => {
  [standard, tight, production] = await Promise.all([
    // The budget is set explicitly: the test helper may turn it off for load-heavy files.
    startTestServer({ RATE_LIMIT_COST_PER_MINUTE: "60000" }),
    startTestServer({ QUERY_MAX_DEPTH: "3", QUERY_MAX_ALIASES: "2", QUERY_MAX_DIRECTIVES: "2", QUERY_MAX_TOKENS: "60", QUERY_MAX_COST: "50", RATE_LIMIT_COST_PER_MINUTE: "0" }),
    startTestServer({ NODE_ENV: "production", INTROSPECTION: "false", QUERY_MAX_COST: "100", RATE_LIMIT_COST_PER_MINUTE: "6", RATE_LIMIT_COST_BURST: "100" }),
  ]);
});
afterAll(() => Promise.all([standard?.stop(), tight?.stop(), production?.stop()]));

/** Status, errors without the development stack trace, and data: what a client sees of a refusal. */
function seen(result: GraphQLResult<unknown>) {
  return {
    status: result.status,
    errors: result.errors.map(({ message, extensions }) => {
      const { stacktrace: _stacktrace, ...rest } = extensions ?? {};
      return { message, extensions: rest };
    }),
    data: result.data,
  };
}

async function post(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as GraphQLResult<unknown> };
}

const tooComplex = (limit: string, max: number, actual: number, what: string, variable: string) => ({
  message: `Query ${what} ${actual} exceeds ${max}, the limit set by ${variable}`,
  extensions: { code: "QUERY_TOO_COMPLEX", limit, max, actual },
});

/** Every operation of every ```graphql block in the README, each with the block's fragments. */
function readmeOperations(): string[] {
  const blocks = [...fs.readFileSync("README.md", "utf8").matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => parse(match[1]).definitions);
  return blocks.flatMap((definitions: readonly DefinitionNode[]) => {
    const fragments = definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    return definitions
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }));
  });
}

describe("well-formed frontend queries", () => {
  it("passes every README example under the default limits and reports its cost", async () => {
    const client = standard.client(await standard.token({ role: "admin", sub: "readme-reader" }));
    const operations = readmeOperations();
    expect(operations.length).toBeGreaterThan(1);
    for (const operation of operations) {
      const result = await execute(client, operation);
      const refusals = errorCodes(result).filter((code) => ["QUERY_TOO_COMPLEX", "RATE_LIMITED", "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"].includes(String(code)));
      expect({ operation, refusals, limit: (result.extensions?.cost as { limit: number }).limit }).toEqual({ operation, refusals: [], limit: 5_000 });
      expect((result.extensions?.cost as { requested: number }).requested).toBeLessThanOrEqual(5_000);
    }
  });

  it("reports the cost of a page of organizations with the caller's remaining budget", async () => {
    const client = standard.client(await standard.token({ role: "learner", sub: "cost-reader" }));
    const result = await execute(client, `{ organizations(first: 10) { totalCount pageInfo { hasNextPage endCursor } nodes { id __typename name nameEn code region } } }`);
    // 1 for the connection + 10 × (totalCount 1 + pageInfo 3 + nodes 6; __typename is free)
    expect(result.extensions?.cost).toEqual({ requested: 101, limit: 5_000, remainingBudget: 60_000 - 101 });
  });

  it("lets the explorer load the full introspection query (15 levels deep: introspection is exempt from the depth limit)", async () => {
    const result = await execute(standard.client(), getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }));
    expect({ errors: result.errors, queryType: (result.data as { __schema: { queryType: unknown } }).__schema.queryType }).toEqual({ errors: [], queryType: { kind: "OBJECT", name: "Query" } });
  });
});

describe("query limits", () => {
  it("refuses a query deeper than QUERY_MAX_DEPTH with HTTP 400 QUERY_TOO_COMPLEX", async () => {
    const result = await execute(tight.client(), `{ organizations(first: 1) { edges { node { id } } } }`);
    expect(seen(result)).toEqual({ status: 400, errors: [{ ...tooComplex("depth", 3, 4, "depth", "QUERY_MAX_DEPTH") }], data: null });
  });

  it("refuses more aliases than QUERY_MAX_ALIASES", async () => {
    const result = await execute(tight.client(), `{ a: viewer { role } b: viewer { role } c: viewer { role } }`);
    expect(seen(result)).toEqual({ status: 400, errors: [tooComplex("aliases", 2, 3, "alias count", "QUERY_MAX_ALIASES")], data: null });
  });

  it("refuses more directives than QUERY_MAX_DIRECTIVES", async () => {
    const result = await execute(tight.client(), `{ viewer { role @include(if: true) subject @include(if: true) organization @skip(if: true) { id } } }`);
    expect(seen(result)).toEqual({ status: 400, errors: [tooComplex("directives", 2, 3, "directive count", "QUERY_MAX_DIRECTIVES")], data: null });
  });

  it("refuses a document longer than QUERY_MAX_TOKENS before parsing it, by POST and by GET", async () => {
    const long = `{ viewer { ${"role ".repeat(60)}} }`;
    const refusal = { errors: [{ message: "Query token count exceeds 60, the limit set by QUERY_MAX_TOKENS", extensions: { code: "QUERY_TOO_COMPLEX", limit: "tokens", max: 60 } }] };
    expect(await post(tight, { query: long })).toEqual({ status: 400, retryAfter: null, body: refusal });
    const viaGet = await fetch(`${tight.url}/graphql?query=${encodeURIComponent(long)}`, { headers: { "apollo-require-preflight": "true" } });
    expect({ status: viaGet.status, body: await viaGet.json() }).toEqual({ status: 400, body: refusal });
  });

  it("accepts a connection page within QUERY_MAX_COST and reports its cost", async () => {
    const result = await execute(tight.client(), `{ organizations(first: 10) { nodes { id name } } }`);
    expect({ errors: result.errors, cost: result.extensions?.cost }).toEqual({ errors: [], cost: { requested: 31, limit: 50, remainingBudget: null } });
  });

  it("prices a connection by first from a literal, from variables and by the default of 20", async () => {
    const page = `query Page($first: Int) { organizations(first: $first) { nodes { id name } } }`;
    const refusedAt61 = { status: 400, errors: [tooComplex("cost", 50, 61, "cost", "QUERY_MAX_COST")], data: null };
    expect(seen(await execute(tight.client(), `{ organizations(first: 20) { nodes { id name } } }`))).toEqual(refusedAt61);
    expect(seen(await execute(tight.client(), page, { first: 20 }))).toEqual(refusedAt61);
    expect(seen(await execute(tight.client(), page, {}))).toEqual(refusedAt61);
    expect((await execute(tight.client(), page, { first: 16 })).extensions?.cost).toEqual({ requested: 49, limit: 50, remainingBudget: null });
  });

  it("writes nothing when a mutation is refused for its shape", async () => {
    const admin = tight.client(await tight.token({ role: "admin" }));
    const count = async () => (await ok(admin, `{ organizations(first: 1) { totalCount } }`) as { organizations: { totalCount: number } }).organizations.totalCount;
    const before = await count();
    const result = await execute(admin, `mutation($input: OrganizationCreateInput!) { a: organizationCreate(input: $input) { replayed } b: organizationCreate(input: $input) { replayed } c: organizationCreate(input: $input) { replayed } }`, { input: aUniversityInput() });
    expect(seen(result)).toEqual({ status: 400, errors: [tooComplex("aliases", 2, 3, "alias count", "QUERY_MAX_ALIASES")], data: null });
    expect(await count()).toBe(before);
  });

  it("refuses a batched JSON array with HTTP 400 (batching is off)", async () => {
    const response = await post(standard, [{ query: "{ __typename }" }, { query: "{ __typename }" }]);
    expect({ status: response.status, codes: response.body.errors.map((error) => error.extensions?.code) }).toEqual({ status: 400, codes: ["BAD_REQUEST"] });
  });
});

describe("cost budget", () => {
  const page = `{ organizations(first: 10) { nodes { id name } } }`; // costs 31

  it("refuses a caller whose budget is spent with HTTP 429 RATE_LIMITED, a retry hint and a Retry-After header, and spares other callers", async () => {
    const headers = { authorization: `Bearer ${await production.token({ role: "learner", sub: "spender" })}` };
    const granted = [];
    for (let call = 0; call < 3; call += 1) granted.push((await post(production, { query: page }, headers)).body.extensions?.cost);
    expect(granted).toEqual([69, 38, 7].map((remainingBudget) => ({ requested: 31, limit: 100, remainingBudget })));

    const refused = await post(production, { query: page }, headers);
    const retryAfterSeconds = refused.body.errors[0]?.extensions?.retryAfterSeconds as number;
    // 6 per minute refills the missing 24 in 240 s, less what trickled in since.
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(230);
    expect(retryAfterSeconds).toBeLessThanOrEqual(240);
    expect(refused).toEqual({
      status: 429,
      retryAfter: String(retryAfterSeconds),
      body: {
        errors: [{ message: `This caller's query cost budget cannot cover a cost of 31 now; retry in ${retryAfterSeconds} s`, extensions: { code: "RATE_LIMITED", retryAfterSeconds } }],
        // Refused before execution: nothing reached the database.
        extensions: { cost: { requested: 31, limit: 100, remainingBudget: 7 }, sqlStatements: 0 },
      },
    });

    const otherSubject = { authorization: `Bearer ${await production.token({ role: "learner", sub: "bystander" })}` };
    expect((await post(production, { query: page }, otherSubject)).status).toBe(200);
    expect((await post(production, { query: page })).status).toBe(200);
  });
});

describe("schema details", () => {
  const typo = `{ organization { id } }`;

  it("suggests field names in development", async () => {
    expect(seen(await execute(standard.client(), typo)).errors.map((error) => error.message)).toEqual(['Cannot query field "organization" on type "Query". Did you mean "organizations"?']);
  });

  it("hides field suggestions in production", async () => {
    expect(seen(await execute(production.client(), typo))).toEqual({
      status: 400,
      errors: [{ message: 'Cannot query field "organization" on type "Query".', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }],
      data: null,
    });
  });

  it("serves introspection by default and refuses it with INTROSPECTION=false", async () => {
    const introspection = `{ __schema { queryType { name } } }`;
    expect(await ok(standard.client(), introspection)).toEqual({ __schema: { queryType: { name: "Query" } } });
    expect(seen(await execute(production.client(), introspection))).toMatchObject({ status: 400, errors: [{ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }], data: null });
    expect(await ok(production.client(), `{ __typename }`)).toEqual({ __typename: "Query" });
  });
});
