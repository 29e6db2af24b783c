import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aDraftCourse, aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import { aLearner, anAchievement, anAchievementInput, asLearner, consentTo } from "../support/learner-factories.js";
import {
  AchievementNodeDocument,
  AchievementRecordDocument,
  AchievementsRecordDocument,
  CourseRetireDocument,
  GradeScaleSetDocument,
  LearnerConsentRevokeDocument,
  LearnerRecordDocument,
  LedgerUnitTotalsDocument,
} from "../generated/operations.js";
import { chinaDate } from "../../src/modules/achievement/achievement-rules.js";

let server: TestServer;
let admin: GraphQLClient;
let provider: Member;
let university: Member;
/** 16 h lecture + 32 h practice, no credits: what a training provider typically offers. */
let trainingCourse: string;
/** 32 h + 16 h and 3 credits, valid 2024-09-01 to 2026-08-31. */
let creditCourse: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  provider = await aMember(server, admin, "TRAINING_PROVIDER");
  university = await aMember(server, admin, "UNIVERSITY");
  trainingCourse = await aPublishedCourse(provider, { lectureHours: "16", practiceHours: "32" });
  creditCourse = await aPublishedCourse(provider, { lectureHours: "32", practiceHours: "16", credits: "3", validFrom: "2024-09-01", validTo: "2026-08-31" });
});
afterAll(() => server?.stop());

type LearnerRecord = { achievements: { totalCount: number; nodes: unknown[] }; balances: unknown[] };
const recordOf = async (client: GraphQLClient, learnerId: string, first = 100): Promise<LearnerRecord | null> =>
  ((await ok(client, LearnerRecordDocument, { id: learnerId, first })).node as LearnerRecord | null) ?? null;

const unknownCourse = Buffer.from("Course:0190a0b0-0000-7000-8000-000000000000").toString("base64url");
const unknownLearner = Buffer.from("Learner:0190a0b0-0000-7000-8000-000000000000").toString("base64url");

