import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import { aKey, aCourseRule, type Bilateral } from "../support/agreement-factories.js";
import { aLearner, asLearner } from "../support/learner-factories.js";
import { aCompletion, aConsentingLearner, aLandscape, anAgreement, aTransferInput, transfer } from "../support/transfer-factories.js";
import { aStatement, anImport, base64, csvOf, entriesOfKind } from "../support/exchange-factories.js";
import { encodeGbk } from "../support/gbk.js";
import {
  AgreementExportDocument,
  AgreementNodeDocument,
  CourseNodeDocument,
  ImportRunDocument,
  OrganizationCodeDocument,
  OrganizationCourseCodesDocument,
  TranscriptExportDocument,
  type AgreementFieldsFragment,
} from "../generated/operations.js";

const run = promisify(execFile);

let server: TestServer;
let admin: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
});

afterAll(async () => {
  await server?.stop();
});

let sequence = 0;
/** Course codes unique within this file. */
const aCode = (prefix = "IMP") => `${prefix}-${(sequence += 1)}`;

async function coursesOf(member: Member) {
  const node = (await ok(member.client, OrganizationCourseCodesDocument, { id: member.organizationId })).node as {
    courses: { totalCount: number; nodes: { code: string; title: string; titleEn: string | null; hours: { lecture: string; practice: string }; credits: string | null; level: string; field: string; status: string; learningOutcomes: string[]; validFrom: string | null; validTo: string | null }[] };
  };
  return node.courses;
}

const codeOfCourse = async (id: string) => ((await ok(admin, CourseNodeDocument, { id })).node as { code: string }).code;
const codeOfOrganization = async (id: string) => ((await ok(admin, OrganizationCodeDocument, { id })).node as { code: string }).code;

