import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { achievementPostings, chinaDate, judgeAchievement, versionInForce, type AchievementClaim, type CourseVersionFacts } from "../../../src/modules/achievement/achievement-rules.js";
import { DEFAULT_GRADE_SCALE, DEFAULT_LABELS } from "../../../src/modules/grade-scale/grade-scale.js";

const ORGANIZATION = "0190a0b0-0000-7000-8000-0000000000aa";

const v1: CourseVersionFacts = { version: 1, publishedOn: "2024-09-01", lectureHours: 1600n, practiceHours: 3200n, credits: null, validFrom: "2024-09-01", validTo: null };
const v2: CourseVersionFacts = { version: 2, publishedOn: "2025-03-01", lectureHours: 1600n, practiceHours: 1600n, credits: 200n, validFrom: "2024-09-01", validTo: "2025-12-31" };

function claim(overrides: Partial<AchievementClaim> = {}): AchievementClaim {
  return {
    learner: { organizationId: ORGANIZATION },
    course: { id: "c", organizationId: ORGANIZATION, status: "PUBLISHED", versions: [v1, v2] },
    scale: DEFAULT_GRADE_SCALE,
    grade: "80",
    completedOn: "2025-06-30",
    today: "2025-07-01",
    isDuplicate: false,
    ...overrides,
  };
}

const codeOf = (overrides: Partial<AchievementClaim>) => {
  const verdict = judgeAchievement(claim(overrides));
  return verdict.ok ? "OK" : [verdict.code, verdict.field];
};

describe("judgeAchievement", () => {
  it("accepts a passed completion and picks the version in force on the completion day", () => {
    expect(judgeAchievement(claim())).toEqual({ ok: true, version: v2, normalizedGrade: 8000n });
    expect(judgeAchievement(claim({ completedOn: "2025-02-28" }))).toEqual({ ok: true, version: v1, normalizedGrade: 8000n });
  });

  it("refuses each problem with its code and field", () => {
    expect(codeOf({ learner: null })).toEqual(["NOT_FOUND", "learnerId"]);
    expect(codeOf({ course: null })).toEqual(["NOT_FOUND", "courseId"]);
    expect(codeOf({ learner: { organizationId: "other" } })).toEqual(["LEARNER_OF_ANOTHER_ORGANIZATION", "learnerId"]);
    expect(codeOf({ course: { id: "c", organizationId: ORGANIZATION, status: "DRAFT", versions: [] } })).toEqual(["COURSE_NOT_PUBLISHED", "courseId"]);
    expect(codeOf({ course: { id: "c", organizationId: ORGANIZATION, status: "RETIRED", versions: [v1] } })).toEqual(["COURSE_RETIRED", "courseId"]);
    expect(codeOf({ completedOn: "2025-07-02" })).toEqual(["FUTURE_DATE", "completedOn"]);
    expect(codeOf({ completedOn: "2024-08-31" })).toEqual(["OUTSIDE_COURSE_VALIDITY", "completedOn"]);
    expect(codeOf({ grade: "优秀" })).toEqual(["GRADE_INVALID", "grade"]);
    expect(codeOf({ grade: "59.99" })).toEqual(["GRADE_NOT_PASSING", "grade"]);
    expect(codeOf({ isDuplicate: true })).toEqual(["ACHIEVEMENT_ALREADY_RECORDED", "completedOn"]);
  });

  it("reports the first problem in order of precedence", () => {
    expect(codeOf({ learner: null, course: null })).toEqual(["NOT_FOUND", "learnerId"]);
    expect(codeOf({ completedOn: "2030-01-01", grade: "10" })).toEqual(["FUTURE_DATE", "completedOn"]);
    expect(codeOf({ grade: "x", isDuplicate: true })).toEqual(["GRADE_INVALID", "grade"]);
    expect(codeOf({ grade: "10", isDuplicate: true })).toEqual(["GRADE_NOT_PASSING", "grade"]);
  });

  it("accepts today and judges validity by the version taken", () => {
    expect(codeOf({ completedOn: "2025-07-01" })).toBe("OK");
    // v2 ends 2025-12-31 and v1 never ends: a completion in 2026 is refused under v2 but accepted where v1 is the only version.
    expect(codeOf({ completedOn: "2026-01-05", today: "2026-02-01" })).toEqual(["OUTSIDE_COURSE_VALIDITY", "completedOn"]);
    expect(codeOf({ completedOn: "2026-01-05", today: "2026-02-01", course: { id: "c", organizationId: ORGANIZATION, status: "PUBLISHED", versions: [v1] } })).toBe("OK");
  });

  it("normalises label grades with the scale", () => {
    const scale = { kind: "FIVE_LEVEL" as const, passMark: 6500n, labels: DEFAULT_LABELS.FIVE_LEVEL };
    expect(judgeAchievement(claim({ scale, grade: "良好" }))).toMatchObject({ ok: true, normalizedGrade: 8500n });
    expect(codeOf({ scale, grade: "不及格" })).toEqual(["GRADE_NOT_PASSING", "grade"]);
  });
});

describe("versionInForce", () => {
  it("takes the latest version published by the completion day, or the first when the course was published later", () => {
    expect(versionInForce([v1, v2], "2025-03-01")).toBe(v2);
    expect(versionInForce([v1, v2], "2025-02-28")).toBe(v1);
    expect(versionInForce([v1, v2], "2023-01-01")).toBe(v1);
  });
});

describe("chinaDate", () => {
  it("is the calendar day at UTC+8", () => {
    expect(chinaDate(new Date("2025-06-30T15:59:59Z"))).toBe("2025-06-30");
    expect(chinaDate(new Date("2025-06-30T16:00:00Z"))).toBe("2025-07-01");
  });
});

describe("achievementPostings", () => {
  it("credits hours, and credits when the course has any, to the learner against the organization's issuance", () => {
    expect(achievementPostings("l", "o", v2)).toEqual([
      { account: "learner:l@organization:o", unit: "HOUR", amount: 3200n },
      { account: "organization:o:issuance", unit: "HOUR", amount: -3200n },
      { account: "learner:l@organization:o", unit: "CREDIT", amount: 200n },
      { account: "organization:o:issuance", unit: "CREDIT", amount: -200n },
    ]);
  });

  it("leaves out a unit with nothing to post", () => {
    expect(achievementPostings("l", "o", { ...v1, lectureHours: 0n, practiceHours: 0n, credits: 0n })).toEqual([]);
    expect(achievementPostings("l", "o", v1).map((posting) => posting.unit)).toEqual(["HOUR", "HOUR"]);
  });
});
