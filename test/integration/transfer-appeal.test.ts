import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse } from "../support/course-factories.js";
import { aKey, aCourseRule, type Bilateral } from "../support/agreement-factories.js";
import { aLearner, asLearner, type RegisteredLearner } from "../support/learner-factories.js";
import {
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
  type ActiveAgreement,
} from "../support/transfer-factories.js";
import {
  CreditTransferReverseDocument,
  TransferAppealDecideDocument,
  TransferAppealDocument,
  TransferNodeDocument,
  type TransferAppealDecideInput,
} from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
/** c0 → 2 fixed credits with minimum grade 90; c1 (32 h + 32 h) → credits from hours; c2 → 3 credits; cap 4 per learner. */
let setup: Bilateral;
let agreement: ActiveAgreement;
const c = (i: number) => setup.providerCourses[i];

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  setup = await aLandscape(server, admin, [{}, { lectureHours: "32", practiceHours: "32" }, {}]);
  const university = setup.university.organizationId;
  agreement = await anAgreement(setup, {
    terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", minGrade: null, recencyYears: null, maxCreditsPerLearner: "4", allowTransitive: false },
    rules: [
      aCourseRule([c(0)], university, [setup.universityCourses[0]], { minGrade: 90 }),
      aCourseRule([c(1)], university, [setup.universityCourses[1]], { credits: { kind: "FROM_HOURS" } }),
      aCourseRule([c(2)], university, [setup.universityCourses[1]], { credits: { kind: "FIXED", credits: "3" } }),
    ],
  });
});
afterAll(() => server?.stop());

/** A learner whose c0 completion (grade 85) was denied for MIN_GRADE_NOT_MET. */
async function aDeniedTransfer() {
  const learner = await aConsentingLearner(server, setup);
  const achievement = await aCompletion(setup, learner, c(0));
  const { transfer: denied } = await transfer(setup.university, aTransferInput(setup, learner, [achievement]));
  return { learner, achievement, transfer: denied! };
}

const appeal = async (client: GraphQLClient, transferId: string, statement = "我的成绩单显示为优秀，请复核。") =>
  (await ok(client, TransferAppealDocument, { input: { idempotencyKey: aKey("appeal"), transferId, statement } })).transferAppeal;

const decide = async (client: GraphQLClient, input: Omit<TransferAppealDecideInput, "idempotencyKey">) =>
  (await ok(client, TransferAppealDecideDocument, { input: { idempotencyKey: aKey("decide"), ...input } })).transferAppealDecide;

