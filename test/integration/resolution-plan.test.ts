import type { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, aPublishedPackage, type Member } from "../support/course-factories.js";
import { aCourseRule } from "../support/agreement-factories.js";
import { aLearner, anAchievement, asLearner, consentTo, type RegisteredLearner } from "../support/learner-factories.js";
import { anAgreementFrom, anElectiveRule, ruleFrom, TERMS, type Agreed } from "../support/resolution-factories.js";
import { uuidOf } from "../support/transfer-factories.js";
import { CourseRetireDocument, RecommendationsDocument, TransferPlanDocument, type RecommendationsInput, type TransferPlanInput } from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let anonymous: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  anonymous = server.client();
});
afterAll(() => server?.stop());

const ids = (...values: string[]) => values.map((id) => ({ id }));
const byUuid = (a: string, b: string) => uuidOf(a).localeCompare(uuidOf(b));

describe("transferPlan", () => {
  let provider: Member;
  let university: Member;
  let learner: RegisteredLearner;
  let agreed: Agreed;
  const c: Record<string, string> = {};
  const u: string[] = [];
  const achievement: Record<string, string> = {};

  beforeAll(async () => {
    provider = await aMember(server, admin, "TRAINING_PROVIDER");
    university = await aMember(server, admin, "UNIVERSITY");
    for (const [name, hours] of Object.entries({ a: ["16", "16"], b: ["16", "16"], c: ["32", "32"], d: ["16", "48"], retired: ["8", "8"] })) {
      c[name] = await aPublishedCourse(provider, { lectureHours: hours[0], practiceHours: hours[1] });
    }
    for (let i = 0; i < 5; i += 1) u.push(await aPublishedCourse(university, { credits: "2" }));
    agreed = await anAgreementFrom(provider, university, [
      aCourseRule([c.a], university.organizationId, [u[0]]),
      aCourseRule([c.a, c.b], university.organizationId, [u[1]], { credits: { kind: "FIXED", credits: "3" } }),
      aCourseRule([c.c], university.organizationId, [u[2]], { credits: { kind: "FROM_HOURS" }, minGrade: 90 }),
      aCourseRule([c.a, c.d], university.organizationId, [u[3]], { credits: { kind: "FIXED", credits: "1" } }),
      anElectiveRule([c.a, c.retired], university.organizationId, "4", "专业选修"),
    ]);
    await ok(provider.client, CourseRetireDocument, { input: { courseId: c.retired } });
    learner = await aLearner(provider);
    await consentTo(server, learner.id, university.organizationId);
    achievement.a = await anAchievement(provider, learner.id, c.a, { grade: "85", completedOn: "2026-03-01" });
    achievement.c = await anAchievement(provider, learner.id, c.c, { grade: "85", completedOn: "2026-03-01" });
  });

  const input = (): TransferPlanInput => ({ learnerId: learner.id, targetOrganizationId: university.organizationId, on: "2026-06-01" });

  it("lists what would be granted, what would not and why, the one or two published courses that would complete a rule, and the total", async () => {
    const { transferPlan } = await ok(university.client, TransferPlanDocument, { input: input() });
    const ruleOf = (course: string, kind?: "COURSES" | "ELECTIVE_BLOCK") => ruleFrom(agreed, course, kind);
    const [withB, withC, withD] = [c.b, c.c, c.d].map((course) => agreed.rules.find((rule) => rule.source.groups[0].courses.some((cited) => cited.course.id === course))!.id);
    expect(transferPlan).toMatchObject({ learner: { id: learner.id }, targetOrganization: { id: university.organizationId }, on: "2026-06-01", totalCredits: "2.00" });
    expect(transferPlan!.grants).toEqual([
      {
        creditsInTotal: "2.00",
        decision: {
          outcome: "GRANTED",
          credits: "2.00",
          reasons: [],
          rule: { id: agreed.rules.find((rule) => rule.source.groups[0].courses.length === 1 && rule.source.groups[0].courses[0].course.id === c.a)!.id },
          agreement: { id: agreed.agreement.id },
          agreementVersion: 1,
          termsHash: agreed.agreement.termsHash,
          achievements: ids(achievement.a),
        },
      },
    ]);
    const refusals = [...transferPlan!.refusals].sort((x, y) => byUuid(x.rule!.id, y.rule!.id));
    expect(refusals.map((each) => [each.rule!.id, each.outcome, each.credits, each.reasons.map((reason) => reason.code)])).toEqual(
      [
        [withB, "DENIED", "0.00", ["INCOMPLETE_AND_GROUP"]],
        [withC, "DENIED", "0.00", ["INCOMPLETE_AND_GROUP", "MIN_GRADE_NOT_MET"]],
        [withD, "DENIED", "0.00", ["INCOMPLETE_AND_GROUP"]],
        [ruleOf(c.retired, "ELECTIVE_BLOCK"), "DENIED", "0.00", ["INCOMPLETE_AND_GROUP"]],
      ].sort((x, y) => byUuid(x[0] as string, y[0] as string)),
    );
    // b: 3.00 for 32 h; d: 1.00 for 64 h; the elective needs a retired course; c needs a better grade, not a course.
    expect(transferPlan!.completions).toEqual([
      { rule: { id: withB }, agreement: { id: agreed.agreement.id }, courses: [{ id: c.b, organization: { id: provider.organizationId } }], outcome: "GRANTED", credits: "3.00", additionalHours: "32.00" },
      { rule: { id: withD }, agreement: { id: agreed.agreement.id }, courses: [{ id: c.d, organization: { id: provider.organizationId } }], outcome: "GRANTED", credits: "1.00", additionalHours: "64.00" },
    ]);
  });

  it("counts each achievement once and each agreement's cap once in the total", async () => {
    const otherProvider = await aMember(server, admin, "TRAINING_PROVIDER");
    const otherUniversity = await aMember(server, admin, "UNIVERSITY");
    const [q1, q2] = [await aPublishedCourse(otherProvider), await aPublishedCourse(otherProvider)];
    const [v1, v2, v3] = [await aPublishedCourse(otherUniversity, { credits: "2" }), await aPublishedCourse(otherUniversity, { credits: "2" }), await aPublishedCourse(otherUniversity, { credits: "1" })];
    const capped = await anAgreementFrom(otherProvider, otherUniversity, [aCourseRule([q1], otherUniversity.organizationId, [v1]), aCourseRule([q2], otherUniversity.organizationId, [v2])], {
      terms: { ...TERMS, maxCreditsPerLearner: "3" },
    });
    const uncapped = await anAgreementFrom(otherProvider, otherUniversity, [aCourseRule([q1], otherUniversity.organizationId, [v3], { credits: { kind: "FIXED", credits: "1" } })]);
    const someone = await aLearner(otherProvider);
    for (const course of [q1, q2]) await anAchievement(otherProvider, someone.id, course, { completedOn: "2026-03-01" });
    const { transferPlan } = await ok(admin, TransferPlanDocument, { input: { learnerId: someone.id, targetOrganizationId: otherUniversity.organizationId, on: "2026-06-01" } });
    const counted = transferPlan!.grants.map((grant) => [grant.decision.rule!.id, grant.decision.credits, grant.creditsInTotal]);
    // Both capped rules grant 2.00 alone, but together only 3.00 fit under the cap; the uncapped rule reuses q1.
    expect(counted.map(([, credits, inTotal]) => [credits, inTotal])).toEqual([
      ["2.00", "2.00"],
      ["2.00", "1.00"],
      ["1.00", "0.00"],
    ]);
    expect(counted.map(([rule]) => rule).slice(0, 2).sort()).toEqual([ruleFrom(capped, q1), ruleFrom(capped, q2)].sort());
    expect(counted[2][0]).toEqual(ruleFrom(uncapped, q1));
    expect(transferPlan!.totalCredits).toEqual("3.00");
  });

  it("is null for callers who may not read the learner, and shown to the learner and consented organizations", async () => {
    const stranger = await aMember(server, admin, "UNIVERSITY");
    expect((await ok(anonymous, TransferPlanDocument, { input: input() })).transferPlan).toBeNull();
    expect((await ok(stranger.client, TransferPlanDocument, { input: input() })).transferPlan).toBeNull();
    expect((await ok(await asLearner(server, learner.id), TransferPlanDocument, { input: input() })).transferPlan?.totalCredits).toEqual("2.00");
  });

  it("refuses malformed IDs and dates with BAD_USER_INPUT", async () => {
    for (const bad of [{ learnerId: university.organizationId }, { targetOrganizationId: learner.id }, { on: "2026-13-01" }]) {
      expect(errorCodes(await execute(university.client, TransferPlanDocument, { input: { ...input(), ...bad } }))).toEqual(["BAD_USER_INPUT"]);
    }
  });
});