describe("achievementRecord", () => {
  it("records a completion with its hours and credits, and credits the learner's accounts at the provider", async () => {
    const learner = await aLearner(provider);
    const input = anAchievementInput(learner.id, creditCourse, { grade: " 88.5 ", completedOn: "2025-01-15" });
    const { achievementRecord } = await ok(provider.client, AchievementRecordDocument, { input });
    expect(achievementRecord).toEqual({
      achievement: {
        __typename: "Achievement",
        id: expect.any(String),
        learner: { id: learner.id },
        organization: { id: provider.organizationId },
        course: { id: creditCourse },
        courseVersion: 1,
        grade: "88.5",
        normalizedGrade: "88.50",
        completedOn: "2025-01-15",
        hours: { lecture: "32.00", practice: "16.00", total: "48.00" },
        credits: "3.00",
        isTransferred: false,
      },
      replayed: false,
      userErrors: [],
    });
    expect(await recordOf(provider.client, learner.id)).toEqual({
      id: learner.id,
      achievements: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, nodes: [achievementRecord.achievement] },
      balances: [
        { organization: { id: provider.organizationId }, unit: "CREDIT", amount: "3.00" },
        { organization: { id: provider.organizationId }, unit: "HOUR", amount: "48.00" },
      ],
    });
  });

  it("journals ACHIEVEMENT_RECORDED with balanced postings against the provider's issuance account", async () => {
    const learner = await aLearner(provider);
    const achievementId = await anAchievement(provider, learner.id, trainingCourse);
    const node = (await ok(provider.client, AchievementNodeDocument, { id: achievementId })).node as { ledgerEntry: { kind: string; body: Record<string, unknown>; postings: unknown[] } };
    const learnerUuid = Buffer.from(learner.id, "base64url").toString().split(":")[1];
    const providerUuid = Buffer.from(provider.organizationId, "base64url").toString().split(":")[1];
    expect(node.ledgerEntry).toEqual({
      kind: "ACHIEVEMENT_RECORDED",
      body: expect.objectContaining({ learnerId: learnerUuid, organizationId: providerUuid, grade: "85", normalizedGrade: "85.00", lectureHours: "16.00", practiceHours: "32.00", credits: null }),
      postings: [
        { account: `learner:${learnerUuid}@organization:${providerUuid}`, unit: "HOUR", amount: "48.00" },
        { account: `organization:${providerUuid}:issuance`, unit: "HOUR", amount: "-48.00" },
      ],
    });
    expect((await ok(admin, LedgerUnitTotalsDocument)).ledgerUnitTotals.every((total: { total: string }) => total.total === "0.00")).toBe(true);
  });

  it("normalises a label grade with the organization's scale and keeps the original", async () => {
    const member = await aMember(server, admin, "TRAINING_PROVIDER");
    await ok(member.client, GradeScaleSetDocument, { input: { organizationId: member.organizationId, kind: "FIVE_LEVEL" } });
    const courseId = await aPublishedCourse(member);
    const learner = await aLearner(member);
    const { achievementRecord } = await ok(member.client, AchievementRecordDocument, { input: anAchievementInput(learner.id, courseId, { grade: "优秀" }) });
    expect(achievementRecord.achievement).toMatchObject({ grade: "优秀", normalizedGrade: "95.00" });
  });

  it("replays the original achievement for the same key and input, and refuses the key with another input", async () => {
    const learner = await aLearner(provider);
    const input = anAchievementInput(learner.id, trainingCourse, { completedOn: "2025-03-01" });
    const first = (await ok(provider.client, AchievementRecordDocument, { input })).achievementRecord;
    expect((await ok(provider.client, AchievementRecordDocument, { input })).achievementRecord).toEqual({ ...first, replayed: true });
    const reused = (await ok(provider.client, AchievementRecordDocument, { input: { ...input, grade: "90" } })).achievementRecord;
    expect(reused).toEqual({
      achievement: null,
      replayed: false,
      userErrors: [{ code: "IDEMPOTENCY_KEY_REUSED", field: ["input", "idempotencyKey"], message: `idempotencyKey "${input.idempotencyKey}" was already used for a different achievementRecord request` }],
    });
    expect((await recordOf(provider.client, learner.id))?.achievements.totalCount).toBe(1);
  });

  describe("refuses, writing nothing,", () => {
    let learner: Awaited<ReturnType<typeof aLearner>>;
    beforeAll(async () => {
      learner = await aLearner(provider);
    });

    async function refusal(input: Parameters<typeof anAchievementInput>[2] & { learnerId?: string; courseId?: string }, client = provider.client) {
      const { achievementRecord } = await ok(client, AchievementRecordDocument, { input: anAchievementInput(learner.id, creditCourse, input) });
      expect(achievementRecord.achievement).toBeNull();
      expect(achievementRecord.replayed).toBe(false);
      expect(await recordOf(provider.client, learner.id)).toMatchObject({ achievements: { totalCount: 0 }, balances: [] });
      return achievementRecord.userErrors.map((error) => [error.code, error.field]);
    }

    it("an unknown learner (NOT_FOUND) and a malformed one (INVALID_ID)", async () => {
      expect(await refusal({ learnerId: unknownLearner })).toEqual([["NOT_FOUND", ["input", "learnerId"]]]);
      expect(await refusal({ learnerId: creditCourse, courseId: "x" })).toEqual([
        ["INVALID_ID", ["input", "learnerId"]],
        ["INVALID_ID", ["input", "courseId"]],
      ]);
    });

    it("an unknown course (NOT_FOUND)", async () => {
      expect(await refusal({ courseId: unknownCourse })).toEqual([["NOT_FOUND", ["input", "courseId"]]]);
    });

    it("a learner of another organization (LEARNER_OF_ANOTHER_ORGANIZATION)", async () => {
      const student = await aLearner(university);
      expect(await refusal({ learnerId: student.id })).toEqual([["LEARNER_OF_ANOTHER_ORGANIZATION", ["input", "learnerId"]]]);
    });

    it("a draft course (COURSE_NOT_PUBLISHED) and a retired one (COURSE_RETIRED)", async () => {
      expect(await refusal({ courseId: await aDraftCourse(provider) })).toEqual([["COURSE_NOT_PUBLISHED", ["input", "courseId"]]]);
      const retired = await aPublishedCourse(provider);
      await ok(provider.client, CourseRetireDocument, { input: { courseId: retired } });
      expect(await refusal({ courseId: retired })).toEqual([["COURSE_RETIRED", ["input", "courseId"]]]);
    });

    it("a completion date after today in China (FUTURE_DATE)", async () => {
      const tomorrow = chinaDate(new Date(Date.now() + 24 * 60 * 60 * 1000));
      expect(await refusal({ courseId: trainingCourse, completedOn: tomorrow })).toEqual([["FUTURE_DATE", ["input", "completedOn"]]]);
    });

    it("a completion date outside the course's validity (OUTSIDE_COURSE_VALIDITY), on both sides", async () => {
      expect(await refusal({ completedOn: "2024-08-31" })).toEqual([["OUTSIDE_COURSE_VALIDITY", ["input", "completedOn"]]]);
      const ended = await aPublishedCourse(provider, { validFrom: "2020-01-01", validTo: "2020-12-31" });
      expect(await refusal({ courseId: ended, completedOn: "2021-01-01" })).toEqual([["OUTSIDE_COURSE_VALIDITY", ["input", "completedOn"]]]);
    });

    it("a grade that is not on the scale (GRADE_INVALID) and one below the pass mark (GRADE_NOT_PASSING)", async () => {
      expect(await refusal({ grade: "优秀" })).toEqual([["GRADE_INVALID", ["input", "grade"]]]);
      expect(await refusal({ grade: "101" })).toEqual([["GRADE_INVALID", ["input", "grade"]]]);
      expect(await refusal({ grade: "59.5" })).toEqual([["GRADE_NOT_PASSING", ["input", "grade"]]]);
      expect(await refusal({ grade: "" })).toEqual([["REQUIRED", ["input", "grade"]]]);
    });

    it("the same course completed on the same day again under another key (ACHIEVEMENT_ALREADY_RECORDED)", async () => {
      const other = await aLearner(provider);
      await anAchievement(provider, other.id, creditCourse, { completedOn: "2025-05-05" });
      const { achievementRecord } = await ok(provider.client, AchievementRecordDocument, { input: anAchievementInput(other.id, creditCourse, { completedOn: "2025-05-05" }) });
      expect(achievementRecord.userErrors.map((error) => [error.code, error.field])).toEqual([["ACHIEVEMENT_ALREADY_RECORDED", ["input", "completedOn"]]]);
      expect((await recordOf(provider.client, other.id))?.balances).toEqual([
        { organization: { id: provider.organizationId }, unit: "CREDIT", amount: "3.00" },
        { organization: { id: provider.organizationId }, unit: "HOUR", amount: "48.00" },
      ]);
    });

    it("a course of another organization, with a top-level FORBIDDEN", async () => {
      const universityCourse = await aPublishedCourse(university, { credits: "2", level: "UNDERGRADUATE" });
      const result = await execute(provider.client, AchievementRecordDocument, { input: anAchievementInput(learner.id, universityCourse) });
      expect(errorCodes(result)).toEqual(["FORBIDDEN"]);
      expect(await recordOf(provider.client, learner.id)).toMatchObject({ achievements: { totalCount: 0 }, balances: [] });
    });

    it("callers without a registrar, provider or admin token", async () => {
      expect(errorCodes(await execute(server.client(), AchievementRecordDocument, { input: anAchievementInput(learner.id, creditCourse) }))).toEqual(["UNAUTHENTICATED"]);
      const own = await asLearner(server, learner.id);
      expect(errorCodes(await execute(own, AchievementRecordDocument, { input: anAchievementInput(learner.id, creditCourse) }))).toEqual(["FORBIDDEN"]);
    });
  });

  it("lets an admin record for any organization's course", async () => {
    const learner = await aLearner(provider);
    const { achievementRecord } = await ok(admin, AchievementRecordDocument, { input: anAchievementInput(learner.id, trainingCourse) });
    expect(achievementRecord.userErrors).toEqual([]);
  });
});