describe("transferAppeal", () => {
  it("lets the learner appeal a denial; granting it appends a transfer that consumes the achievement for the rule's credits", async () => {
    const { learner, achievement, transfer: denied } = await aDeniedTransfer();
    const opened = await appeal(await asLearner(server, learner.id), denied.id);
    expect(opened).toEqual({
      appeal: {
        __typename: "TransferAppeal",
        id: expect.any(String),
        statement: "我的成绩单显示为优秀，请复核。",
        status: "OPEN",
        openedByOrganization: null,
        decisionNote: null,
        transfer: { id: denied.id },
        grantedTransfer: null,
      },
      replayed: false,
      userErrors: [],
    });
    const granted = await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "GRANT", note: "经复核，成绩评定有误。" });
    expect(granted).toEqual({
      appeal: {
        ...opened.appeal,
        status: "GRANTED",
        decisionNote: "经复核，成绩评定有误。",
        grantedTransfer: { id: expect.any(String), decision: { outcome: "GRANTED", credits: "2.00", achievements: [{ id: achievement }] } },
      },
      replayed: false,
      userErrors: [],
    });
    const grantNode = (await ok(setup.university.client, TransferNodeDocument, { id: granted.appeal!.grantedTransfer!.id })).node as Record<string, unknown>;
    expect(grantNode).toMatchObject({ grantedByAppeal: { id: opened.appeal!.id }, decision: { rule: { id: ruleNaming(agreement, c(0)) }, reasons: [] } });
    expect((await journalOf(admin, learner.id)).map((entry) => entry.kind)).toEqual([
      "LEARNER_CONSENT_GRANTED",
      "ACHIEVEMENT_RECORDED",
      "TRANSFER_DENIED",
      "TRANSFER_APPEALED",
      "CREDIT_TRANSFERRED",
      "APPEAL_DECIDED",
    ]);
    expect(await ledgerOf(setup.university.client, learner.id)).toMatchObject({
      balances: [
        { organization: { id: setup.university.organizationId }, unit: "CREDIT", amount: "2.00" },
        { organization: { id: setup.provider.organizationId }, unit: "HOUR", amount: "0.00" },
      ],
      achievements: { nodes: [{ id: achievement, isTransferred: true }] },
    });
  });

  it("lets the sending organization appeal a partial grant; granting it adds the named credits without consuming hours again", async () => {
    const learner = await aConsentingLearner(server, setup);
    await transfer(setup.university, aTransferInput(setup, learner, [await aCompletion(setup, learner, c(2))]));
    const partial = await transfer(setup.university, aTransferInput(setup, learner, [await aCompletion(setup, learner, c(1))]));
    expect(partial.decision).toMatchObject({ outcome: "PARTIAL", credits: "1.00" });
    const opened = await appeal(setup.provider.client, partial.transfer!.id, "学员已完成全部实训，请求全额认定。");
    expect(opened.appeal).toMatchObject({ status: "OPEN", openedByOrganization: { id: setup.provider.organizationId } });
    const granted = await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "GRANT", credits: "0.5", note: "同意部分补认。" });
    expect(granted.appeal?.grantedTransfer).toEqual({ id: expect.any(String), decision: { outcome: "GRANTED", credits: "0.50", achievements: [] } });
    expect((await ledgerOf(setup.university.client, learner.id))?.balances).toEqual([
      { organization: { id: setup.university.organizationId }, unit: "CREDIT", amount: "4.50" },
      { organization: { id: setup.provider.organizationId }, unit: "HOUR", amount: "0.00" },
    ]);
  });

  it("grants the credits the cap withheld when the registrar names none", async () => {
    const learner = await aConsentingLearner(server, setup);
    await transfer(setup.university, aTransferInput(setup, learner, [await aCompletion(setup, learner, c(2))]));
    const partial = await transfer(setup.university, aTransferInput(setup, learner, [await aCompletion(setup, learner, c(1))]));
    const opened = await appeal(await asLearner(server, learner.id), partial.transfer!.id);
    const granted = await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "GRANT", note: "超出上限部分予以认定。" });
    expect(granted.appeal?.grantedTransfer?.decision).toEqual({ outcome: "GRANTED", credits: "2.00", achievements: [] });
  });

  it("upholds a decision without moving anything", async () => {
    const { learner, transfer: denied } = await aDeniedTransfer();
    const opened = await appeal(await asLearner(server, learner.id), denied.id);
    const upheld = await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "UPHOLD", note: "成绩未达协议要求。" });
    expect(upheld.appeal).toEqual({ ...opened.appeal, status: "UPHELD", decisionNote: "成绩未达协议要求。" });
    expect((await journalOf(admin, learner.id)).slice(-2)).toEqual([
      { kind: "TRANSFER_APPEALED", postings: [] },
      { kind: "APPEAL_DECIDED", postings: [] },
    ]);
  });

  it("shows an appeal to whoever sees its transfer, and to no other learner", async () => {
    const { learner, transfer: denied } = await aDeniedTransfer();
    const opened = await appeal(await asLearner(server, learner.id), denied.id);
    const seen = async (client: GraphQLClient) => ((await ok(client, TransferNodeDocument, { id: opened.appeal!.id })).node as { id: string } | null)?.id ?? null;
    const stranger = await aLearner(setup.provider);
    expect([await seen(setup.university.client), await seen(setup.provider.client), await seen(await asLearner(server, stranger.id))]).toEqual([
      opened.appeal!.id,
      opened.appeal!.id,
      null,
    ]);
  });

  it("replays an appeal for the same key and input", async () => {
    const { learner, transfer: denied } = await aDeniedTransfer();
    const client = await asLearner(server, learner.id);
    const input = { idempotencyKey: aKey("appeal"), transferId: denied.id, statement: "请复核" };
    const first = (await ok(client, TransferAppealDocument, { input })).transferAppeal;
    expect((await ok(client, TransferAppealDocument, { input })).transferAppeal).toEqual({ ...first, replayed: true });
  });
});

