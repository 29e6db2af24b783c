import type { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, aDraftCourse, type Member } from "../support/course-factories.js";
import { aCourseRule, aKey } from "../support/agreement-factories.js";
import { aRefusalRule, anAgreementFrom, anElectiveRule, ruleFrom, TERMS, transitive, type Agreed } from "../support/resolution-factories.js";
import { AgreementAmendDocument, AgreementApproveDocument, CourseUpdateDocument, EquivalencesDocument, type EquivalenceFieldsFragment, type EquivalencesInput } from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let anonymous: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  anonymous = server.client();
});
afterAll(() => server?.stop());

async function equivalences(input: EquivalencesInput): Promise<EquivalenceFieldsFragment[]> {
  return (await ok(anonymous, EquivalencesDocument, { input })).equivalences;
}

const ids = (...values: string[]) => values.map((id) => ({ id }));
/** Rules list a group's courses in database UUID order. */

/** One path step as the API shows it. */
function step(agreed: Agreed, rule: string, from: string[], to: string[], version = 1) {
  return { agreement: { id: agreed.agreement.id }, agreementVersion: { version, status: "ACTIVE" }, rule: { id: rule }, fromCourses: ids(...from), toCourses: ids(...to) };
}

/** A complete COURSES equivalence. */
function granted(organizationId: string, targets: string[], credits: string, path: ReturnType<typeof step>[]) {
  return { targetOrganization: { id: organizationId }, targetCourses: ids(...targets), electiveBlock: null, noRecognitionReason: null, credits, complete: true, missingCourses: [], hops: path.length, path };
}

describe("equivalences: direct rules", () => {
  let provider: Member;
  let university: Member;
  const p: string[] = [];
  const u: string[] = [];
  let agreed: Agreed;

  beforeAll(async () => {
    provider = await aMember(server, admin, "TRAINING_PROVIDER");
    university = await aMember(server, admin, "UNIVERSITY");
    // p0: 16 h lecture + 16 h practice (1.50 credits by hours at 16/32); p3: 32 + 64.
    for (const hours of [{}, {}, {}, { lectureHours: "32", practiceHours: "64" }]) p.push(await aPublishedCourse(provider, hours));
    for (let i = 0; i < 4; i += 1) u.push(await aPublishedCourse(university, { credits: "2" }));
    agreed = await anAgreementFrom(provider, university, [
      aCourseRule([p[0]], university.organizationId, [u[0]], { credits: { kind: "FROM_HOURS" } }),
      aCourseRule([p[1], p[2]], university.organizationId, [u[1]], { credits: { kind: "FIXED", credits: "3" } }),
      { ...aCourseRule([], university.organizationId, [u[2]]), source: { groupConjunction: "AND", groups: [{ conjunction: "OR", courseIds: [p[1], p[3]] }] } },
      anElectiveRule([p[3]], university.organizationId, "4", "专业选修"),
    ]);
  });

  it("resolves a 1:1 rule with credits from hours (16 h / 16 + 16 h / 32 = 1.50) and its path", async () => {
    expect(await equivalences({ courseIds: [p[0]] })).toEqual([granted(university.organizationId, [u[0]], "1.50", [step(agreed, ruleFrom(agreed, p[0]), [p[0]], [u[0]])])]);
  });

  it("reports a many:1 rule with a missing course as incomplete, with no credits and the missing course", async () => {
    const rule = agreed.rules.find((each) => each.source.groups[0].conjunction === "AND" && each.source.groups[0].courses.length === 2)!.id;
    expect(await equivalences({ courseIds: [p[2]] })).toEqual([
      { ...granted(university.organizationId, [u[1]], "0.00", [step(agreed, rule, [p[2]], [u[1]])]), complete: false, missingCourses: ids(p[1]) },
    ]);
  });

  it("completes the many:1 rule with both courses, and an OR rule with either alternative", async () => {
    const and = agreed.rules.find((each) => each.source.groups[0].conjunction === "AND" && each.source.groups[0].courses.length === 2)!.id;
    const or = agreed.rules.find((each) => each.source.groups[0].conjunction === "OR")!.id;
    expect(await equivalences({ courseIds: [p[1], p[2]] })).toEqual([
      // A group's courses in the terms' canonical order: by global ID text (not by UUID; base64 orders differently).
      granted(university.organizationId, [u[1]], "3.00", [step(agreed, and, [p[1], p[2]].sort(), [u[1]])]),
      granted(university.organizationId, [u[2]], "2.00", [step(agreed, or, [p[1]], [u[2]])]),
    ]);
  });

  it("grants an elective block instead of courses", async () => {
    const or = agreed.rules.find((each) => each.source.groups[0].conjunction === "OR")!.id;
    expect(await equivalences({ courseIds: [p[3]], targetOrganizationId: university.organizationId })).toEqual([
      {
        targetOrganization: { id: university.organizationId },
        targetCourses: [],
        electiveBlock: { credits: "4.00", category: "专业选修" },
        noRecognitionReason: null,
        credits: "4.00",
        complete: true,
        missingCourses: [],
        hops: 1,
        path: [step(agreed, ruleFrom(agreed, p[3], "ELECTIVE_BLOCK"), [p[3]], [])],
      },
      granted(university.organizationId, [u[2]], "2.00", [step(agreed, or, [p[3]], [u[2]])]),
    ]);
  });

  it("returns an explicit refusal with its reason and no credits", async () => {
    const other = await aMember(server, admin, "UNIVERSITY");
    const refusal = await anAgreementFrom(provider, other, [aRefusalRule([p[0]], other.organizationId, "实践内容不足")]);
    expect(await equivalences({ courseIds: [p[0]], targetOrganizationId: other.organizationId })).toEqual([
      {
        targetOrganization: { id: other.organizationId },
        targetCourses: [],
        electiveBlock: null,
        noRecognitionReason: "实践内容不足",
        credits: "0.00",
        complete: true,
        missingCourses: [],
        hops: 1,
        path: [step(refusal, ruleFrom(refusal, p[0]), [p[0]], [])],
      },
    ]);
  });

  it("never infers the reverse of a one-way rule, however many hops are allowed", async () => {
    expect(await equivalences({ courseIds: [u[0], u[1], u[2]], maxHops: 4 })).toEqual([]);
  });

  it("treats unknown and draft courses as not completed rather than failing", async () => {
    const draft = await aDraftCourse(provider);
    const unknown = Buffer.from("Course:00000000-0000-7000-8000-000000000000").toString("base64url");
    expect(await equivalences({ courseIds: [draft, unknown, p[0]] })).toEqual(await equivalences({ courseIds: [p[0]] }));
  });
});

