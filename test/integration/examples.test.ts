import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, type TestServer } from "../support/server.js";
import { seedDemo } from "../../src/seed/demo.js";
import { todayInChina } from "../../src/modules/agreement/agreement-lifecycle.js";
import { EXAMPLES_FOLDER } from "../../src/http/examples.js";
import {
  createRongheClient,
  AgreementsDocument,
  EquivalencesDocument,
  InclusionProofDocument,
  LearnerRecordDocument,
  LedgerCheckpointDocument,
  OrganizationsDocument,
  RecordAchievementDocument,
  SearchCoursesDocument,
  TransferCreditsDocument,
} from "../../src/client/client.js";

// The README's example operations (schema/examples), run through the typed
// client SDK against the demo data, so that neither rots.
let server: TestServer;
let admin: GraphQLClient;
const anonymous = () => createRongheClient(server.url);

beforeAll(async () => {
  server = await startTestServer({ SEALER_INTERVAL_MS: "0" });
  await seedDemo(server.executeAs, server.logger, todayInChina());
  admin = createRongheClient(server.url, { token: await server.token({ role: "admin" }) });
});
afterAll(() => server?.stop());

async function organizationNamed(name: string) {
  const { organizations } = await anonymous().request(OrganizationsDocument, { first: 30 });
  return organizations.nodes.find((organization) => organization.name === name)!;
}

async function courseCoded(code: string) {
  return (await anonymous().request(SearchCoursesDocument, { text: code, first: 1 })).courses.nodes[0];
}

async function demoLearner(externalRef: string) {
  const provider = await organizationNamed("鹏城智能装备有限公司");
  const token = await server.token({ role: "provider", org: provider.id });
  const query = `query($org: ID!, $ref: String!) { learner(organizationId: $org, externalRef: $ref) { id achievements(first: 20) { nodes { id isTransferred course { code } } } } }`;
  const { learner } = await createRongheClient(server.url, { token }).request<{ learner: { id: string; achievements: { nodes: { id: string; isTransferred: boolean; course: { code: string } }[] } } }>(query, { org: provider.id, ref: externalRef });
  return { provider, providerToken: token, learner };
}

/** How each example is run: the caller and the variables it needs from the demo. */
const runners: Record<string, () => Promise<unknown>> = {
  SearchCourses: () => anonymous().request(SearchCoursesDocument, {}),
  Organizations: () => anonymous().request(OrganizationsDocument, {}),
  Agreements: () => anonymous().request(AgreementsDocument, {}),
  Equivalences: async () => {
    const course = await courseCoded("P01-001");
    const university = await organizationNamed("岭南智造职业技术大学");
    return anonymous().request(EquivalencesDocument, { courseIds: [course.id], targetOrganizationId: university.id });
  },
  RecordAchievement: async () => {
    const { providerToken, learner } = await demoLearner("EMP-2025-0003");
    const course = await courseCoded("P01-010");
    return createRongheClient(server.url, { token: providerToken }).request(RecordAchievementDocument, {
      input: { idempotencyKey: "example-record", learnerId: learner.id, courseId: course.id, grade: "良好", completedOn: "2025-09-01" },
    });
  },
  TransferCredits: async () => {
    const { learner } = await demoLearner("EMP-2025-0003");
    const university = await organizationNamed("岭南智造职业技术大学");
    const achievement = learner.achievements.nodes.find((each) => each.course.code === "P01-001" && !each.isTransferred)!;
    const registrar = createRongheClient(server.url, { token: await server.token({ role: "registrar", org: university.id }) });
    return registrar.request(TransferCreditsDocument, { input: { idempotencyKey: "example-transfer", learnerId: learner.id, targetOrganizationId: university.id, achievementIds: [achievement.id] } });
  },
  LearnerRecord: async () => {
    const { learner } = await demoLearner("EMP-2025-0001");
    const university = await organizationNamed("岭南智造职业技术大学");
    const own = createRongheClient(server.url, { token: await server.token({ role: "learner", sub: learner.id }) });
    return own.request(LearnerRecordDocument, { learnerId: learner.id, organizationId: university.id });
  },
  LedgerCheckpoint: async () => {
    await admin.request(`mutation { ledgerSeal { checkpoint { treeSize } } }`);
    return anonymous().request(LedgerCheckpointDocument);
  },
  InclusionProof: async () => {
    await admin.request(`mutation { ledgerSeal { checkpoint { treeSize } } }`);
    const { ledgerEntries } = await admin.request<{ ledgerEntries: { nodes: { id: string }[] } }>(`{ ledgerEntries(first: 1) { nodes { id } } }`);
    return anonymous().request(InclusionProofDocument, { entryId: ledgerEntries.nodes[0].id });
  },
};

