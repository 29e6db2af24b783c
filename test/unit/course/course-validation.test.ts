// user-error.ts declares GraphQL types with decorators, which need the metadata polyfill.
import "reflect-metadata";
import { describe, it, expect } from "vitest";
import { DomainErrors, Problems } from "../../../src/graphql/user-error.js";
import {
  checkCatalogCode,
  checkCredits,
  checkHours,
  meetsApprenticeshipPracticeShare,
  normalizeSearchText,
  practiceRatio,
  searchTextOf,
  validateCourseContent,
  type CourseContentInput,
} from "../../../src/modules/course/course-validation.js";

/** The [code, field] pairs a check reported. */
function reported(check: (problems: Problems) => unknown): [string, string | null][] {
  const problems = new Problems();
  check(problems);
  try {
    problems.throwIfAny();
    return [];
  } catch (error) {
    return (error as DomainErrors).errors.map((each) => [each.code, each.field]);
  }
}

const valid: CourseContentInput = {
  code: "me-101",
  title: " 智能制造技术基础 ",
  lectureHours: "32",
  practiceHours: "16.5",
  level: "HIGHER_VOCATIONAL",
  field: "INTELLIGENT_MANUFACTURING",
};

describe("checkCatalogCode", () => {
  it.each(["ME-101", "08120301", "A", "B.2_x-Y", "X".repeat(32)])("accepts %s", (code) => {
    expect(reported((problems) => checkCatalogCode(problems, "code", code))).toEqual([]);
  });

  it("upper-cases and trims", () => {
    expect(checkCatalogCode(new Problems(), "code", "  me-101 ")).toBe("ME-101");
  });

  it.each([
    ["ME 101", "INVALID_CODE"],
    ["-ME", "INVALID_CODE"],
    ["课程1", "INVALID_CODE"],
    ["X".repeat(33), "TOO_LONG"],
    ["  ", "REQUIRED"],
  ])("refuses %j with %s", (code, expected) => {
    expect(reported((problems) => checkCatalogCode(problems, "code", code))).toEqual([[expected, "code"]]);
  });
});

describe("checkHours", () => {
  it("returns hundredths for valid hours", () => {
    expect(checkHours(new Problems(), "32", "16.5")).toEqual({ lecture: 3200n, practice: 1650n });
  });

  it("accepts zero on one side when the other is positive", () => {
    expect(checkHours(new Problems(), "0", "0.01")).toEqual({ lecture: 0n, practice: 1n });
  });

  it.each([
    ["-1", "1", [["INVALID_HOURS", "lectureHours"]]],
    ["1", "1.234", [["INVALID_HOURS", "practiceHours"]]],
    ["1e2", "x", [["INVALID_HOURS", "lectureHours"], ["INVALID_HOURS", "practiceHours"]]],
    ["0", "0.00", [["INVALID_HOURS", "lectureHours"]]],
    ["10000.01", "0", [["INVALID_HOURS", "lectureHours"]]],
    [null, "1", [["REQUIRED", "lectureHours"]]],
  ])("refuses lecture %j and practice %j", (lecture, practice, expected) => {
    expect(reported((problems) => checkHours(problems, lecture, practice))).toEqual(expected);
  });
});

describe("checkCredits", () => {
  it("lets a training provider give no credits but requires them of a university", () => {
    expect(checkCredits(new Problems(), "TRAINING_PROVIDER", null)).toBeNull();
    expect(reported((problems) => checkCredits(problems, "UNIVERSITY", null))).toEqual([["REQUIRED", "credits"]]);
  });

  it.each([
    ["0", 0n],
    ["2.5", 250n],
    ["1000", 100000n],
  ])("accepts %s", (credits, hundredths) => {
    expect(checkCredits(new Problems(), "UNIVERSITY", credits)).toBe(hundredths);
  });

  it.each(["-0.5", "2.555", "1000.01", "two"])("refuses %j with INVALID_CREDITS", (credits) => {
    expect(reported((problems) => checkCredits(problems, "UNIVERSITY", credits))).toEqual([["INVALID_CREDITS", "credits"]]);
  });
});

describe("validateCourseContent", () => {
  it("returns the canonical content: trimmed text, upper-case code, two-decimal amounts, defaults", () => {
    expect(validateCourseContent("TRAINING_PROVIDER", valid)).toEqual({
      code: "ME-101",
      title: "智能制造技术基础",
      titleEn: null,
      description: null,
      lectureHours: "32.00",
      practiceHours: "16.50",
      credits: null,
      level: "HIGHER_VOCATIONAL",
      field: "INTELLIGENT_MANUFACTURING",
      learningOutcomes: [],
      language: "zh",
      validFrom: null,
      validTo: null,
    });
  });

  it("reports every problem at once, in field order", () => {
    const input: CourseContentInput = {
      ...valid,
      title: null,
      level: null,
      learningOutcomes: Array.from({ length: 31 }, () => "x"),
      language: "zh_CN",
      validFrom: "2026-09-01",
      validTo: "2026-08-31",
    };
    expect(() => validateCourseContent("UNIVERSITY", input)).toThrow(DomainErrors);
    try {
      validateCourseContent("UNIVERSITY", input);
    } catch (error) {
      expect((error as DomainErrors).errors.map((each) => [each.code, each.field])).toEqual([
        ["REQUIRED", "title"],
        ["REQUIRED", "credits"],
        ["REQUIRED", "level"],
        ["TOO_LONG", "learningOutcomes"],
        ["INVALID_VALUE", "language"],
        ["INVALID_DATE_RANGE", "validTo"],
      ]);
    }
  });

  it("accepts an open-ended validity and a validTo the day after validFrom", () => {
    expect(validateCourseContent("TRAINING_PROVIDER", { ...valid, validFrom: "2026-09-01" }).validTo).toBeNull();
    expect(validateCourseContent("TRAINING_PROVIDER", { ...valid, validFrom: "2026-09-01", validTo: "2026-09-02" }).validTo).toBe("2026-09-02");
  });
});

describe("practice share", () => {
  it("computes the practice ratio to four places, null without hours", () => {
    expect(practiceRatio(3200n, 1650n)).toBe(0.3402);
    expect(practiceRatio(0n, 100n)).toBe(1);
    expect(practiceRatio(0n, 0n)).toBeNull();
  });

  it("passes an apprenticeship at exactly 50 % practice and fails one hundredth of an hour below", () => {
    expect(meetsApprenticeshipPracticeShare(5000n, 5000n)).toBe(true);
    expect(meetsApprenticeshipPracticeShare(5001n, 5000n)).toBe(false);
    expect(meetsApprenticeshipPracticeShare(4999n, 5000n)).toBe(true);
    expect(meetsApprenticeshipPracticeShare(1n, 1n)).toBe(true);
  });
});

describe("search text", () => {
  it("lower-cases any script and folds full-width characters", () => {
    expect(normalizeSearchText("ＡＩ 人工智能 École")).toBe("ai 人工智能 école");
  });

  it("joins the present parts one per line", () => {
    expect(searchTextOf(["ME-101", "智能制造", null, "Smart Manufacturing", undefined, "Outcome"])).toBe("me-101\n智能制造\nsmart manufacturing\noutcome");
  });
});
