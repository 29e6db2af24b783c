import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aDraftCourse, aDraftPackage, aMember, aPublishedCourse, aPublishedPackage, type Member } from "../support/course-factories.js";
import { anImport, csvOf } from "../support/exchange-factories.js";
import {
  CoursePackagesDocument,
  CoursePackagesWithItemsDocument,
  CourseRetireDocument,
  CoursesDocument,
  CourseUpdateDocument,
  CoursesWithOrganizationAndPackagesDocument,
  OrganizationsWithCatalogDocument,
  type CatalogOrder,
  type CourseFilter,
} from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let provider: Member;
let otherProvider: Member;
let university: Member;
const course: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  provider = await aMember(server, admin);
  otherProvider = await aMember(server, admin);
  university = await aMember(server, admin, "UNIVERSITY");
  course.basics = await aPublishedCourse(provider, {
    code: "IM-100",
    title: "智能制造技术基础",
    titleEn: "Fundamentals of Intelligent Manufacturing",
    field: "INTELLIGENT_MANUFACTURING",
    level: "HIGHER_VOCATIONAL",
    validFrom: "2026-01-01",
    validTo: "2026-12-31",
  });
  course.robotProgramming = await aPublishedCourse(provider, {
    code: "IM-200",
    title: "面向智能制造的工业机器人编程",
    titleEn: "Industrial Robot Programming for Smart Factories",
    field: "INTELLIGENT_MANUFACTURING",
    learningOutcomes: ["掌握机器人离线编程"],
  });
  course.robotMaintenance = await aPublishedCourse(provider, { code: "ROB-1", title: "机器人维护", titleEn: "Robot Maintenance", field: "HIGH_END_EQUIPMENT" });
  course.security = await aPublishedCourse(university, {
    code: "NET-1",
    title: "网络安全导论",
    titleEn: "Introduction to Cybersecurity",
    credits: "2",
    level: "UNDERGRADUATE",
    field: "CYBERSECURITY",
    learningOutcomes: ["能够配置防火墙 (firewall) 策略"],
  });
  course.draft = await aDraftCourse(provider, { code: "DRAFT-1", title: "智能制造草稿课程" });
  course.retired = await aPublishedCourse(provider, { code: "OLD-1", title: "智能制造旧课程" });
  await ok(provider.client, CourseRetireDocument, { input: { courseId: course.retired } });
});
afterAll(() => server?.stop());

async function search(client: GraphQLClient, filter: CourseFilter, orderBy?: CatalogOrder) {
  const { courses } = await ok(client, CoursesDocument, { first: 100, filter, orderBy });
  return courses.edges.map((edge) => edge.node.id);
}

/** Pages through a search `size` at a time and returns the IDs in the order seen. */
async function pageThrough(client: GraphQLClient, size: number, filter: CourseFilter, orderBy?: CatalogOrder): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const { courses }: { courses: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } } = await ok(client, CoursesDocument, {
      first: size,
      after,
      filter,
      orderBy,
    });
    seen.push(...courses.edges.map((edge) => edge.node.id));
    if (!courses.pageInfo.hasNextPage) return seen;
    after = courses.pageInfo.endCursor ?? null;
  }
  throw new Error("pagination did not end");
}

