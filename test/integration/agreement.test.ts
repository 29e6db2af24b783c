import { createHash } from "node:crypto";
import type { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import {
  aBilateral,
  aCourseRule,
  aKey,
  aProposalInput,
  aProposedAgreement,
  anActiveAgreement,
  approvedBy,
  journalOf,
  today,
  type Bilateral,
} from "../support/agreement-factories.js";
import {
  AgreementAmendDocument,
  AgreementApproveDocument,
  AgreementInForceOnDocument,
  AgreementNodeDocument,
  AgreementProposeDocument,
  AgreementResumeDocument,
  AgreementRulesDocument,
  AgreementSuspendDocument,
  AgreementTermsTextDocument,
  AgreementTerminateDocument,
  AgreementVersionDetailsDocument,
  AgreementsDocument,
  CourseRetireDocument,
  LedgerEntriesDocument,
  type AgreementAmendInput,
  type AgreementFieldsFragment,
} from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let anonymous: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  anonymous = server.client();
});
afterAll(() => server?.stop());

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Everything the server has written: agreements (seen by an admin) and journal entries. */
async function writtenSoFar() {
  const agreements = (await ok(admin, AgreementsDocument, { first: 1 })).agreements.totalCount;
  const entries = (await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount;
  return { agreements, entries };
}

async function asSeenBy(client: GraphQLClient, agreementId: string) {
  return (await ok(client, AgreementNodeDocument, { id: agreementId })).node as AgreementFieldsFragment | null;
}

function amendInput(setup: Bilateral, agreementId: string, overrides: Partial<AgreementAmendInput> = {}): AgreementAmendInput {
  const { validFrom, validTo, terms, rules } = aProposalInput(setup);
  return { idempotencyKey: aKey("amend"), agreementId, validFrom, validTo, terms: { ...terms, minGrade: 70 }, rules, ...overrides };
}

const kinds = (entries: { kind: string }[]) => entries.map((entry) => entry.kind);

describe("agreementPropose", () => {
  it("proposes a bilateral ONE_WAY agreement as version 1, PROPOSED, approved by nobody yet", async () => {
    const setup = await aBilateral(server, admin);
    const input = aProposalInput(setup);
    const { agreementPropose } = await ok(setup.university.client, AgreementProposeDocument, { input });
    const agreement = agreementPropose.agreement!;
    expect(agreementPropose).toEqual({
      agreement: {
        __typename: "Agreement",
        id: expect.any(String),
        code: input.code,
        title: input.title,
        direction: "ONE_WAY",
        status: "PROPOSED",
        version: 1,
        termsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        validFrom: "2025-09-01",
        validTo: "2099-08-31",
        isInForce: false,
        terms: { lectureHoursPerCredit: "16.00", practiceHoursPerCredit: "32.00", minGrade: 60, recencyYears: 5, maxCreditsPerLearner: "20.00", allowTransitive: false },
        parties: expect.arrayContaining([
          { organization: { id: setup.university.organizationId }, role: "RECEIVING", approvedAt: null, approvedBy: null, approvedHash: null },
          { organization: { id: setup.provider.organizationId }, role: "SENDING", approvedAt: null, approvedBy: null, approvedHash: null },
        ]),
        inForceVersion: null,
        versions: [
          { version: 1, status: "PROPOSED", termsHash: agreement.termsHash, validFrom: "2025-09-01", validTo: "2099-08-31", proposedAt: expect.any(String), activatedAt: null, supersededAt: null },
        ],
        suspension: null,
        termination: null,
      },
      replayed: false,
      userErrors: [],
    });
    expect(agreement.parties).toHaveLength(2);
  });

  it("stores the rules in canonical order, citing the published version of every course", async () => {
    const setup = await aBilateral(server, admin);
    const agreement = await aProposedAgreement(setup.university, aProposalInput(setup));
    const { node } = await ok(setup.provider.client, AgreementRulesDocument, { id: agreement.id, first: 10 });
    const rules = node && "rules" in node ? node.rules : null;
    expect(rules?.totalCount).toBe(2);
    const bySource = new Map(rules!.nodes.map((rule) => [rule.source.groups[0].courses[0].course.id, rule]));
    expect(bySource.get(setup.providerCourses[0])).toEqual({
      __typename: "EquivalenceRule",
      id: expect.any(String),
      version: 1,
      position: expect.any(Number),
      source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courses: [{ version: 1, course: { id: setup.providerCourses[0] } }] }] },
      target: { kind: "COURSES", organization: { id: setup.university.organizationId }, courses: [{ version: 1, course: { id: setup.universityCourses[0] } }], electiveCredits: null, electiveCategory: null, reason: null },
      credits: { kind: "FIXED", credits: "2.00" },
      minGrade: null,
      recencyYears: null,
      note: null,
    });
    expect(bySource.get(setup.providerCourses[1])?.credits).toEqual({ kind: "FROM_HOURS", credits: null });
    expect(rules!.nodes.map((rule) => rule.position)).toEqual([0, 1]);
  });

  it("exposes the canonical terms, whose SHA-256 is the terms hash and which name parties and courses by global ID", async () => {
    const setup = await aBilateral(server, admin);
    const agreement = await aProposedAgreement(setup.university, aProposalInput(setup));
    const { node } = await ok(setup.provider.client, AgreementTermsTextDocument, { id: agreement.id });
    const text = node && "canonicalTerms" in node ? node.canonicalTerms! : "";
    expect(sha256(text)).toBe(agreement.termsHash);
    const document = JSON.parse(text);
    expect(document.format).toBe("ronghe.agreement-terms/1");
    expect(document.parties.map((party: { organizationId: string }) => party.organizationId).sort()).toEqual([setup.university.organizationId, setup.provider.organizationId].sort());
    expect(text).toContain(`{"id":"${setup.providerCourses[0]}","version":1}`);
  });

  it("gives the same terms hash when parties, rules and courses are listed in another order", async () => {
    const setup = await aBilateral(server, admin);
    const input = aProposalInput(setup, {
      rules: [aCourseRule([setup.providerCourses[0], setup.providerCourses[1]], setup.university.organizationId, [setup.universityCourses[0]])],
    });
    const reordered = {
      ...input,
      idempotencyKey: aKey(),
      parties: [...input.parties].reverse(),
      rules: [aCourseRule([setup.providerCourses[1], setup.providerCourses[0]], setup.university.organizationId, [setup.universityCourses[0]])],
      terms: { ...input.terms, lectureHoursPerCredit: "16.0" },
    };
    const first = await aProposedAgreement(setup.university, input);
    const second = await aProposedAgreement(setup.provider, reordered);
    expect(second.termsHash).toBe(first.termsHash);
  });

  it("journals AGREEMENT_PROPOSED for every party, with the hashed document in the body", async () => {
    const setup = await aBilateral(server, admin);
    const agreement = await aProposedAgreement(setup.university, aProposalInput(setup));
    const entries = await journalOf(admin, setup.provider.organizationId, agreement.id);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      kind: "AGREEMENT_PROPOSED",
      actor: { role: "registrar", organizationId: setup.university.organizationId },
      organizationIds: expect.arrayContaining([setup.university.organizationId, setup.provider.organizationId]),
      body: { agreementId: agreement.id, version: 1, termsHash: agreement.termsHash, code: agreement.code, title: agreement.title, terms: expect.any(Object) },
    });
    const { node } = await ok(setup.university.client, AgreementTermsTextDocument, { id: agreement.id });
    expect((entry.body as { terms: unknown }).terms).toEqual(JSON.parse(node && "canonicalTerms" in node ? node.canonicalTerms! : ""));
  });

  it("replays the original result for the same key and input, and refuses the key for another input", async () => {
    const setup = await aBilateral(server, admin);
    const input = aProposalInput(setup);
    const first = (await ok(setup.university.client, AgreementProposeDocument, { input })).agreementPropose;
    const before = await writtenSoFar();
    const replay = (await ok(setup.university.client, AgreementProposeDocument, { input })).agreementPropose;
    expect(replay).toEqual({ ...first, replayed: true });
    const reused = (await ok(setup.university.client, AgreementProposeDocument, { input: { ...input, title: "另一份协议" } })).agreementPropose;
    expect(reused).toEqual({
      agreement: null,
      replayed: false,
      userErrors: [{ code: "IDEMPOTENCY_KEY_REUSED", field: ["input", "idempotencyKey"], message: expect.any(String) }],
    });
    expect(await writtenSoFar()).toEqual(before);
  });

  it("refuses a caller whose organization is not a party with FORBIDDEN and writes nothing", async () => {
    const setup = await aBilateral(server, admin);
    const outsider = await aMember(server, admin, "UNIVERSITY");
    const before = await writtenSoFar();
    const result = await execute(outsider.client, AgreementProposeDocument, { input: aProposalInput(setup) });
    expect(errorCodes(result)).toEqual(["FORBIDDEN"]);
    expect(await writtenSoFar()).toEqual(before);
  });

  it("refuses admins (FORBIDDEN) and anonymous callers (UNAUTHENTICATED): only a party's staff negotiate", async () => {
    const setup = await aBilateral(server, admin);
    expect(errorCodes(await execute(admin, AgreementProposeDocument, { input: aProposalInput(setup) }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await execute(anonymous, AgreementProposeDocument, { input: aProposalInput(setup) }))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("agreementApprove", () => {
  it("records the approval for the caller's own organization and journals it; the agreement stays PROPOSED", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const { agreementApprove } = await ok(setup.provider.client, AgreementApproveDocument, {
      input: { idempotencyKey: aKey(), agreementId: proposed.id, termsHash: proposed.termsHash },
    });
    expect(agreementApprove.userErrors).toEqual([]);
    expect(agreementApprove.agreement).toMatchObject({ status: "PROPOSED", version: 1, inForceVersion: null, isInForce: false });
    const byOrganization = new Map(agreementApprove.agreement!.parties.map((party) => [party.organization.id, party]));
    expect(byOrganization.get(setup.provider.organizationId)).toEqual({
      organization: { id: setup.provider.organizationId },
      role: "SENDING",
      approvedAt: expect.any(String),
      approvedBy: expect.stringMatching(/^provider-/),
      approvedHash: proposed.termsHash,
    });
    expect(byOrganization.get(setup.university.organizationId)).toMatchObject({ approvedAt: null, approvedHash: null });
    const entries = await journalOf(admin, setup.university.organizationId, proposed.id);
    expect(kinds(entries)).toEqual(["AGREEMENT_PROPOSED", "AGREEMENT_APPROVED"]);
    expect(entries[1].body).toEqual({ agreementId: proposed.id, version: 1, termsHash: proposed.termsHash, organizationId: setup.provider.organizationId });
    expect(entries[1].actor).toMatchObject({ role: "provider", organizationId: setup.provider.organizationId });
  });

  it("activates version 1 when the last party approves the same hash, and journals APPROVED then ACTIVATED", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const active = await approvedBy([setup.provider, setup.university], proposed);
    expect(active).toMatchObject({ status: "ACTIVE", version: 1, isInForce: true, termsHash: proposed.termsHash });
    expect(active.inForceVersion).toEqual({ ...active.versions[0], status: "ACTIVE", activatedAt: expect.any(String) });
    expect(active.parties.every((party) => party.approvedHash === proposed.termsHash)).toBe(true);
    const entries = await journalOf(admin, setup.provider.organizationId, proposed.id);
    expect(kinds(entries)).toEqual(["AGREEMENT_PROPOSED", "AGREEMENT_APPROVED", "AGREEMENT_APPROVED", "AGREEMENT_ACTIVATED"]);
    expect(entries[3].body).toEqual({ agreementId: proposed.id, version: 1, termsHash: proposed.termsHash, validFrom: "2025-09-01", supersededVersion: null });
  });

  it("refuses a hash that is not the latest version's with TERMS_HASH_MISMATCH and records nothing", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const before = await writtenSoFar();
    const { agreementApprove } = await ok(setup.provider.client, AgreementApproveDocument, {
      input: { idempotencyKey: aKey(), agreementId: proposed.id, termsHash: "0".repeat(64) },
    });
    expect(agreementApprove).toEqual({
      agreement: null,
      replayed: false,
      userErrors: [{ code: "TERMS_HASH_MISMATCH", field: ["input", "termsHash"], message: expect.stringContaining("version (1)") }],
    });
    expect(await writtenSoFar()).toEqual(before);
    expect((await asSeenBy(setup.provider.client, proposed.id))!.parties.every((party) => party.approvedAt === null)).toBe(true);
  });

  it("refuses a second approval by the same organization with ALREADY_APPROVED", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    await approvedBy([setup.university], proposed);
    const before = await writtenSoFar();
    const { agreementApprove } = await ok(setup.university.client, AgreementApproveDocument, {
      input: { idempotencyKey: aKey(), agreementId: proposed.id, termsHash: proposed.termsHash },
    });
    expect(agreementApprove.userErrors.map((error) => [error.code, error.field])).toEqual([["ALREADY_APPROVED", ["input", "termsHash"]]]);
    expect(await writtenSoFar()).toEqual(before);
  });

  it("replays an approval sent twice with the same key instead of refusing it", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const input = { idempotencyKey: aKey(), agreementId: proposed.id, termsHash: proposed.termsHash };
    const first = (await ok(setup.provider.client, AgreementApproveDocument, { input })).agreementApprove;
    const replay = (await ok(setup.provider.client, AgreementApproveDocument, { input })).agreementApprove;
    expect(replay).toEqual({ ...first, replayed: true });
    expect(kinds(await journalOf(admin, setup.provider.organizationId, proposed.id))).toEqual(["AGREEMENT_PROPOSED", "AGREEMENT_APPROVED"]);
  });

  it("activates a three-party alliance only when the third party approves", async () => {
    const setup = await aBilateral(server, admin);
    const college = await aMember(server, admin, "UNIVERSITY");
    const collegeCourse = await aPublishedCourse(college, { credits: "2" });
    const input = aProposalInput(setup, {
      direction: "MUTUAL",
      parties: [
        { organizationId: setup.university.organizationId, role: "BOTH" },
        { organizationId: setup.provider.organizationId, role: "BOTH" },
        { organizationId: college.organizationId, role: "BOTH" },
      ],
      rules: [
        aCourseRule([setup.providerCourses[0]], setup.university.organizationId, [setup.universityCourses[0]]),
        aCourseRule([setup.providerCourses[0]], college.organizationId, [collegeCourse]),
        aCourseRule([collegeCourse], setup.university.organizationId, [setup.universityCourses[1]]),
      ],
    });
    const proposed = await aProposedAgreement(college, input);
    const twoOfThree = await approvedBy([setup.university, setup.provider], proposed);
    expect(twoOfThree).toMatchObject({ status: "PROPOSED", inForceVersion: null });
    const active = await approvedBy([college], proposed);
    expect(active).toMatchObject({ status: "ACTIVE", direction: "MUTUAL", inForceVersion: { version: 1, status: "ACTIVE" } });
    expect(active.parties.map((party) => party.role)).toEqual(["BOTH", "BOTH", "BOTH"]);
    const entries = await journalOf(admin, college.organizationId, proposed.id);
    expect(kinds(entries)).toEqual(["AGREEMENT_PROPOSED", "AGREEMENT_APPROVED", "AGREEMENT_APPROVED", "AGREEMENT_APPROVED", "AGREEMENT_ACTIVATED"]);
    expect(entries.every((entry) => entry.organizationIds.length === 3)).toBe(true);
  });

  it("activates exactly once when the last two parties approve at the same moment", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const approve = (member: Member) =>
      ok(member.client, AgreementApproveDocument, { input: { idempotencyKey: aKey(), agreementId: proposed.id, termsHash: proposed.termsHash } });
    const results = await Promise.all([approve(setup.university), approve(setup.provider)]);
    expect(results.map((result) => result.agreementApprove.userErrors)).toEqual([[], []]);
    expect(await asSeenBy(anonymous, proposed.id)).toMatchObject({ status: "ACTIVE", inForceVersion: { version: 1 } });
    expect(kinds(await journalOf(admin, setup.university.organizationId, proposed.id))).toEqual([
      "AGREEMENT_PROPOSED",
      "AGREEMENT_APPROVED",
      "AGREEMENT_APPROVED",
      "AGREEMENT_ACTIVATED",
    ]);
  });

  it("refuses a non-party with FORBIDDEN and records nothing", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const outsider = await aMember(server, admin);
    const before = await writtenSoFar();
    const result = await execute(outsider.client, AgreementApproveDocument, { input: { idempotencyKey: aKey(), agreementId: proposed.id, termsHash: proposed.termsHash } });
    expect(errorCodes(result)).toEqual(["FORBIDDEN"]);
    expect(await writtenSoFar()).toEqual(before);
  });

  it("refuses an unknown agreement with NOT_FOUND and a malformed ID with INVALID_ID", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const missing = Buffer.from("Agreement:01900000-0000-7000-8000-000000000000").toString("base64url");
    const unknown = await ok(setup.university.client, AgreementApproveDocument, { input: { idempotencyKey: aKey(), agreementId: missing, termsHash: proposed.termsHash } });
    expect(unknown.agreementApprove.userErrors.map((error) => [error.code, error.field])).toEqual([["NOT_FOUND", ["input", "agreementId"]]]);
    const malformed = await ok(setup.university.client, AgreementApproveDocument, { input: { idempotencyKey: aKey(), agreementId: setup.providerCourses[0], termsHash: proposed.termsHash } });
    expect(malformed.agreementApprove.userErrors.map((error) => [error.code, error.field])).toEqual([["INVALID_ID", ["input", "agreementId"]]]);
  });
});

