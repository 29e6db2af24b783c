import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, type Member } from "../support/course-factories.js";
import { aLearner, asLearner, consentTo } from "../support/learner-factories.js";
import {
  GradeScaleSetDocument,
  LearnerByReferenceDocument,
  LearnerConsentGrantDocument,
  LearnerConsentRevokeDocument,
  LearnerJournalDocument,
  LearnerLinkDocument,
  LearnerNodeDocument,
  LearnerRegisterDocument,
  OrganizationGradeScaleDocument,
} from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let provider: Member;
let university: Member;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  provider = await aMember(server, admin, "TRAINING_PROVIDER");
  university = await aMember(server, admin, "UNIVERSITY");
});
afterAll(() => server?.stop());

const findByReference = (client: GraphQLClient, organizationId: string, externalRef: string) =>
  ok(client, LearnerByReferenceDocument, { organizationId, externalRef }).then((data) => data.learner);

const readLearner = (client: GraphQLClient, id: string) => ok(client, LearnerNodeDocument, { id }).then((data) => data.node);

const journal = (kind: "LEARNER_CONSENT_GRANTED" | "LEARNER_CONSENT_REVOKED") => ok(admin, LearnerJournalDocument, { filter: { kind } }).then((data) => data.ledgerEntries.nodes);

describe("learnerRegister", () => {
  it("registers a learner under the organization's own reference", async () => {
    const input = { organizationId: provider.organizationId, externalRef: " EMP-0001 ", displayName: "李同学" };
    const { learnerRegister } = await ok(provider.client, LearnerRegisterDocument, { input });
    expect(learnerRegister).toEqual({
      learner: { __typename: "Learner", id: expect.any(String), externalRef: "EMP-0001", displayName: "李同学", organization: { id: provider.organizationId } },
      replayed: false,
      userErrors: [],
    });
    expect(await findByReference(provider.client, provider.organizationId, "EMP-0001")).toEqual(learnerRegister.learner);
  });

  it("replays the original learner for the same key and input, and refuses the key with another input", async () => {
    const input = { idempotencyKey: "register-once", organizationId: provider.organizationId, externalRef: "EMP-0002", displayName: "王同学" };
    const first = (await ok(provider.client, LearnerRegisterDocument, { input })).learnerRegister;
    const again = (await ok(provider.client, LearnerRegisterDocument, { input })).learnerRegister;
    expect(again).toEqual({ ...first, replayed: true });
    const reused = (await ok(provider.client, LearnerRegisterDocument, { input: { ...input, externalRef: "EMP-0003" } })).learnerRegister;
    expect(reused).toEqual({
      learner: null,
      replayed: false,
      userErrors: [{ code: "IDEMPOTENCY_KEY_REUSED", field: ["input", "idempotencyKey"], message: 'idempotencyKey "register-once" was already used for a different learnerRegister request' }],
    });
    expect(await findByReference(provider.client, provider.organizationId, "EMP-0003")).toBeNull();
  });

  it("refuses a reference the organization already uses, but another organization may use it", async () => {
    const learner = await aLearner(provider);
    const { learnerRegister } = await ok(provider.client, LearnerRegisterDocument, { input: { organizationId: provider.organizationId, externalRef: learner.externalRef, displayName: "重复" } });
    expect(learnerRegister).toEqual({
      learner: null,
      replayed: false,
      userErrors: [{ code: "EXTERNAL_REF_TAKEN", field: ["input", "externalRef"], message: `Another learner of this organization already has the reference ${learner.externalRef}` }],
    });
    const elsewhere = await aLearner(university, { externalRef: learner.externalRef });
    expect(elsewhere.externalRef).toBe(learner.externalRef);
  });

  it("refuses resident ID card numbers in the reference and the name, with every bad field reported, and stores nothing", async () => {
    const { learnerRegister } = await ok(provider.client, LearnerRegisterDocument, {
      input: { organizationId: provider.organizationId, externalRef: "11010119900307123X", displayName: "张三 110101199003071234" },
    });
    expect(learnerRegister.learner).toBeNull();
    expect(learnerRegister.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["NATIONAL_ID_NOT_ALLOWED", ["input", "externalRef"]],
      ["NATIONAL_ID_NOT_ALLOWED", ["input", "displayName"]],
    ]);
    expect(await findByReference(provider.client, provider.organizationId, "11010119900307123X")).toBeNull();
  });

  it("refuses an empty reference and an overlong name together", async () => {
    const { learnerRegister } = await ok(provider.client, LearnerRegisterDocument, { input: { organizationId: provider.organizationId, externalRef: " ", displayName: "名".repeat(101) } });
    expect(learnerRegister.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["REQUIRED", ["input", "externalRef"]],
      ["TOO_LONG", ["input", "displayName"]],
    ]);
  });

  it("refuses a malformed organization ID as INVALID_ID and an unknown one as NOT_FOUND", async () => {
    const malformed = (await ok(admin, LearnerRegisterDocument, { input: { organizationId: "nope", externalRef: "X1", displayName: "x" } })).learnerRegister;
    expect(malformed.userErrors.map((error) => [error.code, error.field])).toEqual([["INVALID_ID", ["input", "organizationId"]]]);
    const unknown = Buffer.from("Organization:0190a0b0-0000-7000-8000-000000000000").toString("base64url");
    const missing = (await ok(admin, LearnerRegisterDocument, { input: { organizationId: unknown, externalRef: "X1", displayName: "x" } })).learnerRegister;
    expect(missing.userErrors).toEqual([{ code: "NOT_FOUND", field: ["input", "organizationId"], message: "No organization has this ID" }]);
  });

  it("is FORBIDDEN for another organization's registrar and for learners, and needs a token", async () => {
    const input = { organizationId: provider.organizationId, externalRef: "EMP-9999", displayName: "x" };
    expect(errorCodes(await execute(university.client, LearnerRegisterDocument, { input }))).toEqual(["FORBIDDEN"]);
    const learner = await aLearner(provider);
    expect(errorCodes(await execute(await asLearner(server, learner.id), LearnerRegisterDocument, { input }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await execute(server.client(), LearnerRegisterDocument, { input }))).toEqual(["UNAUTHENTICATED"]);
    expect(await findByReference(provider.client, provider.organizationId, "EMP-9999")).toBeNull();
  });
});