describe("equivalences: which agreement versions apply", () => {
  it("applies an agreement up to its last valid day and not after, and defaults to today", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const university = await aMember(server, admin, "UNIVERSITY");
    const course = await aPublishedCourse(provider);
    const target = await aPublishedCourse(university, { credits: "2" });
    const agreed = await anAgreementFrom(provider, university, [aCourseRule([course], university.organizationId, [target])], { validFrom: "2025-09-01", validTo: "2026-08-31" });
    const expected = [granted(university.organizationId, [target], "2.00", [step(agreed, ruleFrom(agreed, course), [course], [target])])];
    expect(await equivalences({ courseIds: [course], on: "2026-08-31" })).toEqual(expected);
    expect(await equivalences({ courseIds: [course], on: "2026-09-01" })).toEqual([]);
    expect(await equivalences({ courseIds: [course], on: "2025-08-31" })).toEqual([]);
    expect(await equivalences({ courseIds: [course] })).toEqual([]);
  });

  it("uses the version in force: an amendment counts only once every party approved it, and at once in this process", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const university = await aMember(server, admin, "UNIVERSITY");
    const course = await aPublishedCourse(provider);
    const target = await aPublishedCourse(university, { credits: "2" });
    const rule = aCourseRule([course], university.organizationId, [target]);
    const agreed = await anAgreementFrom(provider, university, [rule]);
    expect((await equivalences({ courseIds: [course] })).map((each) => [each.credits, each.path[0].agreementVersion.version])).toEqual([["2.00", 1]]);

    const amended = await ok(university.client, AgreementAmendDocument, {
      input: { idempotencyKey: aKey(), agreementId: agreed.agreement.id, validFrom: "2025-09-01", validTo: null, terms: TERMS, rules: [{ ...rule, credits: { kind: "FIXED", credits: "3.5" } }] },
    });
    const { termsHash } = amended.agreementAmend.agreement!;
    await ok(university.client, AgreementApproveDocument, { input: { idempotencyKey: aKey(), agreementId: agreed.agreement.id, termsHash } });
    expect((await equivalences({ courseIds: [course] })).map((each) => [each.credits, each.path[0].agreementVersion.version])).toEqual([["2.00", 1]]);

    await ok(provider.client, AgreementApproveDocument, { input: { idempotencyKey: aKey(), agreementId: agreed.agreement.id, termsHash } });
    const [after] = await equivalences({ courseIds: [course] });
    expect([after.credits, after.path[0].agreementVersion]).toEqual(["3.50", { version: 2, status: "ACTIVE" }]);
  });

  it("recomputes credits from hours once the course's new version is published (within the once-a-second check)", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const university = await aMember(server, admin, "UNIVERSITY");
    const course = await aPublishedCourse(provider);
    const target = await aPublishedCourse(university, { credits: "2" });
    await anAgreementFrom(provider, university, [aCourseRule([course], university.organizationId, [target], { credits: { kind: "FROM_HOURS" } })]);
    const credits = async () => (await equivalences({ courseIds: [course] })).map((each) => each.credits);
    expect(await credits()).toEqual(["1.50"]);
    await ok(provider.client, CourseUpdateDocument, { input: { courseId: course, lectureHours: "32" } });
    // 32 h / 16 + 16 h / 32 = 2.50, seen once the index's next check runs.
    let seen = await credits();
    for (let attempt = 0; attempt < 50 && seen[0] !== "2.50"; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await credits();
    }
    expect(seen).toEqual(["2.50"]);
  });

  it("sees a newly approved agreement in the very next query", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const university = await aMember(server, admin, "UNIVERSITY");
    const course = await aPublishedCourse(provider);
    const target = await aPublishedCourse(university, { credits: "2" });
    expect(await equivalences({ courseIds: [course] })).toEqual([]);
    const agreed = await anAgreementFrom(provider, university, [aCourseRule([course], university.organizationId, [target])]);
    expect(await equivalences({ courseIds: [course] })).toEqual([granted(university.organizationId, [target], "2.00", [step(agreed, ruleFrom(agreed, course), [course], [target])])]);
  });
});

