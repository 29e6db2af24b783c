import type { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aDraftCourse, aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import { aBilateral, aCourseRule, aProposalInput, type Bilateral } from "../support/agreement-factories.js";
import { AgreementProposeDocument, AgreementsDocument, CourseRetireDocument, LedgerEntriesDocument, type AgreementProposeInput } from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let setup: Bilateral;
let outsider: Member;
let outsiderCourse: string;
let draftCourse: string;
let retiredCourse: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  setup = await aBilateral(server, admin);
  outsider = await aMember(server, admin);
  outsiderCourse = await aPublishedCourse(outsider);
  draftCourse = await aDraftCourse(setup.provider);
  retiredCourse = await aPublishedCourse(setup.provider);
  await ok(setup.provider.client, CourseRetireDocument, { input: { courseId: retiredCourse } });
});
afterAll(() => server?.stop());

async function writtenSoFar() {
  const agreements = (await ok(admin, AgreementsDocument, { first: 1 })).agreements.totalCount;
  const entries = (await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount;
  return { agreements, entries };
}

/** Proposes as the university and returns [code, field path] of each user error, asserting nothing was written. */
async function refusalsOf(overrides: Partial<AgreementProposeInput>): Promise<[string, string | null][]> {
  const before = await writtenSoFar();
  const { agreementPropose } = await ok(setup.university.client, AgreementProposeDocument, { input: aProposalInput(setup, overrides) });
  expect(agreementPropose.agreement).toBeNull();
  expect(await writtenSoFar()).toEqual(before);
  return agreementPropose.userErrors.map((error) => [error.code, error.field?.slice(1).join(".") ?? null]);
}

const university = () => ({ organizationId: setup.university.organizationId, role: "RECEIVING" as const });
const provider = () => ({ organizationId: setup.provider.organizationId, role: "SENDING" as const });
const ruleFrom = (sourceCourseId: string) => aCourseRule([sourceCourseId], setup.university.organizationId, [setup.universityCourses[0]]);
const missingCourse = Buffer.from("Course:01900000-0000-7000-8000-000000000000").toString("base64url");
const missingOrganization = Buffer.from("Organization:01900000-0000-7000-8000-000000000000").toString("base64url");

describe("agreementPropose validation", () => {
  it("accepts the factory's proposal (the baseline every case below changes once)", async () => {
    const { agreementPropose } = await ok(setup.university.client, AgreementProposeDocument, { input: aProposalInput(setup) });
    expect(agreementPropose.userErrors).toEqual([]);
  });

  it("TOO_FEW_PARTIES: a single party", async () => {
    expect(await refusalsOf({ parties: [university()] })).toEqual([["TOO_FEW_PARTIES", "parties"]]);
  });

  it("DUPLICATE_PARTY: the same organization twice", async () => {
    expect(await refusalsOf({ parties: [university(), provider(), university()] })).toEqual([["DUPLICATE_PARTY", "parties.2.organizationId"]]);
  });

  it("UNKNOWN_ORGANIZATION: a party that does not exist", async () => {
    expect(await refusalsOf({ parties: [university(), provider(), { organizationId: missingOrganization, role: "SENDING" }] })).toEqual([
      ["UNKNOWN_ORGANIZATION", "parties.2.organizationId"],
    ]);
  });

  it("INVALID_PARTY_ROLE: BOTH in a ONE_WAY agreement, SENDING in a MUTUAL one", async () => {
    expect(await refusalsOf({ parties: [university(), { ...provider(), role: "BOTH" }] })).toEqual([
      ["INVALID_PARTY_ROLE", "parties.1.role"],
      ["INVALID_PARTY_ROLE", "parties"],
    ]);
    expect(await refusalsOf({ direction: "MUTUAL", parties: [{ ...university(), role: "BOTH" }, provider()] })).toEqual([["INVALID_PARTY_ROLE", "parties.1.role"]]);
  });

  it("ORGANIZATION_NOT_A_PARTY: a target organization outside the agreement", async () => {
    const rule = { ...ruleFrom(setup.providerCourses[0]), target: { kind: "ELECTIVE_BLOCK" as const, organizationId: outsider.organizationId, electiveCredits: "4", electiveCategory: "公共选修" } };
    expect(await refusalsOf({ rules: [rule] })).toEqual([["ORGANIZATION_NOT_A_PARTY", "rules.0.target.organizationId"]]);
  });

  it("UNKNOWN_COURSE: a course ID nobody issued", async () => {
    expect(await refusalsOf({ rules: [ruleFrom(missingCourse)] })).toEqual([["UNKNOWN_COURSE", "rules.0.source.groups.0.courseIds.0"]]);
  });

  it("COURSE_NOT_OF_PARTY: a course of an organization outside the agreement", async () => {
    expect(await refusalsOf({ rules: [ruleFrom(outsiderCourse)] })).toEqual([["COURSE_NOT_OF_PARTY", "rules.0.source.groups.0.courseIds.0"]]);
  });

  it("WRONG_SIDE_FOR_DIRECTION: the receiving university's course as a source of a ONE_WAY rule", async () => {
    expect(await refusalsOf({ rules: [ruleFrom(setup.universityCourses[1])] })).toEqual([["WRONG_SIDE_FOR_DIRECTION", "rules.0.source.groups.0.courseIds.0"]]);
  });

  it("WRONG_SIDE_FOR_DIRECTION: the sending provider as a rule's target", async () => {
    const rule = { ...ruleFrom(setup.providerCourses[0]), target: { kind: "NO_RECOGNITION" as const, organizationId: setup.provider.organizationId, reason: "不对应" }, credits: null };
    expect(await refusalsOf({ rules: [rule] })).toEqual([
      ["WRONG_SIDE_FOR_DIRECTION", "rules.0.target.organizationId"],
      ["WRONG_SIDE_FOR_DIRECTION", "rules.0.source.groups.0.courseIds.0"],
    ]);
  });

  it("COURSE_RETIRED: a retired course", async () => {
    expect(await refusalsOf({ rules: [ruleFrom(retiredCourse)] })).toEqual([["COURSE_RETIRED", "rules.0.source.groups.0.courseIds.0"]]);
  });

  it("COURSE_NOT_PUBLISHED: a draft course has no version to cite", async () => {
    expect(await refusalsOf({ rules: [ruleFrom(draftCourse)] })).toEqual([["COURSE_NOT_PUBLISHED", "rules.0.source.groups.0.courseIds.0"]]);
  });

  it("EMPTY_GROUP: a rule without groups and a group without courses", async () => {
    const noGroups = { ...ruleFrom(setup.providerCourses[0]), source: { groupConjunction: "AND" as const, groups: [] } };
    const emptyGroup = { ...ruleFrom(setup.providerCourses[0]), source: { groupConjunction: "OR" as const, groups: [{ conjunction: "AND" as const, courseIds: [] }] } };
    expect(await refusalsOf({ rules: [noGroups, emptyGroup] })).toEqual([
      ["EMPTY_GROUP", "rules.0.source.groups"],
      ["EMPTY_GROUP", "rules.1.source.groups.0.courseIds"],
    ]);
  });

  it("DUPLICATE_COURSE: a course twice in one group", async () => {
    const rule = aCourseRule([setup.providerCourses[0], setup.providerCourses[0]], setup.university.organizationId, [setup.universityCourses[0]]);
    expect(await refusalsOf({ rules: [rule] })).toEqual([["DUPLICATE_COURSE", "rules.0.source.groups.0.courseIds.1"]]);
  });

  it("INVALID_NUMBER: zero hours per credit, a negative cap, a grade above 100, negative credits", async () => {
    const terms = { lectureHoursPerCredit: "0", practiceHoursPerCredit: "32", maxCreditsPerLearner: "-1", minGrade: 101, recencyYears: 5, allowTransitive: false };
    const rule = { ...ruleFrom(setup.providerCourses[0]), credits: { kind: "FIXED" as const, credits: "-2" } };
    expect(await refusalsOf({ terms, rules: [rule] })).toEqual([
      ["INVALID_NUMBER", "terms.lectureHoursPerCredit"],
      ["INVALID_NUMBER", "terms.minGrade"],
      ["INVALID_NUMBER", "terms.maxCreditsPerLearner"],
      ["INVALID_NUMBER", "rules.0.credits.credits"],
    ]);
  });

  it("refuses non-finite numbers before the resolver runs: a Decimal cannot be NaN or Infinity", async () => {
    const input = aProposalInput(setup, { terms: { lectureHoursPerCredit: "NaN", practiceHoursPerCredit: "Infinity", allowTransitive: false } });
    expect(errorCodes(await execute(setup.university.client, AgreementProposeDocument, { input }))).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT"]);
  });

  it("INVALID_DATE_RANGE: validTo before validFrom", async () => {
    expect(await refusalsOf({ validFrom: "2026-09-01", validTo: "2026-08-31" })).toEqual([["INVALID_DATE_RANGE", "validTo"]]);
  });

  it("REQUIRED and INVALID_VALUE: credits missing, and target fields of another kind", async () => {
    const noCredits = { ...ruleFrom(setup.providerCourses[0]), credits: null };
    const mixedTarget = { ...ruleFrom(setup.providerCourses[1]), target: { kind: "COURSES" as const, organizationId: setup.university.organizationId, courseIds: [setup.universityCourses[0]], electiveCategory: "选修" } };
    expect(await refusalsOf({ rules: [noCredits, mixedTarget] })).toEqual([
      ["REQUIRED", "rules.0.credits"],
      ["INVALID_VALUE", "rules.1.target.electiveCategory"],
    ]);
  });

  it("REQUIRED and TOO_LONG: an empty code and an overlong title", async () => {
    expect(await refusalsOf({ code: " ", title: "协".repeat(201) })).toEqual([
      ["REQUIRED", "code"],
      ["TOO_LONG", "title"],
    ]);
  });

  it("INVALID_ID: a course ID where an organization ID belongs", async () => {
    expect(await refusalsOf({ parties: [university(), provider(), { organizationId: setup.providerCourses[0], role: "SENDING" }] })).toEqual([
      ["INVALID_ID", "parties.2.organizationId"],
    ]);
  });

  it("TOO_MANY_ITEMS: more than 20 courses in a group", async () => {
    const many = Array.from({ length: 21 }, () => setup.providerCourses[0]);
    expect(await refusalsOf({ rules: [aCourseRule(many, setup.university.organizationId, [setup.universityCourses[0]])] })).toEqual([["TOO_MANY_ITEMS", "rules.0.source.groups.0.courseIds"]]);
  });

  it("INVALID_IDEMPOTENCY_KEY: an empty key", async () => {
    expect(await refusalsOf({ idempotencyKey: "" })).toEqual([["INVALID_IDEMPOTENCY_KEY", "idempotencyKey"]]);
  });

  it("reports every shape problem at once, before looking anything up", async () => {
    expect(await refusalsOf({ parties: [university()], validTo: "2000-01-01", rules: [ruleFrom(missingCourse), { ...ruleFrom(setup.providerCourses[0]), minGrade: -1 }] })).toEqual([
      ["TOO_FEW_PARTIES", "parties"],
      ["INVALID_DATE_RANGE", "validTo"],
      ["INVALID_NUMBER", "rules.1.minGrade"],
    ]);
  });

  it("accepts the key only once the input is valid: a refused proposal does not burn its key", async () => {
    const input = aProposalInput(setup, { validTo: "2000-01-01" });
    await ok(setup.university.client, AgreementProposeDocument, { input });
    const { agreementPropose } = await ok(setup.university.client, AgreementProposeDocument, { input: { ...input, validTo: null } });
    expect(agreementPropose).toMatchObject({ replayed: false, userErrors: [] });
    expect(agreementPropose.agreement?.validTo).toBeNull();
  });
});

it("a missing idempotency key is a malformed request (BAD_USER_INPUT), never a silent non-idempotent write", async () => {
  const { idempotencyKey: _key, ...input } = aProposalInput(setup);
  const result = await execute(setup.university.client, AgreementProposeDocument, { input: input as AgreementProposeInput });
  expect(errorCodes(result)).toEqual(["BAD_USER_INPUT"]);
});