describe("importRun COURSES", () => {
  it("creates the courses of a UTF-8 file with English headers, as drafts or published", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const [a, b] = [aCode(), aCode()];
    const csv = csvOf(
      "code,title,titleEn,lectureHours,practiceHours,level,field,learningOutcomes,status",
      `${a},工业机器人编程,Industrial Robot Programming,16,32,PROFESSIONAL_TRAINING,INTELLIGENT_MANUFACTURING,"能编写搬运程序; 能调试, 能维护",PUBLISHED`,
      `${b},"数控加工 ""基础""",,8,24,职业培训,高端装备,,`,
    );
    const result = await anImport(provider, { kind: "COURSES", csv });
    expect(result).toEqual({
      report: { kind: "COURSES", dryRun: false, alreadyImported: false, encoding: "UTF-8", fileKey: expect.stringMatching(/^[0-9a-f]{64}$/), rowsRead: 2, rowsWritten: 2, importedAt: expect.any(String), errors: [] },
      replayed: false,
      userErrors: [],
    });
    expect((await coursesOf(provider)).nodes).toEqual([
      {
        code: a, title: "工业机器人编程", titleEn: "Industrial Robot Programming", hours: { lecture: "16.00", practice: "32.00" }, credits: null,
        level: "PROFESSIONAL_TRAINING", field: "INTELLIGENT_MANUFACTURING", status: "PUBLISHED", learningOutcomes: ["能编写搬运程序", "能调试, 能维护"], validFrom: null, validTo: null,
      },
      {
        code: b, title: '数控加工 "基础"', titleEn: null, hours: { lecture: "8.00", practice: "24.00" }, credits: null,
        level: "PROFESSIONAL_TRAINING", field: "HIGH_END_EQUIPMENT", status: "DRAFT", learningOutcomes: [], validFrom: null, validTo: null,
      },
    ]);
  });

  it("reads UTF-8 with a byte order mark, as text or as bytes, with Chinese headers and dates as spreadsheets write them", async () => {
    const university = await aMember(server, admin, "UNIVERSITY");
    const [a, b] = [aCode("U"), aCode("U")];
    const header = "课程代码,课程名称,英文名称,理论学时,实践学时,学分,层次,行业领域,生效日期,失效日期,状态";
    const asText = await anImport(university, { kind: "COURSES", csv: `\uFEFF${csvOf(header, `${a},机械制图,Mechanical Drawing,32,16,3,本科,智能制造,2025/9/1,2029年8月31日,发布`)}` });
    expect(asText.report).toMatchObject({ encoding: "UTF-8", rowsRead: 1, rowsWritten: 1, errors: [] });
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csvOf(header, `${b},电工基础,,24,8,2,本科,其他,,,草稿`))]);
    const asBytes = await anImport(university, { kind: "COURSES", csvBase64: base64(bytes) });
    expect(asBytes.report).toMatchObject({ encoding: "UTF-8", rowsRead: 1, rowsWritten: 1, errors: [] });
    expect((await coursesOf(university)).nodes.map((course) => [course.code, course.title, course.credits, course.level, course.field, course.validFrom, course.validTo, course.status])).toEqual([
      [a, "机械制图", "3.00", "UNDERGRADUATE", "INTELLIGENT_MANUFACTURING", "2025-09-01", "2029-08-31", "PUBLISHED"],
      [b, "电工基础", "2.00", "UNDERGRADUATE", "OTHER", null, null, "DRAFT"],
    ]);
  });

  it("reads a GBK file with Chinese headers, also through npm run import", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const [a, b] = [aCode("G"), aCode("G")];
    const header = "课程代码,课程名称,理论学时,实践学时,层次,行业领域,学习成果";
    const gbk = encodeGbk(csvOf(header, `${a},智能制造技术基础,16,32,职业培训,智能制造,能够完成工业机器人的基本编程`));
    const result = await anImport(provider, { kind: "COURSES", csvBase64: base64(gbk) });
    expect(result.report).toMatchObject({ encoding: "GB18030", rowsRead: 1, rowsWritten: 1, errors: [] });
    expect((await coursesOf(provider)).nodes.map((course) => [course.code, course.title, course.learningOutcomes])).toEqual([[a, "智能制造技术基础", ["能够完成工业机器人的基本编程"]]]);

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "ronghe-import-"));
    try {
      const file = path.join(folder, "课程.csv");
      fs.writeFileSync(file, encodeGbk(csvOf(header, `${b},新能源汽车维修,8,40,职业培训,新能源,`)));
      const token = await server.token({ role: "provider", org: provider.organizationId, sub: "cli" });
      const args = ["--import", "@swc-node/register/esm-register", "src/cli/import.ts", "--kind", "courses", "--org", provider.organizationId, file, "--url", server.url, "--token", token];
      const { stdout } = await run(process.execPath, args, { cwd: process.cwd() });
      expect(stdout).toBe("OK (GB18030, 1 rows read): 1 rows written\n");
      const again = await run(process.execPath, args, { cwd: process.cwd() });
      expect(again.stdout).toMatch(/^OK \(GB18030, 1 rows read\): already imported on \S+: nothing new written\n$/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    expect((await coursesOf(provider)).nodes.map((course) => course.title)).toEqual(["智能制造技术基础", "新能源汽车维修"]);
  });

  it("reports every bad row with its line, column and reason, and writes nothing", async () => {
    const university = await aMember(server, admin, "UNIVERSITY");
    const taken = aCode("T");
    await anImport(university, { kind: "COURSES", csv: csvOf("code,title,lectureHours,practiceHours,credits,level,field", `${taken},已有课程,16,16,1,本科,其他`) });
    const [good, twice] = [aCode("T"), aCode("T")];
    const csv = csvOf(
      "课程代码,课程名称,理论学时,实践学时,学分,层次,行业领域,生效日期",
      `${good},"电路, 分析",32,16,3,本科,其他,`,
      `${aCode("T")},,32,16,3,本科,其他,`,
      `${aCode("T")},材料力学,abc,16,3,博士后,其他,`,
      "",
      `${twice},热力学,32,16,3,本科,其他,`,
      `${twice},热力学（重复）,32,16,3,本科,其他,`,
      `${taken},已有课程,16,16,1,本科,其他,`,
      `${aCode("T")},流体力学,32,16,,本科,其他,`,
      `${aCode("T")},传热学,32,16,2,本科,其他,2025-02-30`,
    );
    const before = (await coursesOf(university)).totalCount;
    const result = await anImport(university, { kind: "COURSES", csv });
    expect(result.userErrors).toEqual([{ code: "IMPORT_REJECTED", field: ["input", "csv"], message: "The file was not imported: 7 problem(s), listed in the report; nothing was written" }]);
    expect(result.report).toMatchObject({ rowsRead: 8, rowsWritten: 0, importedAt: null, alreadyImported: false });
    expect(result.report!.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 3, column: "课程名称", code: "REQUIRED" },
      { line: 4, column: "层次", code: "INVALID_VALUE" },
      { line: 4, column: "理论学时", code: "INVALID_HOURS" },
      { line: 7, column: "课程代码", code: "DUPLICATE_ROW" },
      { line: 8, column: "课程代码", code: "CODE_TAKEN" },
      { line: 9, column: "学分", code: "REQUIRED" },
      { line: 10, column: "生效日期", code: "INVALID_VALUE" },
    ]);
    expect(result.report!.errors.find((error) => error.line === 4 && error.code === "INVALID_VALUE")!.reason).toBe('"博士后" is not a level (e.g. UNDERGRADUATE or 本科)');
    expect((await coursesOf(university)).totalCount).toBe(before);
  });

  it("imports a file once: the same file again, by anyone and in any encoding, writes nothing new and says so", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const text = csvOf("课程代码,课程名称,理论学时,实践学时,层次,行业领域", `${aCode("R")},安全生产,8,8,职业培训,其他`);
    const key = aKey("import");
    const first = await anImport(provider, { kind: "COURSES", csv: text, idempotencyKey: key });
    expect(first.report).toMatchObject({ rowsWritten: 1, alreadyImported: false });
    const replay = await anImport(provider, { kind: "COURSES", csv: text, idempotencyKey: key });
    expect(replay).toEqual({ ...first, replayed: true });
    const again = await anImport(provider, { kind: "COURSES", csvBase64: base64(encodeGbk(text)) });
    expect(again).toEqual({ report: { ...first.report!, encoding: "GB18030", rowsWritten: 0, alreadyImported: true }, replayed: false, userErrors: [] });
    const colleague = server.client(await server.token({ role: "provider", org: provider.organizationId, sub: "colleague" }));
    const byColleague = (await ok(colleague, ImportRunDocument, { input: { idempotencyKey: aKey("import"), kind: "COURSES", organizationId: provider.organizationId, csv: text.replaceAll("\r\n", "\n"), dryRun: false } })).importRun;
    expect(byColleague.report).toMatchObject({ alreadyImported: true, rowsWritten: 0 });
    expect((await coursesOf(provider)).totalCount).toBe(1);
  });

  it("checks a dry run completely and writes nothing", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const text = csvOf("code,title,lectureHours,practiceHours,level,field", `${aCode("D")},焊接,8,24,职业培训,其他`, `${aCode("D")},钳工,8,24,职业培训,其他`);
    const dry = await anImport(provider, { kind: "COURSES", csv: text, dryRun: true });
    expect(dry).toMatchObject({ report: { dryRun: true, rowsRead: 2, rowsWritten: 2, alreadyImported: false, importedAt: null, errors: [] }, userErrors: [] });
    expect((await coursesOf(provider)).totalCount).toBe(0);
    expect((await anImport(provider, { kind: "COURSES", csv: text })).report).toMatchObject({ dryRun: false, rowsWritten: 2, alreadyImported: false });
    const bad = await anImport(provider, { kind: "COURSES", csv: csvOf("code,title,lectureHours,practiceHours,level,field", "x y,焊接,8,24,职业培训,其他"), dryRun: true });
    expect(bad.report!.errors.map((error) => [error.line, error.column, error.code])).toEqual([[2, "code", "INVALID_CODE"]]);
  });

  it("reports problems with the file as a whole, and refuses other organizations' imports", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const errorsOf = async (csv: string) => (await anImport(provider, { kind: "COURSES", csv })).report!.errors.map(({ line, column, code }) => [line, column, code]);
    expect(await errorsOf(csvOf("code,title,hours,level,field", "A,B,1,本科,其他"))).toEqual([
      [1, "hours", "UNKNOWN_COLUMN"],
      [1, "lectureHours", "MISSING_COLUMN"],
      [1, "practiceHours", "MISSING_COLUMN"],
    ]);
    expect(await errorsOf('code,title\n"A,B\n')).toEqual([[2, null, "MALFORMED_CSV"]]);
    expect(await errorsOf(csvOf("code,title,lectureHours,practiceHours,level,field"))).toEqual([[null, null, "EMPTY_FILE"]]);
    const both = await anImport(provider, { kind: "COURSES", csv: "a", csvBase64: base64("a") });
    expect(both).toEqual({ report: null, replayed: false, userErrors: [{ code: "INVALID_VALUE", field: ["input", "csv"], message: "Give the file either as csv (text) or as csvBase64 (bytes)" }] });
    const binary = await anImport(provider, { kind: "COURSES", csvBase64: base64(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0)) });
    expect(binary.userErrors.map((error) => error.code)).toEqual(["UNDECODABLE_FILE"]);

    const other = await aMember(server, admin, "TRAINING_PROVIDER");
    const refused = await execute(other.client, ImportRunDocument, {
      input: { idempotencyKey: aKey("import"), kind: "COURSES", organizationId: provider.organizationId, csv: csvOf("code,title,lectureHours,practiceHours,level,field", "Z-1,x,1,1,本科,其他"), dryRun: false },
    });
    expect(errorCodes(refused)).toEqual(["FORBIDDEN"]);
    expect((await coursesOf(provider)).totalCount).toBe(0);
  });
});