describe("agreementAmend", () => {
  it("proposes version 2 of an active agreement while version 1 stays in force", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const { agreementAmend } = await ok(setup.provider.client, AgreementAmendDocument, { input: amendInput(setup, active.id) });
    expect(agreementAmend.userErrors).toEqual([]);
    const amended = agreementAmend.agreement!;
    expect(amended).toMatchObject({ status: "ACTIVE", version: 2, isInForce: true, terms: { minGrade: 70 }, inForceVersion: { version: 1, status: "ACTIVE" } });
    expect(amended.termsHash).not.toBe(active.termsHash);
    expect(amended.versions.map((version) => [version.version, version.status])).toEqual([
      [1, "ACTIVE"],
      [2, "PROPOSED"],
    ]);
    expect(amended.parties.every((party) => party.approvedHash === null)).toBe(true);
    const seenByPublic = await asSeenBy(anonymous, active.id);
    expect(seenByPublic).toMatchObject({ version: 1, termsHash: active.termsHash, terms: { minGrade: 60 }, status: "ACTIVE" });
    expect(seenByPublic!.versions.map((version) => version.version)).toEqual([1]);
    expect(seenByPublic!.parties.every((party) => party.approvedHash === active.termsHash)).toBe(true);
    const entries = await journalOf(admin, setup.university.organizationId, active.id);
    expect(entries.at(-1)).toMatchObject({ kind: "AGREEMENT_AMENDED", body: { agreementId: active.id, version: 2, termsHash: amended.termsHash, withdrawnVersion: null } });
  });

  it("puts version 2 in force once every party approved it, superseding version 1", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const amended = (await ok(setup.provider.client, AgreementAmendDocument, { input: amendInput(setup, active.id) })).agreementAmend.agreement!;
    const halfway = await approvedBy([setup.university], amended);
    expect(halfway.inForceVersion?.version).toBe(1);
    const replaced = await approvedBy([setup.provider], amended);
    expect(replaced).toMatchObject({ status: "ACTIVE", version: 2, inForceVersion: { version: 2, status: "ACTIVE" }, terms: { minGrade: 70 } });
    expect(replaced.versions.map((version) => [version.version, version.status, version.supersededAt !== null])).toEqual([
      [1, "SUPERSEDED", true],
      [2, "ACTIVE", false],
    ]);
    expect((await asSeenBy(anonymous, active.id))!.termsHash).toBe(amended.termsHash);
    const entries = await journalOf(admin, setup.university.organizationId, active.id);
    expect(kinds(entries)).toEqual([
      "AGREEMENT_PROPOSED",
      "AGREEMENT_APPROVED",
      "AGREEMENT_APPROVED",
      "AGREEMENT_ACTIVATED",
      "AGREEMENT_AMENDED",
      "AGREEMENT_APPROVED",
      "AGREEMENT_APPROVED",
      "AGREEMENT_ACTIVATED",
    ]);
    expect(entries.at(-1)!.body).toEqual({ agreementId: active.id, version: 2, termsHash: amended.termsHash, validFrom: "2025-09-01", supersededVersion: 1 });
    const details = await ok(setup.university.client, AgreementVersionDetailsDocument, { id: active.id });
    const versions = details.node && "versions" in details.node ? details.node.versions : [];
    expect(versions.map((version) => [version.version, version.rules.totalCount, version.rules.nodes.every((rule) => rule.version === version.version)])).toEqual([
      [1, 2, true],
      [2, 2, true],
    ]);
  });

  it("refuses approving version 1's hash after an amendment as stale", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    await ok(setup.provider.client, AgreementAmendDocument, { input: amendInput(setup, proposed.id) });
    const { agreementApprove } = await ok(setup.university.client, AgreementApproveDocument, {
      input: { idempotencyKey: aKey(), agreementId: proposed.id, termsHash: proposed.termsHash },
    });
    expect(agreementApprove.userErrors.map((error) => error.code)).toEqual(["TERMS_HASH_MISMATCH"]);
  });

  it("withdraws a pending version it replaces, discarding approvals given to it", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    await approvedBy([setup.university], proposed);
    const amended = (await ok(setup.provider.client, AgreementAmendDocument, { input: amendInput(setup, proposed.id) })).agreementAmend.agreement!;
    expect(amended).toMatchObject({ status: "PROPOSED", version: 2, inForceVersion: null });
    expect(amended.versions.map((version) => [version.version, version.status])).toEqual([
      [1, "WITHDRAWN"],
      [2, "PROPOSED"],
    ]);
    expect(amended.parties.every((party) => party.approvedAt === null)).toBe(true);
    const entries = await journalOf(admin, setup.provider.organizationId, proposed.id);
    expect(entries.at(-1)!.body).toMatchObject({ version: 2, withdrawnVersion: 1 });
    expect(await asSeenBy(anonymous, proposed.id)).toBeNull();
  });

  it("refuses terms identical to the latest version's with TERMS_UNCHANGED", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const before = await writtenSoFar();
    const { terms } = aProposalInput(setup);
    const { agreementAmend } = await ok(setup.provider.client, AgreementAmendDocument, { input: amendInput(setup, active.id, { terms }) });
    expect(agreementAmend.userErrors.map((error) => [error.code, error.field])).toEqual([["TERMS_UNCHANGED", null]]);
    expect(await writtenSoFar()).toEqual(before);
  });

  it("checks the new rules like a proposal: a retired course is refused", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const retired = await aPublishedCourse(setup.provider);
    await ok(setup.provider.client, CourseRetireDocument, { input: { courseId: retired } });
    const rules = [aCourseRule([retired], setup.university.organizationId, [setup.universityCourses[0]])];
    const { agreementAmend } = await ok(setup.provider.client, AgreementAmendDocument, { input: amendInput(setup, active.id, { rules }) });
    expect(agreementAmend.userErrors.map((error) => [error.code, error.field])).toEqual([["COURSE_RETIRED", ["input", "rules", "0", "source", "groups", "0", "courseIds", "0"]]]);
  });

  it("refuses a non-party with FORBIDDEN and writes nothing", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const outsider = await aMember(server, admin);
    const before = await writtenSoFar();
    expect(errorCodes(await execute(outsider.client, AgreementAmendDocument, { input: amendInput(setup, active.id) }))).toEqual(["FORBIDDEN"]);
    expect(await writtenSoFar()).toEqual(before);
  });
});

