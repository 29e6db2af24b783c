import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import { aKey, aCourseRule, aProposedAgreement, approvedBy, today, type Bilateral } from "../support/agreement-factories.js";
import { aLearner, anAchievement, asLearner, consentTo, type RegisteredLearner } from "../support/learner-factories.js";
import {
  COMPLETED_ON,
  aCompletion,
  aConsentingLearner,
  aLandscape,
  anAgreement,
  aTransferInput,
  journalOf,
  ledgerOf,
  ruleNaming,
  transfer,
  unitTotals,
  uuidOf,
  type ActiveAgreement,
} from "../support/transfer-factories.js";
import {
  CreditTransferDocument,
  CreditTransferReverseDocument,
  GradeScaleSetDocument,
  LearnerConsentRevokeDocument,
  LearnerTranscriptDocument,
  TransferEvaluationDocument,
  TransferNodeDocument,
  type CreditTransferInput,
} from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;

/**
 * The main landscape: a university recognises a provider (FIVE_LEVEL grades) under one agreement.
 * c0 → 2 credits (and c0 → 1 credit); c1 (32 h + 32 h) → credits from hours; c2 AND c3 → a 4-credit
 * elective block; c4 OR c5 → 1.5; c6 explicitly not recognised; c7 needs grade 80; c8 recency 1 year;
 * c9 is named by no rule.
 */
let main: Bilateral;
let agreement: ActiveAgreement;
const c = (i: number) => main.providerCourses[i];

const NOT_RECOGNIZED_REASON = "企业课程与本校课程内容重合不足一半";

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  main = await aLandscape(server, admin, [{}, { lectureHours: "32", practiceHours: "32" }, {}, {}, {}, {}, {}, {}, {}, {}]);
  await ok(main.provider.client, GradeScaleSetDocument, { input: { organizationId: main.provider.organizationId, kind: "FIVE_LEVEL" } });
  const [course0, course1] = main.universityCourses;
  const university = main.university.organizationId;
  agreement = await anAgreement(main, {
    terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", minGrade: 60, recencyYears: 5, maxCreditsPerLearner: null, allowTransitive: false },
    rules: [
      aCourseRule([c(0)], university, [course0]),
      aCourseRule([c(0)], university, [course1], { credits: { kind: "FIXED", credits: "1" } }),
      aCourseRule([c(1)], university, [course1], { credits: { kind: "FROM_HOURS" } }),
      {
        source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: [c(2), c(3)] }] },
        target: { kind: "ELECTIVE_BLOCK", organizationId: university, electiveCredits: "4", electiveCategory: "专业选修" },
        credits: { kind: "FIXED", credits: "4" },
      },
      { ...aCourseRule([], university, [course0], { credits: { kind: "FIXED", credits: "1.5" } }), source: { groupConjunction: "AND", groups: [{ conjunction: "OR", courseIds: [c(4), c(5)] }] } },
      { source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: [c(6)] }] }, target: { kind: "NO_RECOGNITION", organizationId: university, reason: NOT_RECOGNIZED_REASON } },
      aCourseRule([c(7)], university, [course1], { credits: { kind: "FIXED", credits: "1" }, minGrade: 80 }),
      aCourseRule([c(8)], university, [course1], { credits: { kind: "FIXED", credits: "1" }, recencyYears: 1 }),
    ],
  });
});
afterAll(() => server?.stop());

/** A completion in the main landscape, graded on the provider's five-level scale. */
const complete = (learner: RegisteredLearner, courseIndex: number, overrides: { grade?: string; completedOn?: string } = {}) =>
  aCompletion(main, learner, c(courseIndex), { grade: "良好", ...overrides });

const ruleOf = (index: number) => agreement.rules.find((rule) => rule.id === ruleNaming(agreement, c(index)))!.id;
/** The two rules naming c0: the 2-credit one and the 1-credit one. */
const rulesOfC0 = () => {
  const naming = agreement.rules.filter((rule) => rule.source.groups.some((group) => group.courses.some((cited) => cited.course.id === c(0))));
  return { two: naming.find((rule) => rule.credits?.credits === "2.00")!.id, one: naming.find((rule) => rule.credits?.credits === "1.00")!.id };
};

const label = (achievementId: string, courseId: string) => `Achievement ${achievementId} (course ${courseId})`;

function decided(outcome: "GRANTED" | "PARTIAL" | "DENIED", credits: string, extra: { rule?: string | null; achievements?: string[]; reasons?: { code: string; detail: string }[]; of?: ActiveAgreement | null } = {}) {
  const of = extra.of === undefined ? agreement : extra.of;
  const rule = extra.rule === undefined ? null : extra.rule;
  return {
    outcome,
    credits,
    reasons: extra.reasons ?? [],
    rule: rule === null ? null : { id: rule },
    agreement: rule === null || of === null ? null : { id: of.agreement.id },
    agreementVersion: rule === null || of === null ? null : 1,
    termsHash: rule === null || of === null ? null : of.agreement.termsHash,
    achievements: (extra.achievements ?? []).map((id) => ({ id })),
  };
}