describe("importRun ACHIEVEMENTS", () => {
  it("records completions by the learner's reference and the course's code, each journaled, and reports every bad row", async () => {
    const provider = await aMember(server, admin, "TRAINING_PROVIDER");
    const course = await codeOfCourse(await aPublishedCourse(provider));
    const draft = aCode("DR");
    await anImport(provider, { kind: "COURSES", csv: csvOf("code,title,lectureHours,practiceHours,level,field", `${draft},草稿课,8,8,职业培训,其他`) });
    const [first, second] = [await aLearner(provider), await aLearner(provider)];
    const journaled = async () => (await entriesOfKind(admin, "ACHIEVEMENT_RECORDED")).length;
    const header = "学号,课程代码,成绩,完成日期";

    const before = await journaled();
    const bad = await anImport(provider, {
      kind: "ACHIEVEMENTS",
      csv: csvOf(header, `${first.externalRef},${course},85,2026/3/1`, `NOBODY,${course},85,2026-03-01`, `${second.externalRef},NO-SUCH,85,2026-03-01`,
        `${second.externalRef},${course},59,2026-03-01`, `${second.externalRef},${course},90,2099-01-01`, `${first.externalRef},${course},88,2026-03-01`, `${second.externalRef},${draft},90,2026-03-01`, `${second.externalRef},${course},90,3月1日`, `${second.externalRef},${course},${"九".repeat(21)},2026-03-03`),
    });
    expect(bad.report!.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 3, column: "学号", code: "NOT_FOUND" },
      { line: 4, column: "课程代码", code: "NOT_FOUND" },
      { line: 5, column: "成绩", code: "GRADE_NOT_PASSING" },
      { line: 6, column: "完成日期", code: "FUTURE_DATE" },
      { line: 7, column: "完成日期", code: "ACHIEVEMENT_ALREADY_RECORDED" },
      { line: 8, column: "课程代码", code: "COURSE_NOT_PUBLISHED" },
      { line: 9, column: "完成日期", code: "INVALID_VALUE" },
      { line: 10, column: "成绩", code: "TOO_LONG" },
    ]);
    expect(await journaled()).toBe(before);

    const good = await anImport(provider, { kind: "ACHIEVEMENTS", csv: csvOf(header, `${first.externalRef},${course},85,2026/3/1`, `${second.externalRef},${course},92,2026-03-02`) });
    expect(good.report).toMatchObject({ kind: "ACHIEVEMENTS", rowsRead: 2, rowsWritten: 2, errors: [] });
    expect(await journaled()).toBe(before + 2);
    const again = await anImport(provider, { kind: "ACHIEVEMENTS", csvBase64: base64(encodeGbk(csvOf(header, `${first.externalRef},${course},85,2026/3/1`, `${second.externalRef},${course},92,2026-03-02`))) });
    expect(again.report).toMatchObject({ alreadyImported: true, rowsWritten: 0 });
    expect(await journaled()).toBe(before + 2);
  });
});