describe("equivalences: chains of agreements", () => {
  let provider: Member;
  let college: Member;
  let university: Member;
  let partner: Member;
  let elsewhere: Member;
  let p: string;
  let v: string;
  let u: string;
  let w: string;
  let x: string;
  let providerToCollege: Agreed;
  let collegeToUniversity: Agreed;
  let universityToPartner: Agreed;

  beforeAll(async () => {
    provider = await aMember(server, admin, "TRAINING_PROVIDER");
    college = await aMember(server, admin, "UNIVERSITY");
    university = await aMember(server, admin, "UNIVERSITY");
    partner = await aMember(server, admin, "UNIVERSITY");
    elsewhere = await aMember(server, admin, "UNIVERSITY");
    p = await aPublishedCourse(provider);
    v = await aPublishedCourse(college, { credits: "3", lectureHours: "32", practiceHours: "32" });
    u = await aPublishedCourse(university, { credits: "4", lectureHours: "48", practiceHours: "32" });
    w = await aPublishedCourse(partner, { credits: "2" });
    x = await aPublishedCourse(elsewhere, { credits: "2" });
    // Credits are recomputed at each hop by that hop's rule: v's hours at 16/32 give 3.00, u's 4.00.
    providerToCollege = await anAgreementFrom(provider, college, [aCourseRule([p], college.organizationId, [v])], transitive());
    collegeToUniversity = await anAgreementFrom(college, university, [aCourseRule([v], university.organizationId, [u], { credits: { kind: "FROM_HOURS" } })], transitive());
    universityToPartner = await anAgreementFrom(university, partner, [aCourseRule([u], partner.organizationId, [w], { credits: { kind: "FROM_HOURS" } })], transitive());
    // A cycle back to the college, and a link that does not allow transitivity.
    await anAgreementFrom(university, college, [aCourseRule([u], college.organizationId, [v])], transitive());
    await anAgreementFrom(college, elsewhere, [aCourseRule([v], elsewhere.organizationId, [x])]);
  });

  const hopOne = () => step(providerToCollege, ruleFrom(providerToCollege, p), [p], [v]);
  const hopTwo = () => step(collegeToUniversity, ruleFrom(collegeToUniversity, v), [v], [u]);
  const hopThree = () => step(universityToPartner, ruleFrom(universityToPartner, u), [u], [w]);

  it("stays on direct agreements by default", async () => {
    expect(await equivalences({ courseIds: [p] })).toEqual([granted(college.organizationId, [v], "2.00", [hopOne()])]);
  });

  it("chains two hops through transitive agreements, recomputing credits by the second rule", async () => {
    expect(await equivalences({ courseIds: [p], maxHops: 2, targetOrganizationId: university.organizationId })).toEqual([
      granted(university.organizationId, [u], "3.00", [hopOne(), hopTwo()]),
    ]);
  });

  it("chains three hops, ends a cycle without repeating a target, and stops at a link that does not allow transitivity", async () => {
    expect(await equivalences({ courseIds: [p], maxHops: 4 })).toEqual([
      granted(partner.organizationId, [w], "4.00", [hopOne(), hopTwo(), hopThree()]),
      granted(university.organizationId, [u], "3.00", [hopOne(), hopTwo()]),
      granted(college.organizationId, [v], "2.00", [hopOne()]),
    ]);
  });

  it("reaches the non-transitive partner only from its own course", async () => {
    const direct = await equivalences({ courseIds: [v], targetOrganizationId: elsewhere.organizationId });
    expect(direct.map((each) => [each.targetCourses, each.hops])).toEqual([[ids(x), 1]]);
  });

  it("respects maxHops: three hops are needed for the partner", async () => {
    expect(await equivalences({ courseIds: [p], maxHops: 2, targetOrganizationId: partner.organizationId })).toEqual([]);
  });
});

describe("equivalences: bad input", () => {
  it("refuses malformed IDs, maxHops outside 1–4, more than 100 courses and a bad date with BAD_USER_INPUT", async () => {
    const course = await aPublishedCourse(await aMember(server, admin, "TRAINING_PROVIDER"));
    const cases: EquivalencesInput[] = [
      { courseIds: ["not-an-id"] },
      { courseIds: [course], targetOrganizationId: course },
      { courseIds: [course], maxHops: 0 },
      { courseIds: [course], maxHops: 5 },
      { courseIds: Array.from({ length: 101 }, () => course) },
      { courseIds: [course], on: "2026-02-30" },
    ];
    for (const input of cases) expect(errorCodes(await execute(anonymous, EquivalencesDocument, { input }))).toEqual(["BAD_USER_INPUT"]);
  });
});