describe("agreementSuspend and agreementResume", () => {
  it("suspends an active agreement: nothing is in force until the suspending party resumes it", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const { agreementSuspend } = await ok(setup.university.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: "质量评估期间暂停" } });
    expect(agreementSuspend.userErrors).toEqual([]);
    expect(agreementSuspend.agreement).toMatchObject({
      status: "SUSPENDED",
      isInForce: false,
      inForceVersion: { version: 1 },
      suspension: { organization: { id: setup.university.organizationId }, suspendedAt: expect.any(String), reason: "质量评估期间暂停" },
    });
    const during = await ok(anonymous, AgreementInForceOnDocument, { id: active.id, date: today() });
    expect(during.node).toEqual({ status: "SUSPENDED", isInForce: false, versionInForceOn: null });

    const { agreementResume } = await ok(setup.university.client, AgreementResumeDocument, { input: { idempotencyKey: aKey(), agreementId: active.id } });
    expect(agreementResume.agreement).toMatchObject({ status: "ACTIVE", isInForce: true, suspension: null });
    const entries = await journalOf(admin, setup.provider.organizationId, active.id);
    expect(entries.slice(-2).map((entry) => [entry.kind, entry.body])).toEqual([
      ["AGREEMENT_SUSPENDED", { agreementId: active.id, version: 1, termsHash: active.termsHash, reason: "质量评估期间暂停" }],
      ["AGREEMENT_RESUMED", { agreementId: active.id, version: 1, termsHash: active.termsHash }],
    ]);
  });

  it("lets only the party that suspended resume, with NOT_SUSPENDING_PARTY for the others", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    await ok(setup.university.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: "暂停" } });
    const before = await writtenSoFar();
    const { agreementResume } = await ok(setup.provider.client, AgreementResumeDocument, { input: { idempotencyKey: aKey(), agreementId: active.id } });
    expect(agreementResume.userErrors.map((error) => [error.code, error.field])).toEqual([["NOT_SUSPENDING_PARTY", ["input", "agreementId"]]]);
    expect(await writtenSoFar()).toEqual(before);
  });

  it("refuses to suspend a proposal or a suspended agreement, and to resume an active one, with INVALID_TRANSITION", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const suspendProposed = await ok(setup.university.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: proposed.id, reason: "暂停" } });
    expect(suspendProposed.agreementSuspend.userErrors.map((error) => error.code)).toEqual(["INVALID_TRANSITION"]);
    const active = await approvedBy([setup.university, setup.provider], proposed);
    const resumeActive = await ok(setup.university.client, AgreementResumeDocument, { input: { idempotencyKey: aKey(), agreementId: active.id } });
    expect(resumeActive.agreementResume.userErrors.map((error) => error.code)).toEqual(["INVALID_TRANSITION"]);
    await ok(setup.university.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: "暂停" } });
    const again = await ok(setup.provider.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: "再次暂停" } });
    expect(again.agreementSuspend.userErrors.map((error) => error.code)).toEqual(["INVALID_TRANSITION"]);
  });

  it("refuses a suspension without a reason with REQUIRED", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const { agreementSuspend } = await ok(setup.university.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: " " } });
    expect(agreementSuspend.userErrors.map((error) => [error.code, error.field])).toEqual([["REQUIRED", ["input", "reason"]]]);
  });

  it("refuses a non-party with FORBIDDEN for both, and writes nothing", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const outsider = await aMember(server, admin, "UNIVERSITY");
    const before = await writtenSoFar();
    expect(errorCodes(await execute(outsider.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: "x" } }))).toEqual(["FORBIDDEN"]);
    await ok(setup.university.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: "暂停" } });
    const suspended = await writtenSoFar();
    expect(suspended.entries).toBe(before.entries + 1);
    expect(errorCodes(await execute(outsider.client, AgreementResumeDocument, { input: { idempotencyKey: aKey(), agreementId: active.id } }))).toEqual(["FORBIDDEN"]);
    expect(await writtenSoFar()).toEqual(suspended);
  });
});

