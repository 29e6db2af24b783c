import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aCourseInput, aDraftCourse, aMember, aPublishedCourse, type Member } from "../support/course-factories.js";
import {
  CourseCreateDocument,
  CourseNodeDocument,
  CoursePublishDocument,
  CourseRetireDocument,
  CoursesDocument,
  CourseUpdateDocument,
  CourseVersionsDocument,
  OrganizationCatalogDocument,
} from "../generated/operations.js";

let server: TestServer;
let admin: GraphQLClient;
let provider: Member;
let otherProvider: Member;
let university: Member;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
  provider = await aMember(server, admin);
  otherProvider = await aMember(server, admin);
  university = await aMember(server, admin, "UNIVERSITY");
});
afterAll(() => server?.stop());

/** Every course in the database, whatever its status. */
async function countCourses(): Promise<number> {
  return (await ok(admin, CoursesDocument, { first: 1, filter: { status: ["DRAFT", "PUBLISHED", "RETIRED"] } })).courses.totalCount;
}

async function courseAsAdmin(id: string) {
  return (await ok(admin, CourseNodeDocument, { id })).node;
}

const unknownCourseId = Buffer.from("Course:00000000-0000-7000-8000-000000000000").toString("base64url");
const unknownOrganizationId = Buffer.from("Organization:00000000-0000-7000-8000-000000000000").toString("base64url");

