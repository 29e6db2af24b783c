// Organizations (with valid MOE and unified social credit codes), their grade
// scales, courses with their published versions, and course packages, written
// exactly as the organization, grade-scale, course and course-package services
// would store them.
import type { Actor } from "../../src/auth/viewer.js";
import { Problems } from "../../src/graphql/user-error.js";
import { searchTextOf, type CourseContent } from "../../src/modules/course/course-validation.js";
import type { CourseLevel } from "../../src/modules/course/course.table.js";
import { DEFAULT_GRADE_SCALE, readGradeScale, toStoredScale } from "../../src/modules/grade-scale/grade-scale.js";
import { computeOrganizationCodeCheckChar, computeUnifiedSocialCreditCheckChar, describeCodeProblem } from "../../src/modules/organization/organization-code.js";
import { formatAmount, parseAmount } from "../../src/modules/ledger/amount.js";
import { json } from "./copy-writer.js";
import { addDays, at, type Dataset, type GeneratedCourse, type GeneratedOrganization, type GeneratedVersion } from "./dataset-model.js";
import type { Random } from "./prng.js";
import {
  BRAND_SYLLABLES, CERTIFICATE_LEVELS, FIELD_CODES, FIELDS, OCCUPATIONS, OUTCOME_OBJECTS, OUTCOME_VERBS, PROVIDER_STEMS, PROVINCES, SUFFIXES, TOPICS, UNIVERSITY_STEMS,
} from "./vocabulary.js";

/** Agreements cite these first courses of each organization most: chains of agreements meet on them. */
export const HUB_COURSES = 20;

function moeCode(index: number, provinceCode: string): string {
  return `4${provinceCode}${String(index).padStart(7, "0")}`;
}

function creditCode(index: number, provinceCode: string): string {
  const body = String(10_000_000 + index);
  const first17 = `91${provinceCode}0100${body}${computeOrganizationCodeCheckChar(body)}`;
  return first17 + computeUnifiedSocialCreditCheckChar(first17);
}

function organizationName(index: number, kind: "UNIVERSITY" | "TRAINING_PROVIDER", province: (typeof PROVINCES)[number]): [string, string] {
  const [first, firstEn] = BRAND_SYLLABLES[index % BRAND_SYLLABLES.length];
  const [second, secondEn] = BRAND_SYLLABLES[Math.floor(index / BRAND_SYLLABLES.length) % BRAND_SYLLABLES.length];
  const stems = kind === "UNIVERSITY" ? UNIVERSITY_STEMS : PROVIDER_STEMS;
  const [stem, stemEn] = stems[Math.floor(index / BRAND_SYLLABLES.length ** 2) % stems.length];
  const place = province.city.replace(/市$/, "");
  return [`${place}${first}${second}${stem}`, `${firstEn}${secondEn.toLowerCase()} ${stemEn}`];
}

/** ORGANIZATION_REGISTERED entries and rows, registered by an admin in early 2018. */
export async function generateOrganizations(dataset: Dataset): Promise<void> {
  const random = dataset.random("organizations");
  const { plan } = dataset;
  const sink = dataset.writer.sink("organization", ["id", "kind", "name", "name_en", "code", "region", "website", "created_at", "updated_at"]);
  const total = plan.universities + plan.providers;
  for (let index = 0; index < total; index += 1) {
    // Interleaved, so both kinds are spread over the registration period.
    const kind = index % 10 < 3 && dataset.universities.length < plan.universities ? "UNIVERSITY" : dataset.providers.length < plan.providers ? "TRAINING_PROVIDER" : "UNIVERSITY";
    const province = PROVINCES[index % PROVINCES.length];
    const registeredAtMs = at("2018-01-02", index * 60_000);
    const id = random.uuidv7(registeredAtMs);
    const [name, nameEn] = organizationName(index, kind, province);
    const code = kind === "UNIVERSITY" ? moeCode(index, province.code) : creditCode(index, province.code);
    const problem = describeCodeProblem(kind, code);
    if (problem) throw new Error(`generated code ${code} is invalid: ${problem}`);
    const region = `${province.name}${province.city === province.name ? "" : province.city}`;
    const website = kind === "UNIVERSITY" ? `https://www.u${index}.edu.cn` : null;
    const role = kind === "UNIVERSITY" ? "registrar" : "provider";
    const actor: Actor = { subject: `bench-${role}-${index}`, role, organizationId: id };
    const organization: GeneratedOrganization = { index, id, kind, name, registeredAtMs, actor, gradeScale: DEFAULT_GRADE_SCALE, courses: [], published: [] };
    dataset.organizations.push(organization);
    (kind === "UNIVERSITY" ? dataset.universities : dataset.providers).push(organization);
    await sink.add([id, kind, name, nameEn, code, region, website, new Date(registeredAtMs), new Date(registeredAtMs)]);
    const fields = { name, nameEn, code, region, website };
    await dataset.journal.append({ kind: "ORGANIZATION_REGISTERED", actor: dataset.admin, organizationIds: [id], body: { organizationId: id, kind, ...fields } }, registeredAtMs);
  }
}

