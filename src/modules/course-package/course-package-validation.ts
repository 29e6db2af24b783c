// Pure rules for course packages (职业培训包): their fields, their item lists,
// and what publishing a version requires. No database.

import { DomainError, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { parseInputId } from "../../graphql/global-id.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, meetsApprenticeshipPracticeShare } from "../course/course-validation.js";
import type { CourseStatus } from "../course/course.table.js";

/** A package bundles a programme's courses; more than this is a catalog, not a package. */
export const MAX_PACKAGE_ITEMS = 100;

export interface PackageContent {
  title: string;
  titleEn: string | null;
  description: string | null;
  occupation: string;
  certificateName: string | null;
  certificateLevel: string | null;
  apprenticeship: boolean;
}

export interface PackageContentInput {
  title?: string | null;
  titleEn?: string | null;
  description?: string | null;
  occupation?: string | null;
  certificate?: { name: string; level?: string | null } | null;
  apprenticeship?: boolean | null;
}

export interface PackageItem {
  /** Course UUID. */
  courseId: string;
  required: boolean;
}

/** Checks a package's descriptive fields; problems go to `problems`. */
export function checkPackageContent(problems: Problems, input: PackageContentInput): PackageContent {
  const title = checkText(problems, "title", input.title, { required: true, max: MAX_TITLE_LENGTH });
  const titleEn = checkText(problems, "titleEn", input.titleEn, { required: false, max: MAX_TITLE_LENGTH });
  const description = checkText(problems, "description", input.description, { required: false, max: MAX_DESCRIPTION_LENGTH });
  const occupation = checkText(problems, "occupation", input.occupation, { required: true, max: MAX_TITLE_LENGTH });
  const certificateName = input.certificate ? checkText(problems, "certificate.name", input.certificate.name, { required: true, max: MAX_TITLE_LENGTH }) : null;
  const certificateLevel = input.certificate ? checkText(problems, "certificate.level", input.certificate.level, { required: false, max: 50 }) : null;
  return { title: title ?? "", titleEn, description, occupation: occupation ?? "", certificateName, certificateLevel, apprenticeship: input.apprenticeship ?? false };
}

/** Checks the ordered item list: at most 100, valid Course IDs, each course once. */
export function checkPackageItems(problems: Problems, items: readonly { courseId: string; required?: boolean | null }[]): PackageItem[] {
  if (items.length > MAX_PACKAGE_ITEMS) {
    problems.add(UserErrorCode.TOO_MANY_ITEMS, "items", `A package may hold at most ${MAX_PACKAGE_ITEMS} courses`);
    return [];
  }
  const seen = new Set<string>();
  const checked: PackageItem[] = [];
  items.forEach((item, index) => {
    const field = `items.${index}.courseId`;
    try {
      const courseId = parseInputId(item.courseId, "Course", field);
      if (seen.has(courseId)) problems.add(UserErrorCode.DUPLICATE_COURSE, field, "A course appears in a package only once");
      seen.add(courseId);
      checked.push({ courseId, required: item.required ?? true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.add(error.code, field, error.message);
    }
  });
  return checked;
}

export interface HoursInHundredths {
  lecture: bigint;
  practice: bigint;
}

/** Hours of a package: the sum over all its courses, required or elective. */
export function sumHours(hours: readonly HoursInHundredths[]): HoursInHundredths {
  return hours.reduce((sum, each) => ({ lecture: sum.lecture + each.lecture, practice: sum.practice + each.practice }), { lecture: 0n, practice: 0n });
}

/** What publishing needs to know about each course of a package, in item order. */
export interface PublicationCourse {
  code: string;
  organizationId: string;
  status: CourseStatus;
  lectureHours: string;
  practiceHours: string;
}

/**
 * Why a package version may not be published, in order of precedence: an
 * empty package (alone); then every course of another organization and every
 * course not published; then, for an apprenticeship package, practice below
 * half of all hours (State Council 2017 No. 95 §15). Empty when it may be published.
 */
export function publicationProblems(pkg: { organizationId: string; apprenticeship: boolean }, courses: readonly PublicationCourse[]): DomainError[] {
  if (courses.length === 0) return [new DomainError(UserErrorCode.EMPTY_PACKAGE, "coursePackageId", "A package needs at least one course to be published")];
  const problems: DomainError[] = [];
  for (const course of courses) {
    if (course.organizationId !== pkg.organizationId) {
      problems.push(new DomainError(UserErrorCode.COURSE_OF_ANOTHER_ORGANIZATION, "coursePackageId", `Course ${course.code} belongs to another organization`));
    }
  }
  for (const course of courses) {
    if (course.status !== "PUBLISHED") {
      problems.push(new DomainError(UserErrorCode.COURSE_NOT_PUBLISHED, "coursePackageId", `Course ${course.code} is ${course.status.toLowerCase()}, not published`));
    }
  }
  const hours = sumHours(courses.map((course) => ({ lecture: parseAmount(course.lectureHours), practice: parseAmount(course.practiceHours) })));
  if (pkg.apprenticeship && !meetsApprenticeshipPracticeShare(hours.lecture, hours.practice)) {
    problems.push(
      new DomainError(
        UserErrorCode.PRACTICE_RATIO_TOO_LOW,
        "coursePackageId",
        `An apprenticeship package needs practice for at least 50 % of its hours; this one has ${formatAmount(hours.practice)} of ${formatAmount(hours.lecture + hours.practice)}`,
      ),
    );
  }
  return problems;
}
