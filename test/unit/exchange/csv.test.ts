import { describe, expect, it } from "vitest";
import { CsvSyntaxError, formatCsv, parseCsv } from "../../../src/modules/exchange/csv.js";

describe("parseCsv", () => {
  it("splits records and fields and numbers each record by the line it starts on", () => {
    expect(parseCsv("a,b\r\nc,d\r\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks, and counts the lines they span", () => {
    expect(parseCsv('code,outcomes\nIM-1,"能编程, 能调试\n""会维护"""\nIM-2,x')).toEqual([
      { line: 1, fields: ["code", "outcomes"] },
      { line: 2, fields: ["IM-1", '能编程, 能调试\n"会维护"'] },
      { line: 4, fields: ["IM-2", "x"] },
    ]);
  });

  it("skips blank lines but keeps counting them", () => {
    expect(parseCsv("a\n\n\nb\n\n")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 4, fields: ["b"] },
    ]);
  });

  it("keeps empty fields, also at the end of a record", () => {
    expect(parseCsv("a,,\n")).toEqual([{ line: 1, fields: ["a", "", ""] }]);
  });

  it("refuses an unclosed quote, naming the line where the record starts", () => {
    expect(() => parseCsv('a\n"b,c\nd')).toThrow(new CsvSyntaxError(2, "line 2: a quoted field is not closed"));
  });

  it("refuses a quote inside an unquoted field and text after a closing quote", () => {
    expect(() => parseCsv('a,b"c\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('"a"b,c\n')).toThrow(CsvSyntaxError);
  });
});

describe("formatCsv", () => {
  it("quotes only fields that need it and ends every record with CRLF", () => {
    expect(formatCsv([["code", "note"], ["IM-1", 'a, "b"'], ["IM-2", null]])).toBe('code,note\r\nIM-1,"a, ""b"""\r\nIM-2,\r\n');
  });

  it("round-trips through parseCsv", () => {
    const rows = [["甲", "a\nb", ' lead', ""], ["x", "y", "z", "w"]];
    expect(parseCsv(formatCsv(rows)).map((record) => record.fields)).toEqual(rows);
  });
});
