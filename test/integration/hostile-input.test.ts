import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { startTestServer, type TestServer } from "../support/server.js";
import { aWorld, databaseFingerprint, mutationDocument, servedSchema, MUTATION_FACTORIES, type Prepared, type World } from "../support/mutation-factories.js";
import { aPublishedCourse, type Member } from "../support/course-factories.js";
import { aLearner } from "../support/learner-factories.js";

// Property: whatever a client sends as a mutation's input, the answer is a
// userErrors entry or a documented top-level code, never an internal error or a
// 5xx, and a refused call leaves every table as it was. Each property starts from
// a valid input (the factories of the authorization matrix) and breaks one to
// three of its fields, or its lists, with adversarial values of the right type
// (so they reach the services) or the wrong one (so they test the GraphQL layer).
//
// Each test's name shows its seed (TEST_SEED + its index), and fast-check's report
// repeats it with the counterexample. Reproduce with the same TEST_SEED (and
// HOSTILE_RUNS): TEST_SEED=<seed> npx vitest run ... hostile-input.

const SEED = Number(process.env.TEST_SEED ?? 20_260_129);
/** Runs per mutation: ~30 mutations × this stays under a minute on PGlite (HOSTILE_RUNS=200 for a longer hunt). */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 15);
const DOCUMENTED_CODES = new Set(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COMPLEX", "FORBIDDEN", "UNAUTHENTICATED", "NOT_FOUND"]);

/** Who sends each mutation's valid input: an allowed caller, so refusals come from the input alone. */
type Actor = "owner" | "admin" | "learner" | "university";
const ACTORS: Record<string, Actor> = {
  organizationCreate: "admin",
  organizationUpdate: "admin",
  ledgerSeal: "admin",
  learnerConsentGrant: "learner",
  learnerConsentRevoke: "learner",
  transferAppeal: "learner",
  creditTransfer: "university",
  creditTransferReverse: "university",
  transferAppealDecide: "university",
};

// ---- adversarial values --------------------------------------------------------

const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\u007f",
  "\u202eevil",
  "\ufeffBOM",
  "\u200b",
  "\ud800",
  "\udfff\ud800",
  "👩‍🎓",
  "e\u0301",
  "Ａ１２",
  "مرحبا עולם 你好 Привет",
  "' OR 1=1 --",
  "'; DROP TABLE organization; --",
  "\\",
  "%",
  "_",
  "%_%",
  '{"a":1}',
  '"',
  "\\u0000",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "${7*7}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
];
const NASTY_DECIMALS = ["NaN", "Infinity", "-Infinity", "-1", "-0", "0", "1e3", "0x10", "1.234", "999999999999.99", "9999999999999", "1".repeat(40), "0.001", "１２", " 1", "1,5", "٣", "1.", ".5", "+1", "-0.00"];
const NASTY_DATES = ["0000-00-00", "9999-12-31", "2025-02-30", "1899-12-31", "3000-01-01", "2025-13-01", "+275760-09-13", "2025-1-1", "today", "2025-06-30T00:00:00Z", "1970-01-01", "2999-12-31", "1900-01-01"];
const NASTY_INTS = [-1, 0, 101, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -0.5];