describe("recommendations", () => {
  let provider: Member;
  let university: Member;
  let partner: Member;
  const c: Record<string, string> = {};
  const u: string[] = [];
  let pkg: string;

  beforeAll(async () => {
    provider = await aMember(server, admin, "TRAINING_PROVIDER");
    university = await aMember(server, admin, "UNIVERSITY");
    partner = await aMember(server, admin, "UNIVERSITY");
    for (const [name, hours] of Object.entries({ a: ["16", "16"], b: ["16", "16"], c: ["32", "32"], d: ["8", "8"] })) {
      c[name] = await aPublishedCourse(provider, { lectureHours: hours[0], practiceHours: hours[1] });
    }
    for (let i = 0; i < 4; i += 1) u.push(await aPublishedCourse(university, { credits: "2" }));
    const w = await aPublishedCourse(partner, { credits: "5" });
    await anAgreementFrom(provider, university, [
      aCourseRule([c.a], university.organizationId, [u[0]]),
      aCourseRule([c.a, c.b], university.organizationId, [u[1]], { credits: { kind: "FIXED", credits: "3" } }),
      aCourseRule([c.a, c.c], university.organizationId, [u[2]], { credits: { kind: "FIXED", credits: "4" } }),
      aCourseRule([c.a, c.d], university.organizationId, [u[3]], { credits: { kind: "FIXED", credits: "1" } }),
    ]);
    await anAgreementFrom(provider, partner, [aCourseRule([c.a], partner.organizationId, [w], { credits: { kind: "FIXED", credits: "5" } })]);
    pkg = await aPublishedPackage(provider, [c.b, c.c]);
  });

  const summary = (pathways: { kind: string; courses: { id: string }[]; coursePackage: { id: string } | null; creditsGained: string; additionalHours: string; score: number; rank: number }[]) =>
    pathways.map((each) => [each.rank, each.kind, each.courses.map((course) => course.id), each.coursePackage?.id ?? null, each.creditsGained, each.additionalHours, Number(each.score.toFixed(6))]);

  it("ranks courses and packages by credits gained per additional hour, ties by more credits, and explains each", async () => {
    const { recommendations } = await ok(anonymous, RecommendationsDocument, { input: { courseIds: [c.a], targetOrganizationId: university.organizationId } });
    // b: 3 / 32 h; package (b + c): 7 / 96 h; c: 4 / 64 h and d: 1 / 16 h tie at 0.0625, c gains more.
    expect(summary(recommendations!.pathways)).toEqual([
      [1, "COURSES", [c.b], null, "3.00", "32.00", 0.09375],
      [2, "COURSE_PACKAGE", [c.b, c.c], pkg, "7.00", "96.00", 0.072917],
      [3, "COURSES", [c.c], null, "4.00", "64.00", 0.0625],
      [4, "COURSES", [c.d], null, "1.00", "16.00", 0.0625],
    ]);
    expect(recommendations!.pathways[0].explanation).toMatch(/^Taking C-\d+ \(32\.00 h\) completes 1 rule and gains 3\.00 credits \(3\.00 at 测试大学\d+\): 0\.0938 credits per hour\.$/);
    expect(recommendations!.pathways[1].explanation).toMatch(/^The package P-\d+ \(2 courses to take, 96\.00 h\) completes 2 rules and gains 7\.00 credits \(7\.00 at 测试大学\d+\): 0\.0729 credits per hour\.$/);
    expect(recommendations!.pathways[1].equivalences.map((each) => [each.targetCourses, each.credits])).toEqual([
      [ids(u[2]), "4.00"],
      [ids(u[1]), "3.00"],
    ]);
  });

  it("ranks the organizations where the completed courses count most", async () => {
    const { recommendations } = await ok(anonymous, RecommendationsDocument, { input: { courseIds: [c.a] } });
    expect(recommendations!.organizations.map((each) => [each.rank, each.organization.id, each.credits, each.score])).toEqual([
      [1, partner.organizationId, "5.00", 5],
      [2, university.organizationId, "2.00", 2],
    ]);
    expect(recommendations!.organizations[0].explanation).toMatch(/^1 completed course earns 5\.00 credits at 测试大学\d+ through 1 rule of 1 agreement\.$/);
  });

  it("recommends from a learner's achievements to whoever may read the learner, and honours the limit", async () => {
    const learner = await aLearner(provider);
    await anAchievement(provider, learner.id, c.a, { completedOn: "2026-03-01" });
    const input: RecommendationsInput = { learnerId: learner.id, targetOrganizationId: university.organizationId, limit: 2 };
    const { recommendations } = await ok(await asLearner(server, learner.id), RecommendationsDocument, { input });
    expect(summary(recommendations!.pathways).map((row) => row.slice(0, 4))).toEqual([
      [1, "COURSES", [c.b], null],
      [2, "COURSE_PACKAGE", [c.b, c.c], pkg],
    ]);
    expect((await ok(anonymous, RecommendationsDocument, { input })).recommendations).toBeNull();
  });

  it("refuses both or neither of learnerId and courseIds, a limit outside 1–50 and malformed IDs with BAD_USER_INPUT", async () => {
    const learner = await aLearner(provider);
    const cases: RecommendationsInput[] = [{}, { learnerId: learner.id, courseIds: [c.a] }, { courseIds: [c.a], limit: 0 }, { courseIds: [c.a], limit: 51 }, { courseIds: [learner.id] }];
    for (const input of cases) expect(errorCodes(await execute(anonymous, RecommendationsDocument, { input }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("offers nothing to take when every touched rule is complete", async () => {
    const { recommendations } = await ok(anonymous, RecommendationsDocument, { input: { courseIds: [c.a, c.b, c.c, c.d], targetOrganizationId: university.organizationId } });
    expect(recommendations!.pathways).toEqual([]);
  });

  it("is deterministic: the same question gives the same answer", async () => {
    const input = { courseIds: [c.a], targetOrganizationId: university.organizationId };
    expect(await ok(anonymous, RecommendationsDocument, { input })).toEqual(await ok(anonymous, RecommendationsDocument, { input }));
  });
});