describe("reading a learner", () => {
  it("lets the learner read only their own record", async () => {
    const learner = await aLearner(provider);
    const other = await aLearner(provider);
    const own = await asLearner(server, learner.id);
    expect(await readLearner(own, learner.id)).toMatchObject({ id: learner.id, externalRef: learner.externalRef });
    expect(await readLearner(own, other.id)).toBeNull();
    expect(await findByReference(own, provider.organizationId, other.externalRef)).toBeNull();
  });

  it("hides a learner from other organizations and anonymous callers until the learner consents", async () => {
    const learner = await aLearner(provider);
    expect(await readLearner(provider.client, learner.id)).toMatchObject({ id: learner.id });
    expect(await readLearner(university.client, learner.id)).toBeNull();
    expect(await findByReference(university.client, provider.organizationId, learner.externalRef)).toBeNull();
    expect(await readLearner(server.client(), learner.id)).toBeNull();
    await consentTo(server, learner.id, university.organizationId);
    expect(await readLearner(university.client, learner.id)).toMatchObject({ id: learner.id });
    expect(await findByReference(university.client, provider.organizationId, learner.externalRef)).toMatchObject({ id: learner.id });
  });

  it("shows another organization only its own consent, and the learner all of them", async () => {
    const third = await aMember(server, admin, "UNIVERSITY");
    const learner = await aLearner(provider);
    await consentTo(server, learner.id, university.organizationId);
    await consentTo(server, learner.id, third.organizationId);
    expect((await readLearner(university.client, learner.id))?.consents).toEqual([{ organization: { id: university.organizationId }, revokedAt: null }]);
    expect((await readLearner(await asLearner(server, learner.id), learner.id))?.consents).toEqual([
      { organization: { id: university.organizationId }, revokedAt: null },
      { organization: { id: third.organizationId }, revokedAt: null },
    ]);
  });
});