/** A fifth of the organizations grade in five levels, a tenth pass/fail; the rest keep the default 0–100 scale (no row). */
export async function generateGradeScales(dataset: Dataset): Promise<void> {
  const sink = dataset.writer.sink("grade_scale", ["organization_id", "kind", "pass_mark", "labels", "updated_at"]);
  for (const organization of dataset.organizations) {
    const kind = [2, 5].includes(organization.index % 10) ? "FIVE_LEVEL" : organization.index % 10 === 7 ? "PASS_FAIL" : null;
    if (kind === null) continue;
    const problems = new Problems();
    const scale = readGradeScale(problems, { kind });
    problems.throwIfAny();
    organization.gradeScale = scale;
    const stored = toStoredScale(scale);
    await sink.add([organization.id, stored.kind, stored.passMark, json(stored.labels), new Date(addDays(organization.registeredAtMs, 30))]);
  }
}

const PROVIDER_LECTURE = [8, 12, 16, 24, 32];
const PROVIDER_PRACTICE = [8, 16, 24, 32, 48, 64];
const UNIVERSITY_CREDITS = ["1.00", "1.50", "2.00", "2.00", "3.00", "3.00", "4.00"];

function courseContent(random: Random, organization: GeneratedOrganization, position: number, mainFields: string[]): CourseContent {
  const field = random.chance(0.8) ? random.pick(mainFields) : random.pick(FIELDS);
  const [topic, topicEn] = random.pick(TOPICS[field as keyof typeof TOPICS]);
  const [suffix, suffixEn] = random.pick(SUFFIXES);
  const isUniversity = organization.kind === "UNIVERSITY";
  const credits = isUniversity ? random.pick(UNIVERSITY_CREDITS) : random.chance(0.2) ? random.pick(["1.00", "2.00"]) : null;
  const lecture = isUniversity ? Number(credits) * 16 : random.pick(PROVIDER_LECTURE);
  const practice = isUniversity ? random.pick([0, 0, 16, 32]) : random.pick(PROVIDER_PRACTICE);
  const outcomes = Array.from({ length: random.int(1, 3) }, () => `${random.pick(OUTCOME_VERBS)}${topic}${random.pick(OUTCOME_OBJECTS)}`);
  const level: CourseLevel = isUniversity ? (organization.index % 2 === 0 ? "HIGHER_VOCATIONAL" : "UNDERGRADUATE") : "PROFESSIONAL_TRAINING";
  return {
    code: `${FIELD_CODES[field as keyof typeof FIELD_CODES]}-${String(1000 + position)}`,
    title: `${topic}${suffix}`,
    titleEn: random.chance(0.9) ? `${topicEn} ${suffixEn}` : null,
    description: random.chance(0.3) ? `本课程面向${isUniversity ? "在校学生" : "企业员工"}，系统讲授${topic}${suffix}的知识与技能。` : null,
    lectureHours: formatAmount(parseAmount(String(lecture))),
    practiceHours: formatAmount(parseAmount(String(practice))),
    credits,
    level,
    field,
    learningOutcomes: outcomes,
    language: random.chance(0.92) ? "zh" : "en",
    validFrom: random.chance(0.3) ? "2018-09-01" : null,
    validTo: null,
  };
}

/** A published course edited once more: its second version adds practice hours. */
function revised(content: CourseContent): CourseContent {
  return { ...content, practiceHours: formatAmount(parseAmount(content.practiceHours) + 800n) };
}

/**
 * Courses as the course service stores them: the row holds the latest
 * version, `course_version` every published one. 90 % are published (15 % of
 * those edited into a second version in 2019), 5 % drafts, 5 % retired.
 */
