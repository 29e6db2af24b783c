import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { DEFAULT_GRADE_SCALE, DEFAULT_LABELS, fromStoredScale, normalizeGrade, readGradeScale, toStoredScale, type GradeScale, type GradeScaleDraft } from "../../../src/modules/grade-scale/grade-scale.js";
import { DomainErrors, Problems } from "../../../src/graphql/user-error.js";

/** Reads a draft and returns the scale, or the [code, field] of every problem. */
function read(draft: GradeScaleDraft): GradeScale | [string, string | null][] {
  const problems = new Problems();
  const scale = readGradeScale(problems, draft);
  try {
    problems.throwIfAny();
    return scale;
  } catch (error) {
    return (error as DomainErrors).errors.map((each) => [each.code, each.field]);
  }
}

const fiveLevel: GradeScale = { kind: "FIVE_LEVEL", passMark: 6500n, labels: DEFAULT_LABELS.FIVE_LEVEL };
const passFail: GradeScale = { kind: "PASS_FAIL", passMark: 6000n, labels: DEFAULT_LABELS.PASS_FAIL };

describe("normalizeGrade on a numeric scale", () => {
  it("keeps a number from 0 to 100 and passes it from the pass mark", () => {
    expect(normalizeGrade(DEFAULT_GRADE_SCALE, "85")).toEqual({ normalizedGrade: 8500n, passing: true });
    expect(normalizeGrade(DEFAULT_GRADE_SCALE, "60")).toEqual({ normalizedGrade: 6000n, passing: true });
    expect(normalizeGrade(DEFAULT_GRADE_SCALE, "59.99")).toEqual({ normalizedGrade: 5999n, passing: false });
    expect(normalizeGrade(DEFAULT_GRADE_SCALE, "100")).toEqual({ normalizedGrade: 10000n, passing: true });
    expect(normalizeGrade(DEFAULT_GRADE_SCALE, "0")).toEqual({ normalizedGrade: 0n, passing: false });
  });

  it("reads full-width digits and surrounding spaces as the plain number", () => {
    expect(normalizeGrade(DEFAULT_GRADE_SCALE, " ８５.５ ")).toEqual({ normalizedGrade: 8550n, passing: true });
  });

  it("honours a configured pass mark", () => {
    expect(normalizeGrade({ kind: "NUMERIC", passMark: 7000n, labels: [] }, "65")).toEqual({ normalizedGrade: 6500n, passing: false });
  });

  it("finds no grade for text that is not a number from 0 to 100 with at most two decimals", () => {
    for (const grade of ["", "100.01", "101", "-1", "85分", "优秀", "8.555", "1e2", "0x50", "85."]) {
      expect(normalizeGrade(DEFAULT_GRADE_SCALE, grade), grade).toBeNull();
    }
  });
});

describe("normalizeGrade on label scales", () => {
  it("maps the five levels to their values and fails 不及格", () => {
    expect(["优秀", "良好", "中等", "及格", "不及格"].map((grade) => normalizeGrade(fiveLevel, grade))).toEqual([
      { normalizedGrade: 9500n, passing: true },
      { normalizedGrade: 8500n, passing: true },
      { normalizedGrade: 7500n, passing: true },
      { normalizedGrade: 6500n, passing: true },
      { normalizedGrade: 0n, passing: false },
    ]);
  });

  it("normalises a pass to the pass mark 60, not 100, and matches PASS in any case", () => {
    expect(normalizeGrade(passFail, "通过")).toEqual({ normalizedGrade: 6000n, passing: true });
    expect(normalizeGrade(passFail, " pass ")).toEqual({ normalizedGrade: 6000n, passing: true });
    expect(normalizeGrade(passFail, "不通过")).toEqual({ normalizedGrade: 0n, passing: false });
  });

  it("finds no grade for a number or an unknown label", () => {
    expect(normalizeGrade(fiveLevel, "90")).toBeNull();
    expect(normalizeGrade(fiveLevel, "优")).toBeNull();
    expect(normalizeGrade(passFail, "合格")).toBeNull();
  });
});

describe("readGradeScale", () => {
  it("defaults a numeric scale's pass mark to 60", () => {
    expect(read({ kind: "NUMERIC" })).toEqual({ kind: "NUMERIC", passMark: 6000n, labels: [] });
  });

  it("gives label scales their standard labels and derives the pass mark from the lowest passing label", () => {
    expect(read({ kind: "FIVE_LEVEL" })).toEqual(fiveLevel);
    expect(read({ kind: "PASS_FAIL", labels: [] })).toEqual(passFail);
  });

  it("accepts custom labels", () => {
    const scale = read({
      kind: "PASS_FAIL",
      labels: [
        { label: "合格", value: "70", passing: true },
        { label: "不合格", value: "0", passing: false },
      ],
    });
    expect(scale).toEqual({
      kind: "PASS_FAIL",
      passMark: 7000n,
      labels: [
        { label: "合格", value: 7000n, passing: true },
        { label: "不合格", value: 0n, passing: false },
      ],
    });
  });

  it("refuses labels on a numeric scale and a pass mark on a label scale", () => {
    expect(read({ kind: "NUMERIC", labels: [{ label: "A", value: "90", passing: true }] })).toEqual([["INVALID_VALUE", "labels"]]);
    expect(read({ kind: "FIVE_LEVEL", passMark: "60" })).toEqual([["INVALID_VALUE", "passMark"]]);
  });

  it("refuses a pass mark outside 0–100", () => {
    expect(read({ kind: "NUMERIC", passMark: "100.5" })).toEqual([["INVALID_VALUE", "passMark"]]);
    expect(read({ kind: "NUMERIC", passMark: "-1" })).toEqual([["INVALID_VALUE", "passMark"]]);
  });

  it("reports every bad label at once with its index", () => {
    const problems = read({
      kind: "FIVE_LEVEL",
      labels: [
        { label: "A", value: "95", passing: true },
        { label: " ", value: "85", passing: true },
        { label: "a", value: "101", passing: true },
        { label: "F", value: "0", passing: false },
      ],
    });
    expect(problems).toEqual([
      ["REQUIRED", "labels.1.label"],
      ["INVALID_VALUE", "labels.2.label"],
      ["INVALID_VALUE", "labels.2.value"],
    ]);
  });

  it("refuses a scale where nothing passes", () => {
    expect(read({ kind: "PASS_FAIL", labels: [{ label: "FAIL", value: "0", passing: false }] })).toEqual([["INVALID_VALUE", "labels"]]);
  });

  it("refuses a failing label ranked at or above a passing one", () => {
    const labels = [
      { label: "通过", value: "60", passing: true },
      { label: "不通过", value: "60", passing: false },
    ];
    expect(read({ kind: "PASS_FAIL", labels })).toEqual([["INVALID_VALUE", "labels"]]);
  });

  it("refuses more than 20 labels", () => {
    const labels = Array.from({ length: 21 }, (_, i) => ({ label: `L${i}`, value: String(i), passing: true }));
    expect(read({ kind: "FIVE_LEVEL", labels })).toEqual([["TOO_MANY_ITEMS", "labels"]]);
  });
});

describe("stored scales", () => {
  it("round-trip through their storage form", () => {
    for (const scale of [DEFAULT_GRADE_SCALE, { kind: "NUMERIC" as const, passMark: 7550n, labels: [] }, fiveLevel, passFail]) {
      expect(fromStoredScale(toStoredScale(scale))).toEqual(scale);
    }
  });
});
