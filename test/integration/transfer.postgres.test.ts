import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import { aCourseRule, aKey, aProposedAgreement, approvedBy, type Bilateral } from "../support/agreement-factories.js";
import { aLearner, consentTo } from "../support/learner-factories.js";
import { aCompletion, aLandscape, aTransferInput, ledgerOf, transfer, unitTotals } from "../support/transfer-factories.js";

// Real concurrency needs real connections: PostgreSQL only.
let server: TestServer;
let admin: GraphQLClient;
/** One provider whose course two universities recognise, each under its own agreement. */
let setup: Bilateral;
let rival: Member;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  setup = await aLandscape(server, admin, [{}]);
  rival = await aMember(server, admin, "UNIVERSITY");
  const rivalCourse = await aPublishedCourse(rival, { credits: "2" });
  for (const [university, target] of [
    [setup.university, setup.universityCourses[0]],
    [rival, rivalCourse],
  ] as const) {
    const proposed = await aProposedAgreement(university, {
      idempotencyKey: aKey("propose"),
      code: `RACE-${aKey("code")}`,
      title: "竞争认定协议",
      direction: "ONE_WAY",
      parties: [
        { organizationId: university.organizationId, role: "RECEIVING" },
        { organizationId: setup.provider.organizationId, role: "SENDING" },
      ],
      validFrom: "2025-09-01",
      validTo: null,
      terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", minGrade: null, recencyYears: null, maxCreditsPerLearner: null, allowTransitive: false },
      rules: [aCourseRule([setup.providerCourses[0]], university.organizationId, [target])],
    });
    await approvedBy([university, setup.provider], proposed);
  }
});
afterAll(() => server?.stop());

describe("concurrent credit transfers", () => {
  it("lets exactly one of two universities' registrars win an achievement; the other is denied with ALREADY_TRANSFERRED", async () => {
    for (let round = 0; round < 5; round += 1) {
      const learner = await aLearner(setup.provider);
      await consentTo(server, learner.id, setup.university.organizationId);
      await consentTo(server, learner.id, rival.organizationId);
      const achievement = await aCompletion(setup, learner, setup.providerCourses[0]);
      const racers = [setup.university, rival];
      const results = await Promise.all(racers.map((registrar) => transfer(registrar, aTransferInput(setup, learner, [achievement], { targetOrganizationId: registrar.organizationId }))));
      const outcomes = results.map((result) => ({
        outcome: result.decision!.outcome,
        codes: result.decision!.reasons.map((reason) => reason.code),
        userErrors: result.userErrors,
      }));
      expect(outcomes.sort((a, b) => a.outcome.localeCompare(b.outcome))).toEqual([
        { outcome: "DENIED", codes: ["INCOMPLETE_AND_GROUP", "ALREADY_TRANSFERRED"], userErrors: [] },
        { outcome: "GRANTED", codes: [], userErrors: [] },
      ]);
      const ledger = await ledgerOf(admin, learner.id);
      expect(ledger?.balances.filter((balance) => balance.unit === "CREDIT").map((balance) => balance.amount)).toEqual(["2.00"]);
      expect(ledger?.achievements.nodes).toEqual([{ id: achievement, isTransferred: true }]);
    }
  });

  it("grants once when one registrar's request races itself under several keys", async () => {
    const learner = await aLearner(setup.provider);
    await consentTo(server, learner.id, setup.university.organizationId);
    const achievement = await aCompletion(setup, learner, setup.providerCourses[0]);
    const results = await Promise.all(Array.from({ length: 4 }, () => transfer(setup.university, aTransferInput(setup, learner, [achievement]))));
    expect(results.map((result) => result.decision!.outcome).sort()).toEqual(["DENIED", "DENIED", "DENIED", "GRANTED"]);
    expect((await ledgerOf(admin, learner.id))?.transfers.totalCount).toBe(4);
  });

  it("records one transfer when one request races itself under one key; the others replay it", async () => {
    const learner = await aLearner(setup.provider);
    await consentTo(server, learner.id, setup.university.organizationId);
    const achievement = await aCompletion(setup, learner, setup.providerCourses[0]);
    const input = aTransferInput(setup, learner, [achievement]);
    const results = await Promise.all(Array.from({ length: 4 }, () => transfer(setup.university, input)));
    expect(results.map((result) => ({ outcome: result.decision!.outcome, replayed: result.replayed, userErrors: result.userErrors })).sort((a, b) => Number(a.replayed) - Number(b.replayed))).toEqual([
      { outcome: "GRANTED", replayed: false, userErrors: [] },
      { outcome: "GRANTED", replayed: true, userErrors: [] },
      { outcome: "GRANTED", replayed: true, userErrors: [] },
      { outcome: "GRANTED", replayed: true, userErrors: [] },
    ]);
    expect(new Set(results.map((result) => result.transfer!.id)).size).toBe(1);
    expect((await ledgerOf(admin, learner.id))?.transfers.totalCount).toBe(1);
  });

  it("keeps every unit's balances summing to zero after the races", async () => {
    expect(await unitTotals(admin)).toEqual([
      { unit: "CREDIT", total: "0.00" },
      { unit: "HOUR", total: "0.00" },
    ]);
  });
});