describe("achievementsRecord", () => {
  it("records every item in one go, in the order given", async () => {
    const learners = await Promise.all([aLearner(provider), aLearner(provider), aLearner(provider)]);
    const items = learners.map((learner, i) => anAchievementInput(learner.id, trainingCourse, { grade: String(70 + i) }));
    const { achievementsRecord } = await ok(provider.client, AchievementsRecordDocument, { input: { items } });
    expect(achievementsRecord).toEqual({
      achievements: learners.map((learner, i) => ({ id: expect.any(String), grade: String(70 + i), learner: { id: learner.id } })),
      replayed: false,
      userErrors: [],
    });
    for (const learner of learners) {
      expect((await recordOf(provider.client, learner.id))?.balances).toEqual([{ organization: { id: provider.organizationId }, unit: "HOUR", amount: "48.00" }]);
    }
  });

  it("records twenty items in as many SQL statements as one", async () => {
    const statements = async (count: number) => {
      const learner = await aLearner(provider);
      const items = Array.from({ length: count }, (_, i) => anAchievementInput(learner.id, trainingCourse, { completedOn: `2025-03-${String(i + 1).padStart(2, "0")}` }));
      const result = await execute(provider.client, AchievementsRecordDocument, { input: { items } });
      expect(result.data?.achievementsRecord.userErrors).toEqual([]);
      return result.extensions?.sqlStatements;
    };
    const forOne = await statements(1);
    expect(forOne).toEqual(expect.any(Number));
    expect(await statements(20)).toBe(forOne);
  });

  it("records nothing when any item is bad, and reports every bad item at its path", async () => {
    const good = await aLearner(provider);
    const student = await aLearner(university);
    const items = [
      anAchievementInput(good.id, trainingCourse),
      anAchievementInput(good.id, creditCourse, { grade: "40" }),
      anAchievementInput(unknownLearner, trainingCourse, { completedOn: "2025-02-01" }),
      anAchievementInput(student.id, trainingCourse),
      anAchievementInput(good.id, trainingCourse),
      anAchievementInput(good.id, creditCourse, { grade: "A+", completedOn: "2025-02-02" }),
    ];
    const { achievementsRecord } = await ok(provider.client, AchievementsRecordDocument, { input: { items } });
    expect(achievementsRecord.achievements).toBeNull();
    expect(achievementsRecord.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["GRADE_NOT_PASSING", ["input", "items", "1", "grade"]],
      ["NOT_FOUND", ["input", "items", "2", "learnerId"]],
      ["LEARNER_OF_ANOTHER_ORGANIZATION", ["input", "items", "3", "learnerId"]],
      ["ACHIEVEMENT_ALREADY_RECORDED", ["input", "items", "4", "completedOn"]],
      ["GRADE_INVALID", ["input", "items", "5", "grade"]],
    ]);
    expect(await recordOf(provider.client, good.id)).toMatchObject({ achievements: { totalCount: 0 }, balances: [] });
    // The keys were not spent: the good item alone goes through.
    expect((await ok(provider.client, AchievementRecordDocument, { input: items[0] })).achievementRecord).toMatchObject({ replayed: false, userErrors: [] });
  });

  it("reports malformed items together before looking anything up, including a key used twice", async () => {
    const learner = await aLearner(provider);
    const items = [anAchievementInput(learner.id, trainingCourse, { idempotencyKey: "twice" }), anAchievementInput(learner.id, "bad", { idempotencyKey: "twice", grade: " " })];
    const { achievementsRecord } = await ok(provider.client, AchievementsRecordDocument, { input: { items } });
    expect(achievementsRecord.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["IDEMPOTENCY_KEY_REUSED", ["input", "items", "1", "idempotencyKey"]],
      ["INVALID_ID", ["input", "items", "1", "courseId"]],
      ["REQUIRED", ["input", "items", "1", "grade"]],
    ]);
  });

  it("refuses an empty batch and one over 1,000 items", async () => {
    const empty = (await ok(provider.client, AchievementsRecordDocument, { input: { items: [] } })).achievementsRecord;
    expect(empty.userErrors).toEqual([{ code: "REQUIRED", field: ["input", "items"], message: "Give at least one item" }]);
    const learner = await aLearner(provider);
    const items = Array.from({ length: 1001 }, () => anAchievementInput(learner.id, trainingCourse));
    const tooMany = (await ok(provider.client, AchievementsRecordDocument, { input: { items } })).achievementsRecord;
    expect(tooMany.userErrors).toEqual([{ code: "TOO_MANY_ITEMS", field: ["input", "items"], message: "At most 1000 items per request, got 1001" }]);
  });

  it("replays a whole batch, shares keys with achievementRecord, and refuses a reused key at its item", async () => {
    const learner = await aLearner(provider);
    const single = anAchievementInput(learner.id, trainingCourse, { completedOn: "2025-04-01" });
    const recordedAlone = (await ok(provider.client, AchievementRecordDocument, { input: single })).achievementRecord.achievement!;
    const items = [single, anAchievementInput(learner.id, creditCourse, { completedOn: "2025-04-02" })];
    const first = (await ok(provider.client, AchievementsRecordDocument, { input: { items } })).achievementsRecord;
    expect(first).toMatchObject({ replayed: false, userErrors: [] });
    expect(first.achievements![0].id).toBe(recordedAlone.id);
    expect((await ok(provider.client, AchievementsRecordDocument, { input: { items } })).achievementsRecord).toEqual({ ...first, replayed: true });
    const reused = (await ok(provider.client, AchievementsRecordDocument, { input: { items: [items[0], { ...items[1], grade: "99" }] } })).achievementsRecord;
    expect(reused.userErrors.map((error) => [error.code, error.field])).toEqual([["IDEMPOTENCY_KEY_REUSED", ["input", "items", "1", "idempotencyKey"]]]);
    expect((await recordOf(provider.client, learner.id))?.achievements.totalCount).toBe(2);
  });

  it("is FORBIDDEN as a whole when any item names another organization's course", async () => {
    const learner = await aLearner(provider);
    const universityCourse = await aPublishedCourse(university, { credits: "2", level: "UNDERGRADUATE" });
    const items = [anAchievementInput(learner.id, trainingCourse), anAchievementInput(learner.id, universityCourse)];
    expect(errorCodes(await execute(provider.client, AchievementsRecordDocument, { input: { items } }))).toEqual(["FORBIDDEN"]);
    expect((await recordOf(provider.client, learner.id))?.achievements.totalCount).toBe(0);
  });
});