describe("courses: text search", () => {
  it("finds 智能制造技术基础 by the Chinese term 智能制造, the title that starts with it first", async () => {
    expect(await search(server.client(), { text: "智能制造" })).toEqual([course.basics, course.robotProgramming]);
  });

  it("matches a two-character Chinese term, which has no trigrams, as a substring", async () => {
    expect(await search(server.client(), { text: "机器" })).toEqual([course.robotMaintenance, course.robotProgramming]);
  });

  it("matches a single character", async () => {
    expect(await search(server.client(), { text: "网" })).toEqual([course.security]);
  });

  it("matches English titles case-insensitively", async () => {
    expect(await search(server.client(), { text: "ROBOT" })).toEqual([course.robotMaintenance, course.robotProgramming]);
    expect(await search(server.client(), { text: "  cybersecurity " })).toEqual([course.security]);
  });

  it("matches codes in any case, the exact code first", async () => {
    expect((await search(server.client(), { text: "im-200" }))[0]).toBe(course.robotProgramming);
    expect(new Set(await search(server.client(), { text: "im-" }))).toEqual(new Set([course.basics, course.robotProgramming]));
  });

  it("matches learning outcomes in Chinese and English", async () => {
    expect(await search(server.client(), { text: "防火墙" })).toEqual([course.security]);
    expect(await search(server.client(), { text: "Firewall" })).toEqual([course.security]);
    expect(await search(server.client(), { text: "离线编程" })).toEqual([course.robotProgramming]);
  });

  it("folds full-width letters, as typed by Chinese input methods", async () => {
    expect(await search(server.client(), { text: "ＲＯＢ－１" })).toEqual([course.robotMaintenance]);
  });

  it("treats LIKE wildcards literally", async () => {
    expect(await search(server.client(), { text: "%" })).toEqual([]);
    expect(await search(server.client(), { text: "IM_100" })).toEqual([]);
  });

  it("shows a course published, edited or retired in the very next public search, though public searches are cached", async () => {
    const anonymous = server.client();
    expect(await search(anonymous, { text: "量子传感" })).toEqual([]);
    const sensing = await aPublishedCourse(provider, { code: "QS-1", title: "量子传感原理" });
    expect(await search(anonymous, { text: "量子传感" })).toEqual([sensing]);
    await ok(provider.client, CourseUpdateDocument, { input: { courseId: sensing, title: "精密测量原理" } });
    expect(await search(anonymous, { text: "量子传感" })).toEqual([]);
    expect(await search(anonymous, { text: "精密测量" })).toEqual([sensing]);
    await ok(provider.client, CourseRetireDocument, { input: { courseId: sensing } });
    expect(await search(anonymous, { text: "精密测量" })).toEqual([]);
  });

  it("shows courses published by a CSV import in the very next public search, and nothing of a dry run", async () => {
    // Few courses per page: anonymous searches share one cost budget in this file.
    const codesFound = async () => (await ok(server.client(), CoursesDocument, { first: 5, filter: { text: "氢能储运" } })).courses.edges.map((edge) => edge.node.code);
    const csv = (code: string) => csvOf("code,title,lectureHours,practiceHours,level,field,status", `${code},氢能储运技术,16,16,PROFESSIONAL_TRAINING,NEW_ENERGY,PUBLISHED`);
    const importer = await aMember(server, admin);
    expect(await codesFound()).toEqual([]);
    await anImport(importer, { kind: "COURSES", csv: csv("H2-0"), dryRun: true });
    expect(await codesFound()).toEqual([]);
    await anImport(importer, { kind: "COURSES", csv: csv("H2-1") });
    expect(await codesFound()).toEqual(["H2-1"]);
  });

  it("ranks exact code, then title prefix, then code prefix, then title substring, then other text", async () => {
    const member = await aMember(server, admin);
    const outcomeOnly = await aPublishedCourse(member, { code: "J-5", title: "金属连接工艺", titleEn: "Metal Joining", learningOutcomes: ["weld a butt joint"] });
    const titleContains = await aPublishedCourse(member, { code: "J-4", title: "高级焊接", titleEn: "Advanced Welding" });
    const codePrefix = await aPublishedCourse(member, { code: "WELD-2", title: "焊接实训", titleEn: "Workshop Practice" });
    const titlePrefix = await aPublishedCourse(member, { code: "J-2", title: "焊接基础", titleEn: "Welding Fundamentals" });
    const exactCode = await aPublishedCourse(member, { code: "WELD", title: "电弧原理", titleEn: "Arc Physics" });
    expect(await search(server.client(), { text: "weld", organizationId: member.organizationId })).toEqual([exactCode, titlePrefix, codePrefix, titleContains, outcomeOnly]);
    expect(await search(server.client(), { text: "weld", organizationId: member.organizationId }, "CREATED")).toEqual([outcomeOnly, titleContains, codePrefix, titlePrefix, exactCode]);
  });
});