describe("creditTransfer", () => {
  it("grants a rule's fixed credits, moving the consumed hours through the agreement's exchange account", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 0);
    const { two } = rulesOfC0();
    const payload = await transfer(main.university, aTransferInput(main, learner, [achievement], { ruleId: two }));
    const decision = decided("GRANTED", "2.00", { rule: two, achievements: [achievement] });
    expect(payload).toEqual({
      transfer: {
        __typename: "CreditTransfer",
        id: expect.any(String),
        learner: { id: learner.id },
        targetOrganization: { id: main.university.organizationId },
        sourceOrganizations: [{ id: main.provider.organizationId }],
        decision,
        achievements: [{ id: achievement }],
        hours: { lecture: "16.00", practice: "16.00", total: "32.00" },
        decidedOn: today(),
        reversal: null,
        appeal: null,
        grantedByAppeal: null,
      },
      decision,
      replayed: false,
      userErrors: [],
    });
    const [learnerUuid, providerUuid, universityUuid, agreementUuid] = [learner.id, main.provider.organizationId, main.university.organizationId, agreement.agreement.id].map(uuidOf);
    const node = (await ok(main.university.client, TransferNodeDocument, { id: payload.transfer!.id })).node as { ledgerEntry: unknown };
    expect(node.ledgerEntry).toEqual({
      kind: "CREDIT_TRANSFERRED",
      body: expect.objectContaining({ transferId: uuidOf(payload.transfer!.id), learnerId: learnerUuid, outcome: "GRANTED", credits: "2.00", ruleId: uuidOf(two), agreementVersion: 1, termsHash: agreement.agreement.termsHash }),
      postings: [
        { account: `learner:${learnerUuid}@organization:${providerUuid}`, unit: "HOUR", amount: "-32.00" },
        { account: `agreement:${agreementUuid}:exchange`, unit: "HOUR", amount: "32.00" },
        { account: `agreement:${agreementUuid}:exchange`, unit: "CREDIT", amount: "-2.00" },
        { account: `learner:${learnerUuid}@organization:${universityUuid}`, unit: "CREDIT", amount: "2.00" },
      ],
    });
    expect(await ledgerOf(main.university.client, learner.id)).toEqual({
      transfers: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, nodes: [{ id: payload.transfer!.id, decision: { outcome: "GRANTED", credits: "2.00" }, reversal: null }] },
      balances: [
        { organization: { id: main.university.organizationId }, unit: "CREDIT", amount: "2.00" },
        { organization: { id: main.provider.organizationId }, unit: "HOUR", amount: "0.00" },
      ],
      achievements: { nodes: [{ id: achievement, isTransferred: true }] },
    });
  });

  it("chooses the applicable rule granting the most credits when no rule is named", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 0);
    const { decision } = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect(decision).toEqual(decided("GRANTED", "2.00", { rule: rulesOfC0().two, achievements: [achievement] }));
  });

  it("derives credits from hours at 16 lecture and 32 practice hours per credit", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 1);
    const payload = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect({ decision: payload.decision, hours: payload.transfer?.hours }).toEqual({
      decision: decided("GRANTED", "3.00", { rule: ruleOf(1), achievements: [achievement] }),
      hours: { lecture: "32.00", practice: "32.00", total: "64.00" },
    });
  });

  it("derives credits from hours at the agreement's own ratio of 18 lecture and 36 practice hours per credit", async () => {
    const setup = await aLandscape(server, admin, [{ lectureHours: "36", practiceHours: "36" }]);
    const custom = await anAgreement(setup, {
      terms: { lectureHoursPerCredit: "18", practiceHoursPerCredit: "36", minGrade: null, recencyYears: null, maxCreditsPerLearner: null, allowTransitive: false },
      rules: [aCourseRule([setup.providerCourses[0]], setup.university.organizationId, [setup.universityCourses[0]], { credits: { kind: "FROM_HOURS" } })],
    });
    const learner = await aConsentingLearner(server, setup);
    const achievement = await aCompletion(setup, learner, setup.providerCourses[0]);
    const { decision } = await transfer(setup.university, aTransferInput(setup, learner, [achievement]));
    expect(decision).toEqual(decided("GRANTED", "3.00", { rule: custom.rules[0].id, achievements: [achievement], of: custom }));
  });

  it("denies an incomplete AND group and records the denial without moving anything, then grants the complete group", async () => {
    const learner = await aConsentingLearner(server, main);
    const first = await complete(learner, 2);
    const rule = ruleOf(2);
    const denied = await transfer(main.university, aTransferInput(main, learner, [first]));
    expect(denied.decision).toEqual(
      decided("DENIED", "0.00", { rule, reasons: [{ code: "INCOMPLETE_AND_GROUP", detail: `Source courses not covered: ${c(3)}.` }] }),
    );
    expect(await journalOf(admin, learner.id)).toEqual([
      { kind: "LEARNER_CONSENT_GRANTED", postings: [] },
      { kind: "ACHIEVEMENT_RECORDED", postings: expect.any(Array) },
      { kind: "TRANSFER_DENIED", postings: [] },
    ]);
    expect((await ledgerOf(main.university.client, learner.id))?.achievements.nodes).toEqual([{ id: first, isTransferred: false }]);
    const second = await complete(learner, 3);
    const granted = await transfer(main.university, aTransferInput(main, learner, [first, second]));
    expect({ decision: granted.decision, hours: granted.transfer?.hours }).toEqual({
      decision: decided("GRANTED", "4.00", { rule, achievements: [first, second] }),
      hours: { lecture: "32.00", practice: "32.00", total: "64.00" },
    });
  });

  it("grants an OR group through whichever alternative the learner completed", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 5);
    const { decision } = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect(decision).toEqual(decided("GRANTED", "1.50", { rule: ruleOf(5), achievements: [achievement] }));
  });

  it("denies courses the agreement explicitly does not recognise, with its reason", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 6);
    const { decision } = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect(decision).toEqual(decided("DENIED", "0.00", { rule: ruleOf(6), reasons: [{ code: "NOT_RECOGNIZED", detail: NOT_RECOGNIZED_REASON }] }));
  });

  it("judges the minimum grade on the normalised value of the provider's grade labels", async () => {
    const learner = await aConsentingLearner(server, main);
    const passed = await complete(learner, 7, { grade: "及格" });
    const excellent = await complete(learner, 7, { grade: "优秀", completedOn: "2026-04-01" });
    const low = await transfer(main.university, aTransferInput(main, learner, [passed]));
    const high = await transfer(main.university, aTransferInput(main, learner, [excellent]));
    expect([low.decision, high.decision]).toEqual([
      decided("DENIED", "0.00", {
        rule: ruleOf(7),
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: `Source courses not covered: ${c(7)}.` },
          { code: "MIN_GRADE_NOT_MET", detail: `${label(passed, c(7))} has grade 65, below the minimum of 80.` },
        ],
      }),
      decided("GRANTED", "1.00", { rule: ruleOf(7), achievements: [excellent] }),
    ]);
  });

  it("denies an achievement completed longer ago than the rule's recency allows", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 8, { completedOn: "2025-10-01" });
    const { decision } = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect(decision).toEqual(
      decided("DENIED", "0.00", {
        rule: ruleOf(8),
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: `Source courses not covered: ${c(8)}.` },
          { code: "RECENCY_EXCEEDED", detail: `${label(achievement, c(8))} was completed on 2025-10-01, more than 1 year(s) before ${today()}.` },
        ],
      }),
    );
  });

  it("denies with NO_ACTIVE_AGREEMENT and no rule when no agreement covers the course", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 9);
    const { decision } = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect(decision).toEqual(
      decided("DENIED", "0.00", { reasons: [{ code: "NO_ACTIVE_AGREEMENT", detail: "No agreement in force recognises these courses at the target organization." }] }),
    );
  });

  it("denies with NO_ACTIVE_AGREEMENT an achievement completed before the agreement's validity began", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 0, { completedOn: "2025-06-30" });
    const { decision } = await transfer(main.university, aTransferInput(main, learner, [achievement], { ruleId: rulesOfC0().two }));
    expect(decision).toEqual(
      decided("DENIED", "0.00", {
        rule: rulesOfC0().two,
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: `Source courses not covered: ${c(0)}.` },
          { code: "NO_ACTIVE_AGREEMENT", detail: `${label(achievement, c(0))} was completed on 2025-06-30, when no version of the agreement was in force.` },
        ],
      }),
    );
  });

  it("judges validity on the completion date: recognised after the agreement expired if completed while it was in force", async () => {
    const setup = await aLandscape(server, admin, [{}]);
    const expired = await anAgreement(setup, {
      validTo: "2026-02-28",
      rules: [aCourseRule([setup.providerCourses[0]], setup.university.organizationId, [setup.universityCourses[0]])],
    });
    const [during, after] = [await aConsentingLearner(server, setup), await aConsentingLearner(server, setup)];
    const inForce = await aCompletion(setup, during, setup.providerCourses[0], { completedOn: "2025-12-01" });
    const tooLate = await aCompletion(setup, after, setup.providerCourses[0], { completedOn: "2026-05-01" });
    const rule = expired.rules[0].id;
    const results = [
      (await transfer(setup.university, aTransferInput(setup, during, [inForce]))).decision,
      (await transfer(setup.university, aTransferInput(setup, after, [tooLate]))).decision,
    ];
    expect(results).toEqual([
      decided("GRANTED", "2.00", { rule, achievements: [inForce], of: expired }),
      decided("DENIED", "0.00", {
        rule,
        of: expired,
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: `Source courses not covered: ${setup.providerCourses[0]}.` },
          { code: "NO_ACTIVE_AGREEMENT", detail: `${label(tooLate, setup.providerCourses[0])} was completed on 2026-05-01, when no version of the agreement was in force.` },
        ],
      }),
    ]);
  });

  it("grants up to the agreement's per-learner cap, then partially, then denies", async () => {
    const setup = await aLandscape(server, admin, [{}, {}, {}]);
    const capped = await anAgreement(setup, {
      terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", minGrade: null, recencyYears: null, maxCreditsPerLearner: "3", allowTransitive: false },
      rules: setup.providerCourses.map((courseId) => aCourseRule([courseId], setup.university.organizationId, [setup.universityCourses[0]])),
    });
    const learner = await aConsentingLearner(server, setup);
    const decisions = [];
    for (const courseId of setup.providerCourses) {
      const achievement = await aCompletion(setup, learner, courseId);
      decisions.push({ achievement, ...(await transfer(setup.university, aTransferInput(setup, learner, [achievement]))).decision! });
    }
    const ruleFor = (i: number) => ruleNaming(capped, setup.providerCourses[i]);
    expect(decisions).toEqual([
      { achievement: decisions[0].achievement, ...decided("GRANTED", "2.00", { rule: ruleFor(0), achievements: [decisions[0].achievement], of: capped }) },
      {
        achievement: decisions[1].achievement,
        ...decided("PARTIAL", "1.00", {
          rule: ruleFor(1),
          achievements: [decisions[1].achievement],
          of: capped,
          reasons: [
            {
              code: "CAP_REACHED",
              detail: "Only 1.00 of 2.00 credits can be granted: the learner has already been granted 2.00 of the 3.00 credits allowed per learner under this agreement.",
            },
          ],
        }),
      },
      {
        achievement: decisions[2].achievement,
        ...decided("DENIED", "0.00", {
          rule: ruleFor(2),
          of: capped,
          reasons: [
            {
              code: "CAP_REACHED",
              detail: "No credits can be granted: the learner has already been granted 3.00 of the 3.00 credits allowed per learner under this agreement.",
            },
          ],
        }),
      },
    ]);
    expect((await ledgerOf(setup.university.client, learner.id))?.balances.filter((balance) => balance.unit === "CREDIT")).toEqual([
      { organization: { id: setup.university.organizationId }, unit: "CREDIT", amount: "3.00" },
    ]);
  });

  it("denies with ALREADY_TRANSFERRED an achievement whose value another transfer holds", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 0);
    await transfer(main.university, aTransferInput(main, learner, [achievement]));
    const again = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    // Every rule naming c0 denies: the first in the agreement's canonical order explains it.
    expect(again.decision).toEqual(
      decided("DENIED", "0.00", {
        rule: ruleNaming(agreement, c(0)),
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: `Source courses not covered: ${c(0)}.` },
          { code: "ALREADY_TRANSFERRED", detail: `${label(achievement, c(0))} has already been used in a credit transfer.` },
        ],
      }),
    );
  });

  describe("never uses a rule in reverse", () => {
    let sending: Member;
    let receiving: Member;
    let oneWay: ActiveAgreement;
    let learner: RegisteredLearner;
    let achievement: string;

    beforeAll(async () => {
      sending = await aMember(server, admin, "UNIVERSITY");
      receiving = await aMember(server, admin, "UNIVERSITY");
      const sendingCourse = await aPublishedCourse(sending, { credits: "2" });
      const receivingCourse = await aPublishedCourse(receiving, { credits: "2" });
      const proposed = await aProposedAgreement(receiving, {
        idempotencyKey: aKey("propose"),
        code: `ONE-WAY-${Date.now()}`,
        title: "单向学分互认",
        direction: "ONE_WAY",
        parties: [
          { organizationId: sending.organizationId, role: "SENDING" },
          { organizationId: receiving.organizationId, role: "RECEIVING" },
        ],
        validFrom: "2025-09-01",
        validTo: null,
        terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", minGrade: null, recencyYears: null, maxCreditsPerLearner: null, allowTransitive: false },
        rules: [aCourseRule([sendingCourse], receiving.organizationId, [receivingCourse])],
      });
      const approved = await approvedBy([receiving, sending], proposed);
      oneWay = { agreement: approved, rules: [] };
      learner = await aLearner(receiving);
      await consentTo(server, learner.id, sending.organizationId);
      achievement = await anAchievement(receiving, learner.id, receivingCourse, { completedOn: COMPLETED_ON });
    });

    const backwards = (ruleId?: string): CreditTransferInput => ({
      idempotencyKey: aKey("backwards"),
      learnerId: learner.id,
      targetOrganizationId: sending.organizationId,
      achievementIds: [achievement],
      ...(ruleId ? { ruleId } : {}),
    });

    it("denies with WRONG_DIRECTION when a one-way agreement would be used backwards", async () => {
      const { decision } = await transfer(sending, backwards());
      const rule = decision!.rule!.id;
      expect(decision).toEqual(
        decided("DENIED", "0.00", {
          rule,
          of: oneWay,
          reasons: [{ code: "WRONG_DIRECTION", detail: `Rule ${rule} recognises courses at organization ${receiving.organizationId}, not at the target organization ${sending.organizationId}.` }],
        }),
      );
    });

    it("denies with WRONG_DIRECTION a named rule that receives at another organization", async () => {
      const first = await transfer(sending, backwards());
      const named = await transfer(sending, backwards(first.decision!.rule!.id));
      expect(named.decision).toEqual(first.decision);
    });
  });
});