describe("courseCreate", () => {
  it("creates a draft course for the provider's own organization and returns it whole", async () => {
    const input = aCourseInput(provider.organizationId, {
      code: " me-101 ",
      title: "智能制造技术基础",
      titleEn: "Fundamentals of Intelligent Manufacturing",
      description: "面向制造企业的入门课程",
      lectureHours: "32",
      practiceHours: "16.5",
      level: "HIGHER_VOCATIONAL",
      field: "INTELLIGENT_MANUFACTURING",
      learningOutcomes: ["能够描述智能制造系统的组成", "Operate a collaborative robot safely"],
      validFrom: "2026-01-01",
      validTo: "2028-12-31",
    });
    const { courseCreate } = await ok(provider.client, CourseCreateDocument, { input });
    expect(courseCreate).toEqual({
      course: {
        __typename: "Course",
        id: expect.any(String),
        code: "ME-101",
        title: "智能制造技术基础",
        titleEn: "Fundamentals of Intelligent Manufacturing",
        description: "面向制造企业的入门课程",
        hours: { lecture: "32.00", practice: "16.50", total: "48.50" },
        practiceRatio: 0.3402,
        credits: null,
        level: "HIGHER_VOCATIONAL",
        field: "INTELLIGENT_MANUFACTURING",
        learningOutcomes: ["能够描述智能制造系统的组成", "Operate a collaborative robot safely"],
        language: "zh",
        validFrom: "2026-01-01",
        validTo: "2028-12-31",
        status: "DRAFT",
        version: 1,
        organization: { id: provider.organizationId },
      },
      replayed: false,
      userErrors: [],
    });
  });

  it("lets a university registrar create a course with credits in its credit unit", async () => {
    const { courseCreate } = await ok(university.client, CourseCreateDocument, {
      input: aCourseInput(university.organizationId, { credits: "2.5", level: "UNDERGRADUATE", language: "en" }),
    });
    expect(courseCreate.course).toMatchObject({ credits: "2.50", level: "UNDERGRADUATE", language: "en", organization: { id: university.organizationId } });
  });

  it("requires credits of a university's course, but not of a training provider's", async () => {
    const before = await countCourses();
    const { courseCreate } = await ok(university.client, CourseCreateDocument, { input: aCourseInput(university.organizationId, { credits: null }) });
    expect(courseCreate).toEqual({ course: null, replayed: false, userErrors: [{ code: "REQUIRED", field: ["input", "credits"], message: "credits is required" }] });
    expect(await countCourses()).toBe(before);
  });

  it("reports every bad field at once and writes nothing", async () => {
    const before = await countCourses();
    const { courseCreate } = await ok(university.client, CourseCreateDocument, {
      input: aCourseInput(university.organizationId, {
        code: "ME 101",
        title: " ",
        titleEn: "x".repeat(201),
        lectureHours: "-1",
        practiceHours: "1.234",
        credits: "2.555",
        learningOutcomes: ["ok", ""],
        language: "Chinese",
        validFrom: "2027-01-01",
        validTo: "2026-12-31",
      }),
    });
    expect(courseCreate.course).toBeNull();
    expect(courseCreate.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["INVALID_CODE", ["input", "code"]],
      ["REQUIRED", ["input", "title"]],
      ["TOO_LONG", ["input", "titleEn"]],
      ["INVALID_HOURS", ["input", "lectureHours"]],
      ["INVALID_HOURS", ["input", "practiceHours"]],
      ["INVALID_CREDITS", ["input", "credits"]],
      ["REQUIRED", ["input", "learningOutcomes", "1"]],
      ["INVALID_VALUE", ["input", "language"]],
      ["INVALID_DATE_RANGE", ["input", "validTo"]],
    ]);
    expect(await countCourses()).toBe(before);
  });

  it("refuses hours that add up to nothing, and negative credits", async () => {
    const { courseCreate } = await ok(university.client, CourseCreateDocument, {
      input: aCourseInput(university.organizationId, { lectureHours: "0", practiceHours: "0.00", credits: "-1" }),
    });
    expect(courseCreate.userErrors).toEqual([
      { code: "INVALID_HOURS", field: ["input", "lectureHours"], message: "A course needs more than 0 hours of lecture and practice together" },
      { code: "INVALID_CREDITS", field: ["input", "credits"], message: "credits must be from 0 to 1000 credits" },
    ]);
  });

  it("refuses a validTo equal to validFrom: the end must come after the start", async () => {
    const { courseCreate } = await ok(provider.client, CourseCreateDocument, { input: aCourseInput(provider.organizationId, { validFrom: "2026-09-01", validTo: "2026-09-01" }) });
    expect(courseCreate.userErrors.map((error) => error.code)).toEqual(["INVALID_DATE_RANGE"]);
  });

  it("refuses a code the organization already uses with CODE_TAKEN, while another organization may use it", async () => {
    await aDraftCourse(provider, { code: "DUP-1" });
    const before = await countCourses();
    const { courseCreate } = await ok(provider.client, CourseCreateDocument, { input: aCourseInput(provider.organizationId, { code: "dup-1" }) });
    expect(courseCreate).toEqual({
      course: null,
      replayed: false,
      userErrors: [{ code: "CODE_TAKEN", field: ["input", "code"], message: "The organization already has a course with the code DUP-1" }],
    });
    expect(await countCourses()).toBe(before);
    expect(await aDraftCourse(otherProvider, { code: "DUP-1" })).toEqual(expect.any(String));
  });

  it("refuses a malformed organization ID with INVALID_ID and an unknown one with NOT_FOUND", async () => {
    const malformed = await ok(admin, CourseCreateDocument, { input: aCourseInput("nope") });
    expect(malformed.courseCreate.userErrors.map((error) => [error.code, error.field])).toEqual([["INVALID_ID", ["input", "organizationId"]]]);
    const unknown = await ok(admin, CourseCreateDocument, { input: aCourseInput(unknownOrganizationId) });
    expect(unknown.courseCreate.userErrors.map((error) => [error.code, error.field])).toEqual([["NOT_FOUND", ["input", "organizationId"]]]);
  });

  it("is FORBIDDEN for another organization and for learners, UNAUTHENTICATED without a token, and writes nothing", async () => {
    const before = await countCourses();
    const forOther = await execute(provider.client, CourseCreateDocument, { input: aCourseInput(otherProvider.organizationId) });
    expect(errorCodes(forOther)).toEqual(["FORBIDDEN"]);
    const learner = server.client(await server.token({ role: "learner", sub: "learner-1" }));
    expect(errorCodes(await execute(learner, CourseCreateDocument, { input: aCourseInput(provider.organizationId) }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await execute(server.client(), CourseCreateDocument, { input: aCourseInput(provider.organizationId) }))).toEqual(["UNAUTHENTICATED"]);
    expect(await countCourses()).toBe(before);
  });

  it("lets an admin create a course for any organization", async () => {
    const { courseCreate } = await ok(admin, CourseCreateDocument, { input: aCourseInput(otherProvider.organizationId) });
    expect(courseCreate.course?.organization).toEqual({ id: otherProvider.organizationId });
  });

  it("replays the same idempotency key and input, refuses the key with another input, and refuses a malformed key", async () => {
    const input = { ...aCourseInput(provider.organizationId), idempotencyKey: "course-once" };
    const first = await ok(provider.client, CourseCreateDocument, { input });
    const before = await countCourses();
    const second = await ok(provider.client, CourseCreateDocument, { input });
    expect(second.courseCreate).toEqual({ ...first.courseCreate, replayed: true });
    const reused = await ok(provider.client, CourseCreateDocument, { input: { ...aCourseInput(provider.organizationId), idempotencyKey: "course-once" } });
    expect(reused.courseCreate.userErrors.map((error) => [error.code, error.field])).toEqual([["IDEMPOTENCY_KEY_REUSED", ["input", "idempotencyKey"]]]);
    const malformed = await ok(provider.client, CourseCreateDocument, { input: { ...aCourseInput(provider.organizationId), idempotencyKey: "" } });
    expect(malformed.courseCreate.userErrors.map((error) => error.code)).toEqual(["INVALID_IDEMPOTENCY_KEY"]);
    expect(await countCourses()).toBe(before);
  });
});

