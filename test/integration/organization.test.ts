import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aProviderInput, aUniversityInput, aMoeCode } from "../support/factories.js";
import { NodeDocument, NodesDocument, OrganizationCreateDocument, OrganizationUpdateDocument, OrganizationsDocument } from "../generated/operations.js";

let server: TestServer;
let admin: Awaited<ReturnType<TestServer["client"]>>;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
});
afterAll(() => server?.stop());

async function countOrganizations() {
  return (await ok(server.client(), OrganizationsDocument, { first: 1 })).organizations.totalCount;
}

describe("organizationCreate", () => {
  it("registers a university with its MOE code and returns it", async () => {
    const input = aUniversityInput();
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input });
    expect(organizationCreate).toEqual({
      organization: { __typename: "University", id: expect.any(String), name: input.name, nameEn: input.nameEn, code: input.code, region: input.region, website: input.website },
      replayed: false,
      userErrors: [],
    });
  });

  it("registers a training provider and normalises its credit code to upper case", async () => {
    const input = aProviderInput();
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input: { ...input, code: input.code.toLowerCase() } });
    expect(organizationCreate.organization).toMatchObject({ __typename: "TrainingProvider", code: input.code });
  });

  it("refuses a duplicate code with CODE_TAKEN and writes nothing", async () => {
    const input = aUniversityInput();
    await ok(admin, OrganizationCreateDocument, { input });
    const before = await countOrganizations();
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input: { ...input, name: "另一所大学" } });
    expect(organizationCreate).toEqual({
      organization: null,
      replayed: false,
      userErrors: [{ code: "CODE_TAKEN", field: ["input", "code"], message: `Another organization already has the code ${input.code}` }],
    });
    expect(await countOrganizations()).toBe(before);
  });

  it("refuses a credit code whose check character is wrong with INVALID_CODE", async () => {
    const input = aProviderInput();
    const last = input.code.at(-1) === "0" ? "1" : "0";
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input: { ...input, code: input.code.slice(0, -1) + last } });
    expect(organizationCreate.userErrors.map((error) => [error.code, error.field])).toEqual([["INVALID_CODE", ["input", "code"]]]);
  });

  it("refuses a university code that is not a 10-digit MOE identifier", async () => {
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input: aUniversityInput({ code: "12345" }) });
    expect(organizationCreate.userErrors.map((error) => error.code)).toEqual(["INVALID_CODE"]);
  });

  it("reports every bad field at once: empty name, overlong English name, bad website", async () => {
    const before = await countOrganizations();
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, {
      input: aUniversityInput({ name: "  ", nameEn: "x".repeat(201), website: "ftp://example.com" }),
    });
    expect(organizationCreate.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["REQUIRED", ["input", "name"]],
      ["TOO_LONG", ["input", "nameEn"]],
      ["INVALID_URL", ["input", "website"]],
    ]);
    expect(await countOrganizations()).toBe(before);
  });

  it("refuses control characters in a name", async () => {
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input: aUniversityInput({ name: "大学\u0000" }) });
    expect(organizationCreate.userErrors.map((error) => error.code)).toEqual(["INVALID_VALUE"]);
  });

  it("replays the original result for the same idempotency key and input", async () => {
    const input = { ...aUniversityInput(), idempotencyKey: "create-once" };
    const first = await ok(admin, OrganizationCreateDocument, { input });
    const before = await countOrganizations();
    const second = await ok(admin, OrganizationCreateDocument, { input });
    expect(second.organizationCreate).toEqual({ ...first.organizationCreate, replayed: true });
    expect(await countOrganizations()).toBe(before);
  });

  it("refuses the same idempotency key with a different input with IDEMPOTENCY_KEY_REUSED", async () => {
    await ok(admin, OrganizationCreateDocument, { input: { ...aUniversityInput(), idempotencyKey: "key-reused" } });
    const before = await countOrganizations();
    const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input: { ...aUniversityInput(), idempotencyKey: "key-reused" } });
    expect(organizationCreate.userErrors.map((error) => [error.code, error.field])).toEqual([["IDEMPOTENCY_KEY_REUSED", ["input", "idempotencyKey"]]]);
    expect(await countOrganizations()).toBe(before);
  });

  it("refuses an empty or overlong idempotency key", async () => {
    for (const idempotencyKey of ["", "k".repeat(129)]) {
      const { organizationCreate } = await ok(admin, OrganizationCreateDocument, { input: { ...aUniversityInput(), idempotencyKey } });
      expect(organizationCreate.userErrors.map((error) => error.code)).toEqual(["INVALID_IDEMPOTENCY_KEY"]);
    }
  });

  it("is refused to anonymous callers with UNAUTHENTICATED and to non-admins with FORBIDDEN, writing nothing", async () => {
    const before = await countOrganizations();
    const anonymous = await execute(server.client(), OrganizationCreateDocument, { input: aUniversityInput() });
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED"]);
    const university = (await ok(admin, OrganizationCreateDocument, { input: aUniversityInput() })).organizationCreate.organization!;
    const registrar = server.client(await server.token({ role: "registrar", org: university.id }));
    const forbidden = await execute(registrar, OrganizationCreateDocument, { input: aUniversityInput() });
    expect(errorCodes(forbidden)).toEqual(["FORBIDDEN"]);
    expect(await countOrganizations()).toBe(before + 1);
  });
});

