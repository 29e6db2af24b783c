import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../src/modules/exchange/csv.js";
import { readTable } from "../../../src/modules/exchange/import-columns.js";
import { readDate, readField, readLevel } from "../../../src/modules/exchange/import-values.js";

describe("readTable", () => {
  it("matches Chinese and English headers, in any case and spacing, and reads rows by English name", () => {
    const { rows, problems } = readTable("ACHIEVEMENTS", parseCsv("学号,Course Code,成绩,completed_on\nS1, IM-1 ,85,2025-06-30\n"));
    expect(problems).toEqual([]);
    expect(rows.map((row) => [row.line, row.get("learnerRef"), row.get("courseCode"), row.get("grade"), row.get("completedOn"), row.header("learnerRef")])).toEqual([
      [2, "S1", "IM-1", "85", "2025-06-30", "学号"],
    ]);
  });

  it("reports unknown, repeated and missing columns against the header line", () => {
    const { problems } = readTable("ACHIEVEMENTS", parseCsv("学号,learnerRef,成绩,备注\nS1,S1,85,x\n"));
    expect(problems.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 1, column: "learnerRef", code: "DUPLICATE_COLUMN" },
      { line: 1, column: "备注", code: "UNKNOWN_COLUMN" },
      { line: 1, column: "courseCode", code: "MISSING_COLUMN" },
      { line: 1, column: "completedOn", code: "MISSING_COLUMN" },
    ]);
  });

  it("ignores an empty trailing column that spreadsheets leave", () => {
    expect(readTable("ACHIEVEMENTS", parseCsv("学号,课程代码,成绩,完成日期,\nS1,IM-1,85,2025-06-30,\n")).problems).toEqual([]);
  });

  it("reports a row with more fields than the header", () => {
    expect(readTable("ACHIEVEMENTS", parseCsv("学号,课程代码,成绩,完成日期\nS1,IM-1,85,2025-06-30,extra\n")).problems).toEqual([
      { line: 2, column: null, code: "INVALID_VALUE", reason: "The row has 5 fields, the header 4" },
    ]);
  });
});

describe("cell values", () => {
  it("reads dates as Chinese spreadsheets print them", () => {
    expect(["2025-06-30", "2025/6/30", "2025.6.3", "2025年6月30日", "２０２５-０６-３０"].map(readDate)).toEqual(["2025-06-30", "2025-06-30", "2025-06-03", "2025-06-30", "2025-06-30"]);
    expect(["2025-02-30", "30/6/2025", "yesterday"].map(readDate)).toEqual([null, null, null]);
  });

  it("reads levels and industry fields by English name or Chinese label", () => {
    expect(["本科", "undergraduate", "高职", "职业培训"].map(readLevel)).toEqual(["UNDERGRADUATE", "UNDERGRADUATE", "HIGHER_VOCATIONAL", "PROFESSIONAL_TRAINING"]);
    expect(["智能制造", "ARTIFICIAL_INTELLIGENCE", "人工智能", "魔法"].map(readField)).toEqual(["INTELLIGENT_MANUFACTURING", "ARTIFICIAL_INTELLIGENCE", "ARTIFICIAL_INTELLIGENCE", null]);
  });
});