describe("courseUpdate", () => {
  it("edits a draft in place: same version, omitted fields kept, null clears optional ones", async () => {
    const id = await aDraftCourse(provider, { description: "旧描述", validTo: "2030-01-01" });
    const before = await courseAsAdmin(id);
    const { courseUpdate } = await ok(provider.client, CourseUpdateDocument, { input: { courseId: id, title: "新标题", description: null, practiceHours: "48" } });
    expect(courseUpdate).toEqual({
      course: { ...before, title: "新标题", description: null, hours: { lecture: "16.00", practice: "48.00", total: "64.00" }, practiceRatio: 0.75 },
      replayed: false,
      userErrors: [],
    });
    expect((await ok(admin, CourseVersionsDocument, { id })).node).toEqual({ version: 1, versions: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } });
  });

  it("edits a published course as its next version and keeps the previous version readable", async () => {
    const id = await aPublishedCourse(provider, { title: "工业机器人编程", lectureHours: "20", practiceHours: "12" });
    const { courseUpdate } = await ok(provider.client, CourseUpdateDocument, { input: { courseId: id, title: "工业机器人编程（第二版）", practiceHours: "28" } });
    expect(courseUpdate.course).toMatchObject({ status: "PUBLISHED", version: 2, title: "工业机器人编程（第二版）", hours: { lecture: "20.00", practice: "28.00", total: "48.00" } });
    const { node } = await ok(server.client(), CourseVersionsDocument, { id });
    expect(node).toEqual({
      version: 2,
      versions: {
        totalCount: 2,
        pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
        nodes: [
          { version: 1, code: courseUpdate.course!.code, title: "工业机器人编程", hours: { lecture: "20.00", practice: "12.00", total: "32.00" }, credits: null, learningOutcomes: [] },
          { version: 2, code: courseUpdate.course!.code, title: "工业机器人编程（第二版）", hours: { lecture: "20.00", practice: "28.00", total: "48.00" }, credits: null, learningOutcomes: [] },
        ],
      },
    });
  });

  it("pages through a course's versions", async () => {
    const id = await aPublishedCourse(provider);
    for (const title of ["二", "三"]) await ok(provider.client, CourseUpdateDocument, { input: { courseId: id, title } });
    const first = (await ok(server.client(), CourseVersionsDocument, { id, first: 2 })).node as { versions: { nodes: { version: number }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    expect(first.versions.nodes.map((version) => version.version)).toEqual([1, 2]);
    expect(first.versions.pageInfo.hasNextPage).toBe(true);
    const second = (await ok(server.client(), CourseVersionsDocument, { id, first: 2, after: first.versions.pageInfo.endCursor })).node as typeof first;
    expect(second.versions.nodes.map((version) => version.version)).toEqual([3]);
  });

  it("keeps the version when an edit of a published course changes nothing", async () => {
    const id = await aPublishedCourse(provider, { title: "不变的课程" });
    const { courseUpdate } = await ok(provider.client, CourseUpdateDocument, { input: { courseId: id, title: " 不变的课程 ", lectureHours: "16.00" } });
    expect(courseUpdate.course).toMatchObject({ version: 1, status: "PUBLISHED" });
  });

  it("refuses to edit a retired course with COURSE_RETIRED and changes nothing", async () => {
    const id = await aPublishedCourse(provider);
    await ok(provider.client, CourseRetireDocument, { input: { courseId: id } });
    const before = await courseAsAdmin(id);
    const { courseUpdate } = await ok(provider.client, CourseUpdateDocument, { input: { courseId: id, title: "复活" } });
    expect(courseUpdate).toEqual({ course: null, replayed: false, userErrors: [{ code: "COURSE_RETIRED", field: ["input", "courseId"], message: "A retired course cannot be edited" }] });
    expect(await courseAsAdmin(id)).toEqual(before);
  });

  it("validates the merged course: a required field cannot be cleared, nor a university course's credits", async () => {
    const id = await aDraftCourse(university, { credits: "2" });
    const { courseUpdate } = await ok(university.client, CourseUpdateDocument, { input: { courseId: id, title: null, credits: null, lectureHours: "abc" } });
    expect(courseUpdate.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["REQUIRED", ["input", "title"]],
      ["INVALID_HOURS", ["input", "lectureHours"]],
      ["REQUIRED", ["input", "credits"]],
    ]);
  });

  it("refuses a code another course of the organization has with CODE_TAKEN", async () => {
    await aDraftCourse(provider, { code: "TAKEN-2" });
    const id = await aDraftCourse(provider);
    const { courseUpdate } = await ok(provider.client, CourseUpdateDocument, { input: { courseId: id, code: "TAKEN-2" } });
    expect(courseUpdate.userErrors.map((error) => [error.code, error.field])).toEqual([["CODE_TAKEN", ["input", "code"]]]);
  });

  it("refuses a malformed or wrong-type ID with INVALID_ID and an unknown course with NOT_FOUND", async () => {
    const wrongType = Buffer.from("CoursePackage:00000000-0000-7000-8000-000000000000").toString("base64url");
    for (const [courseId, code] of [["x", "INVALID_ID"], [wrongType, "INVALID_ID"], [unknownCourseId, "NOT_FOUND"]]) {
      const { courseUpdate } = await ok(provider.client, CourseUpdateDocument, { input: { courseId, title: "x" } });
      expect(courseUpdate.userErrors.map((error) => [error.code, error.field])).toEqual([[code, ["input", "courseId"]]]);
    }
  });

  it("hides another organization's draft as NOT_FOUND and forbids editing its published course", async () => {
    const draft = await aDraftCourse(otherProvider);
    const hidden = await ok(provider.client, CourseUpdateDocument, { input: { courseId: draft, title: "x" } });
    expect(hidden.courseUpdate.userErrors.map((error) => error.code)).toEqual(["NOT_FOUND"]);
    const published = await aPublishedCourse(otherProvider);
    const before = await courseAsAdmin(published);
    expect(errorCodes(await execute(provider.client, CourseUpdateDocument, { input: { courseId: published, title: "x" } }))).toEqual(["FORBIDDEN"]);
    expect(await courseAsAdmin(published)).toEqual(before);
  });
});