describe("transferAppeal refuses", () => {
  let learner: RegisteredLearner;
  let denied: { id: string };
  let appealId: string;

  beforeAll(async () => {
    ({ learner, transfer: denied } = await aDeniedTransfer());
    appealId = (await appeal(await asLearner(server, learner.id), denied.id)).appeal!.id;
  });

  it("a second appeal against the same transfer", async () => {
    const again = await appeal(setup.provider.client, denied.id);
    expect(again).toEqual({ appeal: null, replayed: false, userErrors: [{ code: "ALREADY_APPEALED", field: ["input", "transferId"], message: "This transfer has already been appealed" }] });
  });

  it("another learner, another university and anonymous callers at the top level, writing nothing", async () => {
    const before = await journalOf(admin, learner.id);
    const stranger = await aLearner(setup.provider);
    const otherUniversity = await aMember(server, admin, "UNIVERSITY");
    const input = { idempotencyKey: aKey("appeal"), transferId: denied.id, statement: "越权申诉" };
    expect([
      errorCodes(await execute(await asLearner(server, stranger.id), TransferAppealDocument, { input })),
      errorCodes(await execute(otherUniversity.client, TransferAppealDocument, { input })),
      errorCodes(await execute(setup.university.client, TransferAppealDocument, { input })),
      errorCodes(await execute(server.client(), TransferAppealDocument, { input })),
    ]).toEqual([["FORBIDDEN"], ["FORBIDDEN"], ["FORBIDDEN"], ["UNAUTHENTICATED"]]);
    expect(await journalOf(admin, learner.id)).toEqual(before);
  });

  it("an empty statement", async () => {
    const { transferAppeal } = await ok(await asLearner(server, learner.id), TransferAppealDocument, { input: { idempotencyKey: aKey("appeal"), transferId: denied.id, statement: "  " } });
    expect(transferAppeal.userErrors).toEqual([{ code: "REQUIRED", field: ["input", "statement"], message: "statement is required" }]);
  });

  it("a decision by anyone but a registrar of the receiving organization", async () => {
    const otherUniversity = await aMember(server, admin, "UNIVERSITY");
    const input = { idempotencyKey: aKey("decide"), appealId, decision: "GRANT" as const, note: "越权" };
    expect([
      errorCodes(await execute(otherUniversity.client, TransferAppealDecideDocument, { input })),
      errorCodes(await execute(setup.provider.client, TransferAppealDecideDocument, { input })),
      errorCodes(await execute(await asLearner(server, learner.id), TransferAppealDecideDocument, { input })),
    ]).toEqual([["FORBIDDEN"], ["FORBIDDEN"], ["FORBIDDEN"]]);
  });

  it("credits with UPHOLD and non-positive credits, together with a missing note", async () => {
    expect([
      (await decide(setup.university.client, { appealId, decision: "UPHOLD", credits: "1", note: "" })).userErrors,
      (await decide(setup.university.client, { appealId, decision: "GRANT", credits: "0", note: "补认" })).userErrors,
    ]).toEqual([
      [
        { code: "REQUIRED", field: ["input", "note"], message: "note is required" },
        { code: "INVALID_VALUE", field: ["input", "credits"], message: "Credits are granted only with GRANT" },
      ],
      [{ code: "INVALID_CREDITS", field: ["input", "credits"], message: "credits must be greater than 0 and at most 1000.00, got 0" }],
    ]);
  });

  it("reversing a transfer while an appeal against it is open", async () => {
    const owner = await aConsentingLearner(server, setup);
    const { transfer: granted } = await transfer(setup.university, aTransferInput(setup, owner, [await aCompletion(setup, owner, c(2))]));
    await appeal(await asLearner(server, owner.id), granted!.id);
    const { creditTransferReverse } = await ok(setup.university.client, CreditTransferReverseDocument, {
      input: { idempotencyKey: aKey("reverse"), transferId: granted!.id, reason: "撤销" },
    });
    expect(creditTransferReverse.userErrors).toEqual([{ code: "APPEAL_PENDING", field: ["input", "transferId"], message: "An appeal against this transfer is open; decide it first" }]);
  });

  it("appealing a reversed transfer", async () => {
    const owner = await aConsentingLearner(server, setup);
    const { transfer: granted } = await transfer(setup.university, aTransferInput(setup, owner, [await aCompletion(setup, owner, c(2))]));
    await ok(setup.university.client, CreditTransferReverseDocument, { input: { idempotencyKey: aKey("reverse"), transferId: granted!.id, reason: "撤销" } });
    expect((await appeal(await asLearner(server, owner.id), granted!.id)).userErrors).toEqual([
      { code: "ALREADY_REVERSED", field: ["input", "transferId"], message: "This transfer was reversed; there is no decision left to appeal" },
    ]);
  });

  it("granting an appeal against a decision no rule made", async () => {
    const owner = await aConsentingLearner(server, setup);
    const uncovered = await aPublishedCourse(setup.provider);
    const { transfer: denied, decision } = await transfer(setup.university, aTransferInput(setup, owner, [await aCompletion(setup, owner, uncovered)]));
    expect(decision?.reasons.map((reason) => reason.code)).toEqual(["NO_ACTIVE_AGREEMENT"]);
    const opened = await appeal(await asLearner(server, owner.id), denied!.id);
    expect((await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "GRANT", credits: "2", note: "酌情认定" })).userErrors).toEqual([
      { code: "NOT_GRANTABLE", field: ["input", "appealId"], message: "The transfer was not decided under a rule receiving at your organization; recognition needs an agreement" },
    ]);
  });

  it("granting without credits when the rule is worth no more than was granted, and deciding twice", async () => {
    const owner = await aConsentingLearner(server, setup);
    const { transfer: granted } = await transfer(setup.university, aTransferInput(setup, owner, [await aCompletion(setup, owner, c(2))]));
    const opened = await appeal(await asLearner(server, owner.id), granted!.id);
    expect((await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "GRANT", note: "补认" })).userErrors).toEqual([
      { code: "REQUIRED", field: ["input", "credits"], message: "The rule is worth no more than the transfer granted; name the credits to grant" },
    ]);
    await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "UPHOLD", note: "维持" });
    expect((await decide(setup.university.client, { appealId: opened.appeal!.id, decision: "UPHOLD", note: "维持" })).userErrors).toEqual([
      { code: "ALREADY_DECIDED", field: ["input", "appealId"], message: "This appeal was already decided: UPHELD" },
    ]);
  });
});

describe("conservation", () => {
  it("keeps every unit's balances summing to zero after appeals and grants", async () => {
    expect(await unitTotals(admin)).toEqual([
      { unit: "CREDIT", total: "0.00" },
      { unit: "HOUR", total: "0.00" },
    ]);
  });
});