describe("agreement export and RULES import", () => {
  let landscape: Bilateral;
  let source: AgreementFieldsFragment;
  let codes: { provider: string; university: string; courses: string[]; universityCourses: string[] };

  beforeAll(async () => {
    landscape = await aLandscape(server, admin, [{}, { lectureHours: "32", practiceHours: "32" }, {}, {}, {}, {}, {}]);
    const c = landscape.providerCourses;
    const [u0, u1] = landscape.universityCourses;
    const university = landscape.university.organizationId;
    source = (
      await anAgreement(landscape, {
        rules: [
          aCourseRule([c[0]], university, [u0]),
          aCourseRule([c[1]], university, [u1], { credits: { kind: "FROM_HOURS" } }),
          aCourseRule([c[2], c[3]], university, [], { target: { kind: "ELECTIVE_BLOCK", organizationId: university, electiveCredits: "4", electiveCategory: "专业选修" }, credits: { kind: "FIXED", credits: "4" } }),
          {
            source: { groupConjunction: "AND", groups: [{ conjunction: "OR", courseIds: [c[4], c[5]] }] },
            target: { kind: "COURSES", organizationId: university, courseIds: [u0, u1] },
            credits: { kind: "FIXED", credits: "1.5" },
            minGrade: 80,
            recencyYears: 3,
            note: "须达到良好",
          },
          aCourseRule([c[6]], university, [], { target: { kind: "NO_RECOGNITION", organizationId: university, reason: "内容重合不足" }, credits: null }),
        ],
      })
    ).agreement;
    codes = {
      provider: await codeOfOrganization(landscape.provider.organizationId),
      university: await codeOfOrganization(university),
      courses: await Promise.all(c.map(codeOfCourse)),
      universityCourses: await Promise.all([u0, u1].map(codeOfCourse)),
    };
  });

  const exportOf = async (client: GraphQLClient, agreementId: string, format: "JSON" | "CSV") => (await ok(client, AgreementExportDocument, { agreementId, format })).agreementExport;

  it("exports the rules as JSON with the cited course versions and the parties by code", async () => {
    const file = (await exportOf(server.client(), source.id, "JSON"))!;
    expect(file).toMatchObject({ contentType: "application/json", fileName: `agreement-${source.code}-v1.json` });
    const document = JSON.parse(file.content);
    expect(document.format).toBe("ronghe.agreement-export/1");
    expect(document.agreement).toMatchObject({ id: source.id, code: source.code, version: 1, termsHash: source.termsHash, status: "ACTIVE", validFrom: "2025-09-01", validTo: "2099-08-31" });
    expect(document.agreement.parties.map((party: { organization: { code: string }; role: string }) => [party.organization.code, party.role]).sort()).toEqual(
      [[codes.provider, "SENDING"], [codes.university, "RECEIVING"]].sort(),
    );
    expect(document.rules).toHaveLength(5);
    const elective = document.rules.find((rule: { target: { kind: string } }) => rule.target.kind === "ELECTIVE_BLOCK");
    expect(elective).toMatchObject({
      id: expect.any(String),
      source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courses: [{ version: 1, organization: { code: codes.provider } }, { version: 1 }] }] },
      target: { kind: "ELECTIVE_BLOCK", organization: { code: codes.university }, credits: "4.00", category: "专业选修" },
      credits: { kind: "FIXED", credits: "4.00" },
    });
    expect(elective.source.groups[0].courses.map((course: { code: string }) => course.code).sort()).toEqual([codes.courses[2], codes.courses[3]].sort());
  });

  it("exports the rules as CSV that, imported into another agreement, reproduces them", async () => {
    const csv = (await exportOf(landscape.university.client, source.id, "CSV"))!;
    expect(csv.contentType).toBe("text/csv; charset=utf-8");
    const lines = csv.content.split("\r\n");
    expect(lines[0]).toBe("sourceOrganization,sourceCourses,sourceGroupConjunction,targetKind,targetOrganization,targetCourses,electiveCredits,electiveCategory,reason,creditsKind,credits,minGrade,recencyYears,note");
    const [p, u] = [codes.provider, codes.university];
    const [c, t] = [codes.courses, codes.universityCourses];
    // Within a group, courses are listed in the terms document's order: by global ID.
    const inIdOrder = (ids: string[], names: string[]) => ids.map((id, i) => [id, names[i]]).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, name]) => name);
    const ids = landscape.providerCourses;
    expect(lines.slice(1, -1).sort()).toEqual(
      [
        `${p},${c[0]},AND,COURSES,${u},${t[0]},,,,FIXED,2.00,,,`,
        `${p},${c[1]},AND,COURSES,${u},${t[1]},,,,FROM_HOURS,,,,`,
        `${p},${inIdOrder([ids[2], ids[3]], [c[2], c[3]]).join("+")},AND,ELECTIVE_BLOCK,${u},,4.00,专业选修,,FIXED,4.00,,,`,
        `${p},${inIdOrder([ids[4], ids[5]], [c[4], c[5]]).join("/")},AND,COURSES,${u},${inIdOrder(landscape.universityCourses, t).join("+")},,,,FIXED,1.50,80,3,须达到良好`,
        `${p},${c[6]},AND,NO_RECOGNITION,${u},,,,内容重合不足,,,,,`,
      ].sort(),
    );

    const target = (await anAgreement(landscape, { rules: [aCourseRule([landscape.providerCourses[0]], landscape.university.organizationId, [landscape.universityCourses[1]])] })).agreement;
    const amended = (await entriesOfKind(admin, "AGREEMENT_AMENDED")).length;
    const result = await anImport(landscape.university, { kind: "RULES", agreementId: target.id, csv: csv.content });
    expect(result).toMatchObject({ report: { kind: "RULES", rowsRead: 5, rowsWritten: 5, errors: [] }, userErrors: [] });
    expect(await entriesOfKind(admin, "AGREEMENT_AMENDED")).toHaveLength(amended + 1);
    const node = (await ok(landscape.university.client, AgreementNodeDocument, { id: target.id })).node as AgreementFieldsFragment;
    expect(node).toMatchObject({ version: 2, status: "ACTIVE" });
    expect((await exportOf(landscape.university.client, target.id, "CSV"))!.content).toBe(csv.content);
    // The amendment awaits the parties' approval: others still see version 1.
    expect((await exportOf(server.client(), target.id, "CSV"))!.content).not.toBe(csv.content);
  });

  it("reports every bad rule row and amends nothing", async () => {
    const target = (await anAgreement(landscape, { rules: [aCourseRule([landscape.providerCourses[0]], landscape.university.organizationId, [landscape.universityCourses[1]])] })).agreement;
    const [p, u] = [codes.provider, codes.university];
    const [c, t] = [codes.courses, codes.universityCourses];
    const csv = csvOf(
      "来源机构代码,来源课程,认定方式,目标机构代码,目标课程,学分,选修学分,选修类别,不予认定理由",
      `${p},${c[0]},课程,${u},${t[0]},2,,,`,
      `${p},NO-SUCH,课程,${u},${t[0]},2,,,`,
      `${p},${c[1]}+${c[2]}/${c[3]},课程,${u},${t[0]},2,,,`,
      `${p},${c[4]},课程,000,${t[0]},2,,,`,
      `${p},${c[5]},不予认定,${u},,2,,,重复`,
      `${p},${c[6]},课程,${u},${c[0]}@${p},2,,,`,
    );
    const result = await anImport(landscape.university, { kind: "RULES", agreementId: target.id, csv });
    expect(result.report!.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 3, column: "来源课程", code: "UNKNOWN_COURSE" },
      { line: 4, column: "来源课程", code: "INVALID_VALUE" },
      { line: 5, column: "目标机构代码", code: "UNKNOWN_ORGANIZATION" },
      { line: 6, column: "学分", code: "INVALID_VALUE" },
      { line: 7, column: "目标课程", code: "COURSE_NOT_OF_PARTY" },
    ]);
    const node = (await ok(landscape.university.client, AgreementNodeDocument, { id: target.id })).node as AgreementFieldsFragment;
    expect(node.version).toBe(1);
    const missing = await anImport(landscape.university, { kind: "RULES", csv });
    expect(missing.userErrors).toEqual([{ code: "REQUIRED", field: ["input", "agreementId"], message: "A RULES import amends an agreement: give its ID" }]);
  });
});