describe("agreementTerminate", () => {
  it("terminates an active agreement: it still applies to what is dated before effectiveOn, never after", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const effectiveOn = today(30);
    const { agreementTerminate } = await ok(setup.provider.client, AgreementTerminateDocument, {
      input: { idempotencyKey: aKey(), agreementId: active.id, reason: "合作结束", effectiveOn },
    });
    expect(agreementTerminate.userErrors).toEqual([]);
    expect(agreementTerminate.agreement).toMatchObject({
      status: "TERMINATED",
      isInForce: true,
      termination: { organization: { id: setup.provider.organizationId }, terminatedAt: expect.any(String), reason: "合作结束", effectiveOn },
    });
    expect((await ok(anonymous, AgreementInForceOnDocument, { id: active.id, date: today(29) })).node).toMatchObject({ versionInForceOn: { version: 1 } });
    expect((await ok(anonymous, AgreementInForceOnDocument, { id: active.id, date: effectiveOn })).node).toMatchObject({ versionInForceOn: null });
    const entries = await journalOf(admin, setup.university.organizationId, active.id);
    expect(entries.at(-1)).toMatchObject({
      kind: "AGREEMENT_TERMINATED",
      body: { agreementId: active.id, version: 1, termsHash: active.termsHash, reason: "合作结束", effectiveOn, withdrawnVersion: null },
    });
  });

  it("withdraws a pending amendment of the agreement it terminates", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    await ok(setup.provider.client, AgreementAmendDocument, { input: amendInput(setup, active.id) });
    const { agreementTerminate } = await ok(setup.university.client, AgreementTerminateDocument, {
      input: { idempotencyKey: aKey(), agreementId: active.id, reason: "终止", effectiveOn: today() },
    });
    expect(agreementTerminate.agreement).toMatchObject({ status: "TERMINATED", isInForce: false, inForceVersion: { version: 1 } });
    expect(agreementTerminate.agreement!.versions.map((version) => [version.version, version.status])).toEqual([
      [1, "ACTIVE"],
      [2, "WITHDRAWN"],
    ]);
  });

  it("makes every later lifecycle mutation fail with AGREEMENT_TERMINATED, writing nothing", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    await ok(setup.university.client, AgreementTerminateDocument, { input: { idempotencyKey: aKey(), agreementId: proposed.id, reason: "撤回提议", effectiveOn: today() } });
    const before = await writtenSoFar();
    const id = proposed.id;
    const client = setup.provider.client;
    const codes = [
      (await ok(client, AgreementAmendDocument, { input: amendInput(setup, id) })).agreementAmend.userErrors,
      (await ok(client, AgreementApproveDocument, { input: { idempotencyKey: aKey(), agreementId: id, termsHash: proposed.termsHash } })).agreementApprove.userErrors,
      (await ok(client, AgreementSuspendDocument, { input: { idempotencyKey: aKey(), agreementId: id, reason: "x" } })).agreementSuspend.userErrors,
      (await ok(client, AgreementResumeDocument, { input: { idempotencyKey: aKey(), agreementId: id } })).agreementResume.userErrors,
      (await ok(client, AgreementTerminateDocument, { input: { idempotencyKey: aKey(), agreementId: id, reason: "x", effectiveOn: today() } })).agreementTerminate.userErrors,
    ].map((errors) => errors.map((error) => error.code));
    expect(codes).toEqual([["AGREEMENT_TERMINATED"], ["AGREEMENT_TERMINATED"], ["AGREEMENT_TERMINATED"], ["AGREEMENT_TERMINATED"], ["AGREEMENT_TERMINATED"]]);
    expect(await writtenSoFar()).toEqual(before);
    expect(await asSeenBy(anonymous, id)).toBeNull();
  });

  it("refuses an effective day before today with INVALID_DATE_RANGE", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const { agreementTerminate } = await ok(setup.provider.client, AgreementTerminateDocument, {
      input: { idempotencyKey: aKey(), agreementId: active.id, reason: "终止", effectiveOn: today(-1) },
    });
    expect(agreementTerminate.userErrors.map((error) => [error.code, error.field])).toEqual([["INVALID_DATE_RANGE", ["input", "effectiveOn"]]]);
  });

  it("refuses a non-party with FORBIDDEN and writes nothing", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const outsider = await aMember(server, admin);
    const before = await writtenSoFar();
    const result = await execute(outsider.client, AgreementTerminateDocument, { input: { idempotencyKey: aKey(), agreementId: active.id, reason: "x", effectiveOn: today() } });
    expect(errorCodes(result)).toEqual(["FORBIDDEN"]);
    expect(await writtenSoFar()).toEqual(before);
  });
});

