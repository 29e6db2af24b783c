import type { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import { aCourseRule, aKey, today } from "../support/agreement-factories.js";
import { aLearner, anAchievement, consentTo } from "../support/learner-factories.js";
import { anAgreementFrom, type Agreed } from "../support/resolution-factories.js";
import { transfer } from "../support/transfer-factories.js";
import { CreditTransferReverseDocument, RecognitionStatisticsDocument, type RecognitionGroupFieldsFragment, type RecognitionStatisticsFilter } from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let anonymous: GraphQLClient;

let provider: Member;
let university: Member;
let partner: Member;
let manufacturing: string;
let software: string;
let atUniversity: Agreed;
let atPartner: Agreed;

/**
 * Five decisions, all today:
 *   T1 learner 1, manufacturing course → university: GRANTED 2.00
 *   T2 learner 2, manufacturing course → university: GRANTED 2.00, then reversed
 *   T3 learner 2, software course (grade 85, rule minimum 90) → university: DENIED (INCOMPLETE_AND_GROUP, MIN_GRADE_NOT_MET)
 *   T4 learner 3, manufacturing course → partner: GRANTED 1.50
 *   T5 learner 3, software course → partner (no rule): DENIED (NO_ACTIVE_AGREEMENT), no agreement
 */
beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  anonymous = server.client();
  provider = await aMember(server, admin, "TRAINING_PROVIDER");
  university = await aMember(server, admin, "UNIVERSITY");
  partner = await aMember(server, admin, "UNIVERSITY");
  manufacturing = await aPublishedCourse(provider, { field: "INTELLIGENT_MANUFACTURING" });
  software = await aPublishedCourse(provider, { field: "NEXT_GENERATION_IT" });
  const [u1, u2, w1] = [await aPublishedCourse(university, { credits: "2" }), await aPublishedCourse(university, { credits: "3" }), await aPublishedCourse(partner, { credits: "2" })];
  atUniversity = await anAgreementFrom(provider, university, [
    aCourseRule([manufacturing], university.organizationId, [u1]),
    aCourseRule([software], university.organizationId, [u2], { credits: { kind: "FIXED", credits: "3" }, minGrade: 90 }),
  ]);
  atPartner = await anAgreementFrom(provider, partner, [aCourseRule([manufacturing], partner.organizationId, [w1], { credits: { kind: "FIXED", credits: "1.5" } })]);

  const decide = async (to: Member, learnerId: string, courseId: string) => {
    const achievementId = await anAchievement(provider, learnerId, courseId, { grade: "85", completedOn: "2026-03-01" });
    const payload = await transfer(to, { idempotencyKey: aKey("transfer"), learnerId, targetOrganizationId: to.organizationId, achievementIds: [achievementId] });
    if (!payload.transfer) throw new Error(`transfer refused: ${JSON.stringify(payload.userErrors)}`);
    return payload.transfer;
  };
  const learners = [await aLearner(provider), await aLearner(provider), await aLearner(provider)];
  for (const learner of learners) {
    await consentTo(server, learner.id, university.organizationId);
    await consentTo(server, learner.id, partner.organizationId);
  }
  await decide(university, learners[0].id, manufacturing);
  const reversed = await decide(university, learners[1].id, manufacturing);
  await decide(university, learners[1].id, software);
  await decide(partner, learners[2].id, manufacturing);
  await decide(partner, learners[2].id, software);
  const { creditTransferReverse } = await ok(university.client, CreditTransferReverseDocument, { input: { idempotencyKey: aKey("reverse"), transferId: reversed.id, reason: "录入错误" } });
  if (creditTransferReverse.userErrors.length > 0) throw new Error(`not reversed: ${JSON.stringify(creditTransferReverse.userErrors)}`);
});
afterAll(() => server?.stop());

async function statistics(groupBy: "MONTH" | "FIELD" | "ORGANIZATION" | "AGREEMENT", filter?: RecognitionStatisticsFilter) {
  return (await ok(anonymous, RecognitionStatisticsDocument, { groupBy, filter })).recognitionStatistics;
}

const none = { month: null, field: null, organization: null, agreement: null };
const group = (values: Partial<RecognitionGroupFieldsFragment>): RecognitionGroupFieldsFragment => ({
  ...none,
  transfers: 0,
  granted: 0,
  partial: 0,
  denied: 0,
  reversed: 0,
  creditsGranted: "0.00",
  denialReasons: [],
  topCourses: [],
  ...values,
});

