// user-error.ts declares GraphQL types with decorators, which need the metadata polyfill.
import "reflect-metadata";
import { describe, it, expect } from "vitest";
import { Problems, type DomainError } from "../../../src/graphql/user-error.js";
import { toGlobalId } from "../../../src/graphql/global-id.js";
import {
  checkPackageContent,
  checkPackageItems,
  MAX_PACKAGE_ITEMS,
  publicationProblems,
  sumHours,
  type PublicationCourse,
} from "../../../src/modules/course-package/course-package-validation.js";

const OWNER = "0190c0de-0000-7000-8000-000000000001";
const OTHER = "0190c0de-0000-7000-8000-000000000002";
const courseId = (n: number) => `0190c0de-0000-7000-8000-${String(n).padStart(12, "0")}`;

function aCourse(overrides: Partial<PublicationCourse> = {}): PublicationCourse {
  return { code: "C-1", organizationId: OWNER, status: "PUBLISHED", lectureHours: "10.00", practiceHours: "10.00", ...overrides };
}

const summary = (errors: DomainError[]) => errors.map((error) => [error.code, error.message]);

describe("checkPackageContent", () => {
  it("trims texts, keeps the certificate and defaults apprenticeship to false", () => {
    expect(checkPackageContent(new Problems(), { title: " 包 ", occupation: "焊工", certificate: { name: " 焊工证 ", level: "中级" } })).toEqual({
      title: "包",
      titleEn: null,
      description: null,
      occupation: "焊工",
      certificateName: "焊工证",
      certificateLevel: "中级",
      apprenticeship: false,
    });
  });

  it("requires a title, an occupation and, when a certificate is given, its name", () => {
    const problems = new Problems();
    checkPackageContent(problems, { title: "", occupation: null, certificate: { name: "" } });
    expect(() => problems.throwIfAny()).toThrow("title is required; occupation is required; certificate.name is required");
  });
});

describe("checkPackageItems", () => {
  it("decodes course IDs in order and defaults items to required", () => {
    const items = checkPackageItems(new Problems(), [{ courseId: toGlobalId("Course", courseId(1)) }, { courseId: toGlobalId("Course", courseId(2)), required: false }]);
    expect(items).toEqual([
      { courseId: courseId(1), required: true },
      { courseId: courseId(2), required: false },
    ]);
  });

  it("reports malformed, wrong-type and repeated courses by position", () => {
    const problems = new Problems();
    const same = toGlobalId("Course", courseId(1));
    checkPackageItems(problems, [{ courseId: same }, { courseId: toGlobalId("Organization", courseId(2)) }, { courseId: same }, { courseId: "!" }]);
    expect(() => problems.throwIfAny()).toThrow(/not a valid Course ID; A course appears in a package only once; .* is not a valid Course ID/);
  });

  it(`allows ${MAX_PACKAGE_ITEMS} items and refuses one more`, () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ courseId: toGlobalId("Course", courseId(i + 1)) }));
    expect(checkPackageItems(new Problems(), items(MAX_PACKAGE_ITEMS))).toHaveLength(MAX_PACKAGE_ITEMS);
    const problems = new Problems();
    checkPackageItems(problems, items(MAX_PACKAGE_ITEMS + 1));
    expect(problems.isEmpty).toBe(false);
  });
});

describe("publicationProblems", () => {
  it("refuses an empty package and nothing else", () => {
    expect(summary(publicationProblems({ organizationId: OWNER, apprenticeship: true }, []))).toEqual([["EMPTY_PACKAGE", "A package needs at least one course to be published"]]);
  });

  it("lists courses of other organizations, then unpublished ones, then a low practice share", () => {
    const courses = [
      aCourse({ code: "A", status: "DRAFT", lectureHours: "30.00", practiceHours: "0.00" }),
      aCourse({ code: "B", organizationId: OTHER }),
      aCourse({ code: "C", status: "RETIRED" }),
    ];
    expect(publicationProblems({ organizationId: OWNER, apprenticeship: true }, courses).map((error) => error.code)).toEqual([
      "COURSE_OF_ANOTHER_ORGANIZATION",
      "COURSE_NOT_PUBLISHED",
      "COURSE_NOT_PUBLISHED",
      "PRACTICE_RATIO_TOO_LOW",
    ]);
  });

  it("passes an apprenticeship package at exactly 50 % practice and refuses it a hundredth of an hour below", () => {
    const atHalf = [aCourse({ lectureHours: "25.00", practiceHours: "0.00" }), aCourse({ lectureHours: "0.00", practiceHours: "25.00" })];
    expect(publicationProblems({ organizationId: OWNER, apprenticeship: true }, atHalf)).toEqual([]);
    const below = [aCourse({ lectureHours: "25.01", practiceHours: "0.00" }), aCourse({ lectureHours: "0.00", practiceHours: "25.00" })];
    expect(summary(publicationProblems({ organizationId: OWNER, apprenticeship: true }, below))).toEqual([
      ["PRACTICE_RATIO_TOO_LOW", "An apprenticeship package needs practice for at least 50 % of its hours; this one has 25.00 of 50.01"],
    ]);
  });

  it("does not apply the practice share to other packages", () => {
    expect(publicationProblems({ organizationId: OWNER, apprenticeship: false }, [aCourse({ practiceHours: "0.00" })])).toEqual([]);
  });
});

describe("sumHours", () => {
  it("adds lecture and practice separately, exactly", () => {
    expect(sumHours([{ lecture: 1n, practice: 2n }, { lecture: 1099n, practice: 3n }])).toEqual({ lecture: 1100n, practice: 5n });
    expect(sumHours([])).toEqual({ lecture: 0n, practice: 0n });
  });
});