describe("transcriptExport", () => {
  it("exports a learner's record as CSV and as the latest signed statement, to those who may read it", async () => {
    const landscape = await aLandscape(server, admin);
    const university = landscape.university.organizationId;
    await anAgreement(landscape, { rules: [aCourseRule([landscape.providerCourses[0]], university, [landscape.universityCourses[0]])] });
    const learner = await aConsentingLearner(server, landscape);
    const achievement = await aCompletion(landscape, learner, landscape.providerCourses[0]);
    await transfer(landscape.university, aTransferInput(landscape, learner, [achievement]));
    const args = { learnerId: learner.id, organizationId: university };

    const csv = (await ok(landscape.university.client, TranscriptExportDocument, { ...args, format: "CSV" })).transcriptExport!;
    const lines = csv.content.split("\r\n");
    expect(lines[0]).toBe("entry,code,title,titleEn,credits,lectureHours,practiceHours,result,date,sourceOrganization,sourceCourses,agreement,agreementVersion,termsHash,ledgerEntryId");
    expect(lines[1]).toMatch(new RegExp(`^RECOGNITION,${await codeOfCourse(landscape.universityCourses[0])},测试课程\\d+,Test Course \\d+,2\\.00,16\\.00,16\\.00,GRANTED,\\d{4}-\\d\\d-\\d\\d,测试科技有限公司\\d+,${await codeOfCourse(landscape.providerCourses[0])},AGR-\\d+,1,[0-9a-f]{64},\\S+$`));
    expect(lines).toHaveLength(3);

    expect((await ok(landscape.university.client, TranscriptExportDocument, { ...args, format: "STATEMENT" })).transcriptExport).toBeNull();
    const statement = await aStatement(await asLearner(server, learner.id), learner.id, university);
    expect((await ok(landscape.university.client, TranscriptExportDocument, { ...args, format: "STATEMENT" })).transcriptExport).toEqual({
      fileName: `statement-${statement.id.replace("urn:uuid:", "")}.jwt`,
      contentType: "application/vc+jwt",
      content: statement.jws,
    });
    const stranger = await aMember(server, admin, "UNIVERSITY");
    expect((await ok(stranger.client, TranscriptExportDocument, { ...args, format: "CSV" })).transcriptExport).toBeNull();
    expect(errorCodes(await execute(stranger.client, TranscriptExportDocument, { ...args, organizationId: stranger.organizationId, format: "CSV" }))).toEqual([]);
  });
});