describe("creditTransfer refuses bad input with a user error and writes nothing", () => {
  let learner: RegisteredLearner;
  let achievement: string;
  let journalBefore: unknown[];

  beforeAll(async () => {
    learner = await aConsentingLearner(server, main);
    achievement = await complete(learner, 0);
    journalBefore = await journalOf(admin, learner.id);
  });

  const other = (type: string) => Buffer.from(`${type}:0190a0b0-0000-7000-8000-000000000000`).toString("base64url");

  it.each([
    ["an unknown learner", () => ({ learnerId: other("Learner") }), () => [{ code: "NOT_FOUND", field: ["input", "learnerId"], message: "No learner has this ID" }]],
    ["an unknown achievement", () => ({ achievementIds: [achievement, other("Achievement")] }), () => [{ code: "NOT_FOUND", field: ["input", "achievementIds", "1"], message: "No achievement has this ID" }]],
    ["an unknown rule", () => ({ ruleId: other("EquivalenceRule") }), () => [{ code: "NOT_FOUND", field: ["input", "ruleId"], message: "No equivalence rule has this ID" }]],
    ["an empty list", () => ({ achievementIds: [] }), () => [{ code: "REQUIRED", field: ["input", "achievementIds"], message: "Offer at least one achievement" }]],
    [
      "an achievement offered twice",
      () => ({ achievementIds: [achievement, achievement] }),
      () => [{ code: "DUPLICATE_ACHIEVEMENT", field: ["input", "achievementIds", "1"], message: "This achievement is already offered" }],
    ],
    [
      "IDs of the wrong type",
      () => ({ learnerId: achievement, ruleId: learner.id }),
      () => [
        { code: "INVALID_ID", field: ["input", "learnerId"], message: `"${achievement.slice(0, 40)}" is not a valid Learner ID` },
        { code: "INVALID_ID", field: ["input", "ruleId"], message: `"${learner.id.slice(0, 40)}" is not a valid EquivalenceRule ID` },
      ],
    ],
  ])("refuses %s", async (_, overrides, userErrors) => {
    const payload = await transfer(main.university, aTransferInput(main, learner, [achievement], overrides()));
    expect(payload).toEqual({ transfer: null, decision: null, replayed: false, userErrors: userErrors() });
    expect(await journalOf(admin, learner.id)).toEqual(journalBefore);
  });

  it("refuses an achievement of another learner", async () => {
    const stranger = await aConsentingLearner(server, main);
    const theirs = await complete(stranger, 0);
    const payload = await transfer(main.university, aTransferInput(main, learner, [theirs]));
    expect(payload.userErrors).toEqual([{ code: "ACHIEVEMENT_OF_ANOTHER_LEARNER", field: ["input", "achievementIds", "0"], message: "This achievement belongs to another learner" }]);
    expect((await ledgerOf(main.university.client, stranger.id))?.transfers.totalCount).toBe(0);
  });

  it("refuses more than 50 achievements", async () => {
    const ids = Array.from({ length: 51 }, (_, i) => Buffer.from(`Achievement:0190a0b0-0000-7000-8000-${String(i).padStart(12, "0")}`).toString("base64url"));
    const payload = await transfer(main.university, aTransferInput(main, learner, ids));
    expect(payload.userErrors).toEqual([{ code: "TOO_MANY_ITEMS", field: ["input", "achievementIds"], message: "At most 50 achievements per transfer, got 51" }]);
  });

  it("replays the original transfer for the same key and input, and refuses the key with another input", async () => {
    const input = aTransferInput(main, learner, [achievement]);
    const first = await transfer(main.university, input);
    expect(await transfer(main.university, input)).toEqual({ ...first, replayed: true });
    expect(await transfer(main.university, { ...input, ruleId: rulesOfC0().one })).toEqual({
      transfer: null,
      decision: null,
      replayed: false,
      userErrors: [{ code: "IDEMPOTENCY_KEY_REUSED", field: ["input", "idempotencyKey"], message: `idempotencyKey "${input.idempotencyKey}" was already used for a different creditTransfer request` }],
    });
    expect((await ledgerOf(main.university.client, learner.id))?.transfers.totalCount).toBe(1);
  });
});