describe("reading achievements", () => {
  it("pages through a learner's achievements in recording order", async () => {
    const learner = await aLearner(provider);
    const ids = [];
    for (const completedOn of ["2025-01-01", "2025-01-02", "2025-01-03"]) ids.push(await anAchievement(provider, learner.id, trainingCourse, { completedOn }));
    const first = (await ok(provider.client, LearnerRecordDocument, { id: learner.id, first: 2 })).node as { achievements: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    expect(first.achievements.nodes.map((node) => node.id)).toEqual(ids.slice(0, 2));
    expect(first.achievements.pageInfo.hasNextPage).toBe(true);
    const second = (await ok(provider.client, LearnerRecordDocument, { id: learner.id, first: 2, after: first.achievements.pageInfo.endCursor })).node as typeof first;
    expect(second.achievements.nodes.map((node) => node.id)).toEqual(ids.slice(2));
    expect(second.achievements.pageInfo.hasNextPage).toBe(false);
  });

  it("shows a learner their own achievements and balances, and nobody else's", async () => {
    const learner = await aLearner(provider);
    const other = await aLearner(provider);
    const achievementId = await anAchievement(provider, learner.id, trainingCourse);
    const own = await asLearner(server, learner.id);
    expect((await recordOf(own, learner.id))?.achievements.totalCount).toBe(1);
    expect((await recordOf(own, learner.id))?.balances).toEqual([{ organization: { id: provider.organizationId }, unit: "HOUR", amount: "48.00" }]);
    expect((await ok(own, AchievementNodeDocument, { id: achievementId })).node).toMatchObject({ id: achievementId });
    const stranger = await asLearner(server, other.id);
    expect(await recordOf(stranger, learner.id)).toBeNull();
    expect((await ok(stranger, AchievementNodeDocument, { id: achievementId })).node).toBeNull();
  });

  it("shows a university the provider's records only while the learner consents", async () => {
    const learner = await aLearner(provider);
    const achievementId = await anAchievement(provider, learner.id, creditCourse);
    expect(await recordOf(university.client, learner.id)).toBeNull();
    expect((await ok(university.client, AchievementNodeDocument, { id: achievementId })).node).toBeNull();

    await consentTo(server, learner.id, university.organizationId);
    expect(await recordOf(university.client, learner.id)).toMatchObject({ achievements: { totalCount: 1 }, balances: [{ unit: "CREDIT", amount: "3.00" }, { unit: "HOUR", amount: "48.00" }] });
    // The journal entry is the provider's: the university sees the achievement, not the provider's ledger.
    expect((await ok(university.client, AchievementNodeDocument, { id: achievementId })).node).toMatchObject({ id: achievementId, ledgerEntry: null });

    await ok(await asLearner(server, learner.id), LearnerConsentRevokeDocument, { input: { idempotencyKey: "revoke", organizationId: university.organizationId } });
    expect(await recordOf(university.client, learner.id)).toBeNull();
    expect((await ok(university.client, AchievementNodeDocument, { id: achievementId })).node).toBeNull();
  });
});
