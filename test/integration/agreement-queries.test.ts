import type { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember } from "../support/course-factories.js";
import { aBilateral, aKey, aProposalInput, aProposedAgreement, anActiveAgreement, today, type Bilateral } from "../support/agreement-factories.js";
import {
  AgreementAmendDocument,
  AgreementRulesDocument,
  AgreementSuspendDocument,
  AgreementTerminateDocument,
  AgreementsDocument,
  CourseEquivalenceRulesDocument,
  EquivalenceRuleNodeDocument,
  OrganizationAgreementsDocument,
  type AgreementFilter,
} from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let anonymous: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  anonymous = server.client();
});
afterAll(() => server?.stop());

async function idsOf(client: GraphQLClient, filter: AgreementFilter) {
  return (await ok(client, AgreementsDocument, { first: 100, filter })).agreements.nodes.map((node) => node.id);
}

async function rulesOf(client: GraphQLClient, agreementId: string) {
  const { node } = await ok(client, AgreementRulesDocument, { id: agreementId, first: 100 });
  return node && "rules" in node ? node.rules.nodes : [];
}

/** One organization's agreements in every state: proposed, active, suspended, terminated, expired, future. */
interface Landscape {
  setup: Bilateral;
  proposed: string;
  active: string;
  suspended: string;
  terminated: string;
  expired: string;
  future: string;
}

async function aLandscape(): Promise<Landscape> {
  const setup = await aBilateral(server, admin);
  const proposed = (await aProposedAgreement(setup.university, aProposalInput(setup, { title: "智能制造 提议" }))).id;
  const active = (await anActiveAgreement(setup, { title: "智能制造 学分互认" })).id;
  const suspended = (await anActiveAgreement(setup)).id;
  await ok(setup.university.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: suspended, reason: "暂停" } });
  const terminated = (await anActiveAgreement(setup)).id;
  await ok(setup.university.client, AgreementTerminateDocument, { input: { idempotencyKey: aKey(), agreementId: terminated, reason: "终止", effectiveOn: today() } });
  const expired = (await anActiveAgreement(setup, { validFrom: "2020-09-01", validTo: "2022-08-31" })).id;
  const future = (await anActiveAgreement(setup, { validFrom: today(30), validTo: null })).id;
  return { setup, proposed, active, suspended, terminated, expired, future };
}

let landscape: Landscape;
beforeAll(async () => {
  landscape = await aLandscape();
});