function operationNames(): string[] {
  return fs
    .readdirSync(EXAMPLES_FOLDER)
    .filter((file) => file.endsWith(".graphql"))
    .flatMap((file) => [...fs.readFileSync(`${EXAMPLES_FOLDER}/${file}`, "utf8").matchAll(/^(?:query|mutation) (\w+)/gm)].map((match) => match[1]));
}

/** Every userErrors list anywhere in a result. */
function userErrorsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(userErrorsIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([field, child]) => (field === "userErrors" ? (child as unknown[]) : userErrorsIn(child)));
}

describe("the example operations", () => {
  it("each have a runner in this test", () => {
    expect(operationNames().sort()).toEqual(Object.keys(runners).sort());
  });

  for (const name of Object.keys(runners)) {
    it(`runs ${name} against the demo without errors`, async () => {
      const result = await runners[name]();
      expect(userErrorsIn(result)).toEqual([]);
      expect(JSON.stringify(result)).not.toMatch(/^\{"[a-zA-Z]+":(null|\[\])\}$/);
    });
  }
});

describe("the demo data", () => {
  it("has agreements in every lifecycle state, an amendment pending and a three-party alliance", async () => {
    const university = await organizationNamed("岭南智造职业技术大学");
    const registrar = createRongheClient(server.url, { token: await server.token({ role: "registrar", org: university.id }) });
    const query = `{ agreements(first: 20) { nodes { code status version inForceVersion { version } parties { role } } } }`;
    const { agreements } = await admin.request<{ agreements: { nodes: { code: string; status: string; version: number; inForceVersion: { version: number } | null; parties: unknown[] }[] } }>(query);
    const byCode = Object.fromEntries(agreements.nodes.map((agreement) => [agreement.code, agreement]));
    expect(Object.fromEntries(Object.entries(byCode).map(([code, agreement]) => [code, agreement.status]))).toEqual({
      "AGR-2024-001": "ACTIVE",
      "AGR-2024-002": "ACTIVE",
      "AGR-2025-003": "PROPOSED",
      "AGR-2024-004": "SUSPENDED",
      "AGR-2023-005": "TERMINATED",
      "AGR-2021-006": "EXPIRED",
      "ALLIANCE-2024-CARE": "ACTIVE",
    });
    expect([byCode["AGR-2024-002"].version, byCode["AGR-2024-002"].inForceVersion?.version]).toEqual([2, 1]);
    expect(byCode["ALLIANCE-2024-CARE"].parties).toHaveLength(3);
    expect(registrar).toBeDefined();
  });

  it("has 24 organizations, 200+ courses, an apprenticeship package, and granted, partial and denied transfers with an appeal", async () => {
    const counts = await admin.request<{ organizations: { totalCount: number }; courses: { totalCount: number }; coursePackages: { nodes: { apprenticeship: boolean }[] } }>(
      `{ organizations(first: 1) { totalCount } courses(first: 1) { totalCount } coursePackages(first: 10) { nodes { apprenticeship } } }`,
    );
    expect(counts.organizations.totalCount).toBe(24);
    expect(counts.courses.totalCount).toBeGreaterThanOrEqual(200);
    expect(counts.coursePackages.nodes.some((each) => each.apprenticeship)).toBe(true);
    const { learner } = await demoLearner("EMP-2025-0004");
    const transfers = await admin.request<{ node: { transfers: { nodes: { decision: { outcome: string; reasons: { code: string }[] }; appeal: { status: string } | null }[] } } }>(
      `query($id: ID!) { node(id: $id) { ... on Learner { transfers(first: 20) { nodes { decision { outcome reasons { code } } appeal { status } } } } } }`,
      { id: learner.id },
    );
    expect(transfers.node.transfers.nodes.map((transfer) => [transfer.decision.outcome, transfer.decision.reasons.map((reason) => reason.code), transfer.appeal?.status ?? null])).toEqual([
      ["GRANTED", [], null],
      ["GRANTED", [], null],
      ["PARTIAL", ["CAP_REACHED"], null],
      ["DENIED", ["NOT_RECOGNIZED"], "OPEN"],
    ]);
  });
});