describe("courses: pagination", () => {
  let member: Member;
  beforeAll(async () => {
    member = await aMember(server, admin);
    // Equal titles make equal relevance scores: the cursor must break ties by id.
    for (const [code, title] of [["PG-7", "分页测试课程"], ["PG-3", "分页测试课程"], ["PG-5", "进阶分页测试"], ["PG-1", "分页测试课程"], ["PG-6", "分页测试"], ["PG-2", "B 分页测试课程"], ["PG-4", "分页测试课程"]]) {
      await aPublishedCourse(member, { code, title, titleEn: null });
    }
  });

  it.each([
    ["relevance to a text", { text: "分页测试" }, undefined],
    ["creation order", {}, undefined],
    ["code", {}, "CODE"],
    ["title", {}, "TITLE"],
    ["relevance without a text (creation order)", {}, "RELEVANCE"],
  ] as [string, CourseFilter, CatalogOrder | undefined][])("pages by %s with no duplicates or gaps", async (_name, filter, orderBy) => {
    const scoped = { ...filter, organizationId: member.organizationId };
    const whole = await search(server.client(), scoped, orderBy);
    expect(whole).toHaveLength(7);
    for (const size of [1, 2, 3]) expect(await pageThrough(server.client(), size, scoped, orderBy)).toEqual(whole);
  });

  it("orders by code and by title as asked", async () => {
    const { courses } = await ok(server.client(), CoursesDocument, { first: 10, filter: { organizationId: member.organizationId }, orderBy: "CODE" });
    expect(courses.edges.map((edge) => edge.node.code)).toEqual(["PG-1", "PG-2", "PG-3", "PG-4", "PG-5", "PG-6", "PG-7"]);
    const byTitle = await ok(server.client(), CoursesDocument, { first: 10, filter: { organizationId: member.organizationId }, orderBy: "TITLE" });
    expect(byTitle.courses.edges.map((edge) => edge.node.title)).toEqual(["B 分页测试课程", "分页测试", "分页测试课程", "分页测试课程", "分页测试课程", "分页测试课程", "进阶分页测试"]);
  });

  it("reports totalCount across pages and hasPreviousPage after a cursor", async () => {
    const first = await ok(server.client(), CoursesDocument, { first: 3, filter: { text: "分页测试" } });
    expect(first.courses).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const second = await ok(server.client(), CoursesDocument, { first: 3, after: first.courses.pageInfo.endCursor, filter: { text: "分页测试" } });
    expect(second.courses).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true, hasPreviousPage: true } });
  });

  it("refuses a cursor made under another order, a garbled one, and a page size over 100 with BAD_USER_INPUT", async () => {
    const { courses } = await ok(server.client(), CoursesDocument, { first: 1, filter: { text: "分页测试" } });
    const cases = [
      { first: 1, after: courses.pageInfo.endCursor, orderBy: "CODE" as const },
      { first: 1, after: Buffer.from(JSON.stringify(["CREATED", "x", "y"])).toString("base64url") },
      { first: 1, after: "garbage" },
      { first: 101 },
    ];
    for (const variables of cases) expect(errorCodes(await execute(server.client(), CoursesDocument, variables))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("courses: filters and visibility", () => {
  it("filters by organization kind, organization, field, level and validity day", async () => {
    expect(await search(server.client(), { organizationKind: "UNIVERSITY", organizationId: university.organizationId })).toEqual([course.security]);
    expect(await search(server.client(), { organizationId: provider.organizationId, field: "INTELLIGENT_MANUFACTURING" })).toEqual([course.basics, course.robotProgramming]);
    expect(await search(server.client(), { organizationId: provider.organizationId, level: "HIGHER_VOCATIONAL" })).toEqual([course.basics]);
    const onDay = await search(server.client(), { organizationId: provider.organizationId, validOn: "2027-03-01" });
    expect(onDay).toEqual([course.robotProgramming, course.robotMaintenance]);
    expect(await search(server.client(), { organizationKind: "TRAINING_PROVIDER", text: "网络" })).toEqual([]);
  });

  it("filters by package, and hides a draft package's contents from others", async () => {
    const published = await aPublishedPackage(provider, [course.robotMaintenance, course.basics]);
    expect(await search(server.client(), { packageId: published })).toEqual([course.basics, course.robotMaintenance]);
    const draft = await aDraftPackage(provider, [course.robotProgramming]);
    expect(await search(server.client(), { packageId: draft })).toEqual([]);
    expect(await search(provider.client, { packageId: draft })).toEqual([course.robotProgramming]);
  });

  it("shows drafts to their organization and admins only, and retired courses only when asked for", async () => {
    expect(await search(server.client(), { text: "草稿" })).toEqual([]);
    expect(await search(otherProvider.client, { text: "草稿" })).toEqual([]);
    expect(await search(provider.client, { text: "草稿" })).toEqual([course.draft]);
    expect(await search(admin, { text: "草稿" })).toEqual([course.draft]);
    expect(await search(server.client(), { status: ["DRAFT"] })).toEqual([]);
    expect(await search(server.client(), { text: "旧课程" })).toEqual([]);
    expect(await search(server.client(), { text: "旧课程", status: ["RETIRED"] })).toEqual([course.retired]);
    const everything = await search(provider.client, { text: "智能制造", status: ["DRAFT", "PUBLISHED", "RETIRED"] });
    expect(new Set(everything)).toEqual(new Set([course.basics, course.robotProgramming, course.draft, course.retired]));
  });

  it("refuses an organization filter that is not an Organization ID with BAD_USER_INPUT", async () => {
    expect(errorCodes(await execute(server.client(), CoursesDocument, { filter: { organizationId: course.basics } }))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("coursePackages: search", () => {
  it("finds packages by occupation or certificate, filters by course and apprenticeship, and hides drafts", async () => {
    const member = await aMember(server, admin);
    const practice = await aPublishedCourse(member, { lectureHours: "0", practiceHours: "40" });
    const apprenticeship = await aPublishedPackage(member, [practice], { occupation: "焊工", certificate: { name: "特种作业操作证" }, apprenticeship: true });
    const plain = await aPublishedPackage(member, [practice], { occupation: "焊接检验员", certificate: null });
    await aDraftPackage(member, [practice], { occupation: "焊接机器人操作员" });
    const ids = async (client: GraphQLClient, filter: Record<string, unknown>) =>
      (await ok(client, CoursePackagesDocument, { first: 100, filter: { organizationId: member.organizationId, ...filter } })).coursePackages.edges.map((edge) => edge.node.id);
    expect(await ids(server.client(), { text: "焊" })).toEqual([apprenticeship, plain]);
    expect(await ids(server.client(), { text: "特种作业" })).toEqual([apprenticeship]);
    expect(await ids(server.client(), { apprenticeship: false })).toEqual([plain]);
    expect(await ids(server.client(), { courseId: practice })).toEqual([apprenticeship, plain]);
    expect(await ids(member.client, { text: "机器人" })).toHaveLength(1);
    expect(await ids(server.client(), { text: "机器人" })).toEqual([]);
  });
});

describe("nested reads", () => {
  it("runs as many SQL statements for 100 courses with their organizations and packages as for 1", async () => {
    const member = await aMember(server, admin);
    const ids: string[] = [];
    for (let i = 0; i < 100; i += 1) ids.push(await aDraftCourse(member, { code: `N1-${i}` }));
    await aDraftPackage(member, ids.slice(0, 30));
    await aDraftPackage(member, ids.slice(20, 60));
    const run = async (first: number) => {
      const result = await execute(member.client, CoursesWithOrganizationAndPackagesDocument, { first, filter: { organizationId: member.organizationId } });
      expect(result.errors).toEqual([]);
      return result;
    };
    const one = await run(1);
    const hundred = await run(100);
    expect(hundred.data!.courses.nodes).toHaveLength(100);
    expect(hundred.data!.courses.nodes[25]).toEqual({ id: ids[25], organization: { id: member.organizationId, name: expect.any(String) }, packages: { totalCount: 2, nodes: [expect.anything(), expect.anything()] } });
    expect(one.extensions?.sqlStatements).toEqual(expect.any(Number));
    expect(hundred.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });

  it("runs as many statements for many packages with their items' courses and versions as for one", async () => {
    const member = await aMember(server, admin);
    const courses = [await aPublishedCourse(member), await aPublishedCourse(member)];
    for (let i = 0; i < 5; i += 1) await aPublishedPackage(member, courses);
    await aDraftPackage(member, [courses[0]]);
    const run = (first: number) => execute(member.client, CoursePackagesWithItemsDocument, { first, filter: { organizationId: member.organizationId } });
    const one = await run(1);
    const many = await run(6);
    expect(many.data!.coursePackages.nodes).toHaveLength(6);
    expect(many.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });

  it("runs as many statements for organizations' courses and packages whatever the number of organizations", async () => {
    const one = await execute(server.client(), OrganizationsWithCatalogDocument, { first: 1 });
    const all = await execute(server.client(), OrganizationsWithCatalogDocument, { first: 100 });
    expect(all.errors).toEqual([]);
    expect(all.data!.organizations.nodes.length).toBeGreaterThan(5);
    expect(all.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });
});
