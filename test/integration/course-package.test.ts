import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aDraftCourse, aDraftPackage, aMember, aPackageInput, aPublishedCourse, aPublishedPackage, type Member } from "../support/course-factories.js";
import {
  CoursePackageCreateDocument,
  CoursePackageNodeDocument,
  CoursePackagePublishDocument,
  CoursePackageRetireDocument,
  CoursePackageReviseDocument,
  CoursePackagesDocument,
  CoursePackageUpdateDocument,
  CourseUpdateDocument,
  CourseRetireDocument,
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

/** Every package version in the database, whatever its status. */
async function countPackages(): Promise<number> {
  return (await ok(admin, CoursePackagesDocument, { first: 1, filter: { status: ["DRAFT", "PUBLISHED", "RETIRED"] } })).coursePackages.totalCount;
}

async function packageAsAdmin(id: string) {
  return (await ok(admin, CoursePackageNodeDocument, { id })).node;
}

async function publish(client: GraphQLClient, coursePackageId: string) {
  return (await ok(client, CoursePackagePublishDocument, { input: { coursePackageId } })).coursePackagePublish;
}

const codesOf = (payload: { userErrors: { code: string }[] }) => payload.userErrors.map((error) => error.code);

describe("coursePackageCreate", () => {
  it("creates version 1 as a draft, with ordered items and hours derived from its courses", async () => {
    const first = await aPublishedCourse(provider, { lectureHours: "10", practiceHours: "30" });
    const second = await aDraftCourse(provider, { lectureHours: "20", practiceHours: "0" });
    const input = aPackageInput(provider.organizationId, [], {
      code: "pkg-robot",
      title: "工业机器人运维培训包",
      titleEn: "Industrial Robot Operation and Maintenance",
      description: "1+X 证书配套",
      apprenticeship: true,
      items: [{ courseId: second, required: false }, { courseId: first }],
    });
    const { coursePackageCreate } = await ok(provider.client, CoursePackageCreateDocument, { input });
    expect(coursePackageCreate).toEqual({
      coursePackage: {
        __typename: "CoursePackage",
        id: expect.any(String),
        code: "PKG-ROBOT",
        version: 1,
        status: "DRAFT",
        title: "工业机器人运维培训包",
        titleEn: "Industrial Robot Operation and Maintenance",
        description: "1+X 证书配套",
        occupation: "工业机器人系统运维员",
        certificate: { name: "工业机器人操作与运维职业技能等级证书", level: "中级" },
        apprenticeship: true,
        items: [
          { position: 0, required: false, courseVersion: null, course: { id: second, code: expect.any(String) } },
          { position: 1, required: true, courseVersion: null, course: { id: first, code: expect.any(String) } },
        ],
        hours: { lecture: "30.00", practice: "30.00", total: "60.00" },
        totalHours: "60.00",
        practiceRatio: 0.5,
        organization: { id: provider.organizationId },
      },
      replayed: false,
      userErrors: [],
    });
  });

  it("refuses a package for a university with NOT_A_TRAINING_PROVIDER and writes nothing", async () => {
    const before = await countPackages();
    const { coursePackageCreate } = await ok(university.client, CoursePackageCreateDocument, { input: aPackageInput(university.organizationId, []) });
    expect(coursePackageCreate).toEqual({
      coursePackage: null,
      replayed: false,
      userErrors: [{ code: "NOT_A_TRAINING_PROVIDER", field: ["input", "organizationId"], message: "Course packages (职业培训包) are published by training providers" }],
    });
    expect(await countPackages()).toBe(before);
  });

  it("reports every bad field and item at once: code, required texts, malformed and repeated courses", async () => {
    const course = await aDraftCourse(provider);
    const before = await countPackages();
    const { coursePackageCreate } = await ok(provider.client, CoursePackageCreateDocument, {
      input: aPackageInput(provider.organizationId, [], {
        code: "包-1",
        title: "",
        occupation: "x".repeat(201),
        certificate: { name: " " },
        items: [{ courseId: course }, { courseId: "nope" }, { courseId: course }],
      }),
    });
    expect(coursePackageCreate.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["INVALID_CODE", ["input", "code"]],
      ["REQUIRED", ["input", "title"]],
      ["TOO_LONG", ["input", "occupation"]],
      ["REQUIRED", ["input", "certificate", "name"]],
      ["INVALID_ID", ["input", "items", "1", "courseId"]],
      ["DUPLICATE_COURSE", ["input", "items", "2", "courseId"]],
    ]);
    expect(await countPackages()).toBe(before);
  });

  it("refuses more than 100 items with TOO_MANY_ITEMS", async () => {
    const course = await aDraftCourse(provider);
    const { coursePackageCreate } = await ok(provider.client, CoursePackageCreateDocument, {
      input: aPackageInput(provider.organizationId, Array.from({ length: 101 }, () => course)),
    });
    expect(coursePackageCreate.userErrors.map((error) => [error.code, error.field])).toEqual([["TOO_MANY_ITEMS", ["input", "items"]]]);
  });

  it("refuses unknown courses and another organization's drafts as NOT_FOUND, but takes its published courses into a draft", async () => {
    const unknown = Buffer.from("Course:00000000-0000-7000-8000-000000000000").toString("base64url");
    const foreignDraft = await aDraftCourse(otherProvider);
    const foreignPublished = await aPublishedCourse(otherProvider);
    const before = await countPackages();
    const { coursePackageCreate } = await ok(provider.client, CoursePackageCreateDocument, { input: aPackageInput(provider.organizationId, [foreignPublished, unknown, foreignDraft]) });
    expect(coursePackageCreate.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["NOT_FOUND", ["input", "items", "1", "courseId"]],
      ["NOT_FOUND", ["input", "items", "2", "courseId"]],
    ]);
    expect(await countPackages()).toBe(before);
    expect(await aDraftPackage(provider, [foreignPublished])).toEqual(expect.any(String));
  });

  it("refuses a code the provider already uses with CODE_TAKEN", async () => {
    await aDraftPackage(provider, [], { code: "PKG-DUP" });
    const before = await countPackages();
    const { coursePackageCreate } = await ok(provider.client, CoursePackageCreateDocument, { input: aPackageInput(provider.organizationId, [], { code: "pkg-dup" }) });
    expect(coursePackageCreate.userErrors).toEqual([{ code: "CODE_TAKEN", field: ["input", "code"], message: "The organization already has a package with the code PKG-DUP" }]);
    expect(await countPackages()).toBe(before);
  });

  it("refuses an unknown organization with NOT_FOUND", async () => {
    const unknown = Buffer.from("Organization:00000000-0000-7000-8000-000000000000").toString("base64url");
    const { coursePackageCreate } = await ok(admin, CoursePackageCreateDocument, { input: aPackageInput(unknown, []) });
    expect(coursePackageCreate.userErrors.map((error) => [error.code, error.field])).toEqual([["NOT_FOUND", ["input", "organizationId"]]]);
  });

  it("is FORBIDDEN for another organization and UNAUTHENTICATED without a token, writing nothing", async () => {
    const before = await countPackages();
    expect(errorCodes(await execute(provider.client, CoursePackageCreateDocument, { input: aPackageInput(otherProvider.organizationId, []) }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await execute(server.client(), CoursePackageCreateDocument, { input: aPackageInput(provider.organizationId, []) }))).toEqual(["UNAUTHENTICATED"]);
    expect(await countPackages()).toBe(before);
  });

  it("replays the same idempotency key and input and refuses the key with another input", async () => {
    const input = { ...aPackageInput(provider.organizationId, []), idempotencyKey: "package-once" };
    const first = await ok(provider.client, CoursePackageCreateDocument, { input });
    const before = await countPackages();
    expect((await ok(provider.client, CoursePackageCreateDocument, { input })).coursePackageCreate).toEqual({ ...first.coursePackageCreate, replayed: true });
    const reused = await ok(provider.client, CoursePackageCreateDocument, { input: { ...aPackageInput(provider.organizationId, []), idempotencyKey: "package-once" } });
    expect(codesOf(reused.coursePackageCreate)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    expect(await countPackages()).toBe(before);
  });
});

describe("coursePackageUpdate", () => {
  it("changes a draft's fields and replaces its items in the given order", async () => {
    const [a, b] = [await aPublishedCourse(provider), await aPublishedCourse(provider)];
    const id = await aDraftPackage(provider, [a]);
    const { coursePackageUpdate } = await ok(provider.client, CoursePackageUpdateDocument, {
      input: { coursePackageId: id, title: "新培训包", certificate: null, items: [{ courseId: b }, { courseId: a, required: false }] },
    });
    expect(coursePackageUpdate.coursePackage).toMatchObject({
      title: "新培训包",
      certificate: null,
      version: 1,
      items: [
        { position: 0, required: true, course: { id: b } },
        { position: 1, required: false, course: { id: a } },
      ],
    });
    const kept = await ok(provider.client, CoursePackageUpdateDocument, { input: { coursePackageId: id, occupation: "智能制造工程技术人员" } });
    expect(kept.coursePackageUpdate.coursePackage?.items.map((item) => item.course.id)).toEqual([b, a]);
  });

  it("replays an update with a certificate and items for the same idempotency key", async () => {
    const course = await aPublishedCourse(provider);
    const id = await aDraftPackage(provider, []);
    const input = { coursePackageId: id, idempotencyKey: "update-items", certificate: { name: "证书", level: "初级" }, items: [{ courseId: course, required: false }] };
    const first = await ok(provider.client, CoursePackageUpdateDocument, { input });
    expect(first.coursePackageUpdate.coursePackage).toMatchObject({ certificate: { name: "证书", level: "初级" }, items: [{ required: false, course: { id: course } }] });
    expect((await ok(provider.client, CoursePackageUpdateDocument, { input })).coursePackageUpdate).toEqual({ ...first.coursePackageUpdate, replayed: true });
  });

  it("refuses to edit a published version with NOT_DRAFT and changes nothing", async () => {
    const id = await aPublishedPackage(provider, [await aPublishedCourse(provider)]);
    const before = await packageAsAdmin(id);
    const { coursePackageUpdate } = await ok(provider.client, CoursePackageUpdateDocument, { input: { coursePackageId: id, title: "改" } });
    expect(coursePackageUpdate.userErrors).toEqual([{ code: "NOT_DRAFT", field: ["input", "coursePackageId"], message: "Only a draft version can be edited; revise a published one" }]);
    expect(await packageAsAdmin(id)).toEqual(before);
  });

  it("refuses clearing a required field and an unknown package", async () => {
    const id = await aDraftPackage(provider, []);
    expect(codesOf((await ok(provider.client, CoursePackageUpdateDocument, { input: { coursePackageId: id, occupation: null } })).coursePackageUpdate)).toEqual(["REQUIRED"]);
    const unknown = Buffer.from("CoursePackage:00000000-0000-7000-8000-000000000000").toString("base64url");
    expect(codesOf((await ok(provider.client, CoursePackageUpdateDocument, { input: { coursePackageId: unknown, title: "x" } })).coursePackageUpdate)).toEqual(["NOT_FOUND"]);
    expect(codesOf((await ok(provider.client, CoursePackageUpdateDocument, { input: { coursePackageId: "x", title: "x" } })).coursePackageUpdate)).toEqual(["INVALID_ID"]);
  });

  it("hides another provider's draft as NOT_FOUND and forbids touching its published version", async () => {
    const draft = await aDraftPackage(otherProvider, []);
    expect(codesOf((await ok(provider.client, CoursePackageUpdateDocument, { input: { coursePackageId: draft, title: "x" } })).coursePackageUpdate)).toEqual(["NOT_FOUND"]);
    const published = await aPublishedPackage(otherProvider, [await aPublishedCourse(otherProvider)]);
    expect(errorCodes(await execute(provider.client, CoursePackageRetireDocument, { input: { coursePackageId: published } }))).toEqual(["FORBIDDEN"]);
    expect(await packageAsAdmin(published)).toMatchObject({ status: "PUBLISHED" });
  });
});

describe("coursePackagePublish", () => {
  it("publishes a draft and freezes each item's course version and hours, so later course edits do not change it", async () => {
    const course = await aPublishedCourse(provider, { lectureHours: "8", practiceHours: "24" });
    const id = await aDraftPackage(provider, [course], { apprenticeship: true });
    const published = await publish(provider.client, id);
    expect(published.coursePackage).toMatchObject({ status: "PUBLISHED", items: [{ courseVersion: 1 }], hours: { lecture: "8.00", practice: "24.00", total: "32.00" }, practiceRatio: 0.75 });

    await ok(provider.client, CourseUpdateDocument, { input: { courseId: course, practiceHours: "40" } });
    expect(await packageAsAdmin(id)).toMatchObject({ items: [{ courseVersion: 1 }], hours: { practice: "24.00", total: "32.00" } });
    const draft = await aDraftPackage(provider, [course]);
    expect(await packageAsAdmin(draft)).toMatchObject({ items: [{ courseVersion: null }], hours: { practice: "40.00", total: "48.00" } });
  });

  it("refuses an empty package with EMPTY_PACKAGE and leaves it a draft", async () => {
    const id = await aDraftPackage(provider, []);
    expect(await publish(provider.client, id)).toEqual({
      coursePackage: null,
      replayed: false,
      userErrors: [{ code: "EMPTY_PACKAGE", field: ["input", "coursePackageId"], message: "A package needs at least one course to be published" }],
    });
    expect(await packageAsAdmin(id)).toMatchObject({ status: "DRAFT" });
  });

  it("refuses draft and retired courses with COURSE_NOT_PUBLISHED, naming each", async () => {
    const draft = await aDraftCourse(provider, { code: "DRAFT-IN-PKG" });
    const retired = await aPublishedCourse(provider, { code: "RETIRED-IN-PKG" });
    const id = await aDraftPackage(provider, [await aPublishedCourse(provider), draft, retired]);
    await ok(provider.client, CourseRetireDocument, { input: { courseId: retired } });
    expect((await publish(provider.client, id)).userErrors).toEqual([
      { code: "COURSE_NOT_PUBLISHED", field: ["input", "coursePackageId"], message: "Course DRAFT-IN-PKG is draft, not published" },
      { code: "COURSE_NOT_PUBLISHED", field: ["input", "coursePackageId"], message: "Course RETIRED-IN-PKG is retired, not published" },
    ]);
    expect(await packageAsAdmin(id)).toMatchObject({ status: "DRAFT", items: [{ courseVersion: null }, { courseVersion: null }, { courseVersion: null }] });
  });

  it("refuses a course of another organization with COURSE_OF_ANOTHER_ORGANIZATION", async () => {
    const foreign = await aPublishedCourse(otherProvider, { code: "FOREIGN-1" });
    const id = await aDraftPackage(provider, [foreign]);
    expect((await publish(provider.client, id)).userErrors).toEqual([
      { code: "COURSE_OF_ANOTHER_ORGANIZATION", field: ["input", "coursePackageId"], message: "Course FOREIGN-1 belongs to another organization" },
    ]);
  });

  it("refuses an apprenticeship package whose practice is just below 50 % with PRACTICE_RATIO_TOO_LOW", async () => {
    const lecture = await aPublishedCourse(provider, { lectureHours: "50.01", practiceHours: "0" });
    const practice = await aPublishedCourse(provider, { lectureHours: "0", practiceHours: "50" });
    const id = await aDraftPackage(provider, [lecture, practice], { apprenticeship: true });
    expect((await publish(provider.client, id)).userErrors).toEqual([
      {
        code: "PRACTICE_RATIO_TOO_LOW",
        field: ["input", "coursePackageId"],
        message: "An apprenticeship package needs practice for at least 50 % of its hours; this one has 50.00 of 100.01",
      },
    ]);
    expect(await packageAsAdmin(id)).toMatchObject({ status: "DRAFT", practiceRatio: 0.5 });
  });

  it("publishes an apprenticeship package whose practice is exactly 50 %", async () => {
    const lecture = await aPublishedCourse(provider, { lectureHours: "50", practiceHours: "0" });
    const practice = await aPublishedCourse(provider, { lectureHours: "0", practiceHours: "50" });
    const id = await aDraftPackage(provider, [lecture, practice], { apprenticeship: true });
    expect(await publish(provider.client, id)).toMatchObject({ coursePackage: { status: "PUBLISHED", practiceRatio: 0.5 }, userErrors: [] });
  });

  it("does not apply the 50 % rule to a package that is not an apprenticeship", async () => {
    const id = await aDraftPackage(provider, [await aPublishedCourse(provider, { lectureHours: "40", practiceHours: "0" })]);
    expect(await publish(provider.client, id)).toMatchObject({ coursePackage: { status: "PUBLISHED", practiceRatio: 0 }, userErrors: [] });
  });

  it("refuses publishing twice with ALREADY_PUBLISHED and a retired version with NOT_DRAFT", async () => {
    const id = await aPublishedPackage(provider, [await aPublishedCourse(provider)]);
    expect(codesOf(await publish(provider.client, id))).toEqual(["ALREADY_PUBLISHED"]);
    await ok(provider.client, CoursePackageRetireDocument, { input: { coursePackageId: id } });
    expect(codesOf(await publish(provider.client, id))).toEqual(["NOT_DRAFT"]);
  });
});

describe("coursePackageRevise", () => {
  it("starts version 2 as a draft copy, keeps version 1 in force until it is published, then retires it", async () => {
    const [a, b] = [await aPublishedCourse(provider), await aPublishedCourse(provider)];
    const v1 = await aPublishedPackage(provider, [a], { code: "PKG-REV", title: "第一版" });
    const { coursePackageRevise } = await ok(provider.client, CoursePackageReviseDocument, { input: { coursePackageId: v1 } });
    const v2 = coursePackageRevise.coursePackage!;
    expect(v2).toMatchObject({ code: "PKG-REV", version: 2, status: "DRAFT", title: "第一版", items: [{ position: 0, courseVersion: null, course: { id: a } }] });
    expect(v2.id).not.toBe(v1);
    expect(await packageAsAdmin(v1)).toMatchObject({ status: "PUBLISHED", version: 1 });

    await ok(provider.client, CoursePackageUpdateDocument, { input: { coursePackageId: v2.id, title: "第二版", items: [{ courseId: a }, { courseId: b }] } });
    expect(await publish(provider.client, v2.id)).toMatchObject({ coursePackage: { status: "PUBLISHED", version: 2 }, userErrors: [] });
    expect(await packageAsAdmin(v1)).toMatchObject({ status: "RETIRED", title: "第一版", items: [{ course: { id: a } }] });
    const { node } = await ok(server.client(), CoursePackageNodeDocument, { id: v2.id });
    expect(node).toMatchObject({ versions: { totalCount: 2, nodes: [{ id: v1, version: 1, status: "RETIRED" }, { id: v2.id, version: 2, status: "PUBLISHED" }] } });
  });

  it("refuses revising an older version with NOT_LATEST_VERSION and a draft with NOT_PUBLISHED", async () => {
    const v1 = await aPublishedPackage(provider, [await aPublishedCourse(provider)]);
    const v2 = (await ok(provider.client, CoursePackageReviseDocument, { input: { coursePackageId: v1 } })).coursePackageRevise.coursePackage!.id;
    const before = await countPackages();
    const older = await ok(provider.client, CoursePackageReviseDocument, { input: { coursePackageId: v1 } });
    expect(older.coursePackageRevise.userErrors).toEqual([{ code: "NOT_LATEST_VERSION", field: ["input", "coursePackageId"], message: "Version 2 of this package exists: revise that one" }]);
    expect(codesOf((await ok(provider.client, CoursePackageReviseDocument, { input: { coursePackageId: v2 } })).coursePackageRevise)).toEqual(["NOT_PUBLISHED"]);
    expect(await countPackages()).toBe(before);
  });

  it("shows a draft revision only to its organization, while the published version stays public", async () => {
    const v1 = await aPublishedPackage(provider, [await aPublishedCourse(provider)]);
    const v2 = (await ok(provider.client, CoursePackageReviseDocument, { input: { coursePackageId: v1 } })).coursePackageRevise.coursePackage!.id;
    expect((await ok(server.client(), CoursePackageNodeDocument, { id: v2 })).node).toBeNull();
    expect((await ok(otherProvider.client, CoursePackageNodeDocument, { id: v2 })).node).toBeNull();
    expect((await ok(provider.client, CoursePackageNodeDocument, { id: v2 })).node).toMatchObject({ id: v2, status: "DRAFT" });
    expect((await ok(server.client(), CoursePackageNodeDocument, { id: v1 })).node).toMatchObject({ id: v1, versions: { totalCount: 1, nodes: [{ id: v1 }] } });
  });
});

describe("coursePackageRetire", () => {
  it("retires a published version, which stays readable", async () => {
    const id = await aPublishedPackage(provider, [await aPublishedCourse(provider)]);
    const { coursePackageRetire } = await ok(provider.client, CoursePackageRetireDocument, { input: { coursePackageId: id, idempotencyKey: "retire-pkg" } });
    expect(coursePackageRetire.coursePackage).toMatchObject({ id, status: "RETIRED" });
    expect((await ok(server.client(), CoursePackageNodeDocument, { id })).node).toMatchObject({ id, status: "RETIRED" });
    const replay = await ok(provider.client, CoursePackageRetireDocument, { input: { coursePackageId: id, idempotencyKey: "retire-pkg" } });
    expect(replay.coursePackageRetire).toEqual({ ...coursePackageRetire, replayed: true });
  });

  it("refuses retiring a draft with NOT_PUBLISHED and a retired version with ALREADY_RETIRED", async () => {
    const draft = await aDraftPackage(provider, []);
    expect(codesOf((await ok(provider.client, CoursePackageRetireDocument, { input: { coursePackageId: draft } })).coursePackageRetire)).toEqual(["NOT_PUBLISHED"]);
    const id = await aPublishedPackage(provider, [await aPublishedCourse(provider)]);
    await ok(provider.client, CoursePackageRetireDocument, { input: { coursePackageId: id } });
    const again = await ok(provider.client, CoursePackageRetireDocument, { input: { coursePackageId: id } });
    expect(again.coursePackageRetire.userErrors).toEqual([{ code: "ALREADY_RETIRED", field: ["input", "coursePackageId"], message: "This version is already retired" }]);
  });
});