describe("who may transfer", () => {
  let learner: RegisteredLearner;
  let achievement: string;
  let otherUniversity: Member;

  beforeAll(async () => {
    learner = await aLearner(main.provider);
    achievement = await complete(learner, 0);
    otherUniversity = await aMember(server, admin, "UNIVERSITY");
  });

  const refusedWith = async (client: GraphQLClient, input: CreditTransferInput) => errorCodes(await execute(client, CreditTransferDocument, { input }));

  it("refuses with CONSENT_REQUIRED a registrar the learner has not consented to, and writes nothing", async () => {
    const payload = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect(payload.userErrors).toEqual([{ code: "CONSENT_REQUIRED", field: ["input", "learnerId"], message: "The learner has not consented to your organization reading their record" }]);
    expect(await journalOf(admin, learner.id)).toEqual([{ kind: "ACHIEVEMENT_RECORDED", postings: expect.any(Array) }]);
  });

  it("refuses with CONSENT_REQUIRED once the learner revoked the consent", async () => {
    const revoking = await aConsentingLearner(server, main);
    const completed = await complete(revoking, 0);
    await ok(await asLearner(server, revoking.id), LearnerConsentRevokeDocument, { input: { idempotencyKey: aKey("revoke"), organizationId: main.university.organizationId } });
    expect((await transfer(main.university, aTransferInput(main, revoking, [completed]))).userErrors.map((error) => error.code)).toEqual(["CONSENT_REQUIRED"]);
  });

  it("refuses a registrar of another university transferring into the university, and one without consent into its own", async () => {
    const otherClient = otherUniversity.client;
    expect(await refusedWith(otherClient, aTransferInput(main, learner, [achievement]))).toEqual(["FORBIDDEN"]);
    const own = await transfer(otherUniversity, aTransferInput(main, learner, [achievement], { targetOrganizationId: otherUniversity.organizationId }));
    expect(own.userErrors.map((error) => error.code)).toEqual(["CONSENT_REQUIRED"]);
  });

  it("refuses providers, learners and anonymous callers at the top level", async () => {
    const input = aTransferInput(main, learner, [achievement]);
    expect([
      await refusedWith(main.provider.client, input),
      await refusedWith(await asLearner(server, learner.id), input),
      await refusedWith(server.client(), input),
    ]).toEqual([["FORBIDDEN"], ["FORBIDDEN"], ["UNAUTHENTICATED"]]);
    expect((await ledgerOf(main.provider.client, learner.id))?.transfers.totalCount).toBe(0);
  });

  it("shows a transfer to the learner and the receiving organization, never to another learner", async () => {
    const owner = await aConsentingLearner(server, main);
    const { transfer: made } = await transfer(main.university, aTransferInput(main, owner, [await complete(owner, 0)]));
    const stranger = await aLearner(main.provider);
    const strangerClient = await asLearner(server, stranger.id);
    const seen = async (client: GraphQLClient) => ((await ok(client, TransferNodeDocument, { id: made!.id })).node as { id: string } | null)?.id ?? null;
    expect({
      learner: await seen(await asLearner(server, owner.id)),
      university: await seen(main.university.client),
      stranger: await seen(strangerClient),
      otherUniversity: await seen(otherUniversity.client),
      strangersLedger: await ledgerOf(strangerClient, owner.id),
      strangersEvaluation: (await ok(strangerClient, TransferEvaluationDocument, { input: { learnerId: owner.id, targetOrganizationId: main.university.organizationId } })).transferEvaluation,
    }).toEqual({ learner: made!.id, university: made!.id, stranger: null, otherUniversity: null, strangersLedger: null, strangersEvaluation: null });
  });

  it("keeps the transfer visible to the receiving organization after consent is revoked, without the learner's record", async () => {
    const owner = await aConsentingLearner(server, main);
    const achievementId = await complete(owner, 0);
    const { transfer: made } = await transfer(main.university, aTransferInput(main, owner, [achievementId]));
    await ok(await asLearner(server, owner.id), LearnerConsentRevokeDocument, { input: { idempotencyKey: aKey("revoke"), organizationId: main.university.organizationId } });
    const node = (await ok(main.university.client, TransferNodeDocument, { id: made!.id })).node as Record<string, unknown>;
    expect({ id: node.id, learner: node.learner, achievements: node.achievements, decision: node.decision }).toEqual({
      id: made!.id,
      learner: null,
      achievements: [],
      decision: { ...decided("GRANTED", "2.00", { rule: rulesOfC0().two }), achievements: [] },
    });
  });
});

