import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { DomainErrors, Problems } from "../../../src/graphql/user-error.js";
import { toGlobalId } from "../../../src/graphql/global-id.js";
import {
  checkParties,
  checkPartiesExist,
  checkReferences,
  checkVersion,
  type CourseFacts,
  type VersionInput,
} from "../../../src/modules/agreement/agreement-terms.js";
import type { EquivalenceRuleInput } from "../../../src/modules/agreement/agreement.input.js";
import type { PartyRecord } from "../../../src/modules/agreement/agreement.table.js";

const uuid = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, "0")}`;
const org = (n: number) => toGlobalId("Organization", uuid(n));
const course = (n: number) => toGlobalId("Course", uuid(100 + n));
const courseUuid = (n: number) => uuid(100 + n);

/** Runs a check and returns the [code, field] of every problem it found. */
function problemsOf(check: (problems: Problems) => unknown): [string, string | null][] {
  const problems = new Problems();
  check(problems);
  try {
    problems.throwIfAny();
    return [];
  } catch (error) {
    return (error as DomainErrors).errors.map((each) => [each.code, each.field]);
  }
}

function rule(overrides: Partial<EquivalenceRuleInput> = {}): EquivalenceRuleInput {
  return {
    source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: [course(1)] }] },
    target: { kind: "COURSES", organizationId: org(1), courseIds: [course(2)] },
    credits: { kind: "FIXED", credits: "3" },
    ...overrides,
  };
}

function version(overrides: Partial<VersionInput> = {}): VersionInput {
  return {
    validFrom: "2025-09-01",
    validTo: "2027-08-31",
    terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", allowTransitive: false },
    rules: [rule()],
    ...overrides,
  };
}

describe("checkParties", () => {
  it("accepts a receiving university and a sending provider for ONE_WAY", () => {
    const problems = new Problems();
    const parties = checkParties(problems, "ONE_WAY", [
      { organizationId: org(1), role: "RECEIVING" },
      { organizationId: org(2), role: "SENDING" },
    ]);
    expect(problems.isEmpty).toBe(true);
    expect(parties).toEqual([
      { organizationId: uuid(1), role: "RECEIVING" },
      { organizationId: uuid(2), role: "SENDING" },
    ]);
  });

  it("refuses a single party with TOO_FEW_PARTIES", () => {
    expect(problemsOf((p) => checkParties(p, "MUTUAL", [{ organizationId: org(1), role: "BOTH" }]))).toEqual([["TOO_FEW_PARTIES", "parties"]]);
  });

  it("refuses the same organization twice with DUPLICATE_PARTY on the second", () => {
    const parties = [
      { organizationId: org(1), role: "BOTH" as const },
      { organizationId: org(1), role: "BOTH" as const },
    ];
    expect(problemsOf((p) => checkParties(p, "MUTUAL", parties))).toEqual([["DUPLICATE_PARTY", "parties.1.organizationId"]]);
  });

  it("refuses an ID that is not an organization's with INVALID_ID", () => {
    const parties = [
      { organizationId: org(1), role: "BOTH" as const },
      { organizationId: course(1), role: "BOTH" as const },
    ];
    expect(problemsOf((p) => checkParties(p, "MUTUAL", parties))).toEqual([["INVALID_ID", "parties.1.organizationId"]]);
  });

  it("refuses SENDING or RECEIVING in a MUTUAL agreement and BOTH in a ONE_WAY one", () => {
    expect(
      problemsOf((p) =>
        checkParties(p, "MUTUAL", [
          { organizationId: org(1), role: "BOTH" },
          { organizationId: org(2), role: "SENDING" },
        ]),
      ),
    ).toEqual([["INVALID_PARTY_ROLE", "parties.1.role"]]);
    expect(
      problemsOf((p) =>
        checkParties(p, "ONE_WAY", [
          { organizationId: org(1), role: "RECEIVING" },
          { organizationId: org(2), role: "BOTH" },
        ]),
      ),
    ).toEqual([
      ["INVALID_PARTY_ROLE", "parties.1.role"],
      ["INVALID_PARTY_ROLE", "parties"],
    ]);
  });

  it("refuses a ONE_WAY agreement without a sending party", () => {
    const parties = [
      { organizationId: org(1), role: "RECEIVING" as const },
      { organizationId: org(2), role: "RECEIVING" as const },
    ];
    expect(problemsOf((p) => checkParties(p, "ONE_WAY", parties))).toEqual([["INVALID_PARTY_ROLE", "parties"]]);
  });

  it("refuses more than 20 parties with TOO_MANY_ITEMS", () => {
    const parties = Array.from({ length: 21 }, (_, i) => ({ organizationId: org(i + 1), role: "BOTH" as const }));
    expect(problemsOf((p) => checkParties(p, "MUTUAL", parties))).toEqual([["TOO_MANY_ITEMS", "parties"]]);
  });
});

describe("checkVersion", () => {
  it("returns canonical decimals and database UUIDs", () => {
    const problems = new Problems();
    const checked = checkVersion(problems, version({ terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32.5", maxCreditsPerLearner: "20", minGrade: 60, recencyYears: 5, allowTransitive: true } }));
    expect(problems.isEmpty).toBe(true);
    expect(checked).toEqual({
      terms: {
        validFrom: "2025-09-01",
        validTo: "2027-08-31",
        lectureHoursPerCredit: "16.00",
        practiceHoursPerCredit: "32.50",
        minGrade: 60,
        recencyYears: 5,
        maxCreditsPerLearner: "20.00",
        allowTransitive: true,
      },
      rules: [
        {
          source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: [courseUuid(1)] }] },
          target: { kind: "COURSES", organizationId: uuid(1), courseIds: [courseUuid(2)], electiveCredits: null, electiveCategory: null, reason: null },
          credits: { kind: "FIXED", credits: "3.00" },
          minGrade: null,
          recencyYears: null,
          note: null,
        },
      ],
    });
  });

  it("refuses validTo before validFrom with INVALID_DATE_RANGE", () => {
    expect(problemsOf((p) => checkVersion(p, version({ validTo: "2025-08-31" })))).toEqual([["INVALID_DATE_RANGE", "validTo"]]);
  });

  it("refuses zero, negative and out-of-range numbers with INVALID_NUMBER on each field", () => {
    const terms = { lectureHoursPerCredit: "0", practiceHoursPerCredit: "-32", minGrade: 101, recencyYears: 0, maxCreditsPerLearner: "1000.01", allowTransitive: false };
    const rules = [rule({ credits: { kind: "FIXED", credits: "-1" }, minGrade: -1, recencyYears: 101 })];
    expect(problemsOf((p) => checkVersion(p, version({ terms, rules })))).toEqual([
      ["INVALID_NUMBER", "terms.lectureHoursPerCredit"],
      ["INVALID_NUMBER", "terms.practiceHoursPerCredit"],
      ["INVALID_NUMBER", "terms.minGrade"],
      ["INVALID_NUMBER", "terms.recencyYears"],
      ["INVALID_NUMBER", "terms.maxCreditsPerLearner"],
      ["INVALID_NUMBER", "rules.0.credits.credits"],
      ["INVALID_NUMBER", "rules.0.minGrade"],
      ["INVALID_NUMBER", "rules.0.recencyYears"],
    ]);
  });

  it("refuses a source without groups and a group without courses with EMPTY_GROUP", () => {
    const rules = [
      rule({ source: { groupConjunction: "AND", groups: [] } }),
      rule({ source: { groupConjunction: "OR", groups: [{ conjunction: "AND", courseIds: [course(1)] }, { conjunction: "OR", courseIds: [] }] } }),
    ];
    expect(problemsOf((p) => checkVersion(p, version({ rules })))).toEqual([
      ["EMPTY_GROUP", "rules.0.source.groups"],
      ["EMPTY_GROUP", "rules.1.source.groups.1.courseIds"],
    ]);
  });

  it("refuses a course listed twice in a group with DUPLICATE_COURSE but allows it in two groups", () => {
    const rules = [
      rule({ source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: [course(1), course(1)] }] } }),
      rule({ source: { groupConjunction: "OR", groups: [{ conjunction: "AND", courseIds: [course(1), course(3)] }, { conjunction: "AND", courseIds: [course(1), course(4)] }] } }),
    ];
    expect(problemsOf((p) => checkVersion(p, version({ rules })))).toEqual([["DUPLICATE_COURSE", "rules.0.source.groups.0.courseIds.1"]]);
  });

  it("refuses a COURSES target without courses, and fields of another target kind", () => {
    const rules = [rule({ target: { kind: "COURSES", organizationId: org(1), courseIds: [], reason: "x" } })];
    expect(problemsOf((p) => checkVersion(p, version({ rules })))).toEqual([
      ["INVALID_VALUE", "rules.0.target.reason"],
      ["EMPTY_GROUP", "rules.0.target.courseIds"],
    ]);
  });

  it("requires an elective block's credits and category, and a NO_RECOGNITION reason without credits", () => {
    const rules = [
      rule({ target: { kind: "ELECTIVE_BLOCK", organizationId: org(1) } }),
      rule({ target: { kind: "NO_RECOGNITION", organizationId: org(1) } }),
    ];
    expect(problemsOf((p) => checkVersion(p, version({ rules })))).toEqual([
      ["REQUIRED", "rules.0.target.electiveCredits"],
      ["REQUIRED", "rules.0.target.electiveCategory"],
      ["REQUIRED", "rules.1.target.reason"],
      ["INVALID_VALUE", "rules.1.credits"],
    ]);
  });

  it("requires credits for a recognising rule: an amount for FIXED, none for FROM_HOURS", () => {
    const rules = [rule({ credits: null }), rule({ credits: { kind: "FIXED" } }), rule({ credits: { kind: "FROM_HOURS", credits: "2" } })];
    expect(problemsOf((p) => checkVersion(p, version({ rules })))).toEqual([
      ["REQUIRED", "rules.0.credits"],
      ["REQUIRED", "rules.1.credits.credits"],
      ["INVALID_VALUE", "rules.2.credits.credits"],
    ]);
  });

  it("refuses more than 10 groups in a rule with TOO_MANY_ITEMS", () => {
    const groups = Array.from({ length: 11 }, (_, i) => ({ conjunction: "AND" as const, courseIds: [course(i)] }));
    expect(problemsOf((p) => checkVersion(p, version({ rules: [rule({ source: { groupConjunction: "OR", groups } })] })))).toEqual([["TOO_MANY_ITEMS", "rules.0.source.groups"]]);
  });
});

describe("checkReferences", () => {
  const parties: PartyRecord[] = [
    { organizationId: uuid(1), role: "RECEIVING" },
    { organizationId: uuid(2), role: "SENDING" },
    { organizationId: uuid(3), role: "RECEIVING" },
  ];
  const published = (organization: number, overrides: Partial<CourseFacts> = {}): CourseFacts => ({ organizationId: uuid(organization), status: "PUBLISHED", publishedVersion: 1, ...overrides });

  function referenceProblems(rules: EquivalenceRuleInput[], courses: [number, CourseFacts][]) {
    const problems = new Problems();
    const checked = checkVersion(problems, version({ rules }));
    expect(problems.isEmpty).toBe(true);
    return problemsOf((p) => checkReferences(p, parties, checked.rules, new Map(courses.map(([n, facts]) => [courseUuid(n), facts]))));
  }

  it("accepts a provider's course recognised as a receiving university's course", () => {
    expect(referenceProblems([rule()], [[1, published(2)], [2, published(1)]])).toEqual([]);
  });

  it("reports, per course, UNKNOWN_COURSE, COURSE_NOT_OF_PARTY, WRONG_SIDE_FOR_DIRECTION, COURSE_RETIRED and COURSE_NOT_PUBLISHED", () => {
    const rules = [rule({ source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: [course(1), course(3), course(4), course(5), course(6)] }] } })];
    const courses: [number, CourseFacts][] = [
      [2, published(1)],
      [3, published(9)],
      [4, published(3)],
      [5, published(2, { status: "RETIRED" })],
      [6, published(2, { status: "DRAFT", publishedVersion: null })],
    ];
    expect(referenceProblems(rules, courses)).toEqual([
      ["UNKNOWN_COURSE", "rules.0.source.groups.0.courseIds.0"],
      ["COURSE_NOT_OF_PARTY", "rules.0.source.groups.0.courseIds.1"],
      ["WRONG_SIDE_FOR_DIRECTION", "rules.0.source.groups.0.courseIds.2"],
      ["COURSE_RETIRED", "rules.0.source.groups.0.courseIds.3"],
      ["COURSE_NOT_PUBLISHED", "rules.0.source.groups.0.courseIds.4"],
    ]);
  });

  it("refuses a target organization that is not a party, or one that only sends", () => {
    const rules = [
      rule({ target: { kind: "ELECTIVE_BLOCK", organizationId: org(9), electiveCredits: "4", electiveCategory: "专业选修" } }),
      rule({ target: { kind: "NO_RECOGNITION", organizationId: org(2), reason: "内容不对应" }, credits: null }),
    ];
    expect(referenceProblems(rules, [[1, published(2)]])).toEqual([
      ["ORGANIZATION_NOT_A_PARTY", "rules.0.target.organizationId"],
      ["WRONG_SIDE_FOR_DIRECTION", "rules.1.target.organizationId"],
      ["WRONG_SIDE_FOR_DIRECTION", "rules.1.source.groups.0.courseIds.0"],
    ]);
  });

  it("refuses a target course of another organization than the target with COURSE_NOT_OF_PARTY", () => {
    expect(referenceProblems([rule()], [[1, published(2)], [2, published(3)]])).toEqual([["COURSE_NOT_OF_PARTY", "rules.0.target.courseIds.0"]]);
  });

  it("refuses, in a MUTUAL agreement, a rule whose source and target are the same organization", () => {
    const mutual: PartyRecord[] = [
      { organizationId: uuid(1), role: "BOTH" },
      { organizationId: uuid(2), role: "BOTH" },
    ];
    const problems = new Problems();
    const checked = checkVersion(problems, version());
    const courses = new Map([[courseUuid(1), published(1)], [courseUuid(2), published(1)]]);
    expect(problemsOf((p) => checkReferences(p, mutual, checked.rules, courses))).toEqual([["WRONG_SIDE_FOR_DIRECTION", "rules.0.source.groups.0.courseIds.0"]]);
  });
});

describe("checkPartiesExist", () => {
  it("refuses an organization that does not exist with UNKNOWN_ORGANIZATION", () => {
    const parties: PartyRecord[] = [
      { organizationId: uuid(1), role: "BOTH" },
      { organizationId: uuid(2), role: "BOTH" },
    ];
    expect(problemsOf((p) => checkPartiesExist(p, parties, new Set([uuid(1)])))).toEqual([["UNKNOWN_ORGANIZATION", "parties.1.organizationId"]]);
  });
});