describe("validity", () => {
  it("shows an agreement approved before its validFrom as ACTIVE but not yet in force", async () => {
    const setup = await aBilateral(server, admin);
    const validFrom = today(10);
    const active = await anActiveAgreement(setup, { validFrom, validTo: null });
    expect(active).toMatchObject({ status: "ACTIVE", isInForce: false, inForceVersion: { version: 1, validFrom } });
    expect((await ok(anonymous, AgreementInForceOnDocument, { id: active.id, date: validFrom })).node).toEqual({ status: "ACTIVE", isInForce: false, versionInForceOn: { version: 1 } });
  });

  it("derives EXPIRED once validTo has passed, and finds it by that status", async () => {
    const setup = await aBilateral(server, admin);
    const expired = await anActiveAgreement(setup, { validFrom: "2020-09-01", validTo: "2023-08-31" });
    expect(expired).toMatchObject({ status: "EXPIRED", isInForce: false });
    expect((await ok(anonymous, AgreementInForceOnDocument, { id: expired.id, date: "2022-06-30" })).node).toMatchObject({ versionInForceOn: { version: 1 } });
    const { agreements } = await ok(anonymous, AgreementsDocument, { first: 100, filter: { status: "EXPIRED", organizationId: setup.provider.organizationId } });
    expect(agreements.nodes.map((node) => node.id)).toEqual([expired.id]);
  });
});