describe("creditTransferReverse", () => {
  it("appends opposite postings, frees the achievement and lets it be transferred again", async () => {
    const learner = await aConsentingLearner(server, main);
    const achievement = await complete(learner, 1);
    const granted = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    const input = { idempotencyKey: aKey("reverse"), transferId: granted.transfer!.id, reason: "录入错误：学员选错课程" };
    const { creditTransferReverse } = await ok(main.university.client, CreditTransferReverseDocument, { input });
    expect(creditTransferReverse).toEqual({
      transfer: { ...granted.transfer, reversal: { reason: "录入错误：学员选错课程", ledgerEntry: { kind: "TRANSFER_REVERSED" } } },
      replayed: false,
      userErrors: [],
    });
    const journal = await journalOf(admin, learner.id);
    const [transferred, reversed] = journal.slice(-2);
    expect(reversed).toEqual({ kind: "TRANSFER_REVERSED", postings: transferred.postings.map((posting) => ({ ...posting, amount: posting.amount.startsWith("-") ? posting.amount.slice(1) : `-${posting.amount}` })) });
    expect(await ledgerOf(main.university.client, learner.id)).toMatchObject({
      balances: [
        { organization: { id: main.university.organizationId }, unit: "CREDIT", amount: "0.00" },
        { organization: { id: main.provider.organizationId }, unit: "HOUR", amount: "64.00" },
      ],
      achievements: { nodes: [{ id: achievement, isTransferred: false }] },
    });
    expect((await ok(main.university.client, CreditTransferReverseDocument, { input })).creditTransferReverse.replayed).toBe(true);
    const again = await ok(main.university.client, CreditTransferReverseDocument, { input: { ...input, idempotencyKey: aKey("reverse") } });
    expect(again.creditTransferReverse).toEqual({
      transfer: null,
      replayed: false,
      userErrors: [{ code: "ALREADY_REVERSED", field: ["input", "transferId"], message: "This transfer has already been reversed" }],
    });
    const regranted = await transfer(main.university, aTransferInput(main, learner, [achievement]));
    expect(regranted.decision).toEqual(decided("GRANTED", "3.00", { rule: ruleOf(1), achievements: [achievement] }));
  });

  it("refuses to reverse a denial, which moved nothing", async () => {
    const learner = await aConsentingLearner(server, main);
    const denied = await transfer(main.university, aTransferInput(main, learner, [await complete(learner, 9)]));
    const { creditTransferReverse } = await ok(main.university.client, CreditTransferReverseDocument, {
      input: { idempotencyKey: aKey("reverse"), transferId: denied.transfer!.id, reason: "不适用" },
    });
    expect(creditTransferReverse.userErrors).toEqual([{ code: "NOT_REVERSIBLE", field: ["input", "transferId"], message: "A denied transfer moved nothing; there is nothing to reverse" }]);
  });

  it("lets only a registrar of the receiving organization reverse, and writes nothing otherwise", async () => {
    const learner = await aConsentingLearner(server, main);
    const granted = await transfer(main.university, aTransferInput(main, learner, [await complete(learner, 0)]));
    const before = await journalOf(admin, learner.id);
    const input = { idempotencyKey: aKey("reverse"), transferId: granted.transfer!.id, reason: "越权" };
    const stranger = await aMember(server, admin, "UNIVERSITY");
    expect([
      errorCodes(await execute(stranger.client, CreditTransferReverseDocument, { input })),
      errorCodes(await execute(main.provider.client, CreditTransferReverseDocument, { input })),
    ]).toEqual([["FORBIDDEN"], ["FORBIDDEN"]]);
    expect(await journalOf(admin, learner.id)).toEqual(before);
  });
});