describe("coursePublish", () => {
  it("publishes a draft and freezes version 1", async () => {
    const id = await aDraftCourse(provider, { title: "发布测试" });
    const { coursePublish } = await ok(provider.client, CoursePublishDocument, { input: { courseId: id, idempotencyKey: "publish-1" } });
    expect(coursePublish.course).toMatchObject({ id, status: "PUBLISHED", version: 1 });
    const { node } = await ok(server.client(), CourseVersionsDocument, { id });
    expect(node).toMatchObject({ version: 1, versions: { totalCount: 1, nodes: [{ version: 1, title: "发布测试" }] } });
    const replay = await ok(provider.client, CoursePublishDocument, { input: { courseId: id, idempotencyKey: "publish-1" } });
    expect(replay.coursePublish).toEqual({ ...coursePublish, replayed: true });
  });

  it("refuses publishing twice with ALREADY_PUBLISHED and a retired course with COURSE_RETIRED", async () => {
    const id = await aPublishedCourse(provider);
    const twice = await ok(provider.client, CoursePublishDocument, { input: { courseId: id } });
    expect(twice.coursePublish).toEqual({ course: null, replayed: false, userErrors: [{ code: "ALREADY_PUBLISHED", field: ["input", "courseId"], message: "The course is already published" }] });
    await ok(provider.client, CourseRetireDocument, { input: { courseId: id } });
    const retired = await ok(provider.client, CoursePublishDocument, { input: { courseId: id } });
    expect(retired.coursePublish.userErrors.map((error) => error.code)).toEqual(["COURSE_RETIRED"]);
    expect((await ok(admin, CourseVersionsDocument, { id })).node).toMatchObject({ versions: { totalCount: 1 } });
  });

  it("reports another organization's draft as NOT_FOUND rather than revealing it, and leaves it a draft", async () => {
    const id = await aDraftCourse(otherProvider);
    const { coursePublish } = await ok(provider.client, CoursePublishDocument, { input: { courseId: id } });
    expect(coursePublish.userErrors.map((error) => [error.code, error.field])).toEqual([["NOT_FOUND", ["input", "courseId"]]]);
    expect(await courseAsAdmin(id)).toMatchObject({ status: "DRAFT" });
  });

  it("is FORBIDDEN on another organization's visible course, before any state check", async () => {
    const id = await aPublishedCourse(otherProvider);
    expect(errorCodes(await execute(provider.client, CoursePublishDocument, { input: { courseId: id } }))).toEqual(["FORBIDDEN"]);
  });
});

