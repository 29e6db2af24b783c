import { describe, it, expect } from "vitest";
import {
  coverSource,
  creditsFromHours,
  decideTransfer,
  evaluateRule,
  nominalCredits,
  type CompletedAchievement,
  type EvaluatedRule,
  type RuleEvaluationInput,
  type RuleSource,
  type TransferCandidate,
} from "../../../src/modules/transfer/rule-evaluation.js";

const STANDARD_HOURS = { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32" };

function achievement(achievementId: string, courseId: string, overrides: Partial<CompletedAchievement> = {}): CompletedAchievement {
  return {
    achievementId,
    courseId,
    normalizedGrade: 80,
    completedOn: "2024-06-30",
    lectureHours: "16",
    practiceHours: "32",
    alreadyTransferred: false,
    ...overrides,
  };
}

function andSource(...courseIds: string[]): RuleSource {
  return { groups: [{ conjunction: "AND", courseIds }], groupConjunction: "AND" };
}

function rule(overrides: Partial<EvaluatedRule> = {}): EvaluatedRule {
  return {
    source: andSource("C1"),
    target: { kind: "COURSES" },
    credits: { kind: "FIXED", credits: "3" },
    minGrade: null,
    recencyYears: null,
    ...overrides,
  };
}

function input(overrides: Partial<RuleEvaluationInput> = {}): RuleEvaluationInput {
  return {
    rule: rule(),
    terms: { ...STANDARD_HOURS, minGrade: null, recencyYears: null, maxCreditsPerLearner: null },
    agreementInForceOn: () => true,
    achievements: [achievement("A1", "C1")],
    creditsAlreadyGranted: "0",
    on: "2025-03-15",
    ...overrides,
  };
}

describe("creditsFromHours", () => {
  it("gives 2.00 credits for 16 lecture hours at 16 h/credit plus 32 practice hours at 32 h/credit", () => {
    expect(creditsFromHours([{ courseId: "C1", lectureHours: "16", practiceHours: "32" }], STANDARD_HOURS)).toBe("2.00");
  });

  it("gives 1.50 credits for 24 lecture hours at 16 h/credit", () => {
    expect(creditsFromHours([{ courseId: "C1", lectureHours: "24", practiceHours: "0" }], STANDARD_HOURS)).toBe("1.50");
  });

  it("rounds 10 lecture hours at 3 h/credit down to 3.33", () => {
    const hpc = { lectureHoursPerCredit: "3", practiceHoursPerCredit: "3" };
    expect(creditsFromHours([{ courseId: "C1", lectureHours: "10", practiceHours: "0" }], hpc)).toBe("3.33");
  });

  it("rounds an exact half hundredth up", () => {
    const hpc = { lectureHoursPerCredit: "8", practiceHoursPerCredit: "8" };
    expect(creditsFromHours([{ courseId: "C1", lectureHours: "1", practiceHours: "0" }], hpc)).toBe("0.13");
  });

  it("applies a custom 18/36 ratio to lecture and practice hours separately", () => {
    const hpc = { lectureHoursPerCredit: "18", practiceHoursPerCredit: "36" };
    expect(creditsFromHours([{ courseId: "C1", lectureHours: "27", practiceHours: "18" }], hpc)).toBe("2.00");
  });

  it("sums hours across courses before rounding so per-course rounding cannot accumulate", () => {
    const hpc = { lectureHoursPerCredit: "3", practiceHoursPerCredit: "3" };
    const courses = [
      { courseId: "C1", lectureHours: "1", practiceHours: "0" },
      { courseId: "C2", lectureHours: "1", practiceHours: "0" },
    ];
    expect(creditsFromHours(courses, hpc)).toBe("0.67");
  });

  it("accepts fractional hours and ratios", () => {
    const hpc = { lectureHoursPerCredit: "0.5", practiceHoursPerCredit: "32" };
    expect(creditsFromHours([{ courseId: "C1", lectureHours: "1.25", practiceHours: "0" }], hpc)).toBe("2.50");
  });

  it("gives 0.00 credits when there are no courses", () => {
    expect(creditsFromHours([], STANDARD_HOURS)).toBe("0.00");
  });

  it("throws a RangeError for a zero ratio or malformed hours", () => {
    const course = { courseId: "C1", lectureHours: "16", practiceHours: "0" };
    expect(() => creditsFromHours([course], { lectureHoursPerCredit: "0", practiceHoursPerCredit: "32" })).toThrow(RangeError);
    expect(() => creditsFromHours([{ ...course, lectureHours: "-1" }], STANDARD_HOURS)).toThrow(RangeError);
    expect(() => creditsFromHours([{ ...course, lectureHours: "1e3" }], STANDARD_HOURS)).toThrow(RangeError);
  });
});

describe("coverSource", () => {
  it("completes an AND group when every course is covered", () => {
    expect(coverSource(andSource("C1", "C2"), new Set(["C2", "C1"]))).toEqual({
      complete: true,
      usedCourseIds: ["C1", "C2"],
      missingCourseIds: [],
    });
  });

  it("lists the uncovered courses of an incomplete AND group", () => {
    expect(coverSource(andSource("C1", "C2", "C3"), new Set(["C2"]))).toEqual({
      complete: false,
      usedCourseIds: ["C2"],
      missingCourseIds: ["C1", "C3"],
    });
  });

  it("uses the first listed covered alternative of an OR group", () => {
    const source: RuleSource = { groups: [{ conjunction: "OR", courseIds: ["C1", "C2", "C3"] }], groupConjunction: "AND" };
    expect(coverSource(source, new Set(["C3", "C2"]))).toEqual({ complete: true, usedCourseIds: ["C2"], missingCourseIds: [] });
  });

  it("lists every alternative of an OR group with none covered", () => {
    const source: RuleSource = { groups: [{ conjunction: "OR", courseIds: ["C1", "C2"] }], groupConjunction: "AND" };
    expect(coverSource(source, new Set())).toEqual({ complete: false, usedCourseIds: [], missingCourseIds: ["C1", "C2"] });
  });

  it("requires every group when groups are joined by AND", () => {
    const source: RuleSource = {
      groups: [
        { conjunction: "AND", courseIds: ["C1", "C2"] },
        { conjunction: "OR", courseIds: ["C3", "C4"] },
      ],
      groupConjunction: "AND",
    };
    expect([coverSource(source, new Set(["C1", "C2", "C4"])), coverSource(source, new Set(["C1", "C4"]))]).toEqual([
      { complete: true, usedCourseIds: ["C1", "C2", "C4"], missingCourseIds: [] },
      { complete: false, usedCourseIds: ["C1", "C4"], missingCourseIds: ["C2"] },
    ]);
  });

  it("uses the first complete group when groups are joined by OR", () => {
    const source: RuleSource = {
      groups: [
        { conjunction: "AND", courseIds: ["C1", "C2"] },
        { conjunction: "AND", courseIds: ["C3"] },
        { conjunction: "AND", courseIds: ["C4"] },
      ],
      groupConjunction: "OR",
    };
    expect(coverSource(source, new Set(["C1", "C3", "C4"]))).toEqual({
      complete: true,
      usedCourseIds: ["C3"],
      missingCourseIds: [],
    });
  });

  it("reports the group needing the fewest further courses when no OR-joined group is complete", () => {
    const source: RuleSource = {
      groups: [
        { conjunction: "AND", courseIds: ["C1", "C2", "C3"] },
        { conjunction: "OR", courseIds: ["C4", "C5", "C6"] },
        { conjunction: "AND", courseIds: ["C7", "C8"] },
      ],
      groupConjunction: "OR",
    };
    expect(coverSource(source, new Set(["C1"]))).toEqual({
      complete: false,
      usedCourseIds: [],
      missingCourseIds: ["C4", "C5", "C6"],
    });
  });

  it("reports the first listed group when OR-joined groups are equally close", () => {
    const source: RuleSource = {
      groups: [
        { conjunction: "AND", courseIds: ["C1", "C2"] },
        { conjunction: "AND", courseIds: ["C3", "C4"] },
      ],
      groupConjunction: "OR",
    };
    expect(coverSource(source, new Set(["C1", "C3"]))).toEqual({
      complete: false,
      usedCourseIds: ["C1"],
      missingCourseIds: ["C2"],
    });
  });

  it("never completes a source without groups or a group without courses", () => {
    expect([
      coverSource({ groups: [], groupConjunction: "AND" }, new Set(["C1"])),
      coverSource({ groups: [], groupConjunction: "OR" }, new Set(["C1"])),
      coverSource(andSource(), new Set(["C1"])),
      coverSource({ groups: [{ conjunction: "OR", courseIds: [] }], groupConjunction: "AND" }, new Set(["C1"])),
    ]).toEqual([
      { complete: false, usedCourseIds: [], missingCourseIds: [] },
      { complete: false, usedCourseIds: [], missingCourseIds: [] },
      { complete: false, usedCourseIds: [], missingCourseIds: [] },
      { complete: false, usedCourseIds: [], missingCourseIds: [] },
    ]);
  });

  it("lists a course named by several groups only once", () => {
    const source: RuleSource = {
      groups: [
        { conjunction: "AND", courseIds: ["C1", "C2"] },
        { conjunction: "AND", courseIds: ["C2", "C1"] },
      ],
      groupConjunction: "AND",
    };
    expect(coverSource(source, new Set(["C1"]))).toEqual({ complete: false, usedCourseIds: ["C1"], missingCourseIds: ["C2"] });
  });
});

describe("evaluateRule", () => {
  it("grants fixed credits when the source is covered", () => {
    expect(evaluateRule(input())).toEqual({ outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] });
  });

  it("grants credits derived from 16/32 hours over every used achievement", () => {
    const result = evaluateRule(
      input({
        rule: rule({ source: andSource("C1", "C2"), credits: { kind: "FROM_HOURS" } }),
        achievements: [
          achievement("A1", "C1", { lectureHours: "32", practiceHours: "32" }),
          achievement("A2", "C2", { lectureHours: "8", practiceHours: "16" }),
        ],
      }),
    );
    expect(result).toEqual({ outcome: "GRANTED", credits: "4.00", usedAchievementIds: ["A1", "A2"], reasons: [] });
  });

  it("grants credits derived from the agreement's custom 18/36 ratio", () => {
    const result = evaluateRule(
      input({
        rule: rule({ credits: { kind: "FROM_HOURS" } }),
        terms: { lectureHoursPerCredit: "18", practiceHoursPerCredit: "36", minGrade: null, recencyYears: null, maxCreditsPerLearner: null },
        achievements: [achievement("A1", "C1", { lectureHours: "36", practiceHours: "36" })],
      }),
    );
    expect(result).toEqual({ outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] });
  });

  it("denies a NO_RECOGNITION rule with its reason before any other check", () => {
    const result = evaluateRule(
      input({
        rule: rule({ target: { kind: "NO_RECOGNITION", reason: "Content overlaps less than half of the syllabus." } }),
        achievements: [],
        terms: { ...STANDARD_HOURS, minGrade: null, recencyYears: null, maxCreditsPerLearner: "0" },
      }),
    );
    expect(result).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [{ code: "NOT_RECOGNIZED", detail: "Content overlaps less than half of the syllabus." }],
    });
  });

  it("denies a NO_RECOGNITION rule without a stated reason with a generic detail", () => {
    expect(evaluateRule(input({ rule: rule({ target: { kind: "NO_RECOGNITION" } }) }))).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [{ code: "NOT_RECOGNIZED", detail: "The agreement does not recognise these courses." }],
    });
  });

  it("denies an achievement that was already transferred", () => {
    expect(evaluateRule(input({ achievements: [achievement("A1", "C1", { alreadyTransferred: true })] }))).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [
        { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
        { code: "ALREADY_TRANSFERRED", detail: "Achievement A1 (course C1) has already been used in a credit transfer." },
      ],
    });
  });

  it("judges whether an agreement was in force on the completion date rather than the evaluation date", () => {
    const askedDates: string[] = [];
    const result = evaluateRule(
      input({
        agreementInForceOn: (date) => {
          askedDates.push(date);
          return date >= "2023-09-01";
        },
        achievements: [achievement("A1", "C1", { completedOn: "2023-06-30" })],
      }),
    );
    expect({ result, askedDates }).toEqual({
      result: {
        outcome: "DENIED",
        credits: "0.00",
        usedAchievementIds: [],
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
          {
            code: "NO_ACTIVE_AGREEMENT",
            detail: "Achievement A1 (course C1) was completed on 2023-06-30, when no version of the agreement was in force.",
          },
        ],
      },
      askedDates: ["2023-06-30"],
    });
  });

  it("denies an achievement below the rule's minimum grade, which overrides the agreement's", () => {
    const result = evaluateRule(
      input({
        rule: rule({ minGrade: 85 }),
        terms: { ...STANDARD_HOURS, minGrade: 60, recencyYears: null, maxCreditsPerLearner: null },
        achievements: [achievement("A1", "C1", { normalizedGrade: 84 })],
      }),
    );
    expect(result).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [
        { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
        { code: "MIN_GRADE_NOT_MET", detail: "Achievement A1 (course C1) has grade 84, below the minimum of 85." },
      ],
    });
  });

  it("falls back to the agreement's minimum grade and accepts a grade exactly at it", () => {
    const terms = { ...STANDARD_HOURS, minGrade: 60, recencyYears: null, maxCreditsPerLearner: null };
    expect([
      evaluateRule(input({ terms, achievements: [achievement("A1", "C1", { normalizedGrade: 60 })] })),
      evaluateRule(input({ terms, achievements: [achievement("A1", "C1", { normalizedGrade: 59 })] })),
    ]).toEqual([
      { outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] },
      {
        outcome: "DENIED",
        credits: "0.00",
        usedAchievementIds: [],
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
          { code: "MIN_GRADE_NOT_MET", detail: "Achievement A1 (course C1) has grade 59, below the minimum of 60." },
        ],
      },
    ]);
  });

  it("accepts any grade when neither the rule nor the agreement sets a minimum", () => {
    expect(evaluateRule(input({ achievements: [achievement("A1", "C1", { normalizedGrade: 0 })] }))).toEqual({
      outcome: "GRANTED",
      credits: "3.00",
      usedAchievementIds: ["A1"],
      reasons: [],
    });
  });

  it("accepts an achievement completed exactly on the recency cut-off day and rejects the day before", () => {
    const terms = { ...STANDARD_HOURS, minGrade: null, recencyYears: 3, maxCreditsPerLearner: null };
    const onCutoff = evaluateRule(input({ terms, achievements: [achievement("A1", "C1", { completedOn: "2022-03-15" })] }));
    const dayBefore = evaluateRule(input({ terms, achievements: [achievement("A1", "C1", { completedOn: "2022-03-14" })] }));
    expect([onCutoff, dayBefore]).toEqual([
      { outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] },
      {
        outcome: "DENIED",
        credits: "0.00",
        usedAchievementIds: [],
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
          {
            code: "RECENCY_EXCEEDED",
            detail: "Achievement A1 (course C1) was completed on 2022-03-14, more than 3 year(s) before 2025-03-15.",
          },
        ],
      },
    ]);
  });

  it("moves a February 29 recency cut-off to February 28 in a non-leap year", () => {
    const base = { on: "2024-02-29", rule: rule({ recencyYears: 1 }) };
    expect([
      evaluateRule(input({ ...base, achievements: [achievement("A1", "C1", { completedOn: "2023-02-28" })] })),
      evaluateRule(input({ ...base, achievements: [achievement("A1", "C1", { completedOn: "2023-02-27" })] })),
    ]).toEqual([
      { outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] },
      {
        outcome: "DENIED",
        credits: "0.00",
        usedAchievementIds: [],
        reasons: [
          { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
          {
            code: "RECENCY_EXCEEDED",
            detail: "Achievement A1 (course C1) was completed on 2023-02-27, more than 1 year(s) before 2024-02-29.",
          },
        ],
      },
    ]);
  });

  it("lets the rule's recency limit override the agreement's", () => {
    const terms = { ...STANDARD_HOURS, minGrade: null, recencyYears: 10, maxCreditsPerLearner: null };
    const result = evaluateRule(
      input({ terms, rule: rule({ recencyYears: 1 }), achievements: [achievement("A1", "C1", { completedOn: "2023-01-01" })] }),
    );
    expect(result).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [
        { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
        {
          code: "RECENCY_EXCEEDED",
          detail: "Achievement A1 (course C1) was completed on 2023-01-01, more than 1 year(s) before 2025-03-15.",
        },
      ],
    });
  });

  it("reports only the highest-precedence reason for an achievement failing several checks", () => {
    const result = evaluateRule(
      input({
        rule: rule({ minGrade: 90, recencyYears: 1 }),
        agreementInForceOn: () => false,
        achievements: [
          achievement("A1", "C1", { alreadyTransferred: true, normalizedGrade: 10, completedOn: "2000-01-01" }),
          achievement("A2", "C1", { normalizedGrade: 10, completedOn: "2000-01-01" }),
        ],
      }),
    );
    expect(result).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [
        { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." },
        { code: "ALREADY_TRANSFERRED", detail: "Achievement A1 (course C1) has already been used in a credit transfer." },
        {
          code: "NO_ACTIVE_AGREEMENT",
          detail: "Achievement A2 (course C1) was completed on 2000-01-01, when no version of the agreement was in force.",
        },
      ],
    });
  });

  it("names the missing courses of an incomplete AND group alongside the reasons for ineligible achievements", () => {
    const result = evaluateRule(
      input({
        rule: rule({ source: andSource("C1", "C2", "C3"), minGrade: 60 }),
        achievements: [achievement("A1", "C1"), achievement("A2", "C2", { normalizedGrade: 50 })],
      }),
    );
    expect(result).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [
        { code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C2, C3." },
        { code: "MIN_GRADE_NOT_MET", detail: "Achievement A2 (course C2) has grade 50, below the minimum of 60." },
      ],
    });
  });

  it("describes an uncovered OR group as needing any one of its alternatives", () => {
    const source: RuleSource = {
      groups: [
        { conjunction: "AND", courseIds: ["C1", "C2"] },
        { conjunction: "OR", courseIds: ["C3", "C4"] },
      ],
      groupConjunction: "AND",
    };
    expect(evaluateRule(input({ rule: rule({ source }), achievements: [achievement("A1", "C1")] }))).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [{ code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C2; any one of C3, C4." }],
    });
  });

  it("grants through the first listed alternative of an OR group", () => {
    const source: RuleSource = { groups: [{ conjunction: "OR", courseIds: ["C1", "C2"] }], groupConjunction: "AND" };
    const result = evaluateRule(input({ rule: rule({ source }), achievements: [achievement("A2", "C2"), achievement("A1", "C1")] }));
    expect(result).toEqual({ outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] });
  });

  it("grants through the first complete group when groups are joined by OR", () => {
    const source: RuleSource = {
      groups: [
        { conjunction: "AND", courseIds: ["C1", "C2"] },
        { conjunction: "AND", courseIds: ["C3"] },
      ],
      groupConjunction: "OR",
    };
    const result = evaluateRule(
      input({
        rule: rule({ source, credits: { kind: "FROM_HOURS" } }),
        achievements: [achievement("A1", "C1"), achievement("A3", "C3", { lectureHours: "48", practiceHours: "0" })],
      }),
    );
    expect(result).toEqual({ outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A3"], reasons: [] });
  });

  it("uses the highest-graded eligible achievement when a course was completed several times", () => {
    const result = evaluateRule(
      input({
        achievements: [
          achievement("A1", "C1", { normalizedGrade: 70 }),
          achievement("A2", "C1", { normalizedGrade: 95, alreadyTransferred: true }),
          achievement("A3", "C1", { normalizedGrade: 88 }),
        ],
      }),
    );
    expect(result).toEqual({ outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A3"], reasons: [] });
  });

  it("breaks a grade tie between duplicate achievements by the later completion date", () => {
    const result = evaluateRule(
      input({
        achievements: [
          achievement("A1", "C1", { completedOn: "2024-07-01" }),
          achievement("A2", "C1", { completedOn: "2024-01-15" }),
        ],
      }),
    );
    expect(result).toEqual({ outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] });
  });

  it("ignores achievements for courses the rule does not name", () => {
    const result = evaluateRule(
      input({ achievements: [achievement("A9", "C9", { alreadyTransferred: true }), achievement("A1", "C1")] }),
    );
    expect(result).toEqual({ outcome: "GRANTED", credits: "3.00", usedAchievementIds: ["A1"], reasons: [] });
  });

  it("grants the full credits when they fit exactly within the per-learner cap", () => {
    const terms = { ...STANDARD_HOURS, minGrade: null, recencyYears: null, maxCreditsPerLearner: "10" };
    expect(evaluateRule(input({ terms, creditsAlreadyGranted: "7.00" }))).toEqual({
      outcome: "GRANTED",
      credits: "3.00",
      usedAchievementIds: ["A1"],
      reasons: [],
    });
  });

  it("grants only the remaining credits when the rule's credits exceed the per-learner cap", () => {
    const terms = { ...STANDARD_HOURS, minGrade: null, recencyYears: null, maxCreditsPerLearner: "10" };
    expect(evaluateRule(input({ terms, creditsAlreadyGranted: "8.5" }))).toEqual({
      outcome: "PARTIAL",
      credits: "1.50",
      usedAchievementIds: ["A1"],
      reasons: [
        {
          code: "CAP_REACHED",
          detail:
            "Only 1.50 of 3.00 credits can be granted: the learner has already been granted 8.50 of the 10.00 credits allowed per learner under this agreement.",
        },
      ],
    });
  });

  it("denies the transfer when the per-learner cap is already used up", () => {
    const terms = { ...STANDARD_HOURS, minGrade: null, recencyYears: null, maxCreditsPerLearner: "10.00" };
    expect(evaluateRule(input({ terms, creditsAlreadyGranted: "10" }))).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [
        {
          code: "CAP_REACHED",
          detail:
            "No credits can be granted: the learner has already been granted 10.00 of the 10.00 credits allowed per learner under this agreement.",
        },
      ],
    });
  });

  it("reports an incomplete source rather than the cap when both apply", () => {
    const terms = { ...STANDARD_HOURS, minGrade: null, recencyYears: null, maxCreditsPerLearner: "0" };
    expect(evaluateRule(input({ terms, achievements: [] }))).toEqual({
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [{ code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C1." }],
    });
  });

  it("throws a RangeError for fixed credits with more than two decimals", () => {
    expect(() => evaluateRule(input({ rule: rule({ credits: { kind: "FIXED", credits: "1.125" } }) }))).toThrow(RangeError);
  });
});

describe("nominalCredits", () => {
  it("gives a fixed rule's credits whatever the courses", () => {
    expect(nominalCredits({ kind: "FIXED", credits: "2.5" }, [], STANDARD_HOURS)).toBe("2.50");
  });

  it("derives an hours rule's credits from the courses with no condition or cap", () => {
    expect(nominalCredits({ kind: "FROM_HOURS" }, [{ courseId: "C1", lectureHours: "32", practiceHours: "32" }], STANDARD_HOURS)).toBe("3.00");
  });
});

describe("decideTransfer", () => {
  const candidate = (ruleId: string, receivingOrganizationId: string, overrides: Partial<RuleEvaluationInput> = {}): TransferCandidate => ({
    ruleId,
    receivingOrganizationId,
    evaluation: input(overrides),
  });

  it("denies with NO_ACTIVE_AGREEMENT and no rule when no rule names the courses", () => {
    expect(decideTransfer("U1", [])).toEqual({
      ruleId: null,
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [{ code: "NO_ACTIVE_AGREEMENT", detail: "No agreement in force recognises these courses at the target organization." }],
    });
  });

  it("denies with WRONG_DIRECTION when the only rules recognise the courses at another organization", () => {
    expect(decideTransfer("U1", [candidate("R1", "U2"), candidate("R2", "U3")])).toEqual({
      ruleId: "R1",
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [{ code: "WRONG_DIRECTION", detail: "Rule R1 recognises courses at organization U2, not at the target organization U1." }],
    });
  });

  it("ignores rules receiving elsewhere when one receives at the target", () => {
    expect(decideTransfer("U1", [candidate("R1", "U2"), candidate("R2", "U1")])).toEqual({
      ruleId: "R2",
      outcome: "GRANTED",
      credits: "3.00",
      usedAchievementIds: ["A1"],
      reasons: [],
    });
  });

  it("chooses the rule granting the most credits", () => {
    const fromHours = rule({ credits: { kind: "FROM_HOURS" } });
    const decision = decideTransfer("U1", [
      candidate("R1", "U1"),
      candidate("R2", "U1", { rule: fromHours, achievements: [achievement("A1", "C1", { lectureHours: "64", practiceHours: "0" })] }),
    ]);
    expect(decision).toEqual({ ruleId: "R2", outcome: "GRANTED", credits: "4.00", usedAchievementIds: ["A1"], reasons: [] });
  });

  it("prefers a full grant to a partial one of the same credits, and otherwise keeps the listed order", () => {
    const capped = { ...STANDARD_HOURS, minGrade: null, recencyYears: null, maxCreditsPerLearner: "3" };
    const partial = candidate("R1", "U1", { rule: rule({ credits: { kind: "FIXED", credits: "5" } }), terms: capped });
    expect([decideTransfer("U1", [partial, candidate("R2", "U1")]).ruleId, decideTransfer("U1", [candidate("R3", "U1"), candidate("R2", "U1")]).ruleId]).toEqual([
      "R2",
      "R3",
    ]);
  });

  it("explains a denial with the first listed rule's reasons when every rule denies", () => {
    const decision = decideTransfer("U1", [
      candidate("R1", "U1", { rule: rule({ source: andSource("C1", "C2") }) }),
      candidate("R2", "U1", { rule: rule({ target: { kind: "NO_RECOGNITION", reason: "Overlaps too little." } }) }),
    ]);
    expect(decision).toEqual({
      ruleId: "R1",
      outcome: "DENIED",
      credits: "0.00",
      usedAchievementIds: [],
      reasons: [{ code: "INCOMPLETE_AND_GROUP", detail: "Source courses not covered: C2." }],
    });
  });
});