describe("learnerConsentGrant and learnerConsentRevoke", () => {
  it("grants access, journals it, and replays the grant for the same key", async () => {
    const learner = await aLearner(provider);
    const client = await asLearner(server, learner.id);
    const input = { idempotencyKey: "grant-once", organizationId: university.organizationId };
    const { learnerConsentGrant } = await ok(client, LearnerConsentGrantDocument, { input });
    expect(learnerConsentGrant).toEqual({ learner: { id: learner.id }, consent: { organization: { id: university.organizationId }, revokedAt: null }, replayed: false, userErrors: [] });
    expect((await ok(client, LearnerConsentGrantDocument, { input })).learnerConsentGrant).toEqual({ ...learnerConsentGrant, replayed: true });
    const entries = (await journal("LEARNER_CONSENT_GRANTED")).filter((entry) => entry.learnerId === learner.id);
    expect(entries).toEqual([
      { kind: "LEARNER_CONSENT_GRANTED", learnerId: learner.id, organizationIds: expect.arrayContaining([provider.organizationId, university.organizationId]), body: expect.objectContaining({ grantedAt: expect.any(String) }) },
    ]);
  });

  it("revokes access: the organization can no longer read the record, and the revocation is journaled", async () => {
    const learner = await aLearner(provider);
    const client = await asLearner(server, learner.id);
    await consentTo(server, learner.id, university.organizationId);
    const { learnerConsentRevoke } = await ok(client, LearnerConsentRevokeDocument, { input: { idempotencyKey: "revoke-1", organizationId: university.organizationId } });
    expect(learnerConsentRevoke).toEqual({ learner: { id: learner.id }, consent: { organization: { id: university.organizationId }, revokedAt: expect.any(String) }, replayed: false, userErrors: [] });
    expect(await readLearner(university.client, learner.id)).toBeNull();
    expect((await journal("LEARNER_CONSENT_REVOKED")).filter((entry) => entry.learnerId === learner.id)).toHaveLength(1);
  });

  it("allows consenting again after a revocation and keeps the history", async () => {
    const learner = await aLearner(provider);
    await consentTo(server, learner.id, university.organizationId);
    await ok(await asLearner(server, learner.id), LearnerConsentRevokeDocument, { input: { idempotencyKey: "revoke-2", organizationId: university.organizationId } });
    await consentTo(server, learner.id, university.organizationId);
    const consents = (await readLearner(provider.client, learner.id))?.consents;
    expect(consents).toEqual([
      { organization: { id: university.organizationId }, revokedAt: expect.any(String) },
      { organization: { id: university.organizationId }, revokedAt: null },
    ]);
  });

  it("refuses a second grant, a revocation without a grant, the learner's own organization and unknown organizations, writing nothing", async () => {
    const learner = await aLearner(provider);
    const client = await asLearner(server, learner.id);
    await consentTo(server, learner.id, university.organizationId);
    const grantedBefore = (await journal("LEARNER_CONSENT_GRANTED")).length;
    const again = (await ok(client, LearnerConsentGrantDocument, { input: { idempotencyKey: "g-again", organizationId: university.organizationId } })).learnerConsentGrant;
    expect(again).toEqual({ learner: null, consent: null, replayed: false, userErrors: [{ code: "CONSENT_ALREADY_GRANTED", field: ["input", "organizationId"], message: "This organization already has your consent" }] });
    const own = (await ok(client, LearnerConsentGrantDocument, { input: { idempotencyKey: "g-own", organizationId: provider.organizationId } })).learnerConsentGrant;
    expect(own.userErrors.map((error) => [error.code, error.field])).toEqual([["INVALID_VALUE", ["input", "organizationId"]]]);
    const unknown = Buffer.from("Organization:0190a0b0-0000-7000-8000-000000000000").toString("base64url");
    const missing = (await ok(client, LearnerConsentGrantDocument, { input: { idempotencyKey: "g-missing", organizationId: unknown } })).learnerConsentGrant;
    expect(missing.userErrors.map((error) => [error.code, error.field])).toEqual([["NOT_FOUND", ["input", "organizationId"]]]);
    const third = await aMember(server, admin, "UNIVERSITY");
    const revoke = (await ok(client, LearnerConsentRevokeDocument, { input: { idempotencyKey: "r-none", organizationId: third.organizationId } })).learnerConsentRevoke;
    expect(revoke).toEqual({ learner: null, consent: null, replayed: false, userErrors: [{ code: "CONSENT_NOT_GRANTED", field: ["input", "organizationId"], message: "This organization does not have your consent" }] });
    expect((await journal("LEARNER_CONSENT_GRANTED")).length).toBe(grantedBefore);
    expect((await journal("LEARNER_CONSENT_REVOKED")).filter((entry) => entry.learnerId === learner.id)).toEqual([]);
  });

  it("is only for learner tokens that name a registered learner", async () => {
    const input = { idempotencyKey: "g-x", organizationId: university.organizationId };
    expect(errorCodes(await execute(provider.client, LearnerConsentGrantDocument, { input }))).toEqual(["FORBIDDEN"]);
    const stranger = server.client(await server.token({ role: "learner", sub: "not-a-learner-id" }));
    expect(errorCodes(await execute(stranger, LearnerConsentGrantDocument, { input }))).toEqual(["FORBIDDEN"]);
    const ghost = Buffer.from("Learner:0190a0b0-0000-7000-8000-000000000000").toString("base64url");
    expect(errorCodes(await execute(await asLearner(server, ghost), LearnerConsentRevokeDocument, { input }))).toEqual(["FORBIDDEN"]);
  });
});