describe("courseRetire", () => {
  it("retires a published course, which stays readable to everyone", async () => {
    const id = await aPublishedCourse(provider);
    const { courseRetire } = await ok(provider.client, CourseRetireDocument, { input: { courseId: id } });
    expect(courseRetire.course).toMatchObject({ id, status: "RETIRED" });
    expect((await ok(server.client(), CourseNodeDocument, { id })).node).toMatchObject({ id, status: "RETIRED" });
  });

  it("refuses retiring a draft with NOT_PUBLISHED and a retired course with ALREADY_RETIRED", async () => {
    const draft = await aDraftCourse(provider);
    const notPublished = await ok(provider.client, CourseRetireDocument, { input: { courseId: draft } });
    expect(notPublished.courseRetire.userErrors).toEqual([{ code: "NOT_PUBLISHED", field: ["input", "courseId"], message: "Only a published course can be retired" }]);
    expect(await courseAsAdmin(draft)).toMatchObject({ status: "DRAFT" });
    const published = await aPublishedCourse(provider);
    await ok(provider.client, CourseRetireDocument, { input: { courseId: published } });
    const again = await ok(provider.client, CourseRetireDocument, { input: { courseId: published } });
    expect(again.courseRetire.userErrors.map((error) => error.code)).toEqual(["ALREADY_RETIRED"]);
  });

  it("is FORBIDDEN for another organization's provider and changes nothing", async () => {
    const id = await aPublishedCourse(otherProvider);
    expect(errorCodes(await execute(provider.client, CourseRetireDocument, { input: { courseId: id } }))).toEqual(["FORBIDDEN"]);
    expect(await courseAsAdmin(id)).toMatchObject({ status: "PUBLISHED" });
  });
});

