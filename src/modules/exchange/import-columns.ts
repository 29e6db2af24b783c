// The columns each import kind reads, under English or Chinese header names.
// Registrars keep these tables in spreadsheets with headers in either
// language, so a header matches any of its names after normalisation
// (full-width folded, case, spaces, "_" and "-" ignored). The README's
// column tables are these tables.
import { UserErrorCode } from "../../graphql/user-error.js";
import type { CsvRecord } from "./csv.js";

export type ImportKind = "COURSES" | "RULES" | "ACHIEVEMENTS";

export interface ColumnSpec {
  /** The English header, also the key rows are read by. */
  name: string;
  /** Chinese headers accepted for it; the first is what exports write in Chinese. */
  chinese: string[];
  required: boolean;
}

const column = (name: string, chinese: string[], required = false): ColumnSpec => ({ name, chinese, required });

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  COURSES: [
    column("code", ["课程代码", "课程编号", "课程编码"], true),
    column("title", ["课程名称", "课程名"], true),
    column("titleEn", ["英文名称", "英文课程名称"]),
    column("description", ["课程简介", "课程描述"]),
    column("lectureHours", ["理论学时"], true),
    column("practiceHours", ["实践学时", "实训学时"], true),
    column("credits", ["学分"]),
    column("level", ["层次", "培养层次"], true),
    column("field", ["行业领域", "领域"], true),
    column("learningOutcomes", ["学习成果"]),
    column("language", ["授课语言", "语言"]),
    column("validFrom", ["生效日期", "有效期起"]),
    column("validTo", ["失效日期", "有效期止"]),
    column("status", ["状态"]),
  ],
  ACHIEVEMENTS: [
    column("learnerRef", ["学号", "工号", "学员编号"], true),
    column("courseCode", ["课程代码", "课程编号"], true),
    column("grade", ["成绩"], true),
    column("completedOn", ["完成日期", "结业日期"], true),
  ],
  RULES: [
    column("sourceOrganization", ["来源机构代码"], true),
    column("sourceCourses", ["来源课程"], true),
    column("sourceGroupConjunction", ["课程组关系"]),
    column("targetKind", ["认定方式"]),
    column("targetOrganization", ["目标机构代码"], true),
    column("targetCourses", ["目标课程"]),
    column("electiveCredits", ["选修学分"]),
    column("electiveCategory", ["选修类别"]),
    column("reason", ["不予认定理由"]),
    column("creditsKind", ["学分方式"]),
    column("credits", ["学分"]),
    column("minGrade", ["最低成绩"]),
    column("recencyYears", ["有效年限"]),
    column("note", ["备注"]),
  ],
};

/** A problem with the file: where (1-based line, the column as headed in the file) and why. */
export interface ImportProblem {
  line: number | null;
  column: string | null;
  code: UserErrorCode;
  reason: string;
}

function normaliseHeader(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase().replace(/[\s_\-]/g, "");
}

/** One data row, read by English column name: trimmed text, or null when blank or absent. */
export class ImportRow {
  constructor(
    readonly line: number,
    private readonly values: ReadonlyMap<string, string>,
    private readonly headers: ReadonlyMap<string, string>,
  ) {}

  get(name: string): string | null {
    const value = this.values.get(name)?.trim();
    return value ? value : null;
  }

  /** The column's header as the file wrote it (what a report should point at). */
  header(name: string): string {
    return this.headers.get(name) ?? name;
  }

  problem(name: string | null, code: UserErrorCode, reason: string): ImportProblem {
    return { line: this.line, column: name === null ? null : this.header(name), code, reason };
  }
}

export interface ReadTable {
  rows: ImportRow[];
  problems: ImportProblem[];
}

/**
 * Matches the header line against the kind's columns and reads every data row.
 * Unknown and repeated headers are refused (a misspelt optional column would
 * otherwise be silently dropped), as are missing required ones.
 */
export function readTable(kind: ImportKind, records: CsvRecord[]): ReadTable {
  const [header, ...data] = records;
  if (!header) return { rows: [], problems: [{ line: null, column: null, code: UserErrorCode.EMPTY_FILE, reason: "The file has no header line" }] };
  const specs = COLUMNS[kind];
  const byHeader = new Map(specs.flatMap((spec) => [spec.name, ...spec.chinese].map((text) => [normaliseHeader(text), spec] as const)));
  const problems: ImportProblem[] = [];
  const names: (string | null)[] = [];
  const headers = new Map<string, string>();
  header.fields.forEach((text, index) => {
    const spec = byHeader.get(normaliseHeader(text));
    if (!spec) {
      if (text.trim() !== "" || data.some((record) => (record.fields[index] ?? "").trim() !== "")) {
        problems.push({ line: header.line, column: text, code: UserErrorCode.UNKNOWN_COLUMN, reason: `Unknown column "${text}" (column ${index + 1}); the ${kind.toLowerCase()} columns are ${specs.map((each) => each.name).join(", ")}` });
      }
      names.push(null);
      return;
    }
    if (headers.has(spec.name)) problems.push({ line: header.line, column: text, code: UserErrorCode.DUPLICATE_COLUMN, reason: `"${text}" repeats the column ${headers.get(spec.name)}` });
    else headers.set(spec.name, text.trim());
    names.push(spec.name);
  });
  for (const spec of specs) {
    if (spec.required && !headers.has(spec.name)) {
      problems.push({ line: header.line, column: spec.name, code: UserErrorCode.MISSING_COLUMN, reason: `The column ${spec.name} (${spec.chinese[0]}) is required` });
    }
  }
  const rows = data.map((record) => {
    if (record.fields.length > header.fields.length && record.fields.slice(header.fields.length).some((field) => field.trim() !== "")) {
      problems.push({ line: record.line, column: null, code: UserErrorCode.INVALID_VALUE, reason: `The row has ${record.fields.length} fields, the header ${header.fields.length}` });
    }
    const values = new Map<string, string>();
    names.forEach((name, index) => {
      if (name !== null) values.set(name, record.fields[index] ?? "");
    });
    return new ImportRow(record.line, values, headers);
  });
  return { rows, problems };
}