describe("learnerLink", () => {
  it("links a university's student to the same person at a provider once the person consents", async () => {
    const atProvider = await aLearner(provider);
    const atUniversity = await aLearner(university);
    await consentTo(server, atProvider.id, university.organizationId);
    const input = {
      learner: { organizationId: university.organizationId, externalRef: atUniversity.externalRef },
      otherLearner: { organizationId: provider.organizationId, externalRef: atProvider.externalRef },
    };
    const { learnerLink } = await ok(university.client, LearnerLinkDocument, { input });
    expect(learnerLink).toEqual({
      learner: { __typename: "Learner", id: atUniversity.id, externalRef: atUniversity.externalRef, displayName: expect.any(String), organization: { id: university.organizationId }, linkedLearners: [{ id: atProvider.id }] },
      replayed: false,
      userErrors: [],
    });
    // Linking grants nothing: the provider has no consent from the university record, so it sees no link.
    expect((await readLearner(provider.client, atProvider.id))?.linkedLearners).toEqual([]);
    expect((await readLearner(admin, atProvider.id))?.linkedLearners).toEqual([{ id: atUniversity.id }]);
    // Linking again is harmless.
    expect((await ok(university.client, LearnerLinkDocument, { input })).learnerLink.userErrors).toEqual([]);
  });

  it("refuses a learner the caller may not read as NOT_FOUND, so existence is not revealed", async () => {
    const atProvider = await aLearner(provider);
    const atUniversity = await aLearner(university);
    const input = {
      learner: { organizationId: university.organizationId, externalRef: atUniversity.externalRef },
      otherLearner: { organizationId: provider.organizationId, externalRef: atProvider.externalRef },
    };
    const { learnerLink } = await ok(university.client, LearnerLinkDocument, { input });
    expect(learnerLink.userErrors.map((error) => [error.code, error.field])).toEqual([["NOT_FOUND", ["input", "otherLearner", "externalRef"]]]);
    expect((await readLearner(admin, atUniversity.id))?.linkedLearners).toEqual([]);
  });

  it("refuses two learners of one organization, and a link that would give a person two records at one organization", async () => {
    const first = await aLearner(provider);
    const second = await aLearner(provider);
    const sameOrganization = (
      await ok(admin, LearnerLinkDocument, {
        input: { learner: { organizationId: provider.organizationId, externalRef: first.externalRef }, otherLearner: { organizationId: provider.organizationId, externalRef: second.externalRef } },
      })
    ).learnerLink;
    expect(sameOrganization.userErrors.map((error) => [error.code, error.field])).toEqual([["LEARNER_LINK_SAME_ORGANIZATION", ["input", "otherLearner"]]]);
    const atUniversity = await aLearner(university);
    const link = (a: typeof first, b: typeof first) =>
      ok(admin, LearnerLinkDocument, { input: { learner: { organizationId: a.organizationId, externalRef: a.externalRef }, otherLearner: { organizationId: b.organizationId, externalRef: b.externalRef } } });
    expect((await link(atUniversity, first)).learnerLink.userErrors).toEqual([]);
    expect((await link(atUniversity, second)).learnerLink.userErrors.map((error) => error.code)).toEqual(["LEARNER_LINK_SAME_ORGANIZATION"]);
    expect((await readLearner(admin, second.id))?.linkedLearners).toEqual([]);
  });

  it("is FORBIDDEN to an organization that is neither party", async () => {
    const third = await aMember(server, admin, "UNIVERSITY");
    const input = { learner: { organizationId: university.organizationId, externalRef: "A" }, otherLearner: { organizationId: provider.organizationId, externalRef: "B" } };
    expect(errorCodes(await execute(third.client, LearnerLinkDocument, { input }))).toEqual(["FORBIDDEN"]);
  });
});