describe("node(id) for courses", () => {
  it("shows a draft to its organization and admins only, and a published course to everyone", async () => {
    const draft = await aDraftCourse(provider);
    expect((await ok(server.client(), CourseNodeDocument, { id: draft })).node).toBeNull();
    expect((await ok(otherProvider.client, CourseNodeDocument, { id: draft })).node).toBeNull();
    expect((await ok(provider.client, CourseNodeDocument, { id: draft })).node).toMatchObject({ id: draft, status: "DRAFT" });
    expect((await ok(admin, CourseNodeDocument, { id: draft })).node).toMatchObject({ id: draft, status: "DRAFT" });
    const published = await aPublishedCourse(provider);
    expect((await ok(server.client(), CourseNodeDocument, { id: published })).node).toMatchObject({ __typename: "Course", id: published });
    expect((await ok(server.client(), CourseNodeDocument, { id: unknownCourseId })).node).toBeNull();
  });
});

describe("Organization.courses", () => {
  it("pages through an organization's live courses in creation order, drafts only for the organization itself", async () => {
    const member = await aMember(server, admin);
    const draft = await aDraftCourse(member);
    const published = [await aPublishedCourse(member), await aPublishedCourse(member)];
    const retired = await aPublishedCourse(member);
    await ok(member.client, CourseRetireDocument, { input: { courseId: retired } });

    const anonymous = (await ok(server.client(), OrganizationCatalogDocument, { id: member.organizationId, first: 1 })).node as {
      courses: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string }[] };
    };
    expect(anonymous.courses.totalCount).toBe(2);
    expect(anonymous.courses.nodes.map((course) => course.id)).toEqual([published[0]]);
    const rest = (await ok(server.client(), OrganizationCatalogDocument, { id: member.organizationId, first: 5, after: anonymous.courses.pageInfo.endCursor })).node as typeof anonymous;
    expect(rest.courses.nodes.map((course) => course.id)).toEqual([published[1]]);
    expect(rest.courses.pageInfo.hasNextPage).toBe(false);

    const own = (await ok(member.client, OrganizationCatalogDocument, { id: member.organizationId, first: 10 })).node as typeof anonymous;
    expect(own.courses.nodes.map((course) => course.id)).toEqual([draft, ...published]);
    const retiredOnly = (await ok(server.client(), OrganizationCatalogDocument, { id: member.organizationId, first: 10, status: ["RETIRED"] })).node as typeof anonymous;
    expect(retiredOnly.courses.nodes.map((course) => course.id)).toEqual([retired]);
    const draftsForOthers = (await ok(otherProvider.client, OrganizationCatalogDocument, { id: member.organizationId, status: ["DRAFT"] })).node as typeof anonymous;
    expect(draftsForOthers.courses.totalCount).toBe(0);
  });

  it("refuses a cursor that is not one of the list with BAD_USER_INPUT", async () => {
    const garbage = Buffer.from(JSON.stringify(["not-a-uuid"])).toString("base64url");
    expect(errorCodes(await execute(server.client(), OrganizationCatalogDocument, { id: provider.organizationId, after: garbage }))).toEqual(["BAD_USER_INPUT"]);
  });
});