describe("agreements", () => {
  it("lists an organization's agreements oldest first: all of them for a party, the approved ones for the public", async () => {
    const { setup, proposed, active, suspended, terminated, expired, future } = landscape;
    const filter = { organizationId: setup.provider.organizationId };
    expect(await idsOf(setup.provider.client, filter)).toEqual([proposed, active, suspended, terminated, expired, future]);
    expect(await idsOf(anonymous, filter)).toEqual([active, suspended, terminated, expired, future]);
    const outsider = await aMember(server, admin);
    expect(await idsOf(outsider.client, filter)).toEqual([active, suspended, terminated, expired, future]);
  });

  it("filters by status, deriving EXPIRED from the dates", async () => {
    const { setup, proposed, active, suspended, terminated, expired, future } = landscape;
    const by = (status: AgreementFilter["status"]) => idsOf(setup.university.client, { organizationId: setup.university.organizationId, status });
    expect(await by("PROPOSED")).toEqual([proposed]);
    expect(await by("ACTIVE")).toEqual([active, future]);
    expect(await by("SUSPENDED")).toEqual([suspended]);
    expect(await by("TERMINATED")).toEqual([terminated]);
    expect(await by("EXPIRED")).toEqual([expired]);
  });

  it("filters by the day a version is in force: not suspended, not terminated by then, within validity", async () => {
    const { setup, active, expired, future } = landscape;
    const on = (activeOn: string) => idsOf(anonymous, { organizationId: setup.university.organizationId, activeOn });
    expect(await on(today())).toEqual([active]);
    expect(await on("2021-06-30")).toEqual([expired]);
    expect(await on(today(30))).toEqual([active, future]);
  });

  it("filters by text in the code or title", async () => {
    const { setup, proposed, active } = landscape;
    expect(await idsOf(setup.university.client, { organizationId: setup.university.organizationId, text: "智能制造" })).toEqual([proposed, active]);
    expect(await idsOf(anonymous, { organizationId: setup.university.organizationId, text: "智能制造" })).toEqual([active]);
  });

  it("pages with keyset cursors and refuses a cursor of another list", async () => {
    const { setup, proposed, active } = landscape;
    const filter = { organizationId: setup.university.organizationId };
    const first = (await ok(setup.university.client, AgreementsDocument, { first: 1, filter })).agreements;
    expect(first).toMatchObject({ totalCount: 6, pageInfo: { hasNextPage: true }, nodes: [{ id: proposed }] });
    const second = (await ok(setup.university.client, AgreementsDocument, { first: 1, after: first.pageInfo.endCursor, filter })).agreements;
    expect(second.nodes.map((node) => node.id)).toEqual([active]);
    const foreign = Buffer.from(JSON.stringify(["not-a-uuid"])).toString("base64url");
    expect(errorCodes(await execute(anonymous, AgreementsDocument, { first: 1, after: foreign }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("runs as many SQL statements for three agreements with parties and rules as for one", async () => {
    const { setup } = landscape;
    const query = `query($filter: AgreementFilter, $first: Int) { agreements(first: $first, filter: $filter) { nodes { id parties { role approvedHash } versions { version } rules(first: 10) { nodes { id position } } } } }`;
    const statements = async (first: number) =>
      (await execute(anonymous, query, { first, filter: { organizationId: setup.university.organizationId } })).extensions?.sqlStatements;
    const forOne = await statements(1);
    expect(forOne).toEqual(expect.any(Number));
    expect(await statements(3)).toBe(forOne);
  });
});

describe("organization.agreements", () => {
  it("lists the agreements an organization is party to, as the caller may see them", async () => {
    const { setup, proposed, active, suspended, terminated, expired, future } = landscape;
    const page = async (client: GraphQLClient) => {
      const { node } = await ok(client, OrganizationAgreementsDocument, { id: setup.university.organizationId, first: 10 });
      return node && "agreements" in node ? node.agreements : null;
    };
    expect((await page(setup.university.client))?.nodes.map((node) => node.id)).toEqual([proposed, active, suspended, terminated, expired, future]);
    expect(await page(anonymous)).toMatchObject({ totalCount: 5, nodes: [{ id: active }, { id: suspended }, { id: terminated }, { id: expired }, { id: future }] });
  });
});

describe("course.equivalenceRules and equivalence rule nodes", () => {
  it("shows rules of the version in force to everyone, and those of a pending amendment to the parties only", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const { validFrom, validTo, terms, rules } = aProposalInput(setup);
    await ok(setup.provider.client, AgreementAmendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, validFrom, validTo, terms: { ...terms, minGrade: 75 }, rules } });
    const rulesOfCourse = async (client: GraphQLClient) => {
      const { node } = await ok(client, CourseEquivalenceRulesDocument, { id: setup.providerCourses[0] });
      return node && "equivalenceRules" in node ? node.equivalenceRules : null;
    };
    expect(await rulesOfCourse(anonymous)).toEqual({ totalCount: 1, nodes: [{ id: expect.any(String), version: 1, agreement: { id: active.id } }] });
    const forParty = await rulesOfCourse(setup.university.client);
    expect(forParty?.nodes.map((rule) => rule.version)).toEqual([1, 2]);
    const targetSide = await ok(anonymous, CourseEquivalenceRulesDocument, { id: setup.universityCourses[1] });
    expect(targetSide.node && "equivalenceRules" in targetSide.node ? targetSide.node.equivalenceRules.totalCount : null).toBe(1);

    const pendingRuleId = forParty!.nodes[1].id;
    expect((await ok(anonymous, EquivalenceRuleNodeDocument, { id: pendingRuleId })).node).toBeNull();
    expect((await ok(setup.provider.client, EquivalenceRuleNodeDocument, { id: pendingRuleId })).node).toMatchObject({
      __typename: "EquivalenceRule",
      id: pendingRuleId,
      version: 2,
      agreement: { id: active.id },
      source: { groups: [{ courses: [{ course: { id: setup.providerCourses[0] } }] }] },
    });
  });

  it("resolves an in-force rule by node ID for anyone, exactly as the agreement lists it", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const [rule] = await rulesOf(anonymous, active.id);
    const { node } = await ok(anonymous, EquivalenceRuleNodeDocument, { id: rule.id });
    expect(node).toEqual({ ...rule, agreement: { id: active.id } });
  });
});