// Reversed grants count as decisions (and in `reversed`), never in credits or top courses.
const atUniversityNumbers = () => ({
  transfers: 3,
  granted: 2,
  denied: 1,
  reversed: 1,
  creditsGranted: "2.00",
  denialReasons: [{ code: "INCOMPLETE_AND_GROUP" as const, count: 1 }],
  topCourses: [{ course: { id: manufacturing }, transfers: 1 }],
});
const atPartnerNumbers = () => ({
  transfers: 2,
  granted: 1,
  denied: 1,
  creditsGranted: "1.50",
  denialReasons: [{ code: "NO_ACTIVE_AGREEMENT" as const, count: 1 }],
  topCourses: [{ course: { id: manufacturing }, transfers: 1 }],
});
const totalNumbers = () => ({
  transfers: 5,
  granted: 3,
  denied: 2,
  reversed: 1,
  creditsGranted: "3.50",
  denialReasons: [
    { code: "INCOMPLETE_AND_GROUP" as const, count: 1 },
    { code: "NO_ACTIVE_AGREEMENT" as const, count: 1 },
  ],
  topCourses: [{ course: { id: manufacturing }, transfers: 2 }],
});

describe("recognitionStatistics", () => {
  it("counts decisions by receiving organization against hand-computed numbers", async () => {
    expect(await statistics("ORGANIZATION")).toEqual({
      groupBy: "ORGANIZATION",
      groups: [group({ ...atUniversityNumbers(), organization: { id: university.organizationId } }), group({ ...atPartnerNumbers(), organization: { id: partner.organizationId } })],
      total: group(totalNumbers()),
    });
  });

  it("groups by agreement, with the decision no agreement covered on its own", async () => {
    const { groups } = await statistics("AGREEMENT");
    expect(groups).toEqual([
      group({ transfers: 1, denied: 1, denialReasons: [{ code: "NO_ACTIVE_AGREEMENT", count: 1 }] }),
      group({ ...atUniversityNumbers(), agreement: { id: atUniversity.agreement.id } }),
      group({ transfers: 1, granted: 1, creditsGranted: "1.50", topCourses: [{ course: { id: manufacturing }, transfers: 1 }], agreement: { id: atPartner.agreement.id } }),
    ]);
  });

  it("groups by the offered courses' industry field and by month", async () => {
    expect((await statistics("FIELD")).groups).toEqual([
      group({ field: "INTELLIGENT_MANUFACTURING", transfers: 3, granted: 3, reversed: 1, creditsGranted: "3.50", topCourses: [{ course: { id: manufacturing }, transfers: 2 }] }),
      group({ field: "NEXT_GENERATION_IT", transfers: 2, denied: 2, denialReasons: totalNumbers().denialReasons }),
    ]);
    expect((await statistics("MONTH")).groups).toEqual([group({ ...totalNumbers(), month: today().slice(0, 7) })]);
  });

  it("narrows by organization (either side), agreement, field and dates", async () => {
    expect((await statistics("ORGANIZATION", { organizationId: partner.organizationId })).total).toEqual(group(atPartnerNumbers()));
    expect((await statistics("ORGANIZATION", { organizationId: provider.organizationId })).total).toEqual(group(totalNumbers()));
    expect((await statistics("ORGANIZATION", { agreementId: atUniversity.agreement.id })).total).toEqual(group(atUniversityNumbers()));
    const software = await statistics("ORGANIZATION", { field: "NEXT_GENERATION_IT" });
    expect(software.groups.map((each) => [each.organization?.id, each.transfers, each.denied])).toEqual([
      [university.organizationId, 1, 1],
      [partner.organizationId, 1, 1],
    ]);
    expect(await statistics("MONTH", { from: today(), to: today() })).toMatchObject({ total: { transfers: 5 } });
    expect(await statistics("MONTH", { to: today(-1) })).toEqual({ groupBy: "MONTH", groups: [], total: group({}) });
  });

  it("refuses a malformed filter with BAD_USER_INPUT", async () => {
    const cases: RecognitionStatisticsFilter[] = [{ organizationId: manufacturing }, { agreementId: "nope" }, { from: today(), to: today(-1) }];
    for (const filter of cases) expect(errorCodes(await execute(anonymous, RecognitionStatisticsDocument, { groupBy: "MONTH", filter }))).toEqual(["BAD_USER_INPUT"]);
  });
});