export async function generateCourses(dataset: Dataset): Promise<void> {
  const random = dataset.random("courses");
  const courseSink = dataset.writer.sink("course", [
    "id", "organization_id", "code", "title", "title_en", "description", "lecture_hours", "practice_hours", "credits", "level", "field",
    "learning_outcomes", "language", "valid_from", "valid_to", "status", "version", "search_text", "created_at", "updated_at",
  ]);
  const versionSink = dataset.writer.sink("course_version", ["course_id", "version", "snapshot", "published_at"]);
  const perOrganization = Math.floor(dataset.plan.courses / dataset.organizations.length);
  const remainder = dataset.plan.courses - perOrganization * dataset.organizations.length;
  for (const organization of dataset.organizations) {
    const mainFields = random.sample(FIELDS, 2);
    const count = perOrganization + (organization.index < remainder ? 1 : 0);
    for (let position = 0; position < count; position += 1) {
      const createdAtMs = at("2018-02-01", random.int(0, 120) * 86_400_000 + organization.index * 1_000 + position);
      const first = courseContent(random, organization, position, mainFields);
      // The first courses of each organization are its hubs: always published, so agreements can cite them.
      const draw = position < HUB_COURSES ? 0 : random.float();
      const status = draw < 0.9 ? "PUBLISHED" : draw < 0.95 ? "DRAFT" : "RETIRED";
      const versions: GeneratedVersion[] = status === "DRAFT" ? [] : [{ version: 1, content: first, publishedAtMs: addDays(createdAtMs, 60) }];
      if (status === "PUBLISHED" && random.chance(0.15)) versions.push({ version: 2, content: revised(first), publishedAtMs: at("2019-06-01", random.int(0, 25) * 86_400_000) });
      const content = versions.at(-1)?.content ?? first;
      const course: GeneratedCourse = { id: random.uuidv7(createdAtMs), organization, status, content, versions };
      organization.courses.push(course);
      if (status === "PUBLISHED") organization.published.push(course);
      const updatedAtMs = Math.max(createdAtMs, ...versions.map((version) => version.publishedAtMs), status === "RETIRED" ? at("2024-01-10") : 0);
      const c = content;
      await courseSink.add([
        course.id, organization.id, c.code, c.title, c.titleEn, c.description, c.lectureHours, c.practiceHours, c.credits, c.level, c.field,
        c.learningOutcomes, c.language, c.validFrom, c.validTo, status, Math.max(1, versions.length),
        searchTextOf([c.code, c.title, c.titleEn, ...c.learningOutcomes]), new Date(createdAtMs), new Date(updatedAtMs),
      ]);
      for (const version of versions) await versionSink.add([course.id, version.version, json(version.content), new Date(version.publishedAtMs)]);
    }
  }
}

function hoursOf(version: GeneratedVersion): { lecture: bigint; practice: bigint } {
  return { lecture: parseAmount(version.content.lectureHours), practice: parseAmount(version.content.practiceHours) };
}

/**
 * Vocational training packages of training providers, version 1 each:
 * published ones froze their items' course versions and hours when published
 * (September 2018), apprenticeship packages only when practice is at least half.
 */
export async function generatePackages(dataset: Dataset): Promise<void> {
  const random = dataset.random("packages");
  const packageSink = dataset.writer.sink("course_package", [
    "id", "lineage_id", "organization_id", "code", "version", "status", "title", "title_en", "description", "occupation", "certificate_name",
    "certificate_level", "apprenticeship", "search_text", "published_at", "created_at", "updated_at",
  ]);
  const itemSink = dataset.writer.sink("course_package_item", ["package_id", "position", "course_id", "required", "course_version", "lecture_hours", "practice_hours"]);
  for (let index = 0; index < dataset.plan.packages; index += 1) {
    const organization = dataset.providers[index % dataset.providers.length];
    const createdAtMs = at("2018-09-01", index * 3_600_000);
    const id = random.uuidv7(createdAtMs);
    const courses = random.sample(organization.published, random.int(4, 10));
    const draw = random.float();
    const status = draw < 0.85 ? "PUBLISHED" : draw < 0.95 ? "DRAFT" : "RETIRED";
    const frozen = status !== "DRAFT";
    const firstVersions = courses.map((course) => course.versions[0]);
    const total = firstVersions.reduce((sum, version) => ({ lecture: sum.lecture + hoursOf(version).lecture, practice: sum.practice + hoursOf(version).practice }), { lecture: 0n, practice: 0n });
    const apprenticeship = random.chance(0.4) && total.practice * 2n >= total.lecture + total.practice;
    const occupation = random.pick(OCCUPATIONS);
    const code = `PKG-${String(index + 1).padStart(4, "0")}`;
    const title = `${occupation}${apprenticeship ? "学徒制" : ""}培训包`;
    const titleEn = `Training Package ${index + 1}`;
    const certificateName = random.chance(0.8) ? `${occupation}职业技能等级证书` : null;
    const certificateLevel = certificateName ? random.pick(CERTIFICATE_LEVELS) : null;
    const publishedAtMs = frozen ? addDays(createdAtMs, 30) : null;
    const updatedAtMs = status === "RETIRED" ? at("2024-06-01") : (publishedAtMs ?? createdAtMs);
    await packageSink.add([
      id, id, organization.id, code, 1, status, title, titleEn, null, occupation, certificateName, certificateLevel, apprenticeship,
      searchTextOf([code, title, titleEn, occupation, certificateName]), publishedAtMs === null ? null : new Date(publishedAtMs), new Date(createdAtMs), new Date(updatedAtMs),
    ]);
    for (const [position, course] of courses.entries()) {
      const version = firstVersions[position];
      await itemSink.add([id, position, course.id, random.chance(0.8), frozen ? version.version : null, frozen ? version.content.lectureHours : null, frozen ? version.content.practiceHours : null]);
    }
  }
}

/** The public half of the dataset's signing key, as KeyRing.register stores it. */
export async function generateSigningKey(dataset: Dataset, publicJwk: object, keyId: string): Promise<void> {
  const sink = dataset.writer.sink("signing_key", ["key_id", "algorithm", "public_jwk", "created_at", "retired_at"]);
  await sink.add([keyId, "EdDSA", json(publicJwk), new Date(at("2018-01-01")), null]);
}