const hugeStrings = fc.tuple(fc.constantFrom(129, 257, 1_001, 2_001, 50_000), fc.constantFrom("x", "汉", "'", "\u0000", "👩‍🎓")).map(([n, unit]) => unit.repeat(n));
const randomStrings = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\u0000", "'", '"', "\\", "%", "_", "汉", "\u202e", " ", "a", "-", ":"), maxLength: 20 }),
);
const strings = fc.oneof({ arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 }, { arbitrary: randomStrings, weight: 3 }, { arbitrary: hugeStrings, weight: 1 });
const decimals = fc.oneof(fc.constantFrom(...NASTY_DECIMALS), fc.double().map(String), fc.bigInt().map(String), fc.tuple(fc.integer(), fc.nat()).map(([whole, fraction]) => `${whole}.${fraction}`), strings);
const dates = fc.oneof(
  fc.constantFrom(...NASTY_DATES),
  fc.tuple(fc.integer({ min: -1, max: 10_000 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 32 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  strings,
);
const ints = fc.oneof(fc.constantFrom(...NASTY_INTS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const wrongTypes = fc.constantFrom<unknown>(null, 0, -1, 1.5, true, false, {}, [], [null], { $ne: null }, ["a", "a"], 2 ** 64);

/**
 * IDs: malformed, of a type that does not exist, of a UUID that names nothing, or real
 * ones (decoys: what an accepted call does to them must not break the cases' world).
 */
function ids(decoys: string[]) {
  const encode = (text: string) => Buffer.from(text).toString("base64url");
  return fc.oneof(
    fc.constantFrom(...decoys),
    fc.constantFrom("", "x", "=", "T3JnYW5pemF0aW9u", encode("Organization:"), encode("Organization:not-a-uuid"), encode("Nope:00000000-0000-7000-8000-000000000000"), "a".repeat(200)),
    fc.tuple(fc.constantFrom("Organization", "Course", "CoursePackage", "Agreement", "Learner", "Achievement", "CreditTransfer", "TransferAppeal", "LedgerEntry", "EquivalenceRule"), fc.uuid()).map(([type, uuid]) => encode(`${type}:${uuid}`)),
    strings,
  );
}

/** Values for a slot of `type`: mostly of the right GraphQL type, sometimes not. */
function hostileFor(type: GraphQLInputType, decoys: string[], current: unknown): fc.Arbitrary<unknown> {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const element = hostileFor(nullable.ofType, decoys, Array.isArray(current) ? current[0] : undefined);
    const items = Array.isArray(current) ? current : [];
    return fc.oneof(
      fc.array(element, { maxLength: 4 }),
      fc.constant([]),
      // Duplicates: the same item twice, or a long list of one item.
      fc.constant([...items, ...items]),
      fc.integer({ min: 2, max: 1_001 }).map((n) => (items.length > 0 ? Array.from({ length: n }, () => items[0]) : [])),
      wrongTypes,
    );
  }
  const named = getNamedType(type);
  const right = isEnumType(named)
    ? fc.oneof(fc.constantFrom(...named.getValues().map((value) => value.name)), strings)
    : isInputObjectType(named)
      ? fc.oneof(fc.constant({}), fc.dictionary(strings, strings, { maxKeys: 3 }))
      : isScalarType(named)
        ? ({ ID: ids(decoys), Decimal: decimals, Date: dates, DateTimeISO: dates, Int: ints, SafeInt: ints, Boolean: fc.boolean(), String: strings } as Record<string, fc.Arbitrary<unknown>>)[named.name] ?? strings
        : strings;
  return fc.oneof({ arbitrary: right, weight: 5 }, { arbitrary: wrongTypes, weight: 1 }, ...(isNonNullType(type) ? [] : [{ arbitrary: fc.constant(null), weight: 1 }]));
}

type Path = (string | number)[];
interface Slot {
  path: Path;
  type: GraphQLInputType;
  current: unknown;
}

/** Every field of the input (present or not) and every item of its lists, with its GraphQL type. */
function slotsOf(type: GraphQLInputObjectType, value: Record<string, unknown> | undefined, path: Path = []): Slot[] {
  return Object.values(type.getFields()).flatMap((field) => {
    const here = [...path, field.name];
    const current = value?.[field.name];
    const slots: Slot[] = [{ path: here, type: field.type, current }];
    const named = getNamedType(field.type);
    const items = Array.isArray(current) ? current : [current];
    items.forEach((item, index) => {
      const at = Array.isArray(current) ? [...here, index] : here;
      if (Array.isArray(current)) slots.push({ path: at, type: named, current: item });
      if (isInputObjectType(named) && item !== null && typeof item === "object") slots.push(...slotsOf(named, item as Record<string, unknown>, at));
    });
    return slots;
  });
}

interface Change {
  path: Path;
  /** undefined removes the field. */
  value: unknown;
}

function withChanges(input: unknown, changes: Change[]): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  for (const { path, value } of changes) {
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
      if (parent[key] === null || typeof parent[key] !== "object") parent[key] = {};
      parent = parent[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

function changes(slots: Slot[], decoys: string[]): fc.Arbitrary<Change[]> {
  const change = fc.constantFrom(...slots).chain((slot) =>
    fc.oneof({ arbitrary: hostileFor(slot.type, decoys, slot.current), weight: 9 }, { arbitrary: fc.constant(undefined), weight: 1 }).map((value) => ({ path: slot.path, value })),
  );
  return fc.array(change, { minLength: 1, maxLength: 3 });
}

// ---- the server and what it answers ----------------------------------------------

let server: TestServer;
let world: World;
let schema: GraphQLSchema;
let decoys: string[];

beforeAll(async () => {
  // No background sealing and no cost budget: every table must stay still between calls,
  // and a thousand quick requests are the point here, not abuse.
  server = await startTestServer({ SEALER_INTERVAL_MS: "0", RATE_LIMIT_COST_PER_MINUTE: "0" });
  world = await aWorld(server);
  schema = await servedSchema(server);
  decoys = [world.otherProvider.organizationId, world.otherUniversity.organizationId, await aPublishedCourse(world.otherProvider), (await aLearner(world.otherProvider)).id];
});
afterAll(() => server?.stop());

interface Answer {
  status: number;
  body: { data?: Record<string, { userErrors: { code: string }[] } | null> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(token: string | null, body: string): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: { errors: [{ message: text.slice(0, 200) }] } };
  }
}

/** What went wrong with an answer, or null when it is one the API documents. */
function problemWith(answer: Answer, mutation: string): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`;
  const codes = (answer.body.errors ?? []).map((error) => error.extensions?.code ?? "(no code)");
  const undocumented = codes.filter((code) => !DOCUMENTED_CODES.has(code));
  if (undocumented.length > 0) {
    const first = answer.body.errors!.find((error) => !DOCUMENTED_CODES.has(error.extensions?.code ?? ""))!;
    return `top-level ${undocumented.join(",")}: ${first.message.slice(0, 300)}`;
  }
  if (codes.length === 0 && !answer.body.data?.[mutation]) return `no payload and no error: ${JSON.stringify(answer.body).slice(0, 300)}`;
  return null;
}

const refused = (answer: Answer, mutation: string) => (answer.body.errors ?? []).length > 0 || (answer.body.data?.[mutation]?.userErrors.length ?? 0) > 0;

async function tokenFor(actor: Actor, owner: Member, prepared: Prepared): Promise<string> {
  switch (actor) {
    case "admin":
      return server.token({ role: "admin", sub: "hostile-admin" });
    case "learner":
      return server.token({ role: "learner", sub: prepared.learnerId! });
    case "university":
      return server.token({ role: "registrar", org: world.university.organizationId, sub: "hostile-registrar" });
    case "owner":
      return server.token({ role: owner.organizationId === world.university.organizationId ? "registrar" : "provider", org: owner.organizationId, sub: "hostile-owner" });
  }
}

/** The organization each case acts for: cases that change an organization's settings get one no other case uses. */
function ownerOf(mutation: string): Member {
  if (mutation === "gradeScaleSet") return world.otherProvider;
  if (mutation === "organizationUpdate") return world.otherUniversity;
  return world.provider;
}

/** Mutations without an input: nothing to break (the authorization matrix covers them). */
const WITHOUT_INPUT = ["ledgerSeal"];

describe(`hostile input (TEST_SEED=${SEED}, ${RUNS} runs per mutation)`, () => {
  it("has a factory for every mutation, and an input for every mutation but those without", () => {
    const mutations = schema.getMutationType()!.getFields();
    expect(Object.keys(mutations).sort()).toEqual(Object.keys(MUTATION_FACTORIES).sort());
    expect(Object.values(mutations).filter((field) => field.args.length === 0).map((field) => field.name)).toEqual(WITHOUT_INPUT);
  });

  for (const [index, mutation] of Object.keys(MUTATION_FACTORIES).filter((name) => !WITHOUT_INPUT.includes(name)).entries()) {
    // Each mutation its own seed, so they do not all try the same values in the same order.
    const seed = SEED + index;
    it(`${mutation} (seed ${seed}): answers adversarial input with userErrors or a documented code, and a refusal writes nothing`, async () => {
      const inputType = schema.getMutationType()!.getFields()[mutation].args.find((arg) => arg.name === "input")!.type;
      const document = mutationDocument(schema, mutation);
      const owner = ownerOf(mutation);
      const actor = ACTORS[mutation] ?? "owner";

      // A valid starting point, rebuilt after a call that was accepted (it changed the state it started from).
      let base: { prepared: Prepared; token: string; fingerprint: Record<string, string> } | null = null;
      const start = async () => {
        const prepared = await MUTATION_FACTORIES[mutation](world, owner);
        base = { prepared, token: await tokenFor(actor, owner, prepared), fingerprint: await databaseFingerprint(server) };
        return base;
      };
      const slots = slotsOf(getNamedType(inputType) as GraphQLInputObjectType, (await start()).prepared.input);

      await fc.assert(
        fc.asyncProperty(changes(slots, decoys), async (changeList) => {
          const current = base ?? (await start());
          const input = withChanges(current.prepared.input, changeList);
          const answer = await post(current.token, JSON.stringify({ query: document, variables: { input } }));
          const problem = problemWith(answer, mutation);
          if (problem) throw new Error(problem);
          if (!refused(answer, mutation)) {
            base = null;
            return;
          }
          const after = await databaseFingerprint(server);
          const changed = Object.keys(after).filter((table) => after[table] !== current.fingerprint[table]);
          if (changed.length > 0) throw new Error(`refused (${JSON.stringify(answer.body).slice(0, 200)}) but wrote to ${changed.join(", ")}`);
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      );
    });
  }
});

describe("crashes found by these properties", () => {
  it("refuses an idempotency key with a NUL or other control character as INVALID_IDEMPOTENCY_KEY, writing nothing", async () => {
    // PostgreSQL text cannot hold NUL: the key used to reach the INSERT and fail as an internal error.
    const prepared = await MUTATION_FACTORIES.courseCreate(world, world.provider);
    const token = await tokenFor("owner", world.provider, prepared);
    const before = await databaseFingerprint(server);
    for (const idempotencyKey of ["\u0000", "a\u0000b", "key\n"]) {
      const answer = await post(token, JSON.stringify({ query: mutationDocument(schema, "courseCreate"), variables: { input: { ...prepared.input, idempotencyKey } } }));
      expect(answer).toMatchObject({ status: 200, body: { data: { courseCreate: { userErrors: [{ code: "INVALID_IDEMPOTENCY_KEY", field: ["input", "idempotencyKey"] }] } } } });
    }
    expect(await databaseFingerprint(server)).toEqual(before);
  });

  it("refuses idempotency keys that would not read back as sent (lone surrogate, leading BOM) in batches too", async () => {
    // Bulk recording matched the keys the database returned to those sent: such a key matched nothing.
    const token = await tokenFor("owner", world.provider, {});
    for (const idempotencyKey of ["\ud800", "\ufeffBOM"]) {
      const { input } = await MUTATION_FACTORIES.achievementRecord(world, world.provider);
      const before = await databaseFingerprint(server);
      const answer = await post(token, JSON.stringify({ query: mutationDocument(schema, "achievementRecord"), variables: { input: { ...input, idempotencyKey } } }));
      expect(answer).toMatchObject({ status: 200, body: { data: { achievementRecord: { userErrors: [{ code: "INVALID_IDEMPOTENCY_KEY", field: ["input", "idempotencyKey"] }] } } } });
      expect(await databaseFingerprint(server)).toEqual(before);
    }
  });

  it("refuses free text with unpaired surrogates as INVALID_VALUE instead of failing to journal it", async () => {
    // JSON carries "\udfff" as an escape, but PostgreSQL's jsonb refuses it: the appeal's journal entry failed to insert.
    const prepared = await MUTATION_FACTORIES.transferAppeal(world, world.provider);
    const before = await databaseFingerprint(server);
    const input = { ...prepared.input, statement: "\udfff\ud800" };
    const answer = await post(await tokenFor("learner", world.provider, prepared), JSON.stringify({ query: mutationDocument(schema, "transferAppeal"), variables: { input } }));
    expect(answer).toMatchObject({ status: 200, body: { data: { transferAppeal: { userErrors: [{ code: "INVALID_VALUE", field: ["input", "statement"] }] } } } });
    expect(await databaseFingerprint(server)).toEqual(before);
  });

  it("answers more than 50 invalid variable values with BAD_USER_INPUT only", async () => {
    // graphql-js stops after 50 with an error that has no code, which Apollo labelled internal.
    const { input } = await MUTATION_FACTORIES.achievementsRecord(world, world.provider);
    const item = (input as { items: object[] }).items[0];
    const items = Array.from({ length: 60 }, () => ({ ...item, completedOn: "9999-12-31" }));
    const answer = await post(await tokenFor("owner", world.provider, {}), JSON.stringify({ query: mutationDocument(schema, "achievementsRecord"), variables: { input: { items } } }));
    expect({ status: answer.status, codes: [...new Set(answer.body.errors?.map((error) => error.extensions?.code))] }).toEqual({ status: 400, codes: ["BAD_USER_INPUT"] });
  });

  it("refuses a reused key for creditStatementIssue before sealing pending entries", async () => {
    // The statement seals its entries before signing: a refusal used to come after that.
    const token = await tokenFor("owner", world.provider, {});
    const document = mutationDocument(schema, "creditStatementIssue");
    const first = await MUTATION_FACTORIES.creditStatementIssue(world, world.provider);
    expect((await post(token, JSON.stringify({ query: document, variables: { input: first.input } }))).body.data?.creditStatementIssue?.userErrors).toEqual([]);
    // Another learner, whose achievement no checkpoint covers yet, under the same key.
    const second = await MUTATION_FACTORIES.creditStatementIssue(world, world.provider);
    const before = await databaseFingerprint(server);
    const answer = await post(token, JSON.stringify({ query: document, variables: { input: { ...second.input, idempotencyKey: first.input!.idempotencyKey } } }));
    expect(answer.body.data?.creditStatementIssue?.userErrors.map((error) => error.code)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    expect(await databaseFingerprint(server)).toEqual(before);
  });
});

describe("malformed requests", () => {
  const send = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) => fetch(`${server.url}/graphql`, { method: "POST", headers, body });

  it("answers 4xx to bodies that are not a GraphQL request", async () => {
    const bodies = [
      "{not json",
      "",
      "null",
      "[]",
      '[{"query":"{ viewer { role } }"}]',
      '{"query": 42}',
      '{"query": "{ viewer { role } }", "variables": "oops"}',
      '{"query": "mutation { ledgerSeal { userErrors { code } } }", "operationName": {}}',
      `{"query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": {"ids": ${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
      '{"query": "{ viewer { role } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
    ];
    for (const body of bodies) {
      const response = await send(body);
      expect({ body: body.slice(0, 60), status: response.status >= 400 && response.status < 500 }).toEqual({ body: body.slice(0, 60), status: true });
    }
  });

  it("answers 413 to a body over the limit and 415 or 4xx to a body that is not JSON", async () => {
    expect((await send(JSON.stringify({ query: "{ viewer { role } }", variables: { pad: "x".repeat(1_100_000) } }))).status).toBe(413);
    const text = await send("query { viewer { role } }", { "content-type": "text/plain" });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
  });
});