describe("organizationUpdate", () => {
  it("changes the given fields, keeps omitted ones and clears nulls", async () => {
    const created = (await ok(admin, OrganizationCreateDocument, { input: aUniversityInput() })).organizationCreate.organization!;
    const { organizationUpdate } = await ok(admin, OrganizationUpdateDocument, { input: { organizationId: created.id, name: "新名称大学", website: null } });
    expect(organizationUpdate).toEqual({ organization: { ...created, name: "新名称大学", website: null }, replayed: false, userErrors: [] });
  });

  it("refuses a malformed ID, a wrong-type ID and an unknown organization", async () => {
    const unknown = Buffer.from("Organization:00000000-0000-7000-8000-000000000000").toString("base64url");
    const wrongType = Buffer.from("Course:00000000-0000-7000-8000-000000000000").toString("base64url");
    const cases = [
      ["not-an-id", "INVALID_ID"],
      [wrongType, "INVALID_ID"],
      [unknown, "NOT_FOUND"],
    ];
    for (const [organizationId, code] of cases) {
      const { organizationUpdate } = await ok(admin, OrganizationUpdateDocument, { input: { organizationId, name: "x" } });
      expect(organizationUpdate.userErrors.map((error) => [error.code, error.field])).toEqual([[code, ["input", "organizationId"]]]);
    }
  });

  it("refuses taking another organization's code and leaves both unchanged", async () => {
    const first = (await ok(admin, OrganizationCreateDocument, { input: aUniversityInput() })).organizationCreate.organization!;
    const second = (await ok(admin, OrganizationCreateDocument, { input: aUniversityInput() })).organizationCreate.organization!;
    const { organizationUpdate } = await ok(admin, OrganizationUpdateDocument, { input: { organizationId: second.id, code: first.code, name: "改名" } });
    expect(organizationUpdate.userErrors.map((error) => error.code)).toEqual(["CODE_TAKEN"]);
    expect((await ok(admin, NodeDocument, { id: second.id })).node).toEqual({ __typename: "University", id: second.id, name: second.name, code: second.code });
  });
});

describe("organizations", () => {
  it("pages through every organization once, with no duplicates or gaps", async () => {
    for (let i = 0; i < 5; i += 1) await ok(admin, OrganizationCreateDocument, { input: aProviderInput() });
    const total = await countOrganizations();
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const { organizations }: { organizations: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor?: string | null } } } = await ok(server.client(), OrganizationsDocument, { first: 2, after });
      seen.push(...organizations.edges.map((edge) => edge.node.id));
      expect(organizations.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!organizations.pageInfo.hasNextPage) break;
      after = organizations.pageInfo.endCursor ?? null;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("filters by kind and by text in Chinese or English", async () => {
    const input = aProviderInput({ name: "华光智能装备有限公司", nameEn: "Huaguang Intelligent Equipment" });
    await ok(admin, OrganizationCreateDocument, { input });
    const byChinese = await ok(server.client(), OrganizationsDocument, { filter: { text: "智能装备", kind: "TRAINING_PROVIDER" } });
    expect(byChinese.organizations.edges.map((edge) => edge.node.code)).toEqual([input.code]);
    const byEnglish = await ok(server.client(), OrganizationsDocument, { filter: { text: "huaguang" } });
    expect(byEnglish.organizations.edges.map((edge) => edge.node.code)).toEqual([input.code]);
    const wrongKind = await ok(server.client(), OrganizationsDocument, { filter: { text: "huaguang", kind: "UNIVERSITY" } });
    expect(wrongKind.organizations.totalCount).toBe(0);
  });

  it("treats LIKE wildcards in the search text literally", async () => {
    const { organizations } = await ok(server.client(), OrganizationsDocument, { filter: { text: "%" } });
    expect(organizations.totalCount).toBe(0);
  });

  it("refuses a page size outside 1–100 and a foreign cursor with BAD_USER_INPUT", async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { first: 5, after: "garbage" }]) {
      expect(errorCodes(await execute(server.client(), OrganizationsDocument, variables))).toEqual(["BAD_USER_INPUT"]);
    }
  });
});

describe("node", () => {
  it("resolves an organization by global ID and several with nodes, in order", async () => {
    const created = (await ok(admin, OrganizationCreateDocument, { input: aUniversityInput({ code: aMoeCode(777) }) })).organizationCreate.organization!;
    expect((await ok(server.client(), NodeDocument, { id: created.id })).node).toEqual({ __typename: "University", id: created.id, name: created.name, code: created.code });
    const unknown = Buffer.from("Organization:00000000-0000-7000-8000-000000000000").toString("base64url");
    expect((await ok(server.client(), NodesDocument, { ids: [unknown, created.id] })).nodes).toEqual([null, { __typename: "University", id: created.id }]);
  });

  it("answers a malformed ID with BAD_USER_INPUT instead of crashing", async () => {
    for (const id of ["", "!!!", Buffer.from("Organization:1").toString("base64url"), Buffer.from("Nope:00000000-0000-7000-8000-000000000000").toString("base64url")]) {
      const result = await execute(server.client(), NodeDocument, { id });
      expect(errorCodes(result)).toEqual(["BAD_USER_INPUT"]);
    }
  });
});