describe("gradeScaleSet", () => {
  const scaleOf = (organizationId: string) => ok(server.client(), OrganizationGradeScaleDocument, { id: organizationId }).then((data) => (data.node as { gradeScale: unknown }).gradeScale);

  it("shows every organization the default numeric scale with pass mark 60, publicly", async () => {
    const fresh = await aMember(server, admin, "UNIVERSITY");
    expect(await scaleOf(fresh.organizationId)).toEqual({ kind: "NUMERIC", passMark: "60.00", labels: [] });
  });

  it("sets five-level labels with their defaults, then a custom pass/fail scale", async () => {
    const member = await aMember(server, admin, "TRAINING_PROVIDER");
    const fiveLevel = (await ok(member.client, GradeScaleSetDocument, { input: { organizationId: member.organizationId, kind: "FIVE_LEVEL" } })).gradeScaleSet;
    expect(fiveLevel).toEqual({
      gradeScale: {
        kind: "FIVE_LEVEL",
        passMark: "65.00",
        labels: [
          { label: "优秀", value: "95.00", passing: true },
          { label: "良好", value: "85.00", passing: true },
          { label: "中等", value: "75.00", passing: true },
          { label: "及格", value: "65.00", passing: true },
          { label: "不及格", value: "0.00", passing: false },
        ],
      },
      replayed: false,
      userErrors: [],
    });
    const labels = [
      { label: "合格", value: "70", passing: true },
      { label: "不合格", value: "0", passing: false },
    ];
    await ok(member.client, GradeScaleSetDocument, { input: { organizationId: member.organizationId, kind: "PASS_FAIL", labels } });
    expect(await scaleOf(member.organizationId)).toEqual({
      kind: "PASS_FAIL",
      passMark: "70.00",
      labels: [
        { label: "合格", value: "70.00", passing: true },
        { label: "不合格", value: "0.00", passing: false },
      ],
    });
  });

  it("refuses an inconsistent scale with every problem at its path and keeps the old scale", async () => {
    const member = await aMember(server, admin, "UNIVERSITY");
    await ok(member.client, GradeScaleSetDocument, { input: { organizationId: member.organizationId, kind: "NUMERIC", passMark: "70" } });
    const { gradeScaleSet } = await ok(member.client, GradeScaleSetDocument, {
      input: { organizationId: member.organizationId, kind: "FIVE_LEVEL", passMark: "60", labels: [{ label: "A", value: "120", passing: true }, { label: "a", value: "50", passing: false }] },
    });
    expect(gradeScaleSet.gradeScale).toBeNull();
    expect(gradeScaleSet.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["INVALID_VALUE", ["input", "passMark"]],
      ["INVALID_VALUE", ["input", "labels", "0", "value"]],
      ["INVALID_VALUE", ["input", "labels", "1", "label"]],
    ]);
    expect(await scaleOf(member.organizationId)).toEqual({ kind: "NUMERIC", passMark: "70.00", labels: [] });
  });

  it("is FORBIDDEN for another organization", async () => {
    expect(errorCodes(await execute(university.client, GradeScaleSetDocument, { input: { organizationId: provider.organizationId, kind: "PASS_FAIL" } }))).toEqual(["FORBIDDEN"]);
  });
});
