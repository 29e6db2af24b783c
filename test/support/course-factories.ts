import type { GraphQLClient } from "graphql-request";
import { ok, type TestServer } from "./server.js";
import { aProviderInput, aUniversityInput } from "./factories.js";
import {
  CourseCreateDocument,
  CoursePackageCreateDocument,
  CoursePackagePublishDocument,
  CoursePublishDocument,
  OrganizationCreateDocument,
  type CourseCreateInput,
  type CoursePackageCreateInput,
} from "../generated/operations.js";

let sequence = 0;
const next = () => (sequence += 1);

export interface Member {
  organizationId: string;
  client: GraphQLClient;
}

/** Registers an organization (as admin) and returns it with a client for its provider or registrar. */
export async function aMember(server: TestServer, admin: GraphQLClient, kind: "TRAINING_PROVIDER" | "UNIVERSITY" = "TRAINING_PROVIDER"): Promise<Member> {
  const input = kind === "TRAINING_PROVIDER" ? aProviderInput() : aUniversityInput();
  const organization = (await ok(admin, OrganizationCreateDocument, { input })).organizationCreate.organization!;
  const role = kind === "TRAINING_PROVIDER" ? "provider" : "registrar";
  const client = server.client(await server.token({ role, org: organization.id, sub: `${role}-${next()}` }));
  return { organizationId: organization.id, client };
}

export function aCourseInput(organizationId: string, overrides: Partial<CourseCreateInput> = {}): CourseCreateInput {
  const n = next();
  return {
    organizationId,
    code: `C-${n}`,
    title: `测试课程${n}`,
    titleEn: `Test Course ${n}`,
    description: null,
    lectureHours: "16",
    practiceHours: "16",
    credits: null,
    level: "PROFESSIONAL_TRAINING",
    field: "OTHER",
    learningOutcomes: [],
    ...overrides,
  };
}

/** Creates a draft course and returns its ID. */
export async function aDraftCourse(member: Member, overrides: Partial<CourseCreateInput> = {}): Promise<string> {
  const { courseCreate } = await ok(member.client, CourseCreateDocument, { input: aCourseInput(member.organizationId, overrides) });
  if (!courseCreate.course) throw new Error(`course not created: ${JSON.stringify(courseCreate.userErrors)}`);
  return courseCreate.course.id;
}

/** Creates and publishes a course and returns its ID. */
export async function aPublishedCourse(member: Member, overrides: Partial<CourseCreateInput> = {}): Promise<string> {
  const courseId = await aDraftCourse(member, overrides);
  const { coursePublish } = await ok(member.client, CoursePublishDocument, { input: { courseId } });
  if (coursePublish.userErrors.length > 0) throw new Error(`course not published: ${JSON.stringify(coursePublish.userErrors)}`);
  return courseId;
}

export function aPackageInput(organizationId: string, courseIds: string[], overrides: Partial<CoursePackageCreateInput> = {}): CoursePackageCreateInput {
  const n = next();
  return {
    organizationId,
    code: `P-${n}`,
    title: `测试培训包${n}`,
    titleEn: `Test Package ${n}`,
    occupation: "工业机器人系统运维员",
    certificate: { name: "工业机器人操作与运维职业技能等级证书", level: "中级" },
    apprenticeship: false,
    items: courseIds.map((courseId) => ({ courseId })),
    ...overrides,
  };
}

/** Creates a draft package and returns its ID. */
export async function aDraftPackage(member: Member, courseIds: string[], overrides: Partial<CoursePackageCreateInput> = {}): Promise<string> {
  const { coursePackageCreate } = await ok(member.client, CoursePackageCreateDocument, { input: aPackageInput(member.organizationId, courseIds, overrides) });
  if (!coursePackageCreate.coursePackage) throw new Error(`package not created: ${JSON.stringify(coursePackageCreate.userErrors)}`);
  return coursePackageCreate.coursePackage.id;
}

/** Creates and publishes a package and returns its ID. */
export async function aPublishedPackage(member: Member, courseIds: string[], overrides: Partial<CoursePackageCreateInput> = {}): Promise<string> {
  const coursePackageId = await aDraftPackage(member, courseIds, overrides);
  const { coursePackagePublish } = await ok(member.client, CoursePackagePublishDocument, { input: { coursePackageId } });
  if (coursePackagePublish.userErrors.length > 0) throw new Error(`package not published: ${JSON.stringify(coursePackagePublish.userErrors)}`);
  return coursePackageId;
}
