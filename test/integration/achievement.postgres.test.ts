import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, ok, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import { aLearner, anAchievementInput } from "../support/learner-factories.js";
import { AchievementRecordDocument, AchievementsRecordDocument, LearnerRecordDocument } from "../generated/operations.js";

// Real concurrency needs real connections: PostgreSQL only.
let server: TestServer;
let provider: Member;
let courseId: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin: GraphQLClient = server.client(await server.token({ role: "admin" }));
  provider = await aMember(server, admin, "TRAINING_PROVIDER");
  courseId = await aPublishedCourse(provider);
});
afterAll(() => server?.stop());

const totalOf = async (learnerId: string) => ((await ok(provider.client, LearnerRecordDocument, { id: learnerId })).node as { achievements: { totalCount: number } }).achievements.totalCount;

describe("concurrent achievement recording", () => {
  it("records a batch once when the same request races itself, in any item order; the others replay", async () => {
    const learners = await Promise.all(Array.from({ length: 20 }, () => aLearner(provider)));
    const items = learners.map((learner) => anAchievementInput(learner.id, courseId));
    const reversed = [...items].reverse();
    const results = await Promise.all([items, reversed, items, reversed].map((batch) => ok(provider.client, AchievementsRecordDocument, { input: { items: batch } })));
    expect(results.map((result) => result.achievementsRecord.userErrors)).toEqual([[], [], [], []]);
    expect(results.map((result) => result.achievementsRecord.replayed).sort()).toEqual([false, true, true, true]);
    const ids = results.map((result) => result.achievementsRecord.achievements!.map((achievement) => achievement.id).sort());
    expect(new Set(ids.map((list) => list.join()))).toHaveProperty("size", 1);
    for (const learner of learners) expect(await totalOf(learner.id)).toBe(1);
  });

  it("records one completion once when two keys race for it; the other is ACHIEVEMENT_ALREADY_RECORDED", async () => {
    const learner = await aLearner(provider);
    const results = await Promise.all(
      [anAchievementInput(learner.id, courseId, { completedOn: "2025-02-02" }), anAchievementInput(learner.id, courseId, { completedOn: "2025-02-02" })].map((input) =>
        ok(provider.client, AchievementRecordDocument, { input }),
      ),
    );
    expect(results.map((result) => result.achievementRecord.userErrors.map((error) => error.code)).sort()).toEqual([[], ["ACHIEVEMENT_ALREADY_RECORDED"]]);
    expect(await totalOf(learner.id)).toBe(1);
  });
});