describe("learner records", () => {
  let learner: RegisteredLearner;
  let fromHours: string;
  let block: string[];
  let grant: { id: string };

  beforeAll(async () => {
    learner = await aConsentingLearner(server, main);
    fromHours = await complete(learner, 1);
    block = [await complete(learner, 2), await complete(learner, 3)];
    grant = (await transfer(main.university, aTransferInput(main, learner, [fromHours]))).transfer!;
    const reversed = (await transfer(main.university, aTransferInput(main, learner, block))).transfer!;
    await ok(main.university.client, CreditTransferReverseDocument, { input: { idempotencyKey: aKey("reverse"), transferId: reversed.id, reason: "重复认定" } });
    await transfer(main.university, aTransferInput(main, learner, block));
  });

  it("pages through the learner's transfers, reversed ones included", async () => {
    const page = (after?: string) => ok(main.university.client, `query($id: ID!, $after: String) { node(id: $id) { ... on Learner { transfers(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { decision { credits } reversal { reason } } } } } }`, { id: learner.id, after });
    const first = ((await page()) as { node: { transfers: { totalCount: number; pageInfo: { endCursor: string }; nodes: unknown[] } } }).node.transfers;
    const second = ((await page(first.pageInfo.endCursor)) as { node: { transfers: unknown } }).node.transfers;
    expect([first, second]).toEqual([
      { totalCount: 3, pageInfo: { hasNextPage: true, endCursor: expect.any(String) }, nodes: [{ decision: { credits: "3.00" }, reversal: null }, { decision: { credits: "4.00" }, reversal: { reason: "重复认定" } }] },
      { totalCount: 3, pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, nodes: [{ decision: { credits: "4.00" }, reversal: null }] },
    ]);
  });

  it("lists on the transcript what is recognised in force at the university, with provenance back to the achievements and the agreement", async () => {
    const { node } = await ok(await asLearner(server, learner.id), LearnerTranscriptDocument, { id: learner.id, organizationId: main.university.organizationId });
    const provenance = { agreementVersion: 1, termsHash: agreement.agreement.termsHash, agreement: { id: agreement.agreement.id } };
    expect(node).toEqual({
      transcript: {
        organization: { id: main.university.organizationId },
        totalCredits: "7.00",
        entries: {
          totalCount: 2,
          nodes: [
            {
              credits: "3.00",
              ...provenance,
              recognizedAs: { kind: "COURSES", courses: [{ course: { id: main.universityCourses[1] } }], electiveCredits: null, electiveCategory: null },
              achievements: [{ id: fromHours, course: { id: c(1) } }],
              transfer: { id: grant.id },
            },
            {
              credits: "4.00",
              ...provenance,
              recognizedAs: { kind: "ELECTIVE_BLOCK", courses: [], electiveCredits: "4.00", electiveCategory: "专业选修" },
              achievements: expect.arrayContaining([{ id: block[0], course: { id: c(2) } }, { id: block[1], course: { id: c(3) } }]),
              transfer: { id: expect.any(String) },
            },
          ],
        },
      },
    });
  });

  it("shows an empty transcript at an organization that recognised nothing", async () => {
    const { node } = await ok(main.university.client, LearnerTranscriptDocument, { id: learner.id, organizationId: main.provider.organizationId });
    expect(node).toEqual({ transcript: { organization: { id: main.provider.organizationId }, totalCredits: "0.00", entries: { totalCount: 0, nodes: [] } } });
  });
});