describe("visibility", () => {
  it("hides a proposal from the public and from other organizations, but not from its parties", async () => {
    const setup = await aBilateral(server, admin);
    const proposed = await aProposedAgreement(setup.university, aProposalInput(setup));
    const outsider = await aMember(server, admin);
    expect(await asSeenBy(anonymous, proposed.id)).toBeNull();
    expect(await asSeenBy(outsider.client, proposed.id)).toBeNull();
    expect(await asSeenBy(setup.provider.client, proposed.id)).toMatchObject({ id: proposed.id, status: "PROPOSED" });
    expect(await asSeenBy(admin, proposed.id)).toMatchObject({ id: proposed.id });
    const filter = { organizationId: setup.university.organizationId };
    expect((await ok(anonymous, AgreementsDocument, { filter })).agreements.totalCount).toBe(0);
    expect((await ok(setup.university.client, AgreementsDocument, { filter })).agreements.nodes.map((node) => node.id)).toEqual([proposed.id]);
  });

  it("shows an approved agreement to everyone", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    expect(await asSeenBy(anonymous, active.id)).toEqual(active);
  });
});

describe("agreement.rules", () => {
  it("pages through the rules in canonical order with keyset cursors", async () => {
    const setup = await aBilateral(server, admin);
    const active = await anActiveAgreement(setup);
    const first = await ok(anonymous, AgreementRulesDocument, { id: active.id, first: 1 });
    const page1 = first.node && "rules" in first.node ? first.node.rules : null;
    expect(page1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await ok(anonymous, AgreementRulesDocument, { id: active.id, first: 1, after: page1!.pageInfo.endCursor });
    const page2 = second.node && "rules" in second.node ? second.node.rules : null;
    expect(page2).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
    expect([...page1!.nodes, ...page2!.nodes].map((rule) => rule.position)).toEqual([0, 1]);
  });
});