describe("creditTransfer's statements", () => {
  it("are as many for several achievements offered as for one", async () => {
    const statements = async (courseIndexes: number[]) => {
      const learner = await aConsentingLearner(server, main);
      const achievements: string[] = [];
      for (const index of courseIndexes) achievements.push(await complete(learner, index));
      const result = await execute(main.university.client, CreditTransferDocument, { input: aTransferInput(main, learner, achievements) });
      expect(result.data?.creditTransfer.decision?.outcome).toBe("GRANTED");
      return result.extensions?.sqlStatements;
    };
    const forOne = await statements([0]);
    expect(forOne).toEqual(expect.any(Number));
    expect(await statements([0, 2, 3, 5])).toBe(forOne);
  });
});

describe("transferEvaluation", () => {
  it("tells what every applicable rule would decide for all the learner's achievements, without writing", async () => {
    const learner = await aConsentingLearner(server, main);
    const zero = await complete(learner, 0);
    const one = await complete(learner, 1);
    await complete(learner, 6);
    const journal = await journalOf(admin, learner.id);
    const { transferEvaluation } = await ok(main.university.client, TransferEvaluationDocument, {
      input: { learnerId: learner.id, targetOrganizationId: main.university.organizationId, on: "2026-06-01" },
    });
    const { one: c0One, two: c0Two } = rulesOfC0();
    expect(transferEvaluation).toEqual({
      learner: { id: learner.id },
      targetOrganization: { id: main.university.organizationId },
      on: "2026-06-01",
      decisions: [
        decided("GRANTED", "3.00", { rule: ruleOf(1), achievements: [one] }),
        decided("GRANTED", "2.00", { rule: c0Two, achievements: [zero] }),
        decided("GRANTED", "1.00", { rule: c0One, achievements: [zero] }),
        decided("DENIED", "0.00", { rule: ruleOf(6), reasons: [{ code: "NOT_RECOGNIZED", detail: NOT_RECOGNIZED_REASON }] }),
      ],
    });
    expect(await journalOf(admin, learner.id)).toEqual(journal);
    expect((await ledgerOf(main.university.client, learner.id))?.achievements.nodes.every((node) => !node.isTransferred)).toBe(true);
  });

  it("runs as many SQL statements for a learner with many achievements as for one with one", async () => {
    const statements = async (learner: RegisteredLearner) =>
      (await execute(main.university.client, TransferEvaluationDocument, { input: { learnerId: learner.id, targetOrganizationId: main.university.organizationId } })).extensions?.sqlStatements;
    const few = await aConsentingLearner(server, main);
    await complete(few, 0);
    const many = await aConsentingLearner(server, main);
    for (const index of [0, 1, 2, 3, 5, 6, 7]) await complete(many, index);
    const forFew = await statements(few);
    expect(forFew).toEqual(expect.any(Number));
    expect(await statements(many)).toBe(forFew);
  });
});

describe("conservation", () => {
  it("keeps every unit's balances summing to zero after all of it", async () => {
    expect(await unitTotals(admin)).toEqual([
      { unit: "CREDIT", total: "0.00" },
      { unit: "HOUR", total: "0.00" },
    ]);
  });
});
